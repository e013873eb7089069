"""The portal's pages in a real browser (Debian's Chromium, driven by Playwright, no network):
the decision-log filter works, the copy button appears, and no page scrolls sideways at 375 px."""

from __future__ import annotations

import os
import shutil

import pytest

from pages_fixture import RICH
from portal import make_portal

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason="Chromium is not installed")

PAGES = ("", "platform/", "platform/v1/", "platform/changes/v1-v2/", "platform/amendments/",
         "meetings/", "meetings/2024/", "meetings/2024-05-16-regular/",
         "meetings/2024-04-18-regular/", "decisions/", "members/", "members/market/",
         "voting-agreement/", "roles/", "endorse/", "about/")


@pytest.fixture(scope="module")
def browser_site(tmp_path_factory):
    portal = make_portal(tmp_path_factory.mktemp("browser"), RICH)
    assert portal.build("--strict").returncode == 0
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield portal.site, browser
        browser.close()


def url(site, page: str) -> str:
    return (site / page / "index.html").as_uri()


def test_decision_filter_narrows_the_list_and_shows_all_again(browser_site):
    site, browser = browser_site
    page = browser.new_page()
    page.goto(url(site, "decisions/"))
    assert page.is_visible("form.cp-filter")
    assert page.text_content(".cp-filter-count") == "Showing 7 of 7 decisions."
    page.select_option("form.cp-filter select[name=class]", "platform")
    assert page.text_content(".cp-filter-count") == "Showing 2 of 7 decisions."
    visible = page.locator("#cp-decision-log tbody tr:visible")
    assert visible.count() == 2
    page.select_option("form.cp-filter select[name=outcome]", "rejected")
    assert visible.count() == 0
    page.click("form.cp-filter button[type=reset]")
    page.wait_for_function("document.querySelectorAll('#cp-decision-log tbody tr:not([hidden])')"
                           ".length === 7")
    page.close()


def test_copy_button_appears_with_script(browser_site):
    site, browser = browser_site
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(url(site, "endorse/"))
    assert page.is_visible("button.cp-copy-button")
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_no_page_scrolls_sideways(browser_site, width):
    site, browser = browser_site
    page = browser.new_page(viewport={"width": width, "height": 800})
    wide = []
    for path in PAGES:
        page.goto(url(site, path))
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wide.append((path, scroll_width))
    page.close()
    assert wide == []
