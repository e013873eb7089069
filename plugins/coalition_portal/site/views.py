"""The views of the site model: a meeting, a decision, a member, a platform version, an
amendment, an endorsement and a role, each with what its pages show (counts, maps, URLs).

Views are made once by :func:`.model.build_model`; the templates only lay them out.  Every
URL a view gives is made in :mod:`.urls`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from markupsafe import Markup

from ..checks.publication import Publication, State
from ..checks.votes import Count
from ..content.attachments import Attachment, MeetingFiles
from ..content.findings import Finding
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
from . import reads, urls
from .links_in_minutes import SitePages, rewrite
from .record import NOT_IN_SOURCE, RecordState, record_state
from .render import NO_TARGETS, LinkTargets, plain, render_markdown, vote_row_parts


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
    targets: LinkTargets = field(default=NO_TARGETS, compare=False, repr=False)  # ids to link

    @property
    def url(self) -> str:
        return urls.decision_url(self.meeting_id, self.id)

    @property
    def public_date(self) -> dt.date | None:
        """Public once added to the record (``added``) or once its minutes are published,
        as the record says (feeds and exports are dated by the records, never by git)."""
        if self.decision.added is not None:
            return self.decision.added
        minutes = self.meeting.minutes
        return minutes.published if minutes is not None else None

    @functools.cached_property  # read for each of a member's votes (vote_years)
    def year(self) -> int:
        return self.meeting.date.year

    @functools.cached_property  # the same on every member's page (render.vote_rows)
    def vote_row(self) -> tuple[str, str, str, str]:
        return vote_row_parts(self)

    @functools.cached_property
    def rationale_html(self) -> Markup:
        """The rationale as sanitized HTML, rendered once for every page and feed."""
        return render_markdown(self.decision.rationale, self.targets,
                               urls.meeting_url(self.meeting_id))


@dataclass(frozen=True)
class MeetingView:
    id: str
    meeting: Meeting
    publication: Publication
    decisions: tuple[DecisionView, ...]
    title: str
    files: MeetingFiles | None = None  # its attachments, and where its minutes' text is
    third_party_images: str = "link"  # the option: images from other sites linked or shown
    pages: SitePages | None = None  # the site's page URLs (relative links to them are fine)
    targets: LinkTargets = field(default=NO_TARGETS, compare=False, repr=False)  # ids to link

    @property
    def url(self) -> str:
        return urls.meeting_url(self.id)

    @property
    def calendar_url(self) -> str | None:
        """The meeting's own .ics file ("Add to calendar"), while the meeting is still to
        come (outputs.calendar writes one for each meeting that has this URL), else None."""
        if self.publication.state is not State.upcoming:
            return None
        return urls.meeting_calendar_url(self.id)

    @property
    def attachments(self) -> tuple[Attachment, ...]:
        """The files beside the meeting, by name (the page lists them with type and size)."""
        return self.files.files if self.files is not None else ()

    def attachment_url(self, item: Attachment) -> str:
        return urls.attachment_url(self.id, item.published)

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

    @property
    def minutes_html(self) -> Markup:
        """The minutes as sanitized HTML, rendered once for the meeting page and the feeds;
        links relative to the meeting's page (the feeds make them absolute)."""
        reads.read("minutes", self.id)  # a preview keys the reading page by them (reads.py)
        return self._minutes[0]

    @property
    def minutes_findings(self) -> tuple[Finding, ...]:
        """Warnings about the minutes' links and images (a relative one naming no file)."""
        reads.read("minutes", self.id)
        return self._minutes[1]

    def rendered_minutes(self) -> tuple[Markup, tuple[Finding, ...]]:
        """The minutes' HTML and findings (rendered once: :meth:`keep_minutes` keeps them
        for a view of another process)."""
        return self._minutes

    def keep_minutes(self, rendered: tuple[Markup, tuple[Finding, ...]]) -> None:
        self.__dict__["_minutes"] = rendered  # (the cached property's own place)

    def minutes_length(self) -> int:
        """How long the minutes' Markdown is (their share of rendering them all)."""
        minutes = self.meeting.minutes
        return len(minutes.body) if minutes is not None and minutes.body else 0

    @functools.cached_property
    def _minutes(self) -> tuple[Markup, tuple[Finding, ...]]:
        minutes = self.meeting.minutes
        if minutes is None or not minutes.body:
            return Markup(""), ()
        html = render_markdown(minutes.body, self.targets, self.url, self.title, 3, "minutes-",
                               images=True)
        return rewrite(html, self.files, self.url, minutes.body, self.third_party_images,
                       self.pages)

    @property
    def unrecorded_words(self) -> str:
        """How the pages say that a detail of this meeting (its time, place, chair) is
        unknown: never an invented value."""
        if self.meeting.source is not None:
            return NOT_IN_SOURCE
        if self.meeting.status is MeetingStatus.scheduled:
            return "not announced yet"
        return "not recorded"

    @property
    def source_words(self) -> str | None:
        """Where an imported meeting's record came from, as plain text for feeds and the
        calendar ("<archive>, <path> at commit <sha>"); None for a meeting kept here."""
        source = self.meeting.source
        if source is None:
            return None
        words = plain(source.archive)
        if source.path:
            words += f", {plain(source.path)}"
        if source.commit:
            words += f" at commit {source.commit}"
        return words

    @functools.cached_property
    def record(self) -> RecordState:
        """What of this meeting's record is public, since when, and what is missing."""
        return record_state(self)


