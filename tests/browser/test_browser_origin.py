"""Nothing leaves the portal's origin: no page asks another host for anything.

Readers of a transparency portal must not be reported to a third party.  Material's
repository widget (``repo_url``) used to ask api.github.com for the repository's stars,
forks and latest release on every page; the portal's ``partials/source.html`` keeps the
link and drops the call.  One page of each kind is loaded with ``repo_url`` set and every
request it makes is recorded (``page.on("request")``; the route handler of the fixtures
still aborts whatever is not local, so nothing actually leaves the machine).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import yaml

from site_under_test import example_url, needs_playwright
from portal import REPO
from coalition_portal.site import urls

needs_playwright()

# One page of each kind: a fixed site URL, a kind of site_under_test, or a URL pattern
# matched against the built pages (the first match is loaded; None when the site has none).
PAGE_KINDS = {
    "home": urls.HOME,
    "meeting": "kind:meeting",
    "member": "kind:member",
    "platform": urls.PLATFORM_PAGE,
    "platform version": "kind:platform-version",
    "platform diff": re.compile(r"platform/changes/[^/]+/$"),
    "amendments": urls.AMENDMENTS_PAGE,
    "meetings": urls.MEETINGS_PAGE,
    "meetings year": re.compile(r"meetings/\d+/$"),
    "decisions": urls.DECISIONS_PAGE,
    "decisions year": re.compile(r"decisions/\d+/$"),
    "members": urls.MEMBERS_PAGE,
    "voting agreement": urls.VOTING_AGREEMENT_PAGE,
    "roles": urls.ROLES_PAGE,
    "endorse": urls.ENDORSE_PAGE,
    "punctuality": urls.PUNCTUALITY_PAGE,
    "vital signs": urls.VITAL_SIGNS_PAGE,
    "feeds": urls.FEEDS_PAGE,
    "data": urls.DATA_PAGE,
    "about": urls.ABOUT_PAGE,
    "404": "404.html",
}
# Not here: a member's votes of one earlier year (members/<id>/votes/<year>/), a page only a
# member with more than 1,200 votes has, which the demo lacks; it is laid out in the same
# theme, header and scripts as the member page above.


def repo_url_of(built_site) -> str:
    """The repo_url the site under test was built with; the test is void without one."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    repo_url = (config or {}).get("repo_url") if built_site.source == "demo" else None
    assert repo_url, (f"the {built_site.source} site under test has no repo_url: the "
                      "repository widget, the request this test guards against, is not on it")
    assert f'href="{repo_url}"' in (built_site.root / "index.html").read_text("utf-8")
    return repo_url


def page_of_kind(built_site, name: str) -> str | None:
    where = PAGE_KINDS[name]
    if isinstance(where, re.Pattern):
        return next((u for u in built_site.page_urls() if where.fullmatch(u)), None)
    if where.startswith("kind:"):
        return example_url(built_site, where[len("kind:"):])
    return where if built_site.has(where) else None


def requests_of(browser, server, url: str) -> list[str]:
    """Every URL the page asks for while it loads and settles (scripts, worker, index)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  service_workers="block")
    context.route("**/*", server.only_local)
    seen: list[str] = []
    context.on("request", lambda request: seen.append(request.url))  # the worker's too
    try:
        page = context.new_page()
        page.goto(server.url + url)
        page.wait_for_load_state("networkidle")
        # Material asks for the repository's facts once its components are mounted
        page.wait_for_timeout(500)
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    return seen


@pytest.mark.parametrize("name", list(PAGE_KINDS))
def test_no_page_asks_another_origin(name, built_site, server, browser):
    repo_url_of(built_site)
    url = page_of_kind(built_site, name)
    if url is None:
        pytest.fail(f"the {built_site.source} site has no '{name}' page")
    origin = urlsplit(server.url)
    requested = requests_of(browser, server, url)
    foreign = [u for u in requested
               if (urlsplit(u).scheme, urlsplit(u).netloc) != (origin.scheme, origin.netloc)
               and not u.startswith(("data:", "blob:"))]
    assert requested, f"/{url} made no request at all: the recording is broken"
    assert not foreign, (f"/{url} ({name}) asked another origin than the portal's:\n"
                         + "\n".join(f"  {u}" for u in foreign))


def test_repository_link_is_kept(built_site, open_page):
    """The link is still in the header, visible, and a Tab stop."""
    repo_url = repo_url_of(built_site)
    page = open_page("", 1280)
    link = page.locator(".md-header a.md-source")
    assert link.get_attribute("href") == repo_url
    assert link.is_visible()
    assert link.get_attribute("data-md-component") is None, "still Material's JS component"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.md-header a.md-source')"):
            break
    else:
        pytest.fail("the repository link cannot be reached with the Tab key (40 presses)")
    # the drawer of narrow screens carries it too
    assert page.locator(".md-nav__source a.md-source").get_attribute("href") == repo_url
