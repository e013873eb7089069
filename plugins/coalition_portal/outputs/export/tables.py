"""The CSV tables of the open data: one row model per file, and the rows from the site model.

Flat tables for spreadsheets: one row per fact, never several values packed in a cell
(votes, attendance, memberships, endorsements have their own tables).
"""

from __future__ import annotations

import csv
import io
from typing import Iterable, Iterator, Literal

from pydantic import Field

from ...checks.publication import State
from ...site import urls
from ...site.model import Site
from .fields import Day, Id, MaybeDay, Out, Url, iso_or_none, str_or_none


class MemberRow(Out):
    """One row per member, current and former."""

    member_id: Id = Field(description="The member's id, as in every other file.")
    name: str
    short_name: str | None
    kind: str = Field(description="organization or person.")
    constituency: str = Field(description="Whom the member speaks for.")
    current: bool = Field(description="A member on the as_of date.")
    first_joined: Day = Field(description="The first day of its first membership.")
    last_left: MaybeDay = Field(description="The day it last left; empty while a member.")
    website: str | None
    page_url: Url


class MembershipRow(Out):
    """One row per membership period (leaving and rejoining are two rows)."""

    member_id: Id
    joined: Day
    left: MaybeDay
    reason: str | None = Field(description="Why the member left (or rejoined).")


class MeetingRow(Out):
    """One row per meeting."""

    meeting_id: Id
    date: Day
    start: str | None = Field(description="Local start time, HH:MM, in the coalition's time "
                              "zone; empty when not recorded.")
    end: str | None
    kind: str
    status: str = Field(description="scheduled, held, cancelled or postponed.")
    location: str | None = Field(description="Where the meeting takes place; empty when not "
                                 "recorded.")
    chair_id: Id | None
    public: bool
    decisions: int = Field(description="Number of decisions recorded.")
    source_archive: str | None = Field(description="The archive the record was imported from; "
                                       "empty for a meeting recorded on the portal. What an "
                                       "imported meeting leaves empty is not recorded in its "
                                       "archive.")
    source_path: str | None = Field(description="The file in that archive.")
    source_commit: str | None = Field(description="The commit that first added the file (its "
                                      "day is the minutes' published date).")
    page_url: Url


class DecisionRow(Out):
    """One row per decision."""

    decision_id: Id
    meeting_id: Id
    meeting_date: Day
    public_date: MaybeDay = Field(description="The day it became public.")
    title: str
    decision_class: str
    rule_kind: str = Field(description="consent, majority, supermajority or consensus.")
    threshold: str | None
    quorum: str
    outcome: str = Field(description="adopted, rejected or deferred.")
    voted: bool = Field(description="Whether a vote is recorded (see votes.csv).")
    yes: int | None
    no: int | None
    abstain: int | None
    absent: int | None
    recused: int | None
    eligible: int | None = Field(description="Members of the coalition on the meeting date.")
    rationale: str
    page_url: Url


class VoteRow(Out):
    """One row per member per vote, with the decision's title and the member's name beside
    their ids, so that the file reads on its own."""

    decision_id: Id
    decision_title: str = Field(description="The decision's title, as in decisions.csv.")
    meeting_id: Id
    meeting_date: Day
    member_id: Id
    member_name: str = Field(description="The member's name, as in members.csv.")
    vote: Literal["yes", "no", "abstain", "absent", "recused"]


class AttendanceRow(Out):
    """One row per member per meeting with recorded attendance."""

    meeting_id: Id
    meeting_date: Day
    member_id: Id
    status: str = Field(description="present, absent, excused or not-recorded.")


class PublicationLagRow(Out):
    """One row per meeting: when its minutes became public."""

    meeting_id: Id
    meeting_date: Day
    meeting_status: str
    state: str = Field(description="on time, late, pending, overdue, upcoming or no minutes "
                       "owed, on the as_of date.")
    minutes_status: str | None = Field(description="draft, approved or corrected; empty "
                                       "without minutes or when it was not recorded.")
    due: Day = Field(description="Meeting date + target_days.")
    published: MaybeDay = Field(description="The published date the record gives.")
    published_per_git: MaybeDay = Field(description="The later day git shows when it proves "
                                        "the published date back-dated; empty otherwise.")
    lag_days: int | None = Field(description="Days from the meeting to published minutes "
                                 "(from published_per_git when set), as the punctuality "
                                 "page counts them.")
    target_days: int
    on_time: bool | None = Field(description="lag_days <= target_days; empty when not "
                                 "published.")


class EndorsementRow(Out):
    """One row per endorsement; withdrawn ones are kept."""

    endorsement_id: Id
    endorser_member_id: Id | None
    endorser_organization: str | None
    platform: Id
    date: Day
    signer_name: str
    signer_title: str
    withdrawn_date: MaybeDay
    withdrawn_reason: str | None


class RoleTermRow(Out):
    """One row per term in a rotating role."""

    role_id: Id
    role: str
    member_id: Id
    start_date: Day
    end_date: MaybeDay


CSV_FILES: dict[str, type[Out]] = {
    "members.csv": MemberRow,
    "memberships.csv": MembershipRow,
    "meetings.csv": MeetingRow,
    "decisions.csv": DecisionRow,
    "votes.csv": VoteRow,
    "attendance.csv": AttendanceRow,
    "publication-lags.csv": PublicationLagRow,
    "endorsements.csv": EndorsementRow,
    "role-terms.csv": RoleTermRow,
}


