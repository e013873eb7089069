"""The site model: every page of the portal, computed once from validated content.

Pages, feeds, the calendar and the exports all read this model; none of them
walks the records again.  Per-member facts (votes, attendance, roles) are
gathered in one pass over the meetings, never by a scan per member.
"""

from __future__ import annotations

import datetime as dt
import functools
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field

from markupsafe import Markup

from ..checks.pipeline import Prepared
from ..checks.publication import Publication, State
from ..checks.references import members_by_day, rule_of
from ..checks.votes import RULE_WORDS, Count, count, describe_rule
from ..content.load import Content
from ..content.model import (
    Amendment,
    AttendanceStatus,
    Clause,
    ClauseKind,
    Decision,
    DecisionRule,
    Endorsement,
    Meeting,
    MeetingStatus,
    Member,
    PlatformVersion,
    Role,
    Term,
    VoteChoice,
)
from .accountability import accountability_pages
from .platform_diff import PlatformDiff, platform_diff
from .render import plain, render_markdown
from .urls import member_feed_url, platform_version_url


def meeting_url(meeting_id: str) -> str:
    return f"meetings/{meeting_id}/"


def member_url(member_id: str) -> str:
    return f"members/{member_id}/"


def platform_url(version_id: str, current: bool) -> str:
    return "platform/" if current else f"platform/{version_id}/"


def minutes_public_date(meeting: Meeting, publication: Publication) -> dt.date | None:
    """The day a meeting's minutes became public: the date they claim, or the later date
    git proves when they were back-dated (``publication.published`` carries git's date then).

    The pages and the punctuality figures take the minutes' date from here; a correction
    never changes it. Feeds, the calendar and the exports keep the record's own date (see
    :attr:`MeetingView.minutes_published`).
    """
    minutes = meeting.minutes
    if minutes is None or minutes.published is None:
        return None
    return publication.published or minutes.published


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

    @property
    def public_date(self) -> dt.date | None:
        """Public once added to the record (``added``) or once its minutes are published,
        as the record says (feeds and exports are dated by the records, never by git)."""
        if self.decision.added is not None:
            return self.decision.added
        minutes = self.meeting.minutes
        return minutes.published if minutes is not None else None

    @property
    def year(self) -> int:
        return self.meeting.date.year

    @functools.cached_property
    def rationale_html(self) -> Markup:
        """The rationale as sanitized HTML, rendered once for every page and feed."""
        return render_markdown(self.decision.rationale)


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

    @property
    def minutes_public(self) -> dt.date | None:
        """The day the minutes became public (git's date when it proves them back-dated)."""
        return minutes_public_date(self.meeting, self.publication)

    @property
    def minutes_published(self) -> dt.date | None:
        """The published date the record gives. Feeds, the calendar and the exports use it:
        a shallow clone proves nothing, so a date from git would change with the clone."""
        return self.meeting.minutes.published if self.meeting.minutes else None

    @property
    def minutes_published_per_git(self) -> dt.date | None:
        """The later date git proves for back-dated minutes (``back_dating: warn``), or None."""
        return self.minutes_public if self.minutes_claimed else None

    @property
    def minutes_claimed(self) -> dt.date | None:
        """The published date the minutes claim, when it differs from :attr:`minutes_public`."""
        claimed = self.meeting.minutes.published if self.meeting.minutes else None
        return claimed if claimed != self.minutes_public else None

    @functools.cached_property
    def minutes_html(self) -> Markup:
        """The minutes as sanitized HTML, rendered once for the meeting page and the feeds."""
        minutes = self.meeting.minutes
        return render_markdown(minutes.body or "") if minutes is not None else Markup("")

    @functools.cached_property
    def record(self) -> RecordState:
        """What of this meeting's record is public, since when, and what is missing."""
        return record_state(self)


