"""The site model: every view of the portal, computed once from validated content.

Pages, feeds, the calendar and the exports all read this model; none of them
walks the records again.  Per-member facts (votes, attendance, roles) are
gathered in one pass over the meetings, never by a scan per member.  The views
are in :mod:`.views`; the pages made from them in :mod:`.pages`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.pipeline import Prepared
from ..checks.publication import Publication, State
from ..checks.references import members_by_day, rule_of
from ..checks.votes import count, describe_rule
from ..content.findings import Finding
from ..content.load import Content
from ..content.model import MeetingStatus, Term
from ..halves import in_two
from . import urls
from .agreement import Agreement, agreement
from .links_in_minutes import SitePages
from .platform_diff import PlatformDiff, platform_diff
from .render import LinkTargets
from .views import (
    AmendmentView,
    DecisionView,
    EndorsementView,
    MeetingView,
    MemberView,
    PlatformView,
    RoleView,
    meeting_title,
)

CALLED_OFF = (MeetingStatus.cancelled, MeetingStatus.postponed)
# How much Markdown a build's minutes come to before a forked copy renders half of them
# (a fork and its results' way back cost about as much as rendering 100,000 characters),
# and after which they are rendered by one again: the HTML the copy sends back took the
# long-transcript archive's build (39 MB of minutes) 55 MB more, past its 300 MB
SHARED_MINUTES = 200_000
SHARED_MINUTES_MAX = 16_000_000


@dataclass(frozen=True)
class YearSummary:
    """One year of meetings, as the meetings page counts it."""

    year: int
    meetings: int
    held: int
    called_off: int  # cancelled or postponed
    decisions: int


@dataclass(frozen=True)
class Place:
    """Where a page sits in the portal (:mod:`.wayfinding`): its breadcrumb trail, the
    navigation entry a reader is in there, and the pages before and after it."""

    trail: tuple[tuple[str, str], ...] = ()  # (title, URL) of each ancestor, outermost first
    section: str | None = None  # URL of the navigation entry to mark as current
    previous: tuple[str, str] | None = None  # (label, URL) of the page before, if any
    next: tuple[str, str] | None = None  # (label, URL) of the page after, if any
    sequence: str = ""  # what previous and next step through ("meeting")


@dataclass(frozen=True)
class Page:
    """One generated page: where it lives, its title (plain text) and how to render it."""

    url: str  # site-relative directory URL, '' for home
    title: str
    template: str
    context: dict
    feed: str | None = None  # site-relative URL of the page's own feed, if any
    withdrawn: bool = False  # a page saying a record was taken down (content/links.yml)
    place: Place = Place()  # breadcrumbs, section and neighbours (wayfinding.place_pages)

    @property
    def src_uri(self) -> str:
        return source_name(self.url)


def source_name(url: str) -> str:
    """The source name an engine knows a generated page by (``meetings.md``, ``index.md``)."""
    return "index.md" if url == "" else url.rstrip("/") + ".md"


@dataclass
class Site:
    prepared: Prepared
    meetings: dict[str, MeetingView]
    decisions: dict[str, DecisionView]  # by id, in meeting order
    members: dict[str, MemberView]
    platforms: dict[str, PlatformView]
    pages: list[Page] = field(default_factory=list)  # made by pages.site_pages
    # the public portal's views (issue 4), filled by _portal_views
    years: dict[int, list[MeetingView]] = field(default_factory=dict)  # newest year first
    diffs: dict[str, PlatformDiff] = field(default_factory=dict)  # by the newer version's id
    # every pair of versions, older first: (old id, new id) -> its changes (diffs are among them)
    comparisons: dict[tuple[str, str], PlatformDiff] = field(default_factory=dict)
    clause_urls: dict[str, str] = field(default_factory=dict)  # clause id -> newest version's anchor
    amendments: dict[str, AmendmentView] = field(default_factory=dict)
    endorsements: dict[str, EndorsementView] = field(default_factory=dict)
    roles: list[RoleView] = field(default_factory=list)
    agreement: Agreement | None = None
    # the URLs of its pages, once made (portal.build_site): the minutes may link to them
    page_urls: SitePages = field(default_factory=SitePages)
    # the ids Markdown may mention (decisions, clauses) -> their URLs, filled by _portal_views
    link_targets: LinkTargets = field(default_factory=LinkTargets)

    @property
    def content(self) -> Content:
        return self.prepared.content

    @property
    def as_of(self) -> dt.date:
        return self.prepared.as_of

    @functools.cached_property
    def member_names(self) -> dict[str, str]:
        """Member id -> name (untrusted text), for roll calls."""
        return {mid: view.member.name for mid, view in self.members.items()}

    def comparison_rows(self) -> list[tuple[PlatformView, list[PlatformDiff]]]:
        """Each version but the newest, with its comparisons to every later version."""
        rows: dict[str, list[PlatformDiff]] = {}
        for (old, _), diff in self.comparisons.items():
            rows.setdefault(old, []).append(diff)
        return [(self.platforms[old], diffs) for old, diffs in rows.items()]

    @property
    def current_platform(self) -> PlatformView:
        return next(v for v in reversed(self.platforms.values()) if v.version.adopted <= self.as_of)

    def minutes_findings(self) -> list[Finding]:
        """Warnings about the published minutes' links and images, in meeting order (the
        minutes are rendered for their pages; asked after the build, this renders nothing)."""
        return [finding for view in self.meetings.values()
                if view.meeting.minutes is not None and view.meeting.minutes.published
                for finding in view.minutes_findings]

    def render_minutes(self, shared: bool = False) -> None:
        """Render every meeting's minutes now (each view keeps its HTML): before the outputs'
        second process forks (outputs.background), so the pages and the feeds share one
        rendering instead of each process making its own.  ``shared``: a forked copy of
        this process renders about half of them meanwhile (:func:`..halves.in_two`), when
        they are :data:`SHARED_MINUTES` characters or more, up to :data:`SHARED_MINUTES_MAX`."""
        views = list(self.meetings.values())
        length = sum(view.minutes_length() for view in views)
        if not shared or not SHARED_MINUTES <= length <= SHARED_MINUTES_MAX:
            for view in views:
                view.minutes_findings  # noqa: B018 - renders and keeps the minutes
            return
        for view, rendered in zip(views, in_two(views, MeetingView.rendered_minutes,
                                                MeetingView.minutes_length)):
            view.keep_minutes(rendered)

    def attachment_files(self) -> list[tuple[str, Path]]:
        """(site-relative URL, source file) of every meeting's attachments, to be copied."""
        return [(urls.attachment_url(view.id, item.published), item.path)
                for view in self.meetings.values() for item in view.attachments]

    def has_page(self, url: str) -> bool:
        """Whether some page of the site lives at ``url`` (templates link only to real pages)."""
        return any(page.url == url for page in self.pages)

    @functools.cached_property
    def members_by_name(self) -> list[MemberView]:
        """Every member, as readers look them up: by name (ignoring case), then id."""
        return sorted(self.members.values(), key=lambda v: (v.member.name.casefold(), v.id))

    @property
    def current_members(self) -> list[MemberView]:
        return [view for view in self.members_by_name if view.current]

    @property
    def former_members(self) -> list[MemberView]:
        return [view for view in self.members_by_name if not view.current]

    @property
    def upcoming(self) -> list[MeetingView]:
        """The meetings still to come, by date."""
        return [v for v in self.meetings.values() if v.publication.state is State.upcoming]

    @functools.cached_property
    def year_summaries(self) -> list[YearSummary]:
        """Each year's meetings counted, newest year first."""
        return [YearSummary(year, len(views),
                            sum(v.meeting.status is MeetingStatus.held for v in views),
                            sum(v.meeting.status in CALLED_OFF for v in views),
                            sum(len(v.decisions) for v in views))
                for year, views in self.years.items()]

    @property
    def amendments_newest_first(self) -> list[AmendmentView]:
        """Every amendment, the newest proposal first (the amendments page)."""
        return sorted(self.amendments.values(), key=lambda a: a.amendment.proposed_on,
                      reverse=True)

    def amendments_against(self, version_id: str) -> list[AmendmentView]:
        """The amendments proposed to one platform version."""
        return [a for a in self.amendments.values() if a.amendment.against == version_id]

    @property
    def withdrawn(self) -> list[tuple[str, str]]:
        """(url, reason) of the pages saying a record was withdrawn."""
        return [(page.url, page.context["reason"]) for page in self.pages if page.withdrawn]

    @functools.cached_property
    def handovers(self) -> list[tuple[Term, str | None]]:
        """Each role term with the member who held the role just before (None for the first),
        by first day (the feeds and the calendar announce them)."""
        last: dict[str, str] = {}
        out = []
        for term in sorted(self.content.roles.terms, key=lambda t: (t.role, t.from_)):
            out.append((term, last.get(term.role)))
            last[term.role] = term.member
        return sorted(out, key=lambda pair: (pair[0].from_, pair[0].role))


