"""The site the browser tests read: built once, served on 127.0.0.1, and its page kinds.

The demo coalition (``content/`` and ``mkdocs.yml`` at the repository root) is built
when it exists; until then the minimal portal of ``tests/portal.py``.  Each page kind
is named by a site URL taken from the records themselves (a meeting's page is the
meeting with the most decisions), so the tests follow the content, not a guess.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import threading
from collections import Counter
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from coalition_portal.content.load import Content, load
from coalition_portal.site.urls import meeting_url, member_url, platform_url

from pagefind_index import indexed_pages
from portal import REPO, make_portal, mkdocs_build

WIDTHS = (1280, 375)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


def needs_playwright():
    """Playwright's ``expect``; without Playwright the module is skipped (fails in CI)."""
    try:
        from playwright.sync_api import expect
    except ImportError as exc:
        reason = f"Playwright for Python is not installed ({exc}); run .ci/test.sh"
        if in_ci():
            raise ImportError(f"{reason} (CI=true: the browser tests must run)") from exc
        pytest.skip(reason, allow_module_level=True)
    return expect
HEIGHTS = {1280: 900, 390: 844, 375: 812}


@dataclass(frozen=True)
class Kind:
    """A kind of page and how to find its example in a built site."""

    name: str
    url: str | None = None  # a fixed site URL ('' is home); None: chosen from the records

    def example(self, site: "BuiltSite") -> str | None:
        """The site URL of this kind's example page, or None when the site has none."""
        url = self.url if self.url is not None else _record_url(self.name, site.content)
        if url is None or not site.has(url):
            return None
        return url

    def missing(self, site: "BuiltSite") -> str:
        """Why ``example`` found no page: the words of the skip."""
        if self.url is None and _record_url(self.name, site.content) is None:
            return f"the {site.source} has no record for a '{self.name}' page"
        return (f"page not built yet: no '{self.name}' page in the {site.source} site "
                "(another branch is building it)")


# Every page kind of the design ("The site").  Kinds whose pages are not built yet are
# skipped with that reason; the sweep over unknown pages (see other_pages) covers pages
# added under URLs not listed here.
KINDS = (
    Kind("home", ""),
    Kind("platform", "platform/"),
    Kind("platform-version"),
    Kind("meetings", "meetings/"),
    Kind("meeting"),
    Kind("decisions", "decisions/"),
    Kind("members", "members/"),
    Kind("member"),
    Kind("roles", "roles/"),
    Kind("endorse", "endorse/"),
    Kind("punctuality", "punctuality/"),
    Kind("feeds", "feeds/"),
    Kind("data", "data/"),
    Kind("about", "about/"),
    Kind("not-found", "404.html"),
)
KIND_NAMES = tuple(kind.name for kind in KINDS)


def kind(name: str) -> Kind:
    return next(k for k in KINDS if k.name == name)


def example_url(site: "BuiltSite", name: str) -> str:
    """The URL of one page kind, or a skip saying why there is none (not built yet)."""
    url = kind(name).example(site)
    if url is None:
        pytest.skip(kind(name).missing(site))
    return url


def _record_url(name: str, content: Content) -> str | None:
    if name == "meeting":
        # the richest page: most decisions, then published minutes, then attendance
        def weight(item):
            meeting = item[1]
            return (len(meeting.decisions), meeting.minutes is not None, len(meeting.attendance))
        best = max(content.meetings.items(), key=weight, default=None)
        return meeting_url(best[0]) if best else None
    if name == "member":
        # a member who left and rejoined shows the most (membership periods, votes)
        ranked = sorted(content.members.items(), key=lambda kv: -len(kv[1].memberships))
        return member_url(ranked[0][0]) if ranked else None
    if name == "platform-version":
        past = list(content.platforms)[:-1]
        return platform_url(past[-1], current=False) if past else None
    raise KeyError(name)


