"""One search box over an index in parts (issue 17): a reader finds every part's pages.

The portal of ``tests/search_parts_portal.py`` (its index made in parts with a test-sized
bound, by the function the build runs) is served; in real Chromium a reader types into the
header's search a word that only one page has, for a page of each part in turn, and that
page comes first; a phrase said at the end of a 300 KB transcript finds its meeting, and a
decision's id its decision.  Every part's index is fetched, nothing fails, no script error.
"""

from __future__ import annotations

import re

import pytest

import search_parts_portal
from inspect_page import open_search
from search_parts_portal import DECISION, LONG_MEETING, part_words
from site_under_test import LocalServer, needs_playwright

expect = needs_playwright()


@pytest.fixture(scope="module")
def parts_site(tmp_path_factory):
    portal = search_parts_portal.build(tmp_path_factory.mktemp("search-parts-browser"))
    with LocalServer(portal.site) as local:
        local.site = portal.site
        yield local


@pytest.fixture
def reader(browser, parts_site, page_factory):
    """A page on the home page whose responses are counted and failures recorded."""
    pages = []

    def _open(width: int):
        page = page_factory(browser, parts_site, "", width)
        pages.append(page)
        page.fetched, page.failed = [], []
        page.on("requestfinished", lambda r: page.fetched.append(r.url))
        page.on("response", lambda r: page.failed.append(r.url) if r.status >= 400 else None)
        page.wait_for_load_state("networkidle")
        return page

    yield _open
    for page in pages:
        page.context.close()


def first_result_for(page, width: int, query: str):
    """The first result's main link once the search for ``query`` has answered."""
    open_search(page, width).fill(query)
    link = page.locator(".md-search-result__item").first.locator("a.md-search-result__link").first
    # the list shows this query's results once the highlight parameter names it
    expect(link).to_have_attribute("href", re.compile(r"[?&]h=" + re.escape(query).replace(
        r"\ ", r"(\+|%20)") + r"(&|#|$)"))
    return link


@pytest.mark.parametrize("width", (1280, 390))
def test_a_word_of_each_part_finds_its_page_first(width, parts_site, reader):
    page = reader(width)
    found = part_words(parts_site.site)
    assert len(found) >= 3
    for part, url, word in found:
        link = first_result_for(page, width, word)
        href = link.get_attribute("href")
        assert re.search(rf"^{re.escape(parts_site.url)}{re.escape(url)}(\?|#)", href), (
            f"{word!r}, a word of {url} (in the index's {part}), first finds {href}")
        page.keyboard.press("Escape")
    entries = {u.split("?")[0] for u in page.fetched if u.endswith(".json") or "entry.json" in u}
    for part, _, _ in found:
        folder = "pagefind/" if part == "pagefind" else f"pagefind/{part}/"
        assert f"{parts_site.url}{folder}pagefind-entry.json" in entries, (part, sorted(entries))
    assert page.failed == [] or all(u.endswith("/sitemap.xml") for u in page.failed), page.failed
    assert page.script_errors == []


def test_a_phrase_said_late_in_a_long_transcript_finds_its_meeting(parts_site, reader):
    page = reader(1280)
    link = first_result_for(page, 1280, "Pier Nine")  # said only there, and last
    assert link.get_attribute("href").endswith(f"/meetings/{LONG_MEETING}/?h=Pier+Nine#minutes")
    assert "lease at pier nine was signed" in link.inner_text().lower()  # the snippet
    assert page.script_errors == []


def test_a_decisions_id_puts_that_decision_first_across_the_parts(parts_site, reader):
    page = reader(1280)
    link = first_result_for(page, 1280, DECISION)
    assert link.get_attribute("href").endswith(f"/meetings/{LONG_MEETING}/?h={DECISION}"
                                               f"#{DECISION}")
    expect(page.locator(".md-search-result__meta")).to_have_text("1 matching document")
    link.click()
    expect(page.locator(f"[id='{DECISION}']")).to_be_in_viewport()
    assert page.script_errors == []