def vote_year_anchor(year: int) -> str:
    """The member page's section of one year's votes."""
    return f"votes-{year}"


@dataclass(frozen=True)
class VoteYear:
    """One year of a member's votes, counted: the vote summary at the top of a member page."""

    year: int
    total: int
    tally: dict[str, int]  # vote choice -> votes cast so (every choice, zeros included)
    url: str  # where that year's votes are listed


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
    # (term, the role's name, the role's URL) by first day, filled with the site's roles
    roles_held: list[tuple[Term, str, str]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return urls.member_url(self.id)

    @functools.cached_property
    def attendance_counts(self) -> dict[str, int]:
        """Attendance status (``present``, ``not-recorded``...) -> number of meetings."""
        counts: dict[str, int] = {}
        for _, status in self.attendance:
            counts[status.value] = counts.get(status.value, 0) + 1
        return counts

    @property
    def attendance_recorded(self) -> int:
        """Meetings with the member's attendance recorded."""
        return len(self.attendance) - self.attendance_counts.get("not-recorded", 0)

    @functools.cached_property
    def vote_tally(self) -> dict[str, int]:
        """Vote choice (``yes``, ``no``...) -> number of votes the member cast so."""
        counted = Counter(choice for _, choice in self.votes)  # in the order first cast
        return {choice.value: number for choice, number in counted.items()}

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
        return [vote for _, votes in self.listed_years for vote in votes]

    @property
    def vote_year_pages(self) -> list[tuple[int, int]]:
        """(year, number of votes) of the years listed on their own page, newest first."""
        shown = set(self.votes_on_page)
        return [(year, len(votes)) for year, votes in self.vote_years if year not in shown]

    def vote_year_url(self, year: int) -> str:
        return urls.vote_year_url(self.id, year)

    @property
    def listed_years(self) -> list[tuple[int, list[tuple[DecisionView, VoteChoice]]]]:
        """(year, its votes newest first) of the years the member page lists, newest first."""
        return self.vote_years[:len(self.votes_on_page)]

    @functools.cached_property
    def vote_summary(self) -> list[VoteYear]:
        """Each year of the member's votes counted by choice, newest first, with where its
        votes are listed (a section of the member page, or the year's own page)."""
        shown = set(self.votes_on_page)
        out = []
        for year, votes in self.vote_years:
            tally = {choice.value: 0 for choice in VoteChoice}
            for _, choice in votes:
                tally[choice.value] += 1
            url = (urls.member_event_url(self.url, vote_year_anchor(year)) if year in shown
                   else self.vote_year_url(year))
            out.append(VoteYear(year, len(votes), tally, url))
        return out

    @property
    def listed_classes(self) -> list[str]:
        """The decision classes of the votes the member page lists (its filter offers them),
        sorted ignoring case."""
        seen: dict[str, str] = {}
        for decision, _ in self.listed_votes:
            seen.setdefault(decision.decision.class_.lower(), decision.decision.class_)
        return sorted(seen.values(), key=str.lower)

    def vote_url(self, decision: DecisionView) -> str:
        """Where this member's vote on ``decision`` is listed (anchor ``vote-<decision id>``)."""
        page = self.url if decision.year in self.votes_on_page else self.vote_year_url(decision.year)
        return urls.member_event_url(page, f"vote-{decision.id}")

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
        return urls.platform_url(self.id, self.current)

    def clauses_by_kind(self) -> list[tuple[ClauseKind, list[tuple[int, Clause]]]]:
        """Clauses grouped by kind, each with its number in the version (1-based)."""
        groups: dict[ClauseKind, list[tuple[int, Clause]]] = {k: [] for k in ClauseKind}
        for number, clause in enumerate(self.version.clauses, start=1):
            groups[clause.kind].append((number, clause))
        return [(kind, items) for kind, items in groups.items() if items]


@dataclass(frozen=True)
class AmendmentView:
    id: str
    amendment: Amendment
    decision: DecisionView | None

    @property
    def url(self) -> str:
        return urls.amendment_url(self.id)


@dataclass(frozen=True)
class EndorsementView:
    id: str
    endorsement: Endorsement
    name: str  # the endorser's name: a member's or an outside organization's
    member_id: str | None

    @property
    def url(self) -> str:
        return urls.endorsement_url(self.id)

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
        return urls.role_url(self.role.id)


def meeting_title(meeting: Meeting) -> str:
    if meeting.title:
        return plain(meeting.title)  # used in feeds, charts and labels too: no bidi overrides
    kind = str(meeting.kind).replace("-", " ")
    return f"{kind.capitalize()} meeting, {meeting.date.day} {meeting.date:%B %Y}"