# A member page lists at most this many votes (about 200 KB) unless one year alone has more;
# the member's earlier years each get a page of their own.
VOTES_ON_MEMBER_PAGE = 1200


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

    @functools.cached_property
    def vote_years(self) -> list[tuple[int, list[tuple[DecisionView, VoteChoice]]]]:
        """The member's votes by year, newest year and newest vote first."""
        by_year: dict[int, list[tuple[DecisionView, VoteChoice]]] = defaultdict(list)
        for vote in reversed(self.votes):  # the same tuples: a long archive has many
            by_year[vote[0].year].append(vote)
        return [(year, by_year[year]) for year in sorted(by_year, reverse=True)]

    @functools.cached_property
    def votes_on_page(self) -> list[int]:
        """The years whose votes the member page lists: the newest, and earlier ones while
        the page stays under VOTES_ON_MEMBER_PAGE votes.  Earlier years each get a page
        (:meth:`vote_year_url`): a founding member of a fifty-year archive cast 20,000."""
        years, listed = [], 0
        for year, votes in self.vote_years:
            if years and listed + len(votes) > VOTES_ON_MEMBER_PAGE:
                break
            years.append(year)
            listed += len(votes)
        return years

    @property
    def listed_votes(self) -> list[tuple[DecisionView, VoteChoice]]:
        """The votes the member page lists, newest first."""
        return [vote for _, votes in self.vote_years[:len(self.votes_on_page)] for vote in votes]

    @property
    def vote_year_pages(self) -> list[tuple[int, int]]:
        """(year, number of votes) of the years listed on their own page, newest first."""
        shown = set(self.votes_on_page)
        return [(year, len(votes)) for year, votes in self.vote_years if year not in shown]

    def vote_year_url(self, year: int) -> str:
        return f"{self.url}votes/{year}/"

    def vote_url(self, decision: DecisionView) -> str:
        """Where this member's vote on ``decision`` is listed (anchor ``vote-<decision id>``)."""
        page = self.url if decision.year in self.votes_on_page else self.vote_year_url(decision.year)
        return f"{page}#vote-{decision.id}"

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
    # the public portal's views (issue 4), filled by _portal_views
    years: dict[int, list[MeetingView]] = field(default_factory=dict)  # newest year first
    diffs: dict[str, PlatformDiff] = field(default_factory=dict)  # by the newer version's id
    clause_urls: dict[str, str] = field(default_factory=dict)  # clause id -> newest version's anchor
    amendments: dict[str, AmendmentView] = field(default_factory=dict)
    endorsements: dict[str, EndorsementView] = field(default_factory=dict)
    roles: list[RoleView] = field(default_factory=list)
    agreement: Agreement | None = None

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

    @property
    def current_platform(self) -> PlatformView:
        return next(v for v in reversed(self.platforms.values()) if v.version.adopted <= self.as_of)

    def has_page(self, url: str) -> bool:
        """Whether some page of the site lives at ``url`` (templates link only to real pages)."""
        return any(page.url == url for page in self.pages)


def meeting_title(meeting: Meeting) -> str:
    if meeting.title:
        return plain(meeting.title)  # used in feeds, charts and labels too: no bidi overrides
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
    _portal_views(site)
    site.pages = _pages(site)
    site.pages += accountability_pages(site)  # punctuality and vital signs (issue 6)
    from ..outputs.write import (
        output_pages,  # late: outputs (feeds, data) reads this module's model
    )
    site.pages += output_pages(site)  # feeds and open data (issue 5)
    return site


def _meetings(content: Content, publications: dict[str, Publication], superseded):
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
        for year, votes in view.vote_years:
            if year not in view.votes_on_page:
                pages.append(Page(view.vote_year_url(year), f"{view.member.name}: votes in {year}",
                                  "member_votes.html",
                                  {**common, "view": view, "year": year, "votes": votes}))
    for view in site.platforms.values():
        title = (f"Platform (version {view.version.number})" if view.current
                 else f"Platform version {view.version.number}")
        pages.append(Page(view.url, title, "platform.html", {**common, "view": view}))
        if view.current:
            # the version's permanent URL (feeds and exports cite it) serves it too, so it
            # keeps working after the next version is adopted and takes over platform/
            pages.append(Page(platform_version_url(view.id),
                              f"Platform version {view.version.number}", "platform.html",
                              {**common, "view": view, "permanent": True}))
    pages += _portal_pages(site)
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


# --- the public portal: record completeness, indexes, amendments, endorsements, roles, votes ---


