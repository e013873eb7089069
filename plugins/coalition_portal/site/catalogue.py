"""What the portal publishes besides its pages, as far as its pages tell of it.

The feeds page and the open-data page describe files the outputs stage writes; the
facts both stages need live here (the outputs read them, the pages lay them out):
the feeds and their names, the options of the feeds and the calendar, and the
description of the open data that the outputs stage hands to the pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..settings import Settings
from . import urls
from .render import plain


@dataclass(frozen=True)
class OutputOptions:
    """The options of the feeds and the calendar: the pages state them, the writers use them."""

    base_url: str  # absolute, ending in '/'; '' when only the pages' addresses are wanted
    feed_length: int
    calendar_past_days: int

    @classmethod
    def of(cls, settings: Settings, base_url: str = "") -> OutputOptions:
        return cls(base_url, settings.feed_length, settings.calendar_past_days)


@dataclass(frozen=True)
class FeedInfo:
    """One feed as listed on the feeds page."""

    slug: str
    title: str
    description: str
    member_id: str | None = None

    @property
    def rss(self) -> str:
        return urls.feed_url(self.slug, "rss")

    @property
    def atom(self) -> str:
        return urls.feed_url(self.slug, "atom")


KIND_FEEDS = (
    FeedInfo("everything", "Everything",
             "Every record as it becomes public: minutes, decisions and votes, platform "
             "versions and amendments, members joining and leaving, endorsements, roles."),
    FeedInfo("minutes", "Minutes", "Minutes of each meeting, on the day they were published."),
    FeedInfo("decisions", "Decisions", "Every decision with its rationale and outcome."),
    FeedInfo("votes", "Votes", "Every recorded vote, with how each member voted."),
    FeedInfo("platform", "Platform", "Platform versions adopted and amendments proposed "
             "or settled."),
    FeedInfo("membership", "Membership", "Members joining and leaving; endorsements given "
             "and withdrawn."),
)


def member_feed(view) -> FeedInfo:
    """The feed of one member (``view`` is its member view)."""
    name = view.member.name
    return FeedInfo(urls.member_feed_slug(view.id), plain(name),
                    f"{plain(name)}: votes cast, attendance, roles, endorsements, joining "
                    "and leaving.", view.id)


@dataclass(frozen=True)
class Follow:
    """The "Follow" block of a page: its feed (RSS and Atom), the calendar when it is about
    meetings, and the feeds page that explains subscribing."""

    feed: FeedInfo
    what: str  # what the feed brings, after "New ..." (plain text)
    calendar: str | None = None  # the calendar's URL, on pages about meetings
    feeds_page: str = urls.FEEDS_PAGE


_KIND = {info.slug: info for info in KIND_FEEDS}


def follow(slug: str, what: str, calendar: bool = False) -> Follow:
    """The Follow block of one of the coalition's feeds (``everything``, ``minutes``...)."""
    return Follow(_KIND[slug], what, urls.CALENDAR if calendar else None)


def follow_member(view) -> Follow:
    """The Follow block of a member's page: that member's own feed."""
    return Follow(member_feed(view), f"votes, attendance and roles of {plain(view.member.name)}")


def catalogue(site) -> list[FeedInfo]:
    """Every feed the portal publishes, in the order the feeds page lists them."""
    return list(KIND_FEEDS) + [member_feed(v) for v in site.members.values()]


@dataclass(frozen=True)
class OpenData:
    """The downloads of ``data/`` as the open-data page lists them, from the outputs stage
    (read from the export's own models and schema, so the page cannot drift from the files)."""

    files: tuple[tuple[str, str], ...]  # (file name, what it holds), in the page's order
    checksums: str  # the name of the checksums file
    dictionary: list[dict]  # per file (and part of coalition.json): its columns
