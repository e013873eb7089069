"""A build's second process writes the calendar and the open data at once, and the feeds
once the pages are written (issue 17: they share the build's end, while Pagefind makes the
search index, instead of the other core with the pages); the same files either way."""

from __future__ import annotations

from pathlib import Path

from coalition_portal import portal as core
from coalition_portal.outputs.background import Writing
from coalition_portal.settings import Settings

from portal import AS_OF, make_portal


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_feeds_wait_for_the_pages_and_are_the_same(tmp_path):
    portal = make_portal(tmp_path / "portal")
    built = core.build(portal.content, Settings.from_options({"as_of": AS_OF}, "x"),
                       "https://coalition.example.org/")
    site = built.site
    site.render_minutes()
    at_once, later = tmp_path / "at-once", tmp_path / "later"
    at_once.mkdir()
    later.mkdir()
    Writing(site, at_once, built.outputs).wait()
    expected = files(at_once)
    feeds = {name for name in expected if name.endswith((".atom.xml", ".rss.xml"))}
    assert feeds and len(feeds) < len(expected)

    writing = Writing(site, later, built.outputs, feeds_later=True)
    data = {name for name in expected if name.startswith("data/")}
    assert data
    while not data <= set(files(later)):  # the open data comes without the signal
        pass
    assert not feeds & set(files(later))  # ... and no feed before it
    writing.pages_written()
    writing.wait()
    assert files(later) == expected


def test_a_cancelled_build_stops_the_waiting_process(tmp_path):
    portal = make_portal(tmp_path / "portal")
    built = core.build(portal.content, Settings.from_options({"as_of": AS_OF}, "x"),
                       "https://coalition.example.org/")
    built.site.render_minutes()
    writing = Writing(built.site, tmp_path, built.outputs, feeds_later=True)
    writing.cancel()  # returns: the child is stopped, not left waiting for the pages
    assert not [name for name in files(tmp_path) if name.endswith(".atom.xml")]