@dataclass(frozen=True)
class RecordPart:
    """One part of a meeting's record: is it public, since when, and a few words about it."""

    what: str
    public: bool
    since: dt.date | None
    note: str
    owed: bool = True  # False when there is nothing to publish (no decisions, no votes)


@dataclass(frozen=True)
class RecordState:
    parts: tuple[RecordPart, ...]
    missing: tuple[str, ...]  # what is still missing, in words
    owed: bool  # False when the meeting owes no record (cancelled, postponed, upcoming)


def record_state(view: MeetingView) -> RecordState:
    """The completeness of a meeting's record on ``as_of``.

    Attendance and votes are published with the minutes, so they are public
    from the minutes' published date (a decision added later, from its own date);
    recorded before the minutes, they are shown without a date.
    """
    m, pub = view.meeting, view.publication
    if pub.state in (State.no_minutes_owed, State.upcoming):
        agenda = RecordPart("Agenda", bool(m.agenda), None,
                            f"{len(m.agenda)} items" if m.agenda else "not published")
        return RecordState((agenda,), (), False)
    published = view.minutes_public
    parts, missing = [], []
    parts.append(RecordPart("Agenda", bool(m.agenda), None,
                            f"{len(m.agenda)} items" if m.agenda else "none recorded"))
    if not m.agenda:
        missing.append("the agenda")
    if published:
        parts.append(RecordPart("Minutes", True, published, f"{m.minutes.status} minutes"))
    else:
        parts.append(RecordPart("Minutes", False, None, f"due {pub.due.day} {pub.due:%B %Y}"))
        missing.append("the minutes")
    approved = m.minutes is not None and published is not None and \
        str(m.minutes.status) in ("approved", "corrected")
    parts.append(RecordPart("Approved minutes", approved, m.minutes.approved if approved else None,
                            "approval date not recorded" if approved and not m.minutes.approved
                            else ("approved" if approved else "not yet approved")))
    if not approved:
        missing.append("approved minutes")
    recorded = [a for a in m.attendance if a.status is not AttendanceStatus.not_recorded]
    # attendance and votes in the record are on the site even before the minutes are
    # published; they then have no publication date of their own
    ahead = "" if published else ", shown ahead of the minutes"
    parts.append(RecordPart("Attendance", bool(recorded), published if recorded else None,
                            f"{len(recorded)} of {len(m.attendance)} members recorded{ahead}"
                            if m.attendance else "not recorded"))
    if not recorded:
        missing.append("attendance")
    voted = [d for d in view.decisions if d.decision.vote is not None]
    since = [d.decision.added or published for d in voted if (d.decision.added or published)]
    if view.decisions:
        total = len(view.decisions)
        parts.append(RecordPart("Votes", bool(voted), min(since) if since else None,
                                f"{len(voted)} of {total} decision{'s' if total != 1 else ''} "
                                f"with a recorded vote{ahead if voted and not since else ''}"))
        if len(voted) < len(view.decisions):
            unvoted = len(view.decisions) - len(voted)
            missing.append(f"a recorded vote for {unvoted} decision{'s' if unvoted != 1 else ''}")
    else:
        parts.append(RecordPart("Votes", False, None, "no decisions recorded", owed=False))
    return RecordState(tuple(parts), tuple(missing), True)


@dataclass(frozen=True)
class AmendmentView:
    id: str
    amendment: Amendment
    decision: DecisionView | None

    @property
    def url(self) -> str:
        return f"platform/amendments/#amendment-{self.id}"


@dataclass(frozen=True)
class EndorsementView:
    id: str
    endorsement: Endorsement
    name: str  # the endorser's name: a member's or an outside organization's
    member_id: str | None

    @property
    def url(self) -> str:
        return f"endorse/#endorsement-{self.id}"

    @property
    def withdrawn(self) -> bool:
        return self.endorsement.withdrawn is not None


@dataclass(frozen=True)
class RoleView:
    role: Role
    current: Term | None
    history: tuple[Term, ...]  # every term, oldest first
    next_term: Term | None  # the first term starting after as_of

    @property
    def url(self) -> str:
        return f"roles/#role-{self.role.id}"


