"""Every generated page of the portal, made in one place from the site model and the options.

:func:`site_pages` gives the pages in the order the site lists them: home, each
meeting, member and platform version, the section pages, the decision log, the
accountability pages, the feeds and open-data pages, and last the pages of the
addresses ``content/links.yml`` withdraws.  :func:`.wayfinding.site_nav` is the
navigation made from them.  Each page names its template and the views it lays out; the
templates compute nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from typing import Iterable

from ..checks.publication import State
from ..checks.punctuality import days
from ..checks.votes import RULE_WORDS
from ..content.model import LinksLedger
from . import urls
from .accountability import chart, record_label, record_url
from .catalogue import (
    KIND_FEEDS,
    OpenData,
    OutputOptions,
    follow,
    follow_member,
    member_feed,
)
from .endorse import endorse_context
from .model import Page, Site
from .views import DecisionView
from .wayfinding import place_pages

WITHDRAWN_TITLE = "Withdrawn"


def site_pages(site: Site, options: OutputOptions, data: OpenData) -> list[Page]:
    """Every page of ``site``; ``options`` are stated on the feeds page, ``data`` lists the
    open data's files."""
    pages = _record_pages(site)
    pages += _portal_pages(site)
    pages += _accountability_pages(site)  # punctuality and vital signs (issue 6)
    pages += [feeds_page(site, options), data_page(site, data)]  # feeds and open data (issue 5)
    pages += withdrawn_pages(site, pages)
    return place_pages(site, pages)  # breadcrumbs, section, neighbours (issue 16)


def _record_pages(site: Site) -> list[Page]:
    common = {"site": site}
    pages = [Page(urls.HOME, site.content.coalition.name, "home.html",
                  {**common, **_home(site),
                   "follow": follow("everything", "records as they become public", True)})]
    for view in site.meetings.values():
        pages.append(Page(view.url, view.title, "meeting.html", {**common, "view": view}))
    for view in site.members.values():
        pages.append(Page(view.url, view.member.name, "member.html",
                          {**common, "view": view, "follow": follow_member(view)},
                          feed=urls.member_feed_url(view.id)))
        for year, votes in view.vote_years:
            if year not in view.votes_on_page:
                pages.append(Page(view.vote_year_url(year), f"{view.member.name}: votes in {year}",
                                  "member_votes.html",
                                  {**common, "view": view, "year": year, "votes": votes,
                                   "classes": _choices(d.decision.class_ for d, _ in votes)}))
    for view in site.platforms.values():
        title = (f"Platform (version {view.version.number})" if view.current
                 else f"Platform version {view.version.number}")
        pages.append(Page(view.url, title, "platform.html", {**common, "view": view}))
        if view.current:
            # the version's permanent URL (feeds and exports cite it) serves it too, so it
            # keeps working after the next version is adopted and takes over platform/
            pages.append(Page(urls.platform_version_url(view.id),
                              f"Platform version {view.version.number}", "platform.html",
                              {**common, "view": view, "permanent": True}))
    return pages


def _home(site: Site) -> dict:
    by_state = defaultdict(list)
    for view in site.meetings.values():
        by_state[view.publication.state].append(view)
    held = [v for v in site.meetings.values() if v.meeting.date <= site.as_of]
    return {
        "upcoming": by_state[State.upcoming][:3],
        "overdue": by_state[State.overdue],
        "pending": by_state[State.pending],
        "latest": list(reversed(list(site.decisions.values())))[:8],
        "recent": list(reversed(held))[:6],
    }


def _portal_pages(site: Site) -> list[Page]:
    common = {"site": site}
    pages = [Page(diff.url, f"Platform: changes from version {diff.old.number} to "
                            f"{diff.new.number}", "platform_diff.html", {**common, "diff": diff})
             for diff in site.comparisons.values()]
    pages.append(Page(urls.AMENDMENTS_PAGE, "Platform amendments", "amendments.html", common))
    pages.append(Page(urls.MEETINGS_PAGE, "Meetings", "meetings.html",
                      {**common, "follow": follow("minutes", "minutes as they are published",
                                                  True)}))
    for year, views in site.years.items():
        pages.append(Page(urls.meetings_year_url(year), f"Meetings in {year}",
                          "meetings_year.html", {**common, "year": year, "views": views}))
    pages += _decision_log_pages(site)
    pages.append(Page(urls.MEMBERS_PAGE, "Members", "members.html", common))
    pages.append(Page(urls.VOTING_AGREEMENT_PAGE, "Voting agreement", "voting_agreement.html",
                      common))
    pages.append(Page(urls.ROLES_PAGE, "Roles", "roles.html", common))
    pages.append(Page(urls.ENDORSE_PAGE, "Endorse the platform", "endorse.html",
                      {**common, **endorse_context(site)}))
    pages.append(Page(urls.ABOUT_PAGE, "About this portal", "about.html",
                      {**common, "rule_words": RULE_WORDS}))
    return pages


