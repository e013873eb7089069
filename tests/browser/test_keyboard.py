"""The portal with a keyboard alone: skip link, visible focus, the decision-log filter, search."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from inspect_page import active_element, focus_indicator_visible, tab
from site_under_test import WIDTHS, example_url, minutes_word

FIRST_FOCUSABLE_IN_ARTICLE = """() => {
  const selector = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const first = [...document.querySelectorAll('article ' + selector.split(', ').join(', article '))]
    .find((e) => !e.disabled && visible(e));
  if (!first) return null;
  first.setAttribute('data-test-first-in-content', '');
  return first.outerHTML.slice(0, 160);
}"""
IS_FIRST_IN_CONTENT = "() => document.activeElement.hasAttribute('data-test-first-in-content')"
MAX_TABS = 80  # far more stops than the header and navigation have before the content


def tab_to(page, predicate, what: str) -> dict:
    """Press Tab until the focused element satisfies ``predicate``; fail if it never does."""
    for _ in range(MAX_TABS):
        active = tab(page)
        if active and predicate(active):
            return active
    pytest.fail(f"{what} cannot be reached with the Tab key ({MAX_TABS} presses)")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["home", "meeting", "decisions"])
def test_skip_link_moves_focus_to_the_start_of_the_content(name, width, built_site, open_page):
    url = example_url(built_site, name)
    page = open_page(url, width)
    skip = tab(page)
    assert skip and re.search(r"skip", skip["text"], re.I), (
        f"the first Tab stop on /{url} should be a skip link, not {skip}")
    assert focus_indicator_visible(page, skip), "the skip link does not appear when focused"
    page.keyboard.press("Enter")
    first_in_content = page.evaluate(FIRST_FOCUSABLE_IN_ARTICLE)
    after = tab(page)
    assert after is not None and after["inArticle"], (
        f"after the skip link, Tab should land in the page's content, not on {after}")
    assert page.evaluate(IS_FIRST_IN_CONTENT), (
        "the skip link jumps past the start of the content: the next Tab lands on "
        f"{after['html']!r} instead of the content's first link {first_in_content!r}")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["home", "meeting", "decisions"])
def test_every_tab_stop_shows_focus(name, width, built_site, open_page):
    """Each of the first stops (header, navigation, content) is on screen and marked."""
    url = example_url(built_site, name)
    page = open_page(url, width)
    unseen, stops = [], 0
    for _ in range(30):
        active = tab(page)
        if active is None:  # past the last stop: focus went back to the document
            break
        stops += 1
        if not focus_indicator_visible(page, active):
            unseen.append(f"<{active['tag']}> {active['text']!r} at "
                          f"({active['x']:.0f}, {active['y']:.0f}, {active['width']:.0f}x"
                          f"{active['height']:.0f}): {active['html']}")
    assert stops > 0, f"nothing on /{url} takes keyboard focus"
    assert not unseen, (f"{len(unseen)} of {stops} Tab stops on /{url} at {width} px show no "
                        "visible focus:\n" + "\n".join(unseen))


def visible_decisions(page) -> int:
    return page.locator("article [data-class][data-outcome]:visible").count()


@pytest.mark.parametrize("width", WIDTHS)
def test_decision_log_filter_works_with_the_keyboard_alone(width, built_site, open_page):
    url = example_url(built_site, "decisions")
    page = open_page(url, width)
    before = visible_decisions(page)
    assert before > 1, "the decision log lists fewer than two decisions; nothing to filter"
    control = tab_to(page, lambda a: a["tag"] == "select" and a["inArticle"],
                     "the decision log's first filter")
    page.keyboard.press("ArrowDown")  # from "every class" to the first class
    chosen = page.evaluate("() => document.activeElement.value")
    assert chosen, f"ArrowDown did not choose an option in {control['html']}"
    after = visible_decisions(page)
    assert 0 < after < before, (f"choosing {chosen!r} with the keyboard left {after} of "
                                f"{before} decisions shown")
    reset = tab_to(page, lambda a: a["tag"] == "button" and a["inArticle"],
                   "the filter's reset button")
    page.keyboard.press("Enter")
    expect(page.locator("article [data-class][data-outcome]:visible")).to_have_count(before)
    assert reset["text"], "the reset button has no name"


@pytest.mark.parametrize("width", WIDTHS)
def test_search_finds_a_meeting_with_the_keyboard_alone(width, built_site, open_page):
    meeting_id, word = minutes_word(built_site)
    page = open_page("", width)
    if width == 1280:
        tab_to(page, lambda a: a["tag"] == "input" and "search" in a["html"], "the search box")
    else:  # on a phone the search hides behind a button; Material's key "/" opens it
        page.keyboard.press("/")
        assert "search" in (active_element(page) or {}).get("html", ""), "'/' did not open search"
    page.keyboard.type(word)
    result = page.locator(f".md-search-result__link[href*='meetings/{meeting_id}/']").first
    expect(result).to_be_attached()
    for _ in range(20):  # arrow keys walk the results, as Material documents
        page.keyboard.press("ArrowDown")
        href = page.evaluate("() => document.activeElement.getAttribute('href') || ''")
        if f"meetings/{meeting_id}/" in href:
            break
    else:
        pytest.fail(f"the arrow keys never reached the result for meetings/{meeting_id}/")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/meetings/{re.escape(meeting_id)}/"))