@dataclass(frozen=True)
class Agreement:
    """How often each pair of members voted the same way, over the votes both took part in.

    Taking part means voting yes, no or abstain; ``cells[(a, b)][cls]`` is
    (same, both) with ``a < b``, and class ``""`` is every class together.  Only the
    members of the coalition on ``as_of`` are paired (over their whole record): every
    pair of two hundred members of ten years made a 16 MB page that grew with the
    square of the archive.
    """

    members: tuple[str, ...]  # current members who took part in at least one vote, by name
    classes: tuple[str, ...]
    cells: dict[tuple[str, str], dict[str, tuple[int, int]]]

    def cell(self, a: str, b: str, cls: str = "") -> tuple[int, int] | None:
        found = self.cells.get((a, b) if a < b else (b, a), {}).get(cls)
        return found if found and found[1] else None

    def members_in(self, cls: str) -> list[str]:
        return [m for m in self.members
                if any(self.cell(m, o, cls) for o in self.members if o != m)]

    def ranked(self, cls: str = "") -> list[tuple[str, str, int, int]]:
        """Pairs from most to least in agreement (ties by more shared votes, then by ids)."""
        rows = [(a, b, *c[cls]) for (a, b), c in self.cells.items() if cls in c and c[cls][1]]
        return sorted(rows, key=lambda r: (-r[2] / r[3], -r[3], r[0], r[1]))


TAKING_PART = (VoteChoice.yes, VoteChoice.no, VoteChoice.abstain)


def _agreement(decisions: dict[str, DecisionView], names: dict[str, str],
               current: set[str]) -> Agreement:
    cells: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(dict)
    voters: set[str] = set()
    classes: set[str] = set()
    for view in decisions.values():
        votes = sorted((m, c) for m, c in (view.decision.vote or {}).items()
                       if c in TAKING_PART and m in current)
        if len(votes) < 2:
            continue
        cls = view.decision.class_
        classes.add(cls)
        voters.update(m for m, _ in votes)
        for i, (a, choice_a) in enumerate(votes):
            for b, choice_b in votes[i + 1:]:
                pair = cells[(a, b)]
                for key in ("", cls):
                    tally = pair.setdefault(key, [0, 0])
                    tally[0] += choice_a is choice_b
                    tally[1] += 1
    frozen = {pair: {k: (v[0], v[1]) for k, v in by.items()} for pair, by in cells.items()}
    return Agreement(tuple(sorted(voters, key=lambda m: (names[m].casefold(), m))),
                     tuple(sorted(classes)), frozen)


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
    urls: dict[str, str] = {}
    ordered = sorted(platforms.values(), key=lambda v: (not v.current, -v.version.number))
    for view in ordered:
        for clause in view.version.clauses:
            urls.setdefault(clause.id, f"{view.url}#clause-{clause.id}")
    return urls


def _portal_views(site: Site) -> None:
    """The views of the portal's section pages, each computed in one pass."""
    content = site.content
    years: dict[int, list[MeetingView]] = defaultdict(list)
    for view in site.meetings.values():
        years[view.meeting.date.year].append(view)
    site.years = {y: years[y] for y in sorted(years, reverse=True)}
    ids = list(content.platforms)
    site.diffs = {new: platform_diff(old, content.platforms[old], new, content.platforms[new])
                  for old, new in zip(ids, ids[1:])}
    site.clause_urls = _clause_urls(site.platforms)
    site.amendments = {aid: AmendmentView(aid, a, site.decisions.get(a.decided_by or ""))
                       for aid, a in content.amendments.items()}
    site.endorsements = {
        eid: EndorsementView(eid, e, site.members[e.endorser.member].member.name
                             if e.endorser.member else e.endorser.organization, e.endorser.member)
        for eid, e in sorted(content.endorsements.items(), key=lambda kv: (kv[1].date, kv[0]))}
    site.roles = _roles(content, site.as_of)
    site.agreement = _agreement(site.decisions,
                                {mid: m.member.display_name for mid, m in site.members.items()},
                                {mid for mid, m in site.members.items() if m.current})


