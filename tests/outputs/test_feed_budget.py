"""Every feed file stays within its budget (issue 17): a very long minutes entry carries
its summary and its link instead of its content, and says so.  Sizes, never timings."""

from __future__ import annotations

import sys

import feedparser
import pytest

from coalition_portal.outputs.feed_budget import FEED_BUDGET
from portal import REPO, Portal

sys.path.insert(0, str(REPO / "benchmarks"))

import generate  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """20 meetings whose minutes are long transcripts (20,000-300,000 characters each)."""
    archive = generate.make_archive(meetings=20, members=12, seed=5, long=True)
    portal = Portal(generate.write_portal(archive, tmp_path_factory.mktemp("feed-budget")))
    result = portal.build()
    assert result.returncode == 0, result.stderr
    minutes = sorted(((r["minutes"]["body"], path.split("/")[1].removesuffix(".yml"))
                      for path, r in archive["files"].items()
                      if path.startswith("meetings/") and r.get("minutes")),
                     key=lambda item: -len(item[0]))
    return portal, minutes


def test_no_feed_file_is_over_the_budget(built):
    portal, minutes = built
    assert sum(len(body) for body, _ in minutes) > 1.5 * FEED_BUDGET  # they would not fit
    sizes = {p.name: p.stat().st_size for p in (portal.site / "feeds").rglob("*.xml")}
    assert sizes and max(sizes.values()) <= FEED_BUDGET, sizes


@pytest.mark.parametrize("name", ["minutes.atom.xml", "minutes.rss.xml",
                                  "everything.atom.xml", "everything.rss.xml"])
def test_a_very_long_entry_says_it_is_shortened_and_links_the_minutes(built, name):
    portal, minutes = built
    feed = feedparser.parse((portal.site / "feeds" / name).read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    body, longest = minutes[0]
    page = f"https://bench.example.org/meetings/{longest}/"
    entry = next(e for e in feed.entries if e.link == page)
    content = entry.content[0].value
    words = len(body.split())
    assert (f"This entry is shortened: the full minutes ({words:,} words) are at "
            f'<a href="{page}"') in content
    assert entry.summary.startswith("Minutes of the ")
    assert entry.summary in content  # the summary stands in for the minutes
    assert body.split("\n")[0].removeprefix("## ") not in content  # not the first heading
    if name.startswith("minutes"):  # the newest ones keep what fits
        kept = [e for e in feed.entries if "This entry is shortened" not in e.content[0].value]
        assert kept and all("<h3" in e.content[0].value for e in kept)


def test_the_meeting_page_keeps_the_whole_minutes(built):
    portal, minutes = built
    body, longest = minutes[0]
    page = (portal.site / "meetings" / longest / "index.html").read_text(encoding="utf-8")
    last = body.rstrip().split("\n")[-1]  # the transcript's last paragraph, shown
    assert last.split(".")[0][:40] in page
