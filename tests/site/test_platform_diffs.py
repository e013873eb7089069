"""Platform changes read as text, between any two versions, and the latest is at the top.

Removed and inserted words never run together ("~~recovery~~to"), a change of several words
is one change, every pair of versions has its page (older first) listed on every platform
and changes page, with a form choosing two (coalition.js), and a version's page opens with
what changed in it.
"""

from __future__ import annotations

import re
import urllib.parse

import pytest
from lxml import html as lxml_html

from coalition_portal.site.platform_diff import word_diff
from pages_fixture import RICH
from portal import derive, make_portal

V3 = derive(
    RICH["platform/v2.yml"],
    ("number: 2\n        adopted: 2024-03-21\n        adopted_by: d-2024-03-2\n",
     "number: 3\n        adopted: 2024-05-16\n"),
    ("Adds a sunset clause and widens the messaging clause.", "Asks the members before ending."),
    ("The coalition publishes every decision with the reasons for it.",
     "The coalition publishes every decision, with its reasons, within a week."),
    ("the coalition dissolves.", "the members decide whether to dissolve."))


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    portal = make_portal(tmp_path_factory.mktemp("three-versions"), RICH,
                         overrides={"platform/v3.yml": V3})
    result = portal.build("--strict")
    assert result.returncode == 0, result.stderr
    return portal


def page(portal, url: str):
    return lxml_html.fromstring((portal.site / url / "index.html").read_text(encoding="utf-8"))


def source(portal, url: str) -> str:
    return (portal.site / url / "index.html").read_text(encoding="utf-8")


def text(element) -> str:
    return " ".join(element.text_content().split())


def shown(segments) -> str:
    """The text as a reader sees it, with ~~removed~~ and __inserted__ words marked."""
    marks = {"delete": "~~{}~~", "insert": "__{}__"}
    return "".join(marks.get(op, "{}").format(t) for op, t in segments)


@pytest.mark.parametrize("old, new, expected", [
    ("send recovery to pantries", "send surplus to pantries", "send ~~recovery~~ __surplus__ to pantries"),
    ("food recovery to pantries", "food to pantries", "food~~ recovery~~ to pantries"),
    ("and reviews its work", "or on the work", "~~and reviews its~~ __or on the__ work"),
    ("The quick brown fox jumps.", "The slow brown fox leaps, quickly.",
     "The ~~quick~~ __slow__ brown fox ~~jumps~~ __leaps, quickly__."),
])
def test_removed_and_inserted_words_are_kept_apart(old, new, expected):
    segments = word_diff(old, new)
    assert shown(segments) == expected
    assert "".join(t for op, t in segments if op in ("equal", "delete")) == old
    assert "".join(t for op, t in segments if op in ("equal", "insert")) == new


def test_no_page_runs_a_removed_word_into_an_inserted_one(three):
    for pair in ("v1-v2", "v1-v3", "v2-v3"):
        html = source(three, f"platform/changes/{pair}/")
        assert not re.search(r"</del><ins>", html), pair
    doc = page(three, "platform/changes/v2-v3/")
    changed = text(doc.get_element_by_id("clause-nn-rationale").getparent())
    assert ("every decision[added: ,] with [removed: the] [added: its] reasons[removed: for it] "
            "[added: , within a week].") in changed, changed


def test_every_pair_of_versions_has_its_page_older_first(three):
    folders = sorted(p.name for p in (three.site / "platform/changes").iterdir())
    assert folders == ["v1-v2", "v1-v3", "v2-v3"]
    doc = page(three, "platform/changes/v1-v3/")
    assert text(doc.find(".//h1")) == "Platform: changes from version 1 to 3"
    intro = text(doc.xpath("//article//p")[0])
    assert "This page shows every change since version 1 (adopted 10 January 2024)" in intro
    # changes of both steps, in one page: press releases (v2) and within a week (v3)
    messaging = text(doc.get_element_by_id("clause-del-messaging").getparent())
    assert "[added: and press releases]" in messaging
    rationale = text(doc.get_element_by_id("clause-nn-rationale").getparent())
    assert "within a week" in rationale
    removed = text(doc.get_element_by_id("clause-del-events").getparent())
    assert "removed" in removed


@pytest.mark.parametrize("url, current", [
    ("platform/changes/v1-v3/", ("v1", "v3")),
    ("platform/changes/v2-v3/", ("v2", "v3")),
    ("platform/", ("v2", "v3")),
    ("platform/v2/", ("v1", "v2")),
])
def test_every_platform_page_lists_every_comparison_and_a_form(three, url, current):
    doc = page(three, url)
    links = doc.get_element_by_id("cp-compare-links")
    pairs = [(a.get("data-cp-from"), a.get("data-cp-to"), a.get("href"), a.get("aria-current"))
             for a in links.iter("a")]
    assert [(f, t) for f, t, _, _ in pairs] == [("v1", "v2"), ("v1", "v3"), ("v2", "v3")]
    for f, t, href, _ in pairs:
        assert urllib.parse.urljoin(f"https://site.example/{url}", href) == (
            f"https://site.example/platform/changes/{f}-{t}/")
    assert [(f, t) for f, t, _, here in pairs if here == "page"] == (
        [current] if url.startswith("platform/changes/") else [])
    form = doc.xpath("//form[@data-cp-compare='cp-compare-links']")[0]
    assert form.get("hidden") is not None  # shown by the script only
    chosen = {s.get("name"): s.xpath("./option[@selected]/@value") for s in form.iter("select")}
    assert chosen == {"from": [current[0]], "to": [current[1]]}
    assert "data-cp-compare" in (three.site / "assets/coalition.js").read_text()


def test_the_platform_page_opens_with_what_changed_in_its_version(three):
    doc = page(three, "platform/")
    article = doc.xpath("//article")[0]
    box = doc.get_element_by_id("latest-change")
    first_clause_heading = article.xpath(".//h2")[0]
    order = list(article.iter())
    assert order.index(box) < order.index(first_clause_heading)
    assert text(box) == ("What changed in version 3 From version 2: 0 clauses added, 0 removed, "
                         "2 changed. See what changed from version 2, or compare any two "
                         "versions.")
    assert [a.get("href") for a in box.iter("a")] == ["changes/v2-v3/", "#compare"]
    assert "latest-change" not in source(three, "platform/v1/")
