"""A reader endorses without git, and compares platform versions, in real Chromium.

At 1280 and 390 px, in the light and the dark scheme: the endorse page's email link holds the
template as the page shows it, dated the reader's today; the compare form opens the changes
between the two versions chosen; and axe finds nothing serious or critical on the endorse,
platform, changes and vital-signs pages.
"""

from __future__ import annotations

import datetime as dt
import os
import urllib.parse
from pathlib import Path

import pytest

from inspect_page import axe_violations, describe_violations, horizontal_overflow
from portal import REPO
from site_under_test import needs_playwright

expect = needs_playwright()

SIZES = {1280: 900, 390: 844}
SCHEMES = ("light", "dark")
# the reader's clock, weeks after the demo's build date (as_of), in the reader's time zone
READER_TODAY = dt.date(2026, 12, 24)
NO_MOTION_CSS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def screenshots() -> Path:
    """Where the pictures go, as for the other browser tests (COALITION_TEST_OUTPUT)."""
    # a folder of their own: the page sweep empties screenshots/ when it starts
    folder = (Path(os.environ.get("COALITION_TEST_OUTPUT", REPO / "test-output"))
              / "screenshots" / "reader")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_reader(browser, server, url: str, width: int, scheme: str = "light", *,
                permissions: list[str] | None = None):
    context = browser.new_context(viewport={"width": width, "height": SIZES[width]},
                                  color_scheme=scheme, reduced_motion="reduce",
                                  service_workers="block", timezone_id="Pacific/Auckland")
    context.route("**/*", server.only_local)
    if permissions:
        context.grant_permissions(permissions, origin=server.url.rstrip("/"))
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(READER_TODAY.year, READER_TODAY.month,
                                          READER_TODAY.day, 9, 30))
    page.script_errors = []
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    page.goto(server.url + url)
    page.add_style_tag(content=NO_MOTION_CSS)
    return page


@pytest.fixture
def reader(browser, server):
    pages = []

    def _open(url: str, width: int, scheme: str = "light", **kw):
        pages.append(open_reader(browser, server, url, width, scheme, **kw))
        return pages[-1]

    yield _open
    for page in pages:
        page.context.close()


def mail_query(href: str) -> dict[str, list[str]]:
    parts = urllib.parse.urlsplit(href)
    assert parts.scheme == "mailto", href
    return urllib.parse.parse_qs(parts.query, strict_parsing=True)


@pytest.mark.parametrize("width", SIZES)
def test_the_email_link_holds_the_template_dated_today(reader, built_site, width):
    if not built_site.has("endorse/"):
        pytest.skip("no endorse page in the site under test")
    page = reader("endorse/", width)
    template = page.locator("#cp-endorsement-template")
    expect(template).to_contain_text(f"date: {READER_TODAY.isoformat()}\n")
    shown = template.text_content()
    assert "the day this page was built" not in shown
    expect(page.locator("#cp-template-date")).to_have_text(
        f"The endorsement is dated today, {READER_TODAY.isoformat()}: change the date if you "
        "sign on another day.")
    email = page.get_by_role("link", name="Write the email")
    if email.count() == 0:
        pytest.skip(f"the {built_site.source} has no contact address in coalition.yml")
    expect(email).to_be_visible()
    email.scroll_into_view_if_needed()
    query = mail_query(email.get_attribute("href"))
    assert set(query) == {"subject", "body"}
    assert shown in query["body"][0]
    # the proposed-change link carries the same dated template
    change = page.get_by_role("link", name="Propose the endorsement")
    if change.count():
        value = urllib.parse.parse_qs(urllib.parse.urlsplit(change.get_attribute("href")).query)
        assert shown in "".join(v for values in value.values() for v in values)
    assert page.script_errors == []


def test_the_copied_template_is_the_dated_one(reader):
    page = reader("endorse/", 1280, permissions=["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy the template").click()
    for _ in range(50):
        copied = page.evaluate("() => navigator.clipboard.readText()")
        if copied:
            break
        page.wait_for_timeout(100)
    assert f"date: {READER_TODAY.isoformat()}\n" in copied


@pytest.mark.parametrize("width", SIZES)
def test_any_two_versions_can_be_compared_from_the_platform_page(reader, built_site, width):
    versions = list(built_site.content.platforms)
    if len(versions) < 3:
        pytest.skip("fewer than three platform versions in the site under test")
    page = reader("platform/", width)
    form = page.locator("form[data-cp-compare]")
    expect(form).to_be_visible()
    # newest first, oldest second: the page shows the changes from the older to the newer
    form.get_by_label("From").select_option(versions[-1])
    form.get_by_label("to").select_option(versions[0])
    form.get_by_role("button", name="Show the changes").click()
    page.wait_for_url(f"**/platform/changes/{versions[0]}-{versions[-1]}/")
    expect(page.locator("h1")).to_contain_text("changes from version 1 to")
    # the latest change is named at the top of the platform page
    page.goto(page.url.split("platform/")[0] + "platform/")
    box = page.locator("#latest-change")
    expect(box).to_be_visible()
    assert box.bounding_box()["y"] < page.locator("article h2").first.bounding_box()["y"]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", SIZES)
@pytest.mark.parametrize("url", ["endorse/", "platform/", "platform/changes/v1-v3/",
                                 "vital-signs/"])
def test_reader_pages_pass_axe_and_fit(reader, built_site, url, width, scheme):
    if not built_site.has(url):
        pytest.skip(f"/{url} is not in the site under test")
    page = reader(url, width, scheme)
    folder = screenshots()
    name = url.strip("/").replace("/", "-")
    page.screenshot(path=folder / f"reader-{name}-{width}-{scheme}.png", full_page=True)
    violations = axe_violations(page)
    assert not violations, (f"axe on /{url} at {width} px, {scheme}:\n"
                            f"{describe_violations(violations)}")
    assert horizontal_overflow(page) <= 0, f"/{url} scrolls sideways at {width} px"
    assert page.script_errors == []
