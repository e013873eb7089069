"""A preview's quick rebuild (a save of content only) equals a clean `mkdocs build`.

`mkdocs serve` calls the builder its server holds; the plugin's ``on_serve`` wraps it
(mkdocs_preview.QuickPreview): when only content changed and the engine sees the same
site (the same pages, navigation, footer), the core is built again and only the pages
whose output key changed are laid out, with the last build's Jinja environment; anything
else (a page added, removed or renamed, mkdocs.yml or the docs folder edited, invalid
content) takes MkDocs' own rebuild.  Here the builder is driven as `mkdocs serve`'s build
loop drives it -- ``server.builder()`` of a real ``LiveReloadServer`` (never started: no
port, no polling) after the plugin's ``on_serve`` -- through a secretary's session, and
after every step the served folder, once settled, must hold exactly what a clean `mkdocs
build` of the same files writes.  Which steps took the quick way is asserted too (the
plugin counts them), and that a save under the content folder wakes the server's build
loop through the native watcher.
"""

from __future__ import annotations

import logging
import re
import shutil
import time

from mkdocs.commands.build import build
from mkdocs.livereload import LiveReloadServer
from portal import Portal
from test_preview_incremental import (  # noqa: F401 - demo is a fixture
    MEETING,
    MEMBER,
    RENAMED,
    SERVE_URL,
    Preview,
    add_to_minutes,
    assert_clean_builds_equal,
    demo,
    inputs,
    rename_meeting,
    snapshot,
)


# the demo's copy, its edits and the comparison with clean builds are test_preview_incremental's
class Serving(Preview):
    """`mkdocs serve` as mkdocs/commands/serve.py sets it up, its build loop driven here
    (the configuration loaded as Preview loads it)."""

    def _first_build(self, config) -> None:
        self._builder(config)
        self.server = LiveReloadServer(builder=self._builder, host="127.0.0.1", port=8000,
                                       root=str(self.site_dir))
        self.server.watch(str(self.root / "docs"))
        self.server.watch(str(self.root / "mkdocs.yml"))
        self.server = config.plugins.on_serve(self.server, config=config, builder=self._builder)
        self.config = config

    def _builder(self, config=None):  # serve.py's builder
        build(config or self._config(), serve_url=SERVE_URL, dirty=False)

    def rebuild(self, settle: bool = True) -> tuple[dict[str, bytes] | None, bool]:
        """What the build loop does on a change; the settled folder (None when not waited
        for: the next save stops the settling, as a quick typist's does), and whether the
        rebuild was a quick one."""
        before = self.plugin._quick.quick
        self.server.builder()
        if not settle:
            return None, self.plugin._quick.quick > before
        self.plugin.settle()
        return snapshot(self.site_dir), self.plugin._quick.quick > before

    def close(self) -> None:
        self.config.plugins.on_shutdown()


