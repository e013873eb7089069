"""A preview's reload: the edited page is served at once, the rest settles in the background.

`mkdocs serve` rebuilds on every save.  The preview renders again only the pages whose
inputs changed (publish/preview_model.py: what each page read, per record, site/reads.py;
tests/publish/test_preview_record_reads.py), writes only the pages whose
output changed, and serves them as soon as they are written; the feeds, the calendar,
the open data, the search index and the links check follow in the background
(publish/preview_site.py).  The preview has *settled* once that is done
(``CoalitionPlugin.settle()``): the served folder then equals a clean `mkdocs build`
(test_preview_incremental.py checks that after every step of a secretary's session).
Here: what a reload serves before it settles, how little a minutes edit renders and
writes, and that a save arriving while the last one settles still ends in a clean build's
site, with nothing left behind.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.commands.build import build
from test_preview_incremental import (  # noqa: F401 - demo is a fixture
    MEETING,
    SERVE_URL,
    Preview,
    add_to_minutes,
    demo,
    differences,
    snapshot,
)

PLUGIN = Path(__file__).resolve().parents[2] / "plugins" / "coalition_portal"
MEETING_PAGE = "meetings/2024-02-15-regular/index.html"
# a read of a meeting's minutes text (not the field's name in a finding's message)
READS = re.compile(r'(?<!["\w])minutes\.body\b|minutes\[.body.\]|(?<!\w)_minutes\b')


def counts(caplog) -> dict[str, int]:
    """What the last rebuild's log line says it rendered, laid out and left unwritten."""
    found = re.findall(r"preview: (\d+) page\(s\) laid out, (\d+) kept from the last build; "
                       r"(\d+) page body\(ies\) rendered, (\d+) page\(s\) not written again",
                       caplog.text)
    assert found, caplog.text[-2000:]
    laid_out, kept, rendered, unwritten = map(int, found[-1])
    return {"laid_out": laid_out, "kept": kept, "rendered": rendered, "unwritten": unwritten}


def unsettled_build(preview: Preview) -> dict[str, bytes]:
    """A rebuild, and the served folder as soon as it returns (not waiting to settle)."""
    build(preview._config(), serve_url=SERVE_URL, dirty=False)
    return snapshot(preview.site_dir)


def clean_build(portal, folder: Path) -> dict[str, bytes]:
    result = portal.build("-d", str(folder))
    assert result.returncode == 0, result.stderr[-3000:]
    return snapshot(folder)


def test_a_minutes_edit_renders_and_writes_its_page_only_and_serves_it_at_once(
        demo, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.coalition")
    preview = Preview(demo.root, tmp_path / "served")
    pages = counts(caplog)["laid_out"]
    assert "preview: settled" in caplog.text

    add_to_minutes(demo, MEETING, "A sentence added while the secretary previews.")
    caplog.clear()
    served = unsettled_build(preview)
    # the edited page is served as soon as the build returns, before the outputs settle
    assert "A sentence added while the secretary previews." in served[MEETING_PAGE].decode()
    seen = counts(caplog)
    assert seen["rendered"] <= 3, seen  # the meeting's page (and any page quoting its minutes)
    assert seen["laid_out"] <= 3 and seen["unwritten"] >= pages - 3, seen
    preview.plugin.settle()
    assert "preview: settled" in caplog.text
    settled = snapshot(preview.site_dir)
    clean = clean_build(demo, tmp_path / "clean")
    assert settled == clean, differences(settled, clean)


def test_a_save_while_the_last_one_settles_ends_in_a_clean_builds_site(demo, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.coalition")
    served_dir = tmp_path / "served"
    preview = Preview(demo.root, served_dir)
    add_to_minutes(demo, MEETING, "First save.")
    unsettled_build(preview)  # its feeds and search index are still being written...
    demo.edit(MEETING, "First save.", "Second save.")
    add_to_minutes(demo, "meetings/2023-05-18-regular.yml", "Another meeting's minutes.")
    unsettled_build(preview)  # ...when the next save stops them
    preview.plugin.settle()
    served = snapshot(served_dir)
    clean = clean_build(demo, tmp_path / "clean")
    assert served == clean, differences(served, clean)
    # nothing of the stopped work is left next to the served folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean", "demo", "served"]


def test_only_the_meeting_view_reads_the_minutes_text_in_the_site_stage():
    """A page's body is kept while the model's digest (all but the minutes) is unchanged
    and the minutes it read are too; the reads are recorded by MeetingView.minutes_html and
    minutes_findings (site/reads.py).  That holds only while nothing else in the site stage
    reads a meeting's minutes text: this test says where, should that change."""
    readers = []
    for path in sorted((PLUGIN / "site").rglob("*")):
        if path.suffix in (".py", ".html"):
            text = path.read_text(encoding="utf-8")
            for match in READS.finditer(text):
                readers.append((path.relative_to(PLUGIN).as_posix(), match.group(0)))
    assert sorted(set(readers)) == [("site/views.py", "_minutes"), ("site/views.py",
                                                                    "minutes.body")], readers
    views = (PLUGIN / "site" / "views.py").read_text(encoding="utf-8")
    for name in ("minutes_html", "minutes_findings"):
        body = views.split(f"def {name}(self)", 1)[1].split("def ", 1)[0]
        assert 'reads.read("minutes", self.id)' in body, name