def _decision_log_pages(site: Site) -> list[Page]:
    """The decision log, one page per year (a ten-year log was a 2.6 MB page), newest first.

    ``decisions/`` lists the years and shows the newest year's decisions, so its address
    keeps pointing at the log as it grows.
    """
    by_year: dict[int, list[DecisionView]] = defaultdict(list)
    for view in reversed(site.decisions.values()):
        by_year[view.year].append(view)
    years = [(year, len(by_year[year])) for year in sorted(by_year, reverse=True)]
    common = {"site": site, "years": years, "total": len(site.decisions),
              "year_url": urls.decision_log_url,
              "follow": follow("decisions", "decisions as they are recorded")}
    newest = years[0][0] if years else None
    pages = [Page(urls.decision_log_url(), "Decision log", "decisions.html",
                  {**common, "year": newest, "index": True,
                   **_log(by_year.get(newest, []))})]
    for year, _ in years:
        pages.append(Page(urls.decision_log_url(year), f"Decisions in {year}", "decisions.html",
                          {**common, "year": year, "index": False, **_log(by_year[year])}))
    return pages


def _log(log: list[DecisionView]) -> dict:
    """One page of the decision log, and the classes and outcomes its filter offers."""
    return {"log": log,
            "classes": _choices(d.decision.class_ for d in log),
            "outcomes": _choices(d.decision.outcome.value for d in log)}


def _choices(values: Iterable[str]) -> list[str]:
    """Distinct values (the first of those equal but for case), sorted ignoring case."""
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.lower(), value)
    return sorted(seen.values(), key=str.lower)


def _accountability_pages(site: Site) -> list[Page]:
    """The punctuality and vital-signs pages, from the figures the checks computed."""
    common = {"site": site, "days": days,
              "record_url": functools.partial(record_url, site),
              "record_label": functools.partial(record_label, site)}
    punctuality = site.prepared.punctuality
    pages = []
    if punctuality is not None:
        pages.append(Page(urls.PUNCTUALITY_PAGE, "Punctuality", "punctuality.html",
                          {**common, "p": punctuality, "chart": chart(site, punctuality)}))
    if site.prepared.vital_signs:
        pages.append(Page(urls.VITAL_SIGNS_PAGE, "Vital signs", "vital_signs.html",
                          {**common, "signs": site.prepared.vital_signs}))
    return pages


def feeds_page(site: Site, options: OutputOptions) -> Page:
    """The feeds page, stating the feed length and calendar window the writers use."""
    since = site.as_of - dt.timedelta(days=options.calendar_past_days)
    return Page(urls.FEEDS_PAGE, "Feeds and calendar", "feeds.html", {
        "site": site,
        "kind_feeds": list(KIND_FEEDS),
        "member_feeds": [(view, member_feed(view)) for view in site.members.values()],
        "calendar_url": urls.CALENDAR,
        "feed_length": options.feed_length,
        "calendar_past_days": options.calendar_past_days,
        "calendar_since": since,
    })


def data_page(site: Site, data: OpenData) -> Page:
    """The open-data page: every download, and the data dictionary of the export."""
    return Page(urls.DATA_PAGE, "Open data", "data.html", {
        "site": site,
        "files": [{"name": name, "url": urls.data_file(name), "meaning": meaning}
                  for name, meaning in data.files],
        "checksums_url": urls.data_file(data.checksums),
        "dictionary": [{**d, "anchor": _anchor(d)} for d in data.dictionary],
    })


def _anchor(entry: dict) -> str:
    """The data dictionary's section id of a file (or of a part of coalition.json)."""
    name = entry["file"] + (f"-{entry['part']}" if entry["part"] else "")
    return name.replace(".", "-").replace("_", "-")


def withdrawn_pages(site: Site, pages: list[Page]) -> list[Page]:
    """A page at each withdrawn page address of ``content/links.yml`` no page uses any more."""
    current = {"/" + page.url for page in pages}
    return [Page(url, WITHDRAWN_TITLE, "withdrawn.html", {"site": site, "reason": reason},
                 withdrawn=True)
            for url, reason in withdrawn_addresses(site.content.links, current)]


def withdrawn_addresses(ledger: LinksLedger | None,
                        current: Iterable[str]) -> list[tuple[str, str]]:
    """(site-relative page URL, reason) of each withdrawn page URL no page uses any more."""
    if ledger is None:
        return []
    current = set(current)
    return [(url[1:], reason) for url, reason in sorted(ledger.withdrawn.items())
            if url.endswith("/") and url not in current and url not in ledger.redirects]
