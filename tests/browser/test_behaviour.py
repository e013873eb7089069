"""What a reader does with the pages: filter decisions, search, copy the template, read the chart."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from site_under_test import example_url, minutes_word

DECISION = "article [data-class][data-outcome]"


def test_decision_log_filter_narrows_the_list(built_site, open_page):
    page = open_page(example_url(built_site, "decisions"), 1280)
    every = page.locator(DECISION)
    total = every.count()
    classes = sorted(set(every.evaluate_all("(rows) => rows.map((r) => r.dataset.class)")))
    outcomes = sorted(set(every.evaluate_all("(rows) => rows.map((r) => r.dataset.outcome)")))
    assert len(classes) > 1 or len(outcomes) > 1, "every decision has one class and outcome"
    field, value = ("class", classes[0]) if len(classes) > 1 else ("outcome", outcomes[0])
    page.locator(f"article select[name='{field}']").select_option(value)
    shown = page.locator(f"{DECISION}:visible")
    expected = page.locator(f"{DECISION}[data-{field}='{value}']").count()
    expect(shown).to_have_count(expected)
    assert 0 < expected < total
    assert set(shown.evaluate_all(f"(rows) => rows.map((r) => r.dataset.{field})")) == {value}
    # the page tells screen-reader users how many are shown
    expect(page.locator("article [role='status']")).to_contain_text(str(expected))


@pytest.mark.parametrize("width", [1280, 375])
def test_search_finds_a_meeting_by_a_word_from_its_minutes(width, built_site, open_page):
    meeting_id, word = minutes_word(built_site)
    page = open_page("", width)
    if width == 375:
        page.locator("label.md-header__button[for='__search']").click()
    search = page.locator("input.md-search__input")
    search.press_sequentially(word)
    expect(page.locator(f".md-search-result__link[href*='meetings/{meeting_id}/']").first
           ).to_be_visible()


def clipboard_text(page, tries: int = 50) -> str:
    """The clipboard's text once the page's (asynchronous) copy has landed, or ''."""
    for _ in range(tries):
        text = page.evaluate("() => navigator.clipboard.readText()")
        if text:
            return text
        page.wait_for_timeout(100)
    return ""


def test_endorse_template_can_be_copied(built_site, open_page):
    page = open_page(example_url(built_site, "endorse"), 1280,
                     permissions=["clipboard-read", "clipboard-write"])
    template = page.locator("article pre", has_text="endorser").first
    expect(template).to_be_visible()
    # the page's own button, or else the copy button Material puts on the code block
    button = page.get_by_role("button", name=re.compile(r"copy.*template", re.I))
    if button.count() == 0:
        button = template.get_by_role("button", name=re.compile(r"copy", re.I))
    expect(button.first).to_be_visible()
    button.first.click()
    copied = clipboard_text(page)
    assert copied, f"pressing {button.first.inner_text() or 'the copy button'!r} copied nothing"
    assert copied.strip() == template.inner_text().strip()
    assert re.search(r"^endorser:", copied, re.M), copied


def test_punctuality_chart_has_a_text_alternative(built_site, open_page):
    page = open_page(example_url(built_site, "punctuality"), 1280)
    chart = page.locator("article svg").first
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("role", "img")
    expect(chart).to_have_accessible_name(re.compile(r"\w{3}"))
    expect(chart).to_have_accessible_description(re.compile(r"\w{3}"))
    # the same figures in a table, for those who cannot see the chart
    table = page.locator("article table", has=page.locator("th", has_text=re.compile("lag", re.I)))
    expect(table.first).to_be_attached()
    assert table.first.locator("tbody tr").count() > 0
