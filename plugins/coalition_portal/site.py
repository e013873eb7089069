"""The site model: every page of the portal, computed once from validated content.

Pages, feeds, the calendar and the exports all read this model; none of them
walks the records again.  Per-member facts (votes, attendance, roles) are
gathered in one pass over the meetings, never by a scan per member.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from .accountability import accountability_pages
from .checks import members_on, rule_of
from .load import Content
from .model import (
    AttendanceStatus,
    Clause,
    ClauseKind,
    Decision,
    DecisionRule,
    Endorsement,
    Meeting,
    Member,
    MeetingStatus,
    PlatformVersion,
    Term,
    VoteChoice,
)
from .permalinks import member_feed_url
from .pipeline import Prepared
from .publication import Publication, State
from .votes import Count, count, describe_rule


def meeting_url(meeting_id: str) -> str:
    return f"meetings/{meeting_id}/"


def member_url(member_id: str) -> str:
    return f"members/{member_id}/"


def platform_url(version_id: str, current: bool) -> str:
    return "platform/" if current else f"platform/{version_id}/"


@dataclass(frozen=True)
class DecisionView:
    id: str
    decision: Decision
    meeting_id: str
    meeting: Meeting
    rule: DecisionRule
    rule_words: str
    count: Count | None
    superseded_by: tuple[str, ...]

    @property
    def url(self) -> str:
        return f"{meeting_url(self.meeting_id)}#{self.id}"


@dataclass(frozen=True)
class MeetingView:
    id: str
    meeting: Meeting
    publication: Publication
    decisions: tuple[DecisionView, ...]
    title: str

    @property
    def url(self) -> str:
        return meeting_url(self.id)


@dataclass
class MemberView:
    id: str
    member: Member
    current: bool
    votes: list[tuple[DecisionView, VoteChoice]] = field(default_factory=list)
    attendance: list[tuple[MeetingView, AttendanceStatus]] = field(default_factory=list)
    chaired: list[MeetingView] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    endorsements: list[tuple[str, Endorsement]] = field(default_factory=list)
    amendments: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return member_url(self.id)

    @property
    def attendance_rate(self) -> float | None:
        """Share of recorded attendance marked present (not-recorded is left out)."""
        recorded = [s for _, s in self.attendance if s is not AttendanceStatus.not_recorded]
        if not recorded:
            return None
        return sum(1 for s in recorded if s is AttendanceStatus.present) / len(recorded)


@dataclass(frozen=True)
class PlatformView:
    id: str
    version: PlatformVersion
    current: bool

    @property
    def url(self) -> str:
        return platform_url(self.id, self.current)

    def clauses_by_kind(self) -> list[tuple[ClauseKind, list[tuple[int, Clause]]]]:
        """Clauses grouped by kind, each with its number in the version (1-based)."""
        groups: dict[ClauseKind, list[tuple[int, Clause]]] = {k: [] for k in ClauseKind}
        for number, clause in enumerate(self.version.clauses, start=1):
            groups[clause.kind].append((number, clause))
        return [(kind, items) for kind, items in groups.items() if items]


@dataclass(frozen=True)
class Page:
    """One generated page: where it lives, its title (plain text) and how to render it."""

    url: str  # site-relative directory URL, '' for home
    title: str
    template: str
    context: dict
    feed: str | None = None  # site-relative URL of the page's own feed, if any

    @property
    def src_uri(self) -> str:
        return "index.md" if self.url == "" else self.url.rstrip("/") + ".md"


@dataclass
class Site:
    prepared: Prepared
    meetings: dict[str, MeetingView]
    decisions: dict[str, DecisionView]  # by id, in meeting order
    members: dict[str, MemberView]
    platforms: dict[str, PlatformView]
    pages: list[Page]

    @property
    def content(self) -> Content:
        return self.prepared.content

    @property
    def as_of(self) -> dt.date:
        return self.prepared.as_of

    @property
    def current_platform(self) -> PlatformView:
        return next(v for v in reversed(self.platforms.values()) if v.version.adopted <= self.as_of)


def meeting_title(meeting: Meeting) -> str:
    if meeting.title:
        return meeting.title
    kind = str(meeting.kind).replace("-", " ")
    return f"{kind.capitalize()} meeting, {meeting.date.day} {meeting.date:%B %Y}"


def build_site(prepared: Prepared) -> Site:
    content = prepared.content
    superseded: dict[str, list[str]] = defaultdict(list)
    for meeting in content.meetings.values():
        for decision in meeting.decisions:
            for earlier in decision.supersedes:
                superseded[earlier].append(decision.id)
    meetings, decisions = _meetings(content, prepared.publications, superseded)
    members = _members(content, prepared.as_of, meetings)
    current_id = next((vid for vid, v in reversed(content.platforms.items())
                       if v.adopted <= prepared.as_of), None)
    platforms = {vid: PlatformView(vid, v, vid == current_id) for vid, v in content.platforms.items()}
    site = Site(prepared, meetings, decisions, members, platforms, [])
    site.pages = _pages(site)
    site.pages += accountability_pages(site)  # punctuality and vital signs (issue 6)
    return site


def _meetings(content: Content, publications: dict[str, Publication], superseded):
    meetings: dict[str, MeetingView] = {}
    decisions: dict[str, DecisionView] = {}
    for meeting_id, meeting in content.meetings.items():
        views = []
        eligible = len(members_on(content, meeting.date)) if meeting.decisions else 0
        for decision in meeting.decisions:
            rule = rule_of(content, decision)
            result = count(decision.vote, rule, eligible) if decision.vote is not None else None
            view = DecisionView(decision.id, decision, meeting_id, meeting, rule,
                                describe_rule(rule), result, tuple(superseded.get(decision.id, ())))
            views.append(view)
            decisions[decision.id] = view
        meetings[meeting_id] = MeetingView(meeting_id, meeting, publications[meeting_id],
                                           tuple(views), meeting_title(meeting))
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


def _pages(site: Site) -> list[Page]:
    common = {"site": site}
    pages = [Page("", site.content.coalition.name, "home.html", {**common, **_home(site)})]
    for view in site.meetings.values():
        pages.append(Page(view.url, view.title, "meeting.html", {**common, "view": view}))
    for view in site.members.values():
        pages.append(Page(view.url, view.member.name, "member.html", {**common, "view": view},
                          feed=member_feed_url(view.id)))
    for view in site.platforms.values():
        title = (f"Platform (version {view.version.number})" if view.current
                 else f"Platform version {view.version.number}")
        pages.append(Page(view.url, title, "platform.html", {**common, "view": view}))
    from .outputs import output_pages  # late: outputs (feeds, data) reads this module's model
    pages += output_pages(site)
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