def build_model(prepared: Prepared) -> Site:
    """The site model's views; :func:`..portal.build_site` adds its pages."""
    content = prepared.content
    superseded: dict[str, list[str]] = defaultdict(list)
    for meeting in content.meetings.values():
        for decision in meeting.decisions:
            for earlier in decision.supersedes:
                superseded[earlier].append(decision.id)
    page_urls = SitePages()
    targets = LinkTargets()
    meetings, decisions = _meetings(content, prepared.publications, superseded,
                                    prepared.attachments, prepared.settings.third_party_images,
                                    page_urls, targets)
    members = _members(content, prepared.as_of, meetings)
    current_id = next((vid for vid, v in reversed(content.platforms.items())
                       if v.adopted <= prepared.as_of), None)
    platforms = {vid: PlatformView(vid, v, vid == current_id) for vid, v in content.platforms.items()}
    site = Site(prepared, meetings, decisions, members, platforms, page_urls=page_urls,
                link_targets=targets)
    _portal_views(site)
    return site


def _meetings(content: Content, publications: dict[str, Publication], superseded,
              attachments: dict, third_party_images: str, page_urls: SitePages,
              targets: LinkTargets):
    meetings: dict[str, MeetingView] = {}
    decisions: dict[str, DecisionView] = {}
    on_day = members_by_day(content)  # one sweep: a scan per meeting grows with the square
    for meeting_id, meeting in content.meetings.items():
        views = []
        eligible = len(on_day[meeting.date])
        for decision in meeting.decisions:
            rule = rule_of(content, decision)
            result = count(decision.vote, rule, eligible) if decision.vote is not None else None
            view = DecisionView(decision.id, decision, meeting_id, meeting, rule,
                                describe_rule(rule), result, tuple(superseded.get(decision.id, ())),
                                targets)
            views.append(view)
            decisions[decision.id] = view
        meetings[meeting_id] = MeetingView(meeting_id, meeting, publications[meeting_id],
                                           tuple(views), meeting_title(meeting),
                                           attachments.get(meeting_id), third_party_images,
                                           page_urls, targets)
    return meetings, decisions


