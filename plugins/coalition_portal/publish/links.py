"""Published links never die: the ledger of every URL the portal has published.

Watchdogs cite the portal for years.  ``content/links.yml`` lists every URL a build has
published, as the path after the site address: ``/``, ``/meetings/<id>/``, ``/feeds/all.xml``.
``coalition links update`` adds the URLs of the current content; nothing ever removes one.  A
build that would no longer publish a listed URL fails, naming it, unless links.yml redirects it
(a page at the old URL points to the new one) or marks it withdrawn (a page at the URL says so).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable

from markupsafe import escape

from ..content.findings import Finding
from ..content.load import Content
from ..content.model import LINK_PATTERN, LinksLedger
from ..site import urls
from ..site.render import relative_url
from ..site.urls import is_meeting_calendar

LEDGER_FILE = "links.yml"
_LINK = re.compile(LINK_PATTERN)
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/links.schema.json"
# The site's machinery, renamed freely by theme upgrades: not records people cite.  Nor is
# an upcoming meeting's own .ics, gone once the meeting has passed (urls.is_meeting_calendar).
MACHINERY = ("assets/", "search/", urls.SEARCH_INDEX, urls.FEED_STYLESHEET, urls.FEED_CSS,
             "sitemap.xml", "404.html")


def page_urls(site) -> set[str]:
    """The URL of every page of the site model (not the pages saying a URL was withdrawn)."""
    return {"/" + page.url for page in site.pages if not page.withdrawn}


def built_urls(site_dir: Path) -> set[str]:
    """Every address a build wrote into ``site_dir``: pages, feeds, calendar, exports, files."""
    out = set()
    for path in site_dir.rglob("*"):
        relative = path.relative_to(site_dir).as_posix()
        if not path.is_file() or relative.startswith(MACHINERY) or is_meeting_calendar(relative):
            continue
        url = "/" + (relative[: -len("index.html")] if path.name == "index.html" else relative)
        if _LINK.match(url):  # names a URL can carry as written (no spaces, no dot-files)
            out.add(url)
    return out


def current_urls(site, site_dir: Path | None = None) -> set[str]:
    """The site model's pages, plus what a build wrote into ``site_dir`` when given."""
    return page_urls(site) | (built_urls(site_dir) if site_dir and site_dir.is_dir() else set())


def ledger_findings(content: Content, current: Iterable[str]) -> list[Finding]:
    """Every listed URL is still published, redirected to a published URL, or withdrawn."""
    ledger = content.links
    if ledger is None:
        return []
    current = set(current)
    src = content.source("links")
    out = []
    for i, url in enumerate(ledger.urls):
        if url not in current and url not in ledger.redirects and url not in ledger.withdrawn:
            out.append(src.finding(("urls", i),
                f"{url} was published, and this build would no longer publish it; people cite "
                f"it, so keep it working: under redirects: add '{url}: <its new address>', or "
                f"under withdrawn: add '{url}: <why it was taken down>'"))
    for old, new in ledger.redirects.items():
        loc = ("redirects", old)
        if old in current:
            out.append(src.finding(loc, f"{old} is still published, so it cannot redirect to "
                                        f"{new}; remove this redirect"))
        elif not old.endswith("/"):
            out.append(src.finding(loc, f"{old} is a file, and a static site can only redirect "
                                        "pages (addresses ending in /); list it under withdrawn:"))
        elif new not in current:
            out.append(src.finding(loc, f"the redirect from {old} goes to {new}, which this "
                                        "build does not publish; point it at a published page"))
        if old in ledger.withdrawn:
            out.append(src.finding(loc, f"{old} is both redirected and withdrawn; keep one"))
    for url in ledger.withdrawn:
        if url in current:
            out.append(src.finding(("withdrawn", url),
                                   f"{url} is still published; remove it from withdrawn:"))
    return out


def redirect_page(old: str, new: str, site_url: str | None) -> str:
    """A page at ``old`` sending readers (and crawlers) to ``new``."""
    target = relative_url(old[1:], new[1:])
    canonical = (site_url.rstrip("/") + new) if site_url else target
    target, canonical = escape(target), escape(canonical)
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>Moved to {escape(new)}</title>\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n"
        f"<link rel=\"canonical\" href=\"{canonical}\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n"
        f"<p>This page has moved to <a href=\"{target}\">{escape(new)}</a>.</p>\n"
        "</body>\n</html>\n"
    )


def write_redirects(site_dir: Path, ledger: LinksLedger | None, site_url: str | None) -> list[Path]:
    """Write the redirect page of every redirected page URL into a built site."""
    written = []
    for old, new in sorted((ledger.redirects if ledger else {}).items()):
        path = site_dir / old[1:] / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(redirect_page(old, new, site_url), encoding="utf-8")
        written.append(path)
    return written


def _order(url: str) -> tuple:
    return (url != "/", url)


def ledger_text(ledger: LinksLedger | None, current: Iterable[str]) -> str:
    """links.yml with every URL it lists plus ``current``; redirects and withdrawals kept."""
    urls = set(current) | set(ledger.urls if ledger else ())
    redirects = ledger.redirects if ledger else {}
    withdrawn = ledger.withdrawn if ledger else {}
    lines = [
        SCHEMA_LINE,
        "# Every address this portal has published. People cite them for years: never delete a",
        "# line. `coalition links update` adds new ones. To move a page, add it under redirects:",
        "# (old: new); to take a record down, add it under withdrawn: (address: reason).",
        "urls:",
        *(f"  - {url}" for url in sorted(urls, key=_order)),
    ]
    lines.append("redirects:" + ("" if redirects else " {}"))
    lines += [f"  {old}: {new}" for old, new in sorted(redirects.items())]
    lines.append("withdrawn:" + ("" if withdrawn else " {}"))
    lines += [f"  {url}: {json.dumps(reason, ensure_ascii=False)}"
              for url, reason in sorted(withdrawn.items())]
    return "\n".join(lines) + "\n"


def unrecorded(ledger: LinksLedger | None, current: Iterable[str]) -> list[str]:
    """Published URLs the ledger does not list yet."""
    if ledger is None:
        return []
    return sorted(set(current) - set(ledger.urls), key=_order)
