"""Readers find what they came for (issue 16): search by id and date, follow a page's feed.

In real Chromium at 1280 and 390 px: a decision's id typed into the header's search puts
that decision first (its section of its meeting's page, not only the meeting); a meeting's
date finds the meeting; snippets read as text; the first search downloads a fraction of
what Material's whole-site index cost; home, meetings, decisions and a member page show a
visible Follow block whose links work; a feed opened in the browser is a styled page that
says how to subscribe, not raw XML; the open search and the styled feed pass axe in the
light and dark schemes.
"""

from __future__ import annotations

import os
import re

import pytest

from inspect_page import BLOCKING_IMPACTS, describe_violations, open_search
from site_under_test import example_url, needs_playwright

expect = needs_playwright()

WIDTHS = (1280, 390)
# The demo's statement d-2024-11-2 is the one the issue names: a word search split it at
# the hyphens and gave 95 pages, the decision not among the first six.
DECISION = "d-2024-11-2"
# as conftest launches it (a second browser, without XSLT, for one test)
CHROMIUM = os.environ.get("COALITION_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 "--disable-quic", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
FIRST_SEARCH_BUDGET = 600 * 1024  # issue 16's limit at the 10-year archive (measured there
# by benchmarks/search_bytes.py); the demo's first search must stay well inside it too


def decision_and_meeting(built_site) -> tuple[str, str]:
    """(decision id, meeting id): the issue's decision when the site has it, else the first."""
    found = [(d.id, mid) for mid, m in built_site.content.meetings.items()
             for d in (m.decisions or [])]
    if not found:
        pytest.skip(f"the {built_site.source} has no decision")
    return next((pair for pair in found if pair[0] == DECISION), found[0])


def search(page, width: int, query: str):
    box = open_search(page, width)
    box.fill(query)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    return results


@pytest.fixture
def reader(browser, server, page_factory):
    """reader(url, width, scheme) -> a page; every response's body size is counted."""
    pages = []

    def _open(url: str, width: int, scheme: str = "light"):
        page = page_factory(browser, server, url, width, scheme=scheme)
        pages.append(page)
        page.fetched, page.failed = [], []
        page.on("requestfinished",
                lambda r: page.fetched.append((r.url, r.sizes()["responseBodySize"])))
        page.on("response", lambda r: page.failed.append(r.url) if r.status >= 400 else None)
        if not url.endswith(".xml"):  # a feed's page is made by the browser's XSLT
            page.wait_for_load_state("networkidle")
        return page

    yield _open
    for page in pages:
        page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_searching_a_decision_id_puts_that_decision_first(width, built_site, reader):
    decision, meeting = decision_and_meeting(built_site)
    page = reader("", width)
    results = search(page, width, decision)
    first = results.first.locator("a.md-search-result__link").first
    href = first.get_attribute("href")
    assert re.search(rf"/meetings/{re.escape(meeting)}/(\?[^#]*)?#{re.escape(decision)}$", href), (
        f"the first result for {decision!r} goes to {href}, not the decision on its meeting page")
    assert decision in first.inner_text()
    first.click()
    page.wait_for_url(re.compile(rf"/meetings/{re.escape(meeting)}/.*#{re.escape(decision)}$"))
    expect(page.locator(f"[id='{decision}']")).to_be_in_viewport()
    assert page.script_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_a_meetings_date_finds_that_meeting_first_with_a_snippet_that_reads(width, built_site,
                                                                            reader):
    view = next(m for mid, m in built_site.content.meetings.items()
                if m.minutes and m.minutes.published)
    meeting_id = next(mid for mid, m in built_site.content.meetings.items() if m is view)
    page = reader("", width)
    results = search(page, width, view.date.isoformat())
    expect(results.first.locator("a").first).to_have_attribute(
        "href", re.compile(rf"/meetings/{re.escape(meeting_id)}/"))
    text = results.first.inner_text()
    # the facts read as text: "Date: 21 November 2024, …. Kind: regular." (not "Kindregular")
    assert re.search(r"Date: \d{1,2} \w+ \d{4}", text), text
    assert not re.search(r"Kind(regular|special|annual)|Status(held|cancelled)", text), text
    assert "¶" not in text and "All meetings in" not in text


@pytest.mark.parametrize("width", WIDTHS)
def test_the_first_search_downloads_only_what_it_needs(width, built_site, reader):
    page = reader("", width)
    loaded = len(page.fetched)
    assert not [u for u, _ in page.fetched if "/pagefind/" in u], "the index loads unasked"
    decision, _ = decision_and_meeting(built_site)
    search(page, width, decision)
    page.wait_for_load_state("networkidle")
    spent = page.fetched[loaded:]
    total = sum(size for _, size in spent)
    assert total <= FIRST_SEARCH_BUDGET, f"the first search downloaded {total} bytes: {spent}"
    assert not [u for u, _ in spent if u.endswith("search_index.json")]
    # Material looks for a sitemap.xml beside each <link rel="alternate"> (the feeds), which
    # is its own affair; nothing the search fetches may fail
    assert [u for u in page.failed if not u.endswith("/sitemap.xml")] == []
    assert page.script_errors == []


def test_keyboard_opens_walks_and_closes_the_search(built_site, reader):
    decision, meeting = decision_and_meeting(built_site)
    page = reader("", 1280)
    page.keyboard.press("s")
    expect(page.locator("input.md-search__input")).to_be_focused()
    page.keyboard.type(decision)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("() => document.activeElement.getAttribute('href') || ''")
    assert f"#{decision}" in focused
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('__search').checked")
    expect(page.locator(".md-search-result__list")).not_to_be_visible()


PAGES_WITH_FOLLOW = ("home", "meetings", "decisions", "member")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES_WITH_FOLLOW)
def test_pages_show_a_follow_control_whose_feeds_work(name, width, built_site, reader):
    url = example_url(built_site, name)
    page = reader(url, width)
    block = page.locator("article .cp-follow")
    expect(block).to_be_visible()
    expect(block).to_contain_text(re.compile(r"Follow .* feed reader"))
    links = {a.inner_text(): a.get_attribute("href") for a in block.locator("a").all()}
    assert {"RSS", "Atom", "How to subscribe"} <= set(links), links
    if name in ("home", "meetings"):
        assert "Calendar (iCal)" in links
    if name == "member":
        member_id = url.rstrip("/").split("/")[-1]
        assert links["RSS"].endswith(f"feeds/members/{member_id}.rss.xml"), links
    for text, href in links.items():
        response = page.request.get(page.url.split("#")[0].rsplit("/", 1)[0] + "/" + href
                                    if not href.startswith("http") else href)
        assert response.ok, f"{text} ({href}) on /{url}: HTTP {response.status}"


