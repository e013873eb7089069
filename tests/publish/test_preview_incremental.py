"""A preview (`mkdocs serve`) that reuses its last build equals a clean `mkdocs build`.

The preview keeps, from one rebuild to the next, each page laid out in the theme and its
search entries under digests of their inputs, and the parsed files under their bytes'
digest (publish/preview.py).  Here a copy of the demo portal goes through a secretary's
session -- an edit of the minutes, a new member, an edited decision, a renamed meeting
(with its redirect), a renamed and a deleted member, an invalid edit and its fix -- and
after every step the served folder must hold exactly the files, byte for byte, that a
clean `mkdocs build` of the same content writes.

How the preview is driven: by MkDocs' own serve builder, in this process.  `mkdocs serve`
(mkdocs/commands/serve.py) loads the configuration again and calls
``mkdocs.commands.build.build(config, serve_url=..., dirty=False)`` for every change, into
one temporary site folder, with the one plugin instance it keeps (the plugin defines
``on_startup``); its HTTP server only sends that folder's files (the live-reload script is
added as they are sent, never written).  Calling the same builder the same way, with the
same instance, tests the same rebuilds without a port, a file watcher and polling, and
lets each step be compared at once.  (tests/authoring/test_authoring.py runs a real
`mkdocs serve` process for the watching and the reload.)  The clean builds are real
`mkdocs build` runs, afterwards: a build command starts the plugin afresh
(``on_startup(command="build")``), which must not happen in the middle of a preview.
"""

from __future__ import annotations

import difflib
import logging
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from portal import REPO, Portal

SERVE_URL = "http://127.0.0.1:8000/"  # what `mkdocs serve` sets as site_url
MEETING = "meetings/2024-02-15-regular.yml"
RENAMED = ("2023-05-18-regular", "2023-05-18-regular-meeting")
MEMBER = "members/growers-collective.yml"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(served: dict[str, bytes], clean: dict[str, bytes]) -> str:
    """What differs, for the assertion message ('' when nothing does)."""
    lines = [f"only served: {name}" for name in sorted(served.keys() - clean.keys())]
    lines += [f"only in the clean build: {name}" for name in sorted(clean.keys() - served.keys())]
    for name in sorted(served.keys() & clean.keys()):
        if served[name] != clean[name]:
            diff = difflib.unified_diff(clean[name].decode(errors="replace").splitlines(),
                                        served[name].decode(errors="replace").splitlines(),
                                        "clean", "served", n=1, lineterm="")
            lines.append(f"differs: {name}\n" + "\n".join(list(diff)[:12]))
    return "\n".join(lines[:20])


def inputs(portal: Portal) -> dict:
    """What a build reads: the content and docs folders and mkdocs.yml, as they are now."""
    return {"content": snapshot(portal.content), "docs": snapshot(portal.root / "docs"),
            "mkdocs.yml": (portal.root / "mkdocs.yml").read_bytes()}


def assert_clean_builds_equal(portal: Portal, tmp_path: Path, steps) -> None:
    """For each (what, inputs, served folder) step: the inputs put back and built clean
    by `mkdocs build` must give exactly the served folder."""
    for what, state, served in steps:
        for name in ("content", "docs"):
            folder = portal.root / name
            shutil.rmtree(folder)
            folder.mkdir()
            for relative, data in state[name].items():
                (folder / relative).parent.mkdir(parents=True, exist_ok=True)
                (folder / relative).write_bytes(data)
        (portal.root / "mkdocs.yml").write_bytes(state["mkdocs.yml"])
        clean_dir = tmp_path / "clean"
        result = portal.build("-d", str(clean_dir))
        assert result.returncode == 0, (what, result.stderr[-3000:])
        clean = snapshot(clean_dir)
        assert served == clean, f"after {what}:\n{differences(served, clean)}"
        shutil.rmtree(clean_dir)


class Preview:
    """`mkdocs serve`'s builder (see the module), on one site folder and plugin instance."""

    def __init__(self, root: Path, site_dir: Path):
        self.root, self.site_dir = root, site_dir
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=False)
        self.plugin = config.plugins["coalition"]
        self._first_build(config)

    def _first_build(self, config) -> None:
        self.rebuild(config)

    def _config(self):
        config = load_config(config_file=str(self.root / "mkdocs.yml"),
                             site_dir=str(self.site_dir))
        config.site_url = SERVE_URL
        return config

    def rebuild(self, config=None) -> dict[str, bytes]:
        """Rebuild, and the served folder once the preview has settled (its feeds, calendar,
        open data and search index written in the background)."""
        build(config or self._config(), serve_url=SERVE_URL, dirty=False)
        self.plugin.settle()
        return snapshot(self.site_dir)


@pytest.fixture
def demo(tmp_path, monkeypatch) -> Portal:
    """A copy of the demo portal, its site_url the preview's (as `mkdocs serve` sets it)."""
    root = tmp_path / "demo"
    shutil.copytree(REPO / "content", root / "content")
    (root / "docs").mkdir()
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config, count = re.subn(r"(?m)^site_url: .*$", f"site_url: {SERVE_URL}", config)
    assert count == 1
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(root)
    # the plugin pins SOURCE_DATE_EPOCH in the environment; give it back afterwards
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    monkeypatch.delenv("COALITION_AS_OF", raising=False)
    return Portal(root)


def add_to_minutes(portal: Portal, relative: str, sentence: str) -> None:
    """A new first paragraph in a meeting's minutes (a secretary's typical edit)."""
    text = (portal.content / relative).read_text(encoding="utf-8")
    match = re.search(r"(?m)^(\s*)body: \|\n(\s+)", text)
    assert match, relative
    indent = match.group(2)
    new = text[:match.end(0) - len(indent)] + f"{indent}{sentence}\n\n" + \
        text[match.end(0) - len(indent):]
    (portal.content / relative).write_text(new, encoding="utf-8")