@dataclass
class BuiltSite:
    """A built portal: its content, its output folder and what it was built from."""

    source: str  # "demo" or "minimal portal"
    content: Content
    root: Path

    def has(self, url: str) -> bool:
        path = self.root / url
        return (path / "index.html").is_file() if url == "" or url.endswith("/") else path.is_file()

    def page_urls(self) -> list[str]:
        """Every HTML page of the site, as site URLs, sorted."""
        urls = []
        for path in self.root.rglob("*.html"):
            relative = path.relative_to(self.root).as_posix()
            if relative == "index.html":
                urls.append("")
            elif relative.endswith("/index.html"):
                urls.append(relative[: -len("index.html")])
            else:
                urls.append(relative)
        return sorted(urls)

    def record_urls(self) -> set[str]:
        urls = {meeting_url(mid) for mid in self.content.meetings}
        urls |= {member_url(mid) for mid in self.content.members}
        urls |= {platform_url(vid, False) for vid in self.content.platforms}
        return urls

    def other_pages(self) -> list[str]:
        """One page per URL shape that no kind above and no record page covers.

        Digits are folded so that a year index (``meetings/2023/``) stands for all
        years; what is left is a page kind someone added (a diff, a vital-signs page).
        """
        known = {k.example(self) for k in KINDS} | self.record_urls()
        shapes: dict[str, str] = {}
        for url in self.page_urls():
            if url in known or url.startswith("search/"):
                continue
            shapes.setdefault(re.sub(r"\d+", "#", url), url)
        return sorted(shapes.values())


def build_site(workdir: Path) -> BuiltSite:
    """Run the real ``mkdocs build`` into ``workdir``; fail loudly when it fails."""
    demo_config = REPO / "mkdocs.yml"
    if demo_config.is_file() and (REPO / "content").is_dir():
        source, content_dir, site_dir = "demo", REPO / "content", workdir / "site"
        args = ("-f", str(demo_config), "-d", str(site_dir))
        cwd = REPO
    else:
        portal = make_portal(workdir / "portal")
        source, content_dir, site_dir = "minimal portal", portal.content, portal.site
        args, cwd = (), portal.root
    result = mkdocs_build(*args, cwd=cwd)
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build of the {source} failed:\n{result.stderr[-4000:]}")
    return BuiltSite(source, load(content_dir), site_dir)


class _Server(ThreadingHTTPServer):
    """A browser that leaves a page drops requests mid-transfer: not an error worth a
    traceback in the output."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature is http.server's
        pass


class LocalServer:
    """The built site over HTTP on 127.0.0.1, on a port the system picks."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/"
        self.blocked: list[str] = []
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "LocalServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def only_local(self, route) -> None:
        """Playwright route handler: this server's requests go through, all others are aborted."""
        if route.request.url.startswith(self.url):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort("blockedbyclient")


def minutes_word(site: BuiltSite) -> tuple[str, str]:
    """(meeting id, word): a word from a meeting's minutes that as few pages as possible contain.

    Page texts come from the built site's own search index, so the word is one the
    search can find and the meeting's page is among the few it should offer.
    """
    words_of_page: dict[str, set[str]] = {}
    for url, fragment in indexed_pages(site.root).items():
        text = fragment["meta"].get("title", "") + " " + fragment["content"]
        words_of_page[url] = set(re.findall(r"[a-z]+", text.lower()))
    pages_with = Counter(word for words in words_of_page.values() for word in words)
    candidates = []
    for meeting_id, meeting in site.content.meetings.items():
        if meeting.minutes is None or meeting.minutes.published is None or not meeting.minutes.body:
            continue
        for word in set(re.findall(r"[a-z]{5,}", meeting.minutes.body.lower())):
            if pages_with[word]:
                candidates.append((pages_with[word], -len(word), word, meeting_id))
    if not candidates:
        raise LookupError(f"the {site.source} has no published minutes with a searchable word")
    _, _, word, meeting_id = min(candidates)
    return meeting_id, word