FEEDS = ("feeds/everything.rss.xml", "feeds/decisions.atom.xml")


def styled_feed(reader, built_site, feed: str, width: int, scheme: str = "light"):
    if feed == "member":
        member = next(iter(built_site.content.members))
        feed = f"feeds/members/{member}.atom.xml"
    page = reader(feed, width, scheme)
    heading = page.locator("h1")
    expect(heading).to_be_visible()
    return page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("feed", FEEDS + ("member",))
def test_a_feed_opened_in_the_browser_is_a_page_that_says_how_to_subscribe(feed, width,
                                                                          built_site, reader):
    page = styled_feed(reader, built_site, feed, width)
    name = built_site.content.coalition.name
    expect(page.locator("h1")).to_contain_text(name)
    explanation = page.get_by_role("heading", name=re.compile("subscribe", re.I))
    expect(explanation).to_be_visible()
    section = page.locator("section", has=explanation)
    expect(section).to_contain_text("feed reader")
    expect(section.locator("code")).to_contain_text(re.compile(r"^https?://.*\.xml$"))
    entries = page.locator("#entries + ol > li")
    assert entries.count() > 0
    expect(entries.first.locator("a")).to_have_attribute("href", re.compile(r"^https?://"))
    body = page.locator("body").inner_text()
    assert "<rss" not in body and "<feed" not in body and "xmlns" not in body
    assert page.evaluate("() => document.documentElement.tagName") == "HTML"
    assert page.script_errors == []
    # nothing is fetched from outside, and a phone does not scroll sideways
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_a_feed_in_a_browser_without_xslt_still_says_how_to_subscribe(browser, server,
                                                                      built_site):
    """Browsers are dropping XSLT: the feed's CSS line then styles the XML itself."""
    no_xslt = browser.browser_type.launch(executable_path=CHROMIUM,
                                          args=[*CHROMIUM_ARGS, "--disable-features=XSLT"])
    try:
        context = no_xslt.new_context(viewport={"width": 390, "height": 844})
        context.route("**/*", server.only_local)
        page = context.new_page()
        page.goto(server.url + "feeds/everything.rss.xml")
        assert page.evaluate("() => document.documentElement.tagName") == "rss"  # not transformed
        title = page.locator("channel > title")
        expect(title).to_be_visible()
        assert float(title.evaluate("(e) => getComputedStyle(e).fontSize").removesuffix("px")) > 20
        explanation = title.evaluate("(e) => getComputedStyle(e, '::after').content")
        assert "subscribe" in explanation and "feed reader" in explanation
        expect(page.locator("item > title").first).to_be_visible()
        expect(page.locator("item > description").first).to_be_hidden()  # raw HTML stays out
    finally:
        no_xslt.close()


def _axe(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    # Chromium 156 shows its own banner announcing that browsers drop XSLT: the browser's
    # markup, not the portal's, so axe looks at the page without it
    results = Axe().run(page, context={"exclude": [["xslt-warning-banner"]]})
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]


@pytest.mark.parametrize("scheme", ("light", "dark"))
@pytest.mark.parametrize("width", WIDTHS)
def test_the_styled_feed_and_the_open_search_pass_axe(scheme, width, built_site, reader,
                                                      screenshots_dir):
    feed = styled_feed(reader, built_site, "feeds/everything.rss.xml", width, scheme)
    feed.screenshot(path=screenshots_dir / f"feed-styled-{width}-{scheme}.png", full_page=True)
    violations = _axe(feed)
    assert not violations, f"the styled feed ({scheme}, {width} px):\n" \
                           f"{describe_violations(violations)}"
    decision, _ = decision_and_meeting(built_site)
    page = reader("", width, scheme)
    search(page, width, decision)
    page.wait_for_timeout(300)  # Material's overlay transition (motion is reduced)
    page.screenshot(path=screenshots_dir / f"search-open-{width}-{scheme}.png")
    violations = _axe(page)
    assert not violations, f"the open search ({scheme}, {width} px):\n" \
                           f"{describe_violations(violations)}"
