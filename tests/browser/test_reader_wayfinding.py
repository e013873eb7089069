"""Readers find what they came for (issue 16), in real Chromium at 1280 and 390 px: pages
that stay true by the reader's clock after the build, the grouped navigation, breadcrumbs
and previous/next meeting, the 404 page's search, and axe on every page kind in light and
dark, with the phone menu open and with minutes overdue by the reader's clock."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from lxml import html as lxml_html

from inspect_page import axe_violations, describe_violations
from site_under_test import needs_playwright

expect = needs_playwright()

WIDTHS = (1280, 390)
NO_MOTION_CSS = "*, *::before, *::after { transition: none !important; animation: none !important; }"
HEIGHT = {1280: 900, 390: 844}


def pending(built_site):
    """(meeting URL, due date, as_of) of the first meeting the home page lists as pending."""
    home = lxml_html.fromstring((built_site.root / "index.html").read_bytes())
    rows = home.xpath("//table//tr[.//span[@class='cp-due']]")
    if not rows:
        pytest.skip(f"the {built_site.source} has no pending minutes")
    (span,) = rows[0].xpath(".//span[@class='cp-due']")
    due, as_of = (dt.date.fromisoformat(span.get(a)) for a in ("data-cp-due", "data-cp-as-of"))
    return rows[0].xpath(".//a/@href")[0], due, as_of


def open_at(browser, server, url: str, width: int, *, clock: dt.datetime | None = None,
            scheme: str = "light", script: bool = True):
    """A page in a fresh context, the browser's clock set first (close page.context after)."""
    context = browser.new_context(viewport={"width": width, "height": HEIGHT[width]},
                                  color_scheme=scheme, reduced_motion="reduce",
                                  service_workers="block", java_script_enabled=script)
    context.route("**/*", server.only_local)
    page = context.new_page()
    page.script_errors = []
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    if clock is not None:
        page.clock.set_fixed_time(clock)
    page.goto(server.url + url)
    if script:  # Playwright adds the style with a script
        page.add_style_tag(content=NO_MOTION_CSS)
    return page


def due_lines(page):
    return [re.sub(r"\s+", " ", t).strip() for t in page.locator(".cp-due").all_inner_texts()]


@pytest.mark.parametrize("width", WIDTHS)
def test_ten_days_past_the_due_date_the_home_page_says_overdue(browser, server, built_site,
                                                                width, screenshots_dir):
    meeting, due, as_of = pending(built_site)
    reader_day = dt.datetime.combine(due + dt.timedelta(days=10), dt.time(12))
    words = (f"overdue by 10 days: due {due.day} {due:%B %Y}; "
             f"figures as of {as_of.day} {as_of:%B %Y}")
    for url in ("", meeting, "punctuality/"):
        page = open_at(browser, server, url, width, clock=reader_day)
        try:
            lines = due_lines(page)
            assert lines and all(line == words for line in lines), (url, lines)
            expect(page.locator(".cp-due .cp-badge--bad").first).to_be_visible()
            assert page.locator(".cp-due[data-cp-overdue='10']").count() == len(lines)
            assert page.script_errors == []
            if url == "":
                page.locator("#minutes-due").scroll_into_view_if_needed()
                page.screenshot(path=screenshots_dir / f"wayfinding-overdue-home-{width}.png")
        finally:
            page.context.close()


def test_before_the_due_date_and_without_script_the_text_stays_as_built(browser, server,
                                                                       built_site):
    meeting, due, as_of = pending(built_site)
    words = (f"pending not yet published; due {due.day} {due:%B %Y}; "
             f"figures as of {as_of.day} {as_of:%B %Y}")
    on_time = dt.datetime.combine(due, dt.time(20))  # the due day itself is not late
    for clock, script in ((on_time, True), (dt.datetime.combine(due + dt.timedelta(days=10),
                                                                dt.time(12)), False)):
        page = open_at(browser, server, "", 390, clock=clock, script=script)
        try:
            assert set(due_lines(page)) == {words}, (clock, script)
        finally:
            page.context.close()