def session(portal: Portal):
    """(what the step does, how, whether it may take the quick way)."""
    new_member = re.sub(r"(?m)^(short_)?name: .*$", r"\1name: Harbor Seed Library",
                        (portal.content / MEMBER).read_text(encoding="utf-8"))
    new_member = re.sub(r"(?m)^  - joined: .*$", "  - joined: 2026-11-14", new_member)
    yield "an edit of one meeting's minutes", lambda: add_to_minutes(
        portal, MEETING, "A typo was fixed in these minutes."), True
    yield "the same minutes edited again", lambda: portal.edit(
        MEETING, "A typo was fixed in these minutes.", "Two typos were fixed."), True
    yield "an edited decision", lambda: portal.edit(
        MEETING, "title: Open 30 days of public comment",
        "title: Open thirty days of public comment"), True
    yield "a member's address edited", lambda: portal.edit(
        MEMBER, "url: ", "url: https://growers.example/#"), True
    yield "an attachment added", lambda: portal.write_bytes(
        "meetings/2024-02-15-regular/agenda.pdf", b"%PDF-1.4\n% the agenda\n%%EOF\n"), True
    yield "the attachment removed", lambda: shutil.rmtree(
        portal.content / "meetings/2024-02-15-regular"), True
    yield "a new member (a page added)", lambda: portal.write(
        "members/harbor-seed-library.yml", new_member), False
    yield "the minutes edited after the new member", lambda: portal.edit(
        MEETING, "Two typos were fixed.", "Fixed."), True
    yield "a renamed meeting", lambda: rename_meeting(portal, *RENAMED), False
    yield "a deleted member", lambda: (
        portal.content / "members/harbor-seed-library.yml").unlink(), False
    yield "mkdocs.yml edited", lambda: (portal.root / "mkdocs.yml").write_text(
        (portal.root / "mkdocs.yml").read_text(encoding="utf-8")
        + "extra:\n  note: edited\n", encoding="utf-8"), False
    yield "the minutes edited after mkdocs.yml", lambda: portal.edit(
        MEETING, "Fixed.", "Fixed once more."), True
    yield "a page of the docs folder", lambda: (portal.root / "docs/notes.md").write_text(
        "# Notes\n\nA page of the secretary's own.\n", encoding="utf-8"), False
    yield "the minutes edited after the docs page", lambda: portal.edit(
        MEETING, "Fixed once more.", "Fixed at last."), True


def test_quick_rebuilds_equal_clean_builds(demo, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.coalition")
    serving = Serving(demo.root, tmp_path / "served")
    steps = []
    try:
        for what, change, quick in session(demo):
            change()
            # MkDocs' own rebuild is test_preview_incremental's: not waited for here
            served, was_quick = serving.rebuild(settle=quick)
            assert was_quick == quick, what
            if quick:
                steps.append((what, inputs(demo), served))
            if what == "an edit of one meeting's minutes":
                page = served["meetings/2024-02-15-regular/index.html"].decode()
                assert "A typo was fixed in these minutes." in page
                assert re.search(r"preview: [123] page\(s\) laid out", caplog.text), \
                    caplog.text[-2000:]

        # an invalid edit: MkDocs' rebuild, which keeps the last good preview and says why
        good = snapshot(serving.site_dir)
        demo.edit(MEETING, "kind: regular", "kind: [regular")
        caplog.clear()
        served, was_quick = serving.rebuild()
        assert served == good and not was_quick
        assert "still showing the last valid content" in caplog.text
        # ... and its fix is a quick one again
        demo.edit(MEETING, "kind: [regular", "kind: regular")
        add_to_minutes(demo, MEETING, "Fixed again after a bad save.")
        served, was_quick = serving.rebuild()
        assert was_quick
        steps.append(("the invalid edit fixed", inputs(demo), served))
    finally:
        serving.close()

    assert_clean_builds_equal(demo, tmp_path, steps)


def test_a_save_under_the_content_folder_wakes_the_build_loop(demo, tmp_path):
    serving = Serving(demo.root, tmp_path / "served")
    try:
        assert serving.plugin._watcher is not None  # inotify, not MkDocs' polling
        assert str(demo.content) not in serving.server._watched_paths
        serving.server._want_rebuild = False
        add_to_minutes(demo, MEETING, "Saved once.")
        deadline = time.monotonic() + 30  # a wait, not a timing: the event is asynchronous
        while not serving.server._want_rebuild and time.monotonic() < deadline:
            time.sleep(0.01)
        assert serving.server._want_rebuild
        # the save's last events (its close) may come a moment later on a busy machine:
        # once they stopped, reading the content (a build does) is no change
        quiet_since = time.monotonic()
        while time.monotonic() - quiet_since < 0.5 and time.monotonic() < deadline:
            if serving.server._want_rebuild:
                serving.server._want_rebuild = False
                quiet_since = time.monotonic()
            time.sleep(0.01)
        assert not serving.server._want_rebuild
        _, was_quick = serving.rebuild()
        assert was_quick
        time.sleep(0.5)
        assert not serving.server._want_rebuild
    finally:
        serving.close()
