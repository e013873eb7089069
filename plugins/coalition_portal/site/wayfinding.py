"""Wayfinding: the grouped navigation, and where each page sits in it.

The navigation (:func:`site_nav`) groups the section pages as readers look for them: the
record, the platform, accountability, follow, about; the meetings and the decision log list
their years.  Records (a meeting, a member, a platform version, a diff) are not listed there
(a ten-year archive has hundreds), so each page gets a :class:`~.model.Place`
(:func:`place_pages`): its breadcrumb trail (Meetings › 2024 › the meeting), the navigation
entry the reader is in (the engine marks it current: the active tab and the sidebar), and
for a meeting the meetings before and after it.  :func:`page_body` renders a page with those
neighbours, :func:`trail_html` its breadcrumbs.  Every URL comes from :mod:`.urls`.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Iterable, Union

from . import urls
from .model import Page, Place, Site
from .render import plain, render_page

# (title, page source name) of a page, or (title, [entries]) of a group.
NavEntry = tuple[str, Union[str, list["NavEntry"]]]

MEETINGS = ("Meetings", urls.MEETINGS_PAGE)
DECISIONS = ("Decisions", urls.DECISIONS_PAGE)
MEMBERS = ("Members", urls.MEMBERS_PAGE)
PLATFORM = ("Platform", urls.PLATFORM_PAGE)

# The navigation's groups, each with its section pages in order ("years" entries list the
# year pages under their section page); the site shows those it has.
NAV = (
    ("Home", urls.HOME),
    ("The record", (("Meetings", "meetings-years"), ("Decisions", "decision-years"),
                    ("Members", urls.MEMBERS_PAGE), ("Roles", urls.ROLES_PAGE))),
    ("The platform", (("Platform", urls.PLATFORM_PAGE), ("Amendments", urls.AMENDMENTS_PAGE),
                      ("Endorse", urls.ENDORSE_PAGE))),
    ("Accountability", (("Punctuality", urls.PUNCTUALITY_PAGE),
                        ("Vital signs", urls.VITAL_SIGNS_PAGE),
                        ("Voting agreement", urls.VOTING_AGREEMENT_PAGE))),
    ("Follow", (("Feeds and calendar", urls.FEEDS_PAGE), ("Open data", urls.DATA_PAGE))),
    ("About", (("About this portal", urls.ABOUT_PAGE),)),
)


def site_nav(site: Site) -> list[NavEntry]:
    """The navigation of ``site``'s pages: a group of one page is that page, under the
    group's name; an empty group is left out."""
    present = {page.url: page.src_uri for page in site.pages}
    years = {"meetings-years": [("All meetings", urls.MEETINGS_PAGE)]
             + [(str(y), urls.meetings_year_url(y)) for y in site.years],
             "decision-years": [("Decision log", urls.decision_log_url())]
             + [(str(y), urls.decision_log_url(y)) for y in decision_years(site)]}

    def entries(items: Iterable[tuple[str, object]]) -> list[NavEntry]:
        out: list[NavEntry] = []
        for title, target in items:
            if isinstance(target, str) and target in years:
                target = years[target]
            if isinstance(target, str):
                if target in present:
                    out.append((title, present[target]))
                continue
            children = entries(target)
            if len(children) == 1:
                out.append((title, children[0][1]))
            elif children:
                out.append((title, children))
        return out

    return entries(NAV)


def decision_years(site: Site) -> list[int]:
    """The years of the decision log, newest first."""
    return sorted({view.year for view in site.decisions.values()}, reverse=True)


def place_pages(site: Site, pages: list[Page]) -> list[Page]:
    """``pages`` with their places: breadcrumbs, section, neighbours."""
    present = {page.url for page in pages}
    places = _places(site, present)
    return [dataclasses.replace(page, place=places[page.url]) if page.url in places else page
            for page in pages]


def _places(site: Site, present: set[str]) -> dict[str, Place]:
    def trail(*crumbs: tuple[str, str]) -> tuple[tuple[str, str], ...]:
        return tuple(crumb for crumb in crumbs if crumb[1] in present)

    places: dict[str, Place] = {}
    for year in site.years:
        places[urls.meetings_year_url(year)] = Place(trail(MEETINGS))
    meetings = sorted(site.meetings.values(), key=lambda v: (v.meeting.date, v.id))
    for i, view in enumerate(meetings):
        year = (str(view.meeting.date.year), urls.meetings_year_url(view.meeting.date.year))
        before = meetings[i - 1] if i else None
        after = meetings[i + 1] if i + 1 < len(meetings) else None
        places[view.url] = Place(
            trail(MEETINGS, year), section=year[1] if year[1] in present else MEETINGS[1],
            previous=(before.title, before.url) if before else None,
            next=(after.title, after.url) if after else None, sequence="meeting")
    for year in decision_years(site):
        places[urls.decision_log_url(year)] = Place(trail(DECISIONS))
    for view in site.members.values():
        places[view.url] = Place(trail(MEMBERS), section=MEMBERS[1])
        for year, _ in view.vote_year_pages:
            places[view.vote_year_url(year)] = Place(
                trail(MEMBERS, (plain(view.member.name), view.url)), section=MEMBERS[1])
    for view in site.platforms.values():
        places[urls.platform_version_url(view.id)] = Place(trail(PLATFORM), section=PLATFORM[1])
    for diff in site.comparisons.values():  # every pair of versions, not only neighbours
        places[diff.url] = Place(trail(PLATFORM), section=PLATFORM[1])
    places[urls.AMENDMENTS_PAGE] = Place(trail(PLATFORM))
    return places


def page_body(page: Page) -> str:
    """The page's HTML: its template, then the pages before and after it."""
    body = render_page(page.template, page.url, **page.context)
    place = page.place
    if place.previous or place.next:
        body += render_page("_neighbours.html", page.url, place=place)
    return body


def trail_html(page: Page) -> str:
    """The page's breadcrumbs (its ancestors, then itself), or '' for a page at the top.

    They go above the page's content, as the engine's own breadcrumbs do: outside it, so
    the skip link still lands on the content and the search index leaves them out."""
    if not page.place.trail:
        return ""
    return _trail_html(page.url, page.place.trail, page.title)


@functools.lru_cache(maxsize=8192)  # a preview asks again for every page on every save
def _trail_html(url: str, trail: tuple[tuple[str, str], ...], title: str) -> str:
    return render_page("_trail.html", url, place=Place(trail), title=title)