def test_a_meeting_page_shows_where_the_reader_is(browser, server, built_site, screenshots_dir):
    meetings = sorted(built_site.content.meetings.items(), key=lambda kv: (kv[1].date, kv[0]))
    mid, record = meetings[len(meetings) // 2]
    url = f"meetings/{mid}/"
    page = open_at(browser, server, url, 1280)
    try:
        crumbs = page.get_by_role("navigation", name="Breadcrumb")
        expect(crumbs.get_by_role("link", name="Meetings")).to_be_visible()
        expect(crumbs.get_by_role("link", name=str(record.date.year))).to_be_visible()
        expect(page.locator(".md-tabs__item--active")).to_have_text(re.compile("The record"))
        sidebar = page.locator(".md-sidebar--primary")
        expect(sidebar.locator(".md-nav__item--active > a",
                               has_text=str(record.date.year))).to_be_visible()
        page.get_by_role("link", name=re.compile("^Next meeting")).click()
        expect(page).to_have_url(server.url + f"meetings/{meetings[len(meetings) // 2 + 1][0]}/")
        page.get_by_role("link", name=re.compile("^Previous meeting")).click()
        expect(page).to_have_url(server.url + url)
    finally:
        page.context.close()
    page = open_at(browser, server, url, 390)
    try:
        crumbs = page.get_by_role("navigation", name="Breadcrumb")
        expect(crumbs.get_by_role("link", name=str(record.date.year))).to_be_visible()
        page.locator("label.md-header__button[for='__drawer']").click()
        # the phone menu opens at the meeting's year, among the years of its section
        year = page.locator(".md-sidebar--primary .md-nav__item--active > a",
                            has_text=str(record.date.year))
        expect(year).to_be_visible()
        page.screenshot(path=screenshots_dir / "wayfinding-phone-menu-390.png")
        # back up, level by level, to the menu's top: the groups
        opened = page.eval_on_selector_all(
            ".md-sidebar--primary input.md-nav__toggle:checked", "boxes => boxes.map(b => b.id)")
        for toggle in reversed(opened):
            page.locator(f".md-sidebar--primary label.md-nav__title[for='{toggle}']").click()
            page.wait_for_timeout(100)
        for group in ("The record", "The platform", "Accountability", "Follow", "About"):
            expect(page.locator(".md-sidebar--primary [data-md-level='0'] > ul > li > "
                                "label, .md-sidebar--primary [data-md-level='0'] > ul > li > a",
                                has_text=group).first).to_be_visible()
        page.screenshot(path=screenshots_dir / "wayfinding-phone-groups-390.png")
    finally:
        page.context.close()


def test_the_404_page_search_button(browser, server):
    page = open_at(browser, server, "404.html", 390)
    try:
        button = page.get_by_role("button", name="Search this site")
        expect(button).to_be_visible()
        button.click()
        expect(page.locator(".md-search__input")).to_be_focused()
        page.keyboard.type("compost")
        expect(page.locator(".md-search-result__meta")).not_to_have_text(
            re.compile("Initializing"), timeout=10000)
    finally:
        page.context.close()


def kinds(built_site):
    """One page of each kind the wayfinding touches: home, section, year, record, 404."""
    content = built_site.content
    meetings = sorted(content.meetings)
    members = sorted(content.members)
    versions = list(content.platforms)
    urls = {"home": "", "meeting": f"meetings/{meetings[len(meetings) // 2]}/",
            "meetings-year": f"meetings/{content.meetings[meetings[0]].date.year}/",
            "decisions": "decisions/", "member": f"members/{members[0]}/",
            "members": "members/", "amendments": "platform/amendments/",
            "voting-agreement": "voting-agreement/", "punctuality": "punctuality/",
            "not-found": "404.html"}
    if len(versions) > 1:
        urls["platform-version"] = f"platform/{versions[0]}/"
        urls["platform-diff"] = f"platform/changes/{versions[0]}-{versions[1]}/"
    return {name: url for name, url in urls.items() if built_site.has(url)}


# the page kinds whose open phone menu is another kind's (the same section open in it)
SECTION_OF = {"meetings-year": "meeting", "members": "member", "amendments": "platform",
              "platform-version": "platform", "platform-diff": "platform"}


def carries_a_due_date(built_site, url: str) -> bool:
    path = built_site.root / url
    path = path / "index.html" if url == "" or url.endswith("/") else path
    return "data-cp-due=" in path.read_text("utf-8")


@pytest.mark.parametrize("scheme", ("light", "dark"))
@pytest.mark.parametrize("width", WIDTHS)
def test_axe_on_every_page_kind_with_overdue_minutes_and_the_menu_open(
        browser, server, built_site, width, scheme, screenshots_dir):
    """0 serious or critical findings: minutes overdue by the reader's clock (the red badge),
    and at 390 px with the phone menu open at the page's section.

    At 1280 px only the pages that carry a due date differ from what test_browser_pages
    checks (every page kind at 1280 px in both schemes), so only those are opened there.
    At 390 px the open menu shows the page's section (a record's is its section page's):
    one page of each section is opened, and every page that carries a due date."""
    _, due, _ = pending(built_site)
    clock = dt.datetime.combine(due + dt.timedelta(days=10), dt.time(12))
    problems = []
    sections_seen: set[str] = set()
    pages = {}
    for name, url in kinds(built_site).items():
        section = SECTION_OF.get(name, name)
        if carries_a_due_date(built_site, url) or (width == 390 and section not in sections_seen):
            pages[name] = url
            sections_seen.add(section)
    assert width == 390 or pages, "no page of the site shows a pending due date"
    for name, url in pages.items():
        page = open_at(browser, server, url, width, clock=clock, scheme=scheme)
        try:
            if width == 390:
                page.locator("label.md-header__button[for='__drawer']").click()
                page.wait_for_timeout(150)
            page.screenshot(path=screenshots_dir / f"wayfinding-{name}-{width}-{scheme}.png")
            found = axe_violations(page)
            if found:
                problems.append(f"/{url}:\n{describe_violations(found)}")
            if page.script_errors:
                problems.append(f"/{url}: script errors {page.script_errors}")
        finally:
            page.context.close()
    assert not problems, "\n".join(problems)


def luminance(rgb: str) -> float:
    """Relative luminance (WCAG) of a computed colour such as ``rgb(191, 54, 12)``."""
    channels = [int(float(c)) / 255 for c in re.findall(r"[\d.]+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("scheme", ("light", "dark"))
def test_a_focused_button_and_the_focus_ring_are_readable(browser, server, scheme):
    """Material fills a focused button with the accent colour: its text reaches 4.5:1, and
    the ring of a focused link 3:1 against the page (WCAG 1.4.3, 1.4.11)."""
    page = open_at(browser, server, "decisions/", 1280, scheme=scheme)
    try:
        button = page.locator(".cp-filter .md-button").first
        expect(button).to_be_visible()
        button.focus()
        fg, bg = button.evaluate(
            "b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")
        assert contrast(fg, bg) >= 4.5, (scheme, fg, bg)
        link = page.locator("article a[href]").first
        link.focus()
        page.keyboard.press("Tab")
        page.keyboard.press("Shift+Tab")  # focus by keyboard: the ring Material draws
        ring, ground = page.evaluate("""() => {
            const e = document.activeElement, s = getComputedStyle(e);
            return [s.outlineColor, getComputedStyle(document.body).backgroundColor]; }""")
        assert contrast(ring, ground) >= 3, (scheme, ring, ground)
    finally:
        page.context.close()
