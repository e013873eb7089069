"""Fixtures of the browser tests: one built site, one local server, one Debian Chromium.

Nothing leaves the machine: every request that is not to the local server is aborted
by a Playwright route, and Chromium resolves no other host name either.

Chromium that cannot start skips these tests with the reason, except when ``CI=true``:
there a skipped browser test would hide a broken install, so it fails instead.
"""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from inspect_page import axe_violations, horizontal_overflow
from portal import REPO
from site_under_test import HEIGHTS, KIND_NAMES, LocalServer, build_site, example_url, in_ci

CHROMIUM = os.environ.get("COALITION_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
    # a second wall behind the route handler: no name but the local address resolves
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
# Stops in transitions would make screenshots depend on timing.
NO_MOTION_CSS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def browser_unavailable(reason: str):
    if in_ci():
        pytest.fail(f"{reason} (CI=true: the browser tests must run in CI, not be skipped)",
                    pytrace=False)
    pytest.skip(reason)


def output_dir() -> Path:
    """Where the test run leaves files for a reviewer (git-ignored, never committed)."""
    return Path(os.environ.get("COALITION_TEST_OUTPUT", REPO / "test-output"))


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: runs in headless Chromium")


def pytest_collection_modifyitems(items):
    for item in items:
        if item.nodeid.startswith("tests/browser/"):
            item.add_marker(pytest.mark.browser)
            # with `-n N` each worker runs browser tests too, with a site, a server and a
            # Chromium of its own (they are half of the suite's time); the pictures share
            # one folder (screenshots_dir)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("browser-site"))


@pytest.fixture(scope="session")
def server(built_site):
    with LocalServer(built_site.root) as local:
        yield local


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        browser_unavailable(f"Playwright for Python is not installed ({exc}); run .ci/test.sh")
    if not Path(CHROMIUM).is_file():
        browser_unavailable(f"Chromium is not installed at {CHROMIUM}; "
                            "install it with: apt-get install -y chromium")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
    except Exception as exc:  # Playwright raises its own Error with the browser's log
        playwright.stop()
        first_lines = "\n".join(str(exc).splitlines()[:6])
        browser_unavailable(f"Chromium at {CHROMIUM} could not start: {first_lines}")
    yield chromium
    chromium.close()
    playwright.stop()



@pytest.fixture
def reader(browser, server):
    """reader(url, width, scheme="light", script=True) -> a page on the built site, as a
    reader opens it (no motion, no service worker, nothing off this machine); a test module
    may define its own ``reader``."""
    contexts = []

    def _open(url: str, width: int, scheme: str = "light", script: bool = True):
        context = browser.new_context(viewport={"width": width, "height": HEIGHTS[width]},
                                      color_scheme=scheme, reduced_motion="reduce",
                                      service_workers="block", java_script_enabled=script)
        context.route("**/*", server.only_local)
        contexts.append(context)
        page = context.new_page()
        page.script_errors = []
        page.on("pageerror", lambda error: page.script_errors.append(str(error)))
        page.goto(server.url + url)
        if script:  # (a page without scripts takes no injected style either)
            page.add_style_tag(content=NO_MOTION_CSS)
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshots_dir():
    """The pictures' folder, emptied once per run: by the first of the run's xdist workers
    to get here (a lock and a note of the run's id), not by each of them."""
    folder = output_dir() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or str(os.getpid())
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        note = folder / ".run"
        if not note.exists() or note.read_text() != run:
            for old in folder.glob("*.png"):  # a run leaves only its own pictures
                old.unlink(missing_ok=True)
            note.write_text(run)
    return folder


def new_page(browser, server, url: str, width: int, *, permissions: list[str] | None = None,
             scheme: str = "light", init_script: str | None = None):
    """A page on a site URL in a fresh context (close ``page.context`` when done).

    ``scheme`` is the reader's preferred colour scheme (Material follows it when the
    site offers both).  ``init_script`` runs in every document before the page's own
    scripts.  The page records uncaught script errors in ``page.script_errors`` and the
    messages of dialogs (alert, confirm, prompt; each dismissed) in ``page.dialogs``.
    """
    context = browser.new_context(viewport={"width": width, "height": HEIGHTS[width]},
                                  color_scheme=scheme, reduced_motion="reduce",
                                  service_workers="block")
    context.route("**/*", server.only_local)
    if init_script:
        context.add_init_script(init_script)
    if permissions:
        context.grant_permissions(permissions, origin=server.url.rstrip("/"))
    page = context.new_page()
    page.script_errors = []
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server.url + url)
    page.add_style_tag(content=NO_MOTION_CSS)
    return page


@pytest.fixture(scope="session")
def page_factory():
    """``new_page`` itself, for tests that serve a site of their own (``import conftest``
    would find whichever conftest module pytest loaded last)."""
    return new_page


@pytest.fixture
def open_page(browser, server):
    """open_page(url, width, permissions=None) -> a page, closed after the test."""
    pages = []

    def _open(url: str, width: int, *, permissions: list[str] | None = None):
        pages.append(new_page(browser, server, url, width, permissions=permissions))
        return pages[-1]

    yield _open
    for page in pages:
        page.context.close()


@dataclass
class Visit:
    """What one look at a page found; each (page, width) is looked at once per run."""

    url: str
    width: int
    violations: list[dict]
    overflow: int
    script_errors: list[str]


@pytest.fixture(scope="session")
def visit(browser, server, screenshots_dir):
    """visit(name, url, width, scheme) -> Visit: screenshot saved, axe run, overflow measured."""
    seen: dict[tuple[str, int, str], Visit] = {}

    def _visit(name: str, url: str, width: int, scheme: str = "light") -> Visit:
        if (url, width, scheme) not in seen:
            page = new_page(browser, server, url, width, scheme=scheme)
            try:
                # the picture comes first so that a reviewer has it even when axe fails
                suffix = "" if scheme == "light" else f"-{scheme}"
                page.screenshot(path=screenshots_dir / f"{name}-{width}{suffix}.png",
                                full_page=True)
                seen[url, width, scheme] = Visit(url, width, axe_violations(page),
                                                 horizontal_overflow(page), page.script_errors)
            finally:
                page.context.close()
        return seen[url, width, scheme]

    return _visit


@pytest.fixture(params=KIND_NAMES)
def page_kind(request, built_site):
    """(name, site URL) of each page kind; skips a kind whose page is not built yet."""
    return request.param, example_url(built_site, request.param)