def csv_rows(site: Site, base: str) -> dict[str, Iterator[dict]]:
    """File name -> its rows (each a dict of its model's fields), made one at a time as the
    file is written: a long archive has hundreds of thousands of vote and attendance rows,
    too many to hold at once.  Plain dicts, not models: a model for each row was a third
    of writing them; :func:`render_csv` checks each file's first row against its model
    (and the tests every row)."""
    abs_ = lambda url: urls.absolute(base, url)  # noqa: E731
    target = site.prepared.target_days

    def members() -> Iterator[dict]:
        for mid, v in site.members.items():
            periods = v.member.memberships
            yield dict(
                member_id=mid, name=v.member.name, short_name=v.member.short_name,
                kind=str(v.member.kind), constituency=v.member.constituency, current=v.current,
                first_joined=periods[0].joined.isoformat(),
                last_left=None if v.current else iso_or_none(periods[-1].left),
                website=v.member.url, page_url=abs_(v.url))

    def memberships() -> Iterator[dict]:
        for mid, v in site.members.items():
            for p in v.member.memberships:
                yield dict(member_id=mid, joined=p.joined.isoformat(),
                                    left=iso_or_none(p.left), reason=p.reason)

    def meetings() -> Iterator[dict]:
        for mid, view in site.meetings.items():
            m = view.meeting
            yield dict(
                meeting_id=mid, date=m.date.isoformat(), start=m.start, end=m.end,
                kind=str(m.kind), status=str(m.status), location=m.location, chair_id=m.chair,
                public=m.public, decisions=len(view.decisions),
                source_archive=m.source.archive if m.source else None,
                source_path=m.source.path if m.source else None,
                source_commit=m.source.commit if m.source else None, page_url=abs_(view.url))

    def attendance() -> Iterator[dict]:
        for mid, view in site.meetings.items():
            m = view.meeting
            for a in m.attendance:
                yield dict(meeting_id=mid, meeting_date=m.date.isoformat(),
                                    member_id=a.member, status=str(a.status))

    def lags() -> Iterator[dict]:
        for mid, view in site.meetings.items():
            m, pub = view.meeting, view.publication
            yield dict(
                meeting_id=mid, meeting_date=m.date.isoformat(), meeting_status=str(m.status),
                state=str(pub.state),
                minutes_status=str_or_none(m.minutes.status) if m.minutes else None,
                due=pub.due.isoformat(), published=iso_or_none(view.minutes_published),
                published_per_git=iso_or_none(view.minutes_published_per_git), lag_days=pub.lag,
                target_days=target,
                on_time=None if pub.lag is None else pub.state is State.on_time)

    def decisions() -> Iterator[dict]:
        for did, d in site.decisions.items():
            c, day = d.count, d.meeting.date.isoformat()
            yield dict(
                decision_id=did, meeting_id=d.meeting_id, meeting_date=day,
                public_date=iso_or_none(d.public_date), title=d.decision.title,
                decision_class=d.decision.class_, rule_kind=str(d.rule.kind),
                threshold=d.rule.threshold, quorum=d.rule.quorum,
                outcome=str(d.decision.outcome), voted=c is not None, yes=c and c.yes,
                no=c and c.no, abstain=c and c.abstain, absent=c and c.absent,
                recused=c and c.recused, eligible=c and c.eligible,
                rationale=d.decision.rationale, page_url=abs_(d.url))

    def votes() -> Iterator[dict]:
        names = site.member_names
        for did, d in site.decisions.items():
            day = d.meeting.date.isoformat()
            for mid, v in sorted((d.decision.vote or {}).items()):
                yield dict(decision_id=did, decision_title=d.decision.title,
                              meeting_id=d.meeting_id, meeting_date=day, member_id=mid,
                              member_name=names[mid], vote=str(v))

    def endorsements() -> Iterator[dict]:
        for eid, e in site.content.endorsements.items():
            yield dict(
                endorsement_id=eid, endorser_member_id=e.endorser.member,
                endorser_organization=e.endorser.organization, platform=e.platform,
                date=e.date.isoformat(), signer_name=e.signer.name,
                signer_title=e.signer.title,
                withdrawn_date=iso_or_none(e.withdrawn.date) if e.withdrawn else None,
                withdrawn_reason=e.withdrawn.reason if e.withdrawn else None)

    def role_terms() -> Iterator[dict]:
        names = {r.id: r.name for r in site.content.roles.roles}
        for t in site.content.roles.terms:
            yield dict(role_id=t.role, role=names[t.role], member_id=t.member,
                              start_date=t.from_.isoformat(), end_date=iso_or_none(t.to))

    makers = {"members.csv": members, "memberships.csv": memberships,
              "meetings.csv": meetings, "attendance.csv": attendance,
              "publication-lags.csv": lags, "decisions.csv": decisions, "votes.csv": votes,
              "endorsements.csv": endorsements, "role-terms.csv": role_terms}
    return {name: makers[name]() for name in CSV_FILES}


# Spreadsheets run a cell that starts with one of these as a formula; content comes from
# outside the coalition, so such text gets a leading apostrophe (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = value if type(value) is str else str(value)  # an archive writes millions
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def render_csv(model: type[Out], rows: Iterable[dict], *, check: str = "first") -> bytes:
    """RFC 4180 CSV (CRLF, quoted when needed), UTF-8, a header row of the model's fields.

    Each row is a dict of the model's fields; the first (``check="every"``: each) is
    validated as the model (a wrong or missing field raises pydantic's ValidationError).
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = list(model.model_fields)
    writer.writerow(columns)
    unchecked = True
    for row in rows:
        if unchecked:
            model.model_validate(row)
            unchecked = check == "every"
        writer.writerow([_cell(row[c]) for c in columns])
    return buffer.getvalue().encode("utf-8")

