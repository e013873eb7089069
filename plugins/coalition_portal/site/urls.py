"""Permanent URLs of records and of the files the portal publishes besides its pages.

Feeds, the calendar and the exports cite records by URL for years, so every
URL here is part of the public contract: change one only with a redirect.
This module imports nothing from the site model, so the site model can use it.
URLs are site-relative like the site model's (``meetings/<id>/``, '' is home);
:func:`absolute` joins them to the configured ``site_url``.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

FEEDS_PAGE = "feeds/"
DATA_PAGE = "data/"
ROLES_PAGE = "roles/"
ENDORSE_PAGE = "endorse/"
PLATFORM_PAGE = "platform/"
CALENDAR = "feeds/meetings.ics"
EXPORT_SCHEMA = "data/coalition-export.schema.json"


class SiteUrlMissing(Exception):
    """Feeds and the calendar need absolute links, and there is no site_url to make them."""


def base_url(coalition_site_url: str | None, engine_site_url: str | None) -> str:
    """The site's absolute root URL, ending in '/': coalition.yml wins over the engine's."""
    url = coalition_site_url or engine_site_url
    if not url:
        raise SiteUrlMissing(
            "site_url is not set: feeds, the calendar and the open data need the portal's "
            "public address to write absolute links. Set `site_url: https://...` in "
            "content/coalition.yml (or in mkdocs.yml)")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SiteUrlMissing(f"site_url {url!r} should be a web address such as "
                             "https://coalition.example.org/")
    return url if url.endswith("/") else url + "/"


def absolute(base: str, url: str) -> str:
    """``url`` is site-relative (no leading '/', no scheme), so joining is concatenation."""
    return base + url


def host(base: str) -> str:
    return urlsplit(base).netloc


def feed_url(slug: str, fmt: str) -> str:
    """``fmt`` is ``rss`` or ``atom``; both are served as .xml so any static host types them."""
    return f"feeds/{slug}.{fmt}.xml"


def member_feed_url(member_id: str, fmt: str = "rss") -> str:
    return feed_url(f"members/{member_id}", fmt)


def data_file(name: str) -> str:
    return posixpath.join(DATA_PAGE, name)


def platform_version_url(version_id: str) -> str:
    """The version's own page; stays valid after a later version becomes current."""
    return f"{PLATFORM_PAGE}{version_id}/"


def amendment_url(amendment_id: str) -> str:
    return f"{PLATFORM_PAGE}amendments/#amendment-{amendment_id}"


def endorsement_url(endorsement_id: str) -> str:
    return f"{ENDORSE_PAGE}#endorsement-{endorsement_id}"


def role_url(role_id: str) -> str:
    return f"{ROLES_PAGE}#role-{role_id}"


def term_url(role_id: str, start) -> str:
    """One term in a role: the role's section, and the term by its first day."""
    return f"{role_url(role_id)}-{start}"


def member_event_url(member_page: str, anchor: str) -> str:
    """A fact about one member (a vote cast, a meeting attended) on that member's page."""
    return f"{member_page}#{anchor}"
