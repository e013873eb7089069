"""Every public URL of the portal: its pages, its records and the files it publishes.

Feeds, the calendar and the exports cite records by URL for years, so every
URL here is part of the public contract: change one only with a redirect.
The views, the pages, the templates (as ``urls``) and the outputs make their
URLs here and nowhere else; this module imports nothing, so every stage can use it.
URLs are site-relative (``meetings/<id>/``, '' is home); :func:`absolute` joins
them to the configured ``site_url``.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

HOME = ""
MEETINGS_PAGE = "meetings/"
MEMBERS_PAGE = "members/"
DECISIONS_PAGE = "decisions/"
PLATFORM_PAGE = "platform/"
AMENDMENTS_PAGE = "platform/amendments/"
VOTING_AGREEMENT_PAGE = "voting-agreement/"
ROLES_PAGE = "roles/"
ENDORSE_PAGE = "endorse/"
ABOUT_PAGE = "about/"
PUNCTUALITY_PAGE = "punctuality/"
BACK_DATING = "punctuality/#back-dating"
VITAL_SIGNS_PAGE = "vital-signs/"
FEEDS_PAGE = "feeds/"
DATA_PAGE = "data/"
CALENDAR = "feeds/meetings.ics"
# for crawlers: robots.txt names the engine's sitemap (MkDocs writes sitemap.xml at the root);
# each folder of feeds has a sitemap.xml of its own (see outputs/crawl.py)
ROBOTS = "robots.txt"
SITEMAP = "sitemap.xml"
EXPORT_SCHEMA = "data/coalition-export.schema.json"
FEED_STYLESHEET = "feeds/feed.xsl"  # how a feed reads in a browser (outputs.feed_stylesheet)
FEED_CSS = "feeds/feed.css"  # ... in a browser without XSLT
SEARCH_INDEX = "pagefind/"  # the search index (outputs.search_index), fetched by the search box


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


def meeting_url(meeting_id: str) -> str:
    return f"{MEETINGS_PAGE}{meeting_id}/"


def meeting_calendar_url(meeting_id: str) -> str:
    """An upcoming meeting's own iCalendar file ("add to calendar"), beside its page."""
    return f"{meeting_url(meeting_id)}{meeting_id}.ics"


def is_meeting_calendar(url: str) -> bool:
    """Whether a site path (``/meetings/<id>/<id>.ics``) is an upcoming meeting's own .ics:
    offered only until the meeting, so no address people are promised to keep (the event's
    URL, the meeting page, is)."""
    parts = url.strip("/").split("/")
    return (len(parts) == 3 and f"{parts[0]}/" == MEETINGS_PAGE
            and parts[2] == f"{parts[1]}.ics")


def meeting_files_url(meeting_id: str) -> str:
    """Where a meeting's attachments (the files of ``content/meetings/<id>/``) are published."""
    return f"{meeting_url(meeting_id)}files/"


def attachment_url(meeting_id: str, published_name: str) -> str:
    """One attachment; ``published_name`` is already URL-safe (content.attachments.safe_name)."""
    return f"{meeting_files_url(meeting_id)}{published_name}"


def attachments_section_url(meeting_id: str) -> str:
    """The list of a meeting's attachments on its page."""
    return f"{meeting_url(meeting_id)}#files"


def corrections_url(meeting_id: str) -> str:
    """The corrections section of the meeting's page."""
    return f"{meeting_url(meeting_id)}#corrections"


def correction_url(meeting_id: str, number: int) -> str:
    """The ``number``-th correction (1-based) on the meeting's page."""
    return f"{meeting_url(meeting_id)}#correction-{number}"


def meetings_year_url(year: int) -> str:
    return f"{MEETINGS_PAGE}{year}/"


def decision_url(meeting_id: str, decision_id: str) -> str:
    """A decision is recorded on the page of the meeting that took it."""
    return f"{meeting_url(meeting_id)}#{decision_id}"


def decision_log_url(year: int | None = None) -> str:
    """The decision log (its newest year), or one year of it."""
    return DECISIONS_PAGE if year is None else f"{DECISIONS_PAGE}{year}/"


def member_url(member_id: str) -> str:
    return f"{MEMBERS_PAGE}{member_id}/"


def vote_year_url(member_id: str, year: int) -> str:
    """The page of a member's votes in one earlier year."""
    return f"{member_url(member_id)}votes/{year}/"


def platform_url(version_id: str, current: bool) -> str:
    """Where a version is read: ``platform/`` for the current one."""
    return PLATFORM_PAGE if current else platform_version_url(version_id)


def clause_url(version_page: str, clause_id: str) -> str:
    return f"{version_page}#clause-{clause_id}"


def diff_url(old_id: str, new_id: str) -> str:
    """What changed from one platform version to the next."""
    return f"{PLATFORM_PAGE}changes/{old_id}-{new_id}/"


def vital_sign_url(key: str) -> str:
    return f"{VITAL_SIGNS_PAGE}#{key}"


def feed_url(slug: str, fmt: str) -> str:
    """``fmt`` is ``rss`` or ``atom``; both are served as .xml so any static host types them."""
    return f"feeds/{slug}.{fmt}.xml"


def member_feed_slug(member_id: str) -> str:
    """The name of a member's own feed (its entries list the feeds they are in by name)."""
    return f"members/{member_id}"


def member_feed_url(member_id: str, fmt: str = "rss") -> str:
    return feed_url(member_feed_slug(member_id), fmt)


def data_file(name: str) -> str:
    return posixpath.join(DATA_PAGE, name)


def platform_version_url(version_id: str) -> str:
    """The version's own page; stays valid after a later version becomes current."""
    return f"{PLATFORM_PAGE}{version_id}/"


def amendment_url(amendment_id: str) -> str:
    return f"{AMENDMENTS_PAGE}#amendment-{amendment_id}"


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


def folder_sitemap(folder: str) -> str:
    """The sitemap of the files of one folder (``feeds/`` gives ``feeds/sitemap.xml``)."""
    return folder + SITEMAP