def rename_meeting(portal: Portal, old: str, new: str) -> None:
    """A meeting's file renamed, with the redirect that keeps its published address."""
    (portal.content / f"meetings/{old}.yml").rename(portal.content / f"meetings/{new}.yml")
    portal.edit("links.yml", "redirects: {}",
                f"redirects:\n  /meetings/{old}/: /meetings/{new}/")


def session(portal: Portal):
    """A secretary's session: (what the step does, how), one step at a time."""
    new_member = re.sub(r"(?m)^(short_)?name: .*$", r"\1name: Harbor Seed Library",
                        (portal.content / MEMBER).read_text(encoding="utf-8"))
    new_member = re.sub(r"(?m)^  - joined: .*$", "  - joined: 2026-11-14", new_member)  # after
    # the last meeting: no earlier vote or attendance list misses it
    yield "an edit of one meeting's minutes", lambda: add_to_minutes(
        portal, MEETING, "A typo was fixed in these minutes.")
    yield "the same minutes edited again", lambda: portal.edit(
        MEETING, "A typo was fixed in these minutes.", "Two typos were fixed in these minutes.")
    yield "a new member", lambda: portal.write("members/harbor-seed-library.yml", new_member)
    yield "an edited decision", lambda: portal.edit(
        MEETING, "title: Open 30 days of public comment",
        "title: Open thirty days of public comment")
    yield "a renamed meeting", lambda: rename_meeting(portal, *RENAMED)
    yield "a renamed member", lambda: (portal.content / "members/harbor-seed-library.yml").rename(
        portal.content / "members/seed-library.yml")
    yield "a deleted member", lambda: (portal.content / "members/seed-library.yml").unlink()
    yield "a paragraph of the minutes replaced and a member's address edited", lambda: (
        portal.edit(MEETING, "Two typos were fixed in these minutes.", "Fixed."),
        portal.edit(MEMBER, "url: ", "url: https://growers.example/#"))


def laid_out(caplog) -> tuple[int, int]:
    """(pages laid out, pages kept) as the last rebuild's log says."""
    found = re.findall(r"preview: (\d+) page\(s\) laid out, (\d+) kept", caplog.text)
    assert found, caplog.text[-2000:]
    return tuple(map(int, found[-1]))


def test_every_step_of_a_preview_equals_a_clean_build(demo, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.coalition")
    served_dir = tmp_path / "served"
    preview = Preview(demo.root, served_dir)
    pages = sum(laid_out(caplog))
    steps: list[tuple[str, dict, dict[str, bytes]]] = []
    steps.append(("the first build", inputs(demo), snapshot(served_dir)))

    caplog.clear()
    preview.rebuild()  # nothing changed: nothing is laid out again
    assert laid_out(caplog) == (0, pages)
    for what, change in session(demo):
        change()
        caplog.clear()
        served = preview.rebuild()
        made, kept = laid_out(caplog)
        assert made + kept >= pages - 2 and made < pages / 4, (what, made, kept)
        steps.append((what, inputs(demo), served))
        if what == "an edit of one meeting's minutes":
            page = served["meetings/2024-02-15-regular/index.html"].decode()
            assert "A typo was fixed in these minutes." in page
            assert made <= 3, made  # the meeting's page (and the pages quoting its minutes)

    # an invalid edit keeps the last good preview, as it was, and says why
    good = snapshot(served_dir)
    demo.edit(MEETING, "kind: regular", "kind: [regular")
    caplog.clear()
    assert preview.rebuild() == good
    assert "still showing the last valid content" in caplog.text
    assert "2024-02-15-regular.yml" in caplog.text
    # ... and its fix is previewed like any other change
    demo.edit(MEETING, "kind: [regular", "kind: regular")
    add_to_minutes(demo, MEETING, "Fixed again after a bad save.")
    caplog.clear()
    steps.append(("the invalid edit fixed", inputs(demo), preview.rebuild()))
    assert laid_out(caplog)[0] < pages / 4

    assert_clean_builds_equal(demo, tmp_path, steps)


def test_a_preview_started_with_invalid_content_fails_as_a_build_does(demo, tmp_path, caplog):
    """No last good build to keep (not even another portal's, built earlier in the same
    process): the first build of a preview fails with the report."""
    demo.edit(MEETING, "kind: regular", "kind: [regular")
    with pytest.raises(Abort):
        Preview(demo.root, tmp_path / "served")
    assert "2024-02-15-regular.yml:6: kind: this is not valid YAML" in caplog.text
    assert not (tmp_path / "served" / "index.html").exists()


HOOK = '''\
from pathlib import Path


def on_page_context(context, page, config, nav):
    page.meta["description"] = Path(config.config_file_path).with_name("about.txt").read_text()
    return context
'''


def test_a_preview_lays_out_every_page_when_another_plugin_changes_pages(demo, tmp_path):
    """What another plugin (here a hook) does to a page is not in the page's key: with one
    that handles page events, nothing is kept and the preview stays right."""
    (demo.root / "hooks.py").write_text(HOOK, encoding="utf-8")
    (demo.root / "about.txt").write_text("First words.", encoding="utf-8")
    with (demo.root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("hooks:\n  - hooks.py\n")
    preview = Preview(demo.root, tmp_path / "served")
    (demo.root / "about.txt").write_text("Second words.", encoding="utf-8")
    served = preview.rebuild()
    assert b'<meta name="description" content="Second words.">' in served["about/index.html"]
    result = demo.build("-d", str(tmp_path / "clean"))
    assert result.returncode == 0, result.stderr[-3000:]
    clean = snapshot(tmp_path / "clean")
    assert served == clean, differences(served, clean)