def _members(content: Content, as_of: dt.date, meetings: dict[str, MeetingView]):
    members = {mid: MemberView(mid, m, m.is_member_on(as_of)) for mid, m in content.members.items()}
    for view in meetings.values():
        for entry in view.meeting.attendance:
            members[entry.member].attendance.append((view, entry.status))
        if view.meeting.chair and view.meeting.status is not MeetingStatus.cancelled:
            members[view.meeting.chair].chaired.append(view)
        for decision in view.decisions:
            for member_id, choice in (decision.decision.vote or {}).items():
                members[member_id].votes.append((decision, choice))
    for term in content.roles.terms:
        members[term.member].terms.append(term)
    for eid, endorsement in content.endorsements.items():
        if endorsement.endorser.member:
            members[endorsement.endorser.member].endorsements.append((eid, endorsement))
    for aid, amendment in content.amendments.items():
        members[amendment.proposed_by].amendments.append(aid)
    return members


def _roles(content: Content, as_of: dt.date) -> list[RoleView]:
    terms: dict[str, list[Term]] = defaultdict(list)
    for term in content.roles.terms:
        terms[term.role].append(term)
    views = []
    for role in content.roles.roles:
        history = tuple(sorted(terms[role.id], key=lambda t: t.from_))
        current = next((t for t in history if t.from_ <= as_of and (t.to is None or as_of <= t.to)),
                       None)
        upcoming = next((t for t in history if t.from_ > as_of), None)
        views.append(RoleView(role, current, history, upcoming))
    return views


def _clause_urls(platforms: dict[str, PlatformView]) -> dict[str, str]:
    """Each clause id -> its anchor in the newest version that has it (current first)."""
    found: dict[str, str] = {}
    ordered = sorted(platforms.values(), key=lambda v: (not v.current, -v.version.number))
    for view in ordered:
        for clause in view.version.clauses:
            found.setdefault(clause.id, urls.clause_url(view.url, clause.id))
    return found


def _portal_views(site: Site) -> None:
    """The views of the portal's section pages, each computed in one pass."""
    content = site.content
    years: dict[int, list[MeetingView]] = defaultdict(list)
    for view in site.meetings.values():
        years[view.meeting.date.year].append(view)
    site.years = {y: years[y] for y in sorted(years, reverse=True)}
    ids = list(content.platforms)
    site.comparisons = {(old, new): platform_diff(old, content.platforms[old], new,
                                                  content.platforms[new])
                        for i, old in enumerate(ids) for new in ids[i + 1:]}
    site.diffs = {new: site.comparisons[old, new] for old, new in zip(ids, ids[1:])}
    site.clause_urls = _clause_urls(site.platforms)
    # ids a text may mention, linked (an agenda naming an amendment); decisions and clauses
    # win over an amendment of the same id
    site.link_targets.urls.update(
        {aid: urls.amendment_url(aid) for aid in content.amendments if "-" in aid})
    site.link_targets.urls.update(
        {k: u for k, u in site.clause_urls.items() if "-" in k})
    site.link_targets.urls.update(
        {k: view.url for k, view in site.decisions.items() if "-" in k})
    site.amendments = {aid: AmendmentView(aid, a, site.decisions.get(a.decided_by or ""))
                       for aid, a in content.amendments.items()}
    site.endorsements = {
        eid: EndorsementView(eid, e, site.members[e.endorser.member].member.name
                             if e.endorser.member else e.endorser.organization, e.endorser.member)
        for eid, e in sorted(content.endorsements.items(), key=lambda kv: (kv[1].date, kv[0]))}
    site.roles = _roles(content, site.as_of)
    names = {role.role.id: role.role.name for role in site.roles}
    for view in site.members.values():
        view.roles_held = [(t, names.get(t.role, t.role), urls.role_url(t.role))
                           for t in sorted(view.terms, key=lambda t: t.from_)]
    site.agreement = agreement(site.decisions,
                               {mid: m.member.display_name for mid, m in site.members.items()},
                               {mid for mid, m in site.members.items() if m.current})