def _portal_pages(site: Site) -> list[Page]:
    common = {"site": site}
    pages = [Page(diff.url, f"Platform: changes from version {diff.old.number} to "
                            f"{diff.new.number}", "platform_diff.html", {**common, "diff": diff})
             for diff in site.diffs.values()]
    pages.append(Page("platform/amendments/", "Platform amendments", "amendments.html", common))
    pages.append(Page("meetings/", "Meetings", "meetings.html", common))
    for year, views in site.years.items():
        pages.append(Page(f"meetings/{year}/", f"Meetings in {year}", "meetings_year.html",
                          {**common, "year": year, "views": views}))
    pages += _decision_log_pages(site)
    pages.append(Page("members/", "Members", "members.html", common))
    pages.append(Page("voting-agreement/", "Voting agreement", "voting_agreement.html", common))
    pages.append(Page("roles/", "Roles", "roles.html", common))
    pages.append(Page("endorse/", "Endorse the platform", "endorse.html",
                      {**common, **endorse_context(site)}))
    pages.append(Page("about/", "About this portal", "about.html",
                      {**common, "rule_words": RULE_WORDS}))
    return pages


def decision_log_url(year: int | None = None) -> str:
    return "decisions/" if year is None else f"decisions/{year}/"


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
              "year_url": decision_log_url}
    newest = years[0][0] if years else None
    pages = [Page(decision_log_url(), "Decision log", "decisions.html",
                  {**common, "year": newest, "log": by_year.get(newest, []), "index": True})]
    for year, _ in years:
        pages.append(Page(decision_log_url(year), f"Decisions in {year}", "decisions.html",
                          {**common, "year": year, "log": by_year[year], "index": False}))
    return pages


# --- how to endorse: the template a newcomer copies, and the forge link that opens it ---

FORGE_NEW_FILE = {
    # host -> URL of a new file in folder `dir`, with the name and text given as query
    "github.com": "{repo}/new/{branch}/{dir}?filename={name}&value={text}",
    "gitlab.com": "{repo}/-/new/{branch}/{dir}?file_name={name}&content={text}",
    "codeberg.org": "{repo}/_new/{branch}/{dir}/?filename={name}&value={text}",
}
DEFAULT_BRANCH = "main"
TEMPLATE_FILE = "your-organization.yml"


def endorsement_template(platform_id: str, day: dt.date) -> str:
    """A prefilled endorsements/<id>.yml for the current platform version."""
    return (
        "# yaml-language-server: $schema=../../schema/endorsement.schema.json\n"
        "endorser:\n"
        "  organization: Your organization's name\n"
        "  url: https://example.org/\n"
        f"platform: {platform_id}\n"
        f"date: {day.isoformat()}\n"
        "signer:\n"
        "  name: Your name\n"
        "  title: Your title in the organization\n"
        "statement: Why your organization endorses the platform, in a sentence or two.\n"
    )


def new_file_link(repo_url: str | None, folder: str, name: str, text: str) -> str | None:
    """A link that opens ``text`` as a new file in the repository, on GitHub, GitLab or Codeberg."""
    if not repo_url:
        return None
    parts = urllib.parse.urlsplit(repo_url)
    pattern = FORGE_NEW_FILE.get(parts.hostname or "")
    path = parts.path.rstrip("/").removesuffix(".git")
    if pattern is None or parts.scheme != "https" or path.count("/") < 2:
        return None
    quote = functools.partial(urllib.parse.quote, safe="")
    return pattern.format(repo=f"https://{parts.netloc}{path}", branch=DEFAULT_BRANCH,
                          dir=urllib.parse.quote(folder), name=quote(name), text=quote(text))


def endorse_context(site: Site) -> dict:
    platform = site.current_platform
    folder = f"{site.content.root.name}/endorsements"
    template = endorsement_template(platform.id, site.as_of)
    return {
        "platform": platform,
        "yaml_template": template,
        "template_path": f"{folder}/{TEMPLATE_FILE}",
        "new_file_url": new_file_link(site.content.coalition.repo_url, folder, TEMPLATE_FILE,
                                      template),
        "current": [e for e in site.endorsements.values() if not e.withdrawn],
        "withdrawn": [e for e in site.endorsements.values() if e.withdrawn],
    }
