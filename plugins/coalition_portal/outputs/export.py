"""Open data: the whole record as ``coalition.json`` and as CSV tables, with their schema.

``coalition.json`` is Popolo-shaped where Popolo has a term (persons,
organizations, memberships, posts, events, motions, vote_events with counts
and votes) and adds the platform versions, amendments, endorsements and
attendance.  The CSV files are flat tables for spreadsheets: one row per fact,
never several values packed in a cell (votes, attendance, memberships,
endorsements have their own tables).  Every format uses the same ids: the
content's record ids (member, meeting, decision, platform version, amendment,
endorsement, role).

Each row and object is a pydantic model with a description per field; the JSON
Schema (``schema/coalition-export.schema.json``) and the open-data page's data
dictionary are generated from those models, so they cannot drift apart.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Annotated, Iterable, Iterator, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from ..checks.publication import State
from ..content.model import MemberKind
from ..site import urls
from ..site.model import Site
from ..site.urls import member_url

SCHEMA_NAME = "coalition-export.schema.json"
FORMAT_VERSION = 1
COALITION_ID = "coalition"

DATE_SCHEMA = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
Day = Annotated[str, WithJsonSchema(DATE_SCHEMA)]
MaybeDay = Annotated[str | None, WithJsonSchema({"anyOf": [DATE_SCHEMA, {"type": "null"}]})]
Id = Annotated[str, WithJsonSchema({"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]{0,62}$"})]
Url = Annotated[str, WithJsonSchema({"type": "string", "format": "uri",
                                     "pattern": r"^https?://"})]


# The meaning of fields whose name says it all; a field's own description wins, and a
# ``Model.field`` key wins over a bare field name.  Every field ends up described.
GLOSSARY = {
    "id": "The record's id, the same in every file and in the page URLs.",
    "name": "Full name.",
    "short_name": "Short name used in tables; empty when there is none.",
    "label": "The role's name.",
    "description": "What the role does.",
    "website": "The member's own website; empty when unknown.",
    "page_url": "The record's page on the portal (absolute URL).",
    "member_id": "Member id (the file name in content/members/).",
    "meeting_id": "Meeting id (the file name in content/meetings/).",
    "decision_id": "Decision id (unique across all meetings).",
    "endorsement_id": "Endorsement id (the file name in content/endorsements/).",
    "event_id": "Meeting id (the file name in content/meetings/).",
    "motion_id": "Decision id (unique across all meetings).",
    "role_id": "Role id (as in content/roles.yml).",
    "post_id": "Role id, for a term in a rotating role; empty for plain membership.",
    "organization_id": "Always 'coalition': the coalition itself.",
    "member_type": "organization or person.",
    "chair_id": "Member id of the chair; empty when none was recorded.",
    "meeting_date": "The meeting's date.",
    "date": "The day of the record.",
    "start_date": "The first day.",
    "end_date": "The last day; empty while it lasts.",
    "joined": "The day the membership period began.",
    "left": "The day the membership period ended; empty while it lasts.",
    "role": "The role's name.",
    "title": "The record's title.",
    "text": "The clause's text.",
    "kind": "The record's kind.",
    "end": "Local end time, HH:MM; empty when not recorded.",
    "location": "Where the meeting takes place.",
    "public": "Whether the meeting is open to the public.",
    "status_reason": "Why the meeting was cancelled or postponed; empty otherwise.",
    "agenda": "The agenda items, in order.",
    "corrections": "Corrections made to the record after publication, each with its date.",
    "what": "What was corrected.",
    "minutes_approved": "The day the minutes were approved; empty if not (yet) approved.",
    "decision_class": "The decision class (see the coalition's decision rules).",
    "rationale": "Why the coalition decided this (never empty).",
    "rule_kind": "consent, majority, supermajority or consensus.",
    "threshold": "Share of yes among yes + no needed (supermajority only), e.g. 2/3.",
    "quorum": "Share of the members who had to take part, e.g. 1/2.",
    "quorum_needed": "Number of members who had to take part.",
    "yes": "Members who voted yes; empty without a recorded vote.",
    "no": "Members who voted no; empty without a recorded vote.",
    "abstain": "Members who abstained; empty without a recorded vote.",
    "absent": "Members absent from the vote; empty without a recorded vote.",
    "recused": "Members who recused themselves; empty without a recorded vote.",
    "vote": "yes, no, abstain, absent or recused.",
    "option": "yes, no, abstain, absent or recused.",
    "value": "How many members.",
    "counts": "The number of members per option.",
    "votes": "Each member's vote.",
    "result": "adopted, rejected or deferred.",
    "platform_clauses": "Ids of the platform clauses the decision touches.",
    "supersedes": "Ids of earlier decisions this one replaces.",
    "superseded_by": "Ids of later decisions that replace this one.",
    "number": "The version number.",
    "adopted": "The day the version was adopted.",
    "summary": "What changed in this version; empty when not given.",
    "current": "Whether this is the current version on the as_of date.",
    "clauses": "The clauses, in order.",
    "clause": "The clause id the change concerns.",
    "op": "add, replace or remove.",
    "proposed_by": "Member id of the proposer.",
    "proposed_on": "The day it was proposed.",
    "decided_by": "The decision that settled it; empty while open.",
    "changes": "The clause changes it proposes.",
    "endorser_member_id": "Member id, when a member endorses; empty otherwise.",
    "endorser_organization": "An outside endorser's name; empty when a member endorses.",
    "endorser_url": "The outside endorser's website; empty when unknown.",
    "signer_name": "Who signed the endorsement.",
    "signer_title": "The signer's title.",
    "statement": "The endorser's statement; empty when none.",
    "withdrawn_date": "The day the endorsement was withdrawn; empty while it stands.",
    "withdrawn_reason": "Why it was withdrawn; empty while it stands.",
    "published": "The day the minutes became public; empty when not (yet) published.",
    "target_days": "The publication target in days.",
    "meeting_status": "scheduled, held, cancelled or postponed.",
    "representatives": "The people who represent the member, with their periods.",
    "decision_rules": "The decision classes and the rule each is taken by.",
    "founded": "The day the coalition was founded.",
    "cadence": "How often the coalition meets.",
    "replant_horizon_years": "Years after which the coalition plans to renew itself.",
    "dissolution_protocol": "How the coalition ends.",
    "format": "Always 'coalition-portal export'.",
    "platform": "The platform version endorsed, e.g. v2.",
    "Organization.classification": "'coalition' for the coalition, 'member' for a member.",
    "Person.constituency": "Whom the member speaks for.",
    "Representative.role": "The representative's role in the member organization.",
    "MeetingRow.kind": "regular, formation-circle, special or annual-review.",
    "MeetingRow.date": "The meeting's date.",
    "ChangeOut.kind": "For an added clause: its kind; empty otherwise.",
    "ChangeOut.title": "For an added clause: its title; empty otherwise.",
    "ChangeOut.text": "The clause's new text; empty for a removal.",
    "EndorsementOut.date": "The day the endorsement was given.",
    "EndorsementRow.date": "The day the endorsement was given.",
    "CorrectionOut.date": "The day of the correction.",
    "RoleTermRow.start_date": "The first day of the term.",
    "RoleTermRow.end_date": "The last day of the term; empty when open-ended.",
    "Representative.start_date": "The first day.",
    "AmendmentOut.title": "The amendment's title.",
    "DecisionRow.title": "The decision's title.",
    "PlatformVersionOut.summary": "What changed in this version; empty when not given.",
    "VoteEventOut.start_date": "The meeting date.",
    "VoteEventOut.id": "Decision id: the vote event has the id of its decision.",
    "VoteEventOut.result": "adopted, rejected or deferred.",
}


def _describe_fields(schema: dict, model: type) -> None:
    for name, prop in schema.get("properties", {}).items():
        if "description" not in prop:
            meaning = GLOSSARY.get(f"{model.__name__}.{name}") or GLOSSARY.get(name)
            if meaning:
                prop["description"] = meaning


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_describe_fields)


def _d(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


# --- coalition.json ----------------------------------------------------------------------------


class Meta(Out):
    """About this file."""

    format: Literal["coalition-portal export"] = "coalition-portal export"
    format_version: int = Field(FORMAT_VERSION, description="Changes when a field changes meaning.")
    as_of: Day = Field(description="The build date: the record as it stood on this day.")
    site_url: Url = Field(description="The portal's address; every page_url starts with it.")
    schema_url: Url = Field(description="Where this file's JSON Schema is published.")


class Rule(Out):
    """How a class of decision is taken."""

    decision_class: str = Field(description="A decision class of the coalition.")
    kind: str = Field(description="consent, majority, supermajority or consensus.")
    threshold: str | None = Field(description="Share of yes among yes + no needed "
                                  "(supermajority only), e.g. 2/3.")
    quorum: str = Field(description="Share of the members who must take part, e.g. 1/2.")


class CoalitionOut(Out):
    """The coalition: its shared interest, governance and decision rules."""

    id: Literal["coalition"] = Field(COALITION_ID, description="The coalition's id in "
                                     "organization_id fields.")
    name: str
    short_name: str | None
    shared_interest: str = Field(description="The shared interest, in one sentence.")
    timezone: str = Field(description="IANA time zone of every date and time.")
    founded: Day
    publication_target_days: int = Field(description="Minutes are due this many days after "
                                         "a meeting.")
    cadence: str
    replant_horizon_years: int
    dissolution_protocol: str
    decision_rules: list[Rule]
    page_url: Url


class Representative(Out):
    """A person who represents a member organization."""

    name: str
    role: str
    start_date: Day
    end_date: MaybeDay


class Organization(Out):
    """Popolo organization: the coalition itself or a member organization."""

    id: Id = Field(description="Member id (the coalition's is 'coalition').")
    name: str
    short_name: str | None
    classification: Literal["coalition", "member"]
    constituency: str | None = Field(description="Whom the member speaks for.")
    website: str | None = Field(description="The organization's own website.")
    current: bool = Field(description="A member on the as_of date.")
    representatives: list[Representative]
    page_url: Url


class Person(Out):
    """Popolo person: an individual member of the coalition."""

    id: Id = Field(description="Member id.")
    name: str
    short_name: str | None
    constituency: str
    website: str | None
    current: bool = Field(description="A member on the as_of date.")
    page_url: Url


class MembershipOut(Out):
    """Popolo membership: a period of membership, or a term in a role (post_id set)."""

    id: str = Field(description="member id, post (or 'member') and start date.")
    member_id: Id
    member_type: Literal["organization", "person"]
    organization_id: Literal["coalition"]
    post_id: Id | None = Field(description="The role held, for a term in a rotating role.")
    role: str = Field(description="'member', or the role's name.")
    start_date: Day
    end_date: MaybeDay
    end_reason: str | None = Field(description="Why the member left (membership periods).")


class Post(Out):
    """Popolo post: a rotating role."""

    id: Id
    label: str
    organization_id: Literal["coalition"]
    description: str
    page_url: Url


class CorrectionOut(Out):
    """A correction to a meeting's record."""

    date: Day
    what: str


class EventOut(Out):
    """Popolo event: a meeting."""

    id: Id = Field(description="Meeting id.")
    name: str
    classification: str = Field(description="regular, formation-circle, special or "
                                "annual-review.")
    status: str = Field(description="scheduled, held, cancelled or postponed.")
    status_reason: str | None
    start_date: str = Field(description="Start, ISO 8601 with the UTC offset of the "
                            "coalition's time zone.")
    end_date: str | None
    location: str
    public: bool
    organization_id: Literal["coalition"]
    chair_id: Id | None
    agenda: list[str]
    minutes_status: str | None = Field(description="draft, approved or corrected.")
    minutes_published: MaybeDay = Field(description="The day the minutes were published, "
                                        "as the record gives it.")
    minutes_published_per_git: MaybeDay = Field(description="When git proves the published "
                                                "date back-dated (back_dating: warn), the later "
                                                "day the minutes first reached the repository; "
                                                "empty otherwise.")
    minutes_approved: MaybeDay
    minutes_due: Day = Field(description="Meeting date + publication target.")
    publication_state: str = Field(description="on time, late, pending, overdue, upcoming or "
                                   "no minutes owed (on the as_of date).")
    publication_lag_days: int | None = Field(description="Days from meeting to published "
                                             "minutes, as the punctuality page counts them "
                                             "(from minutes_published_per_git when set).")
    minutes_markdown: str | None = Field(description="The minutes' text, in Markdown.")
    corrections: list[CorrectionOut]
    page_url: Url


class AttendanceOut(Out):
    """One member's attendance at one meeting."""

    event_id: Id
    member_id: Id
    status: str = Field(description="present, absent, excused or not-recorded.")


class MotionOut(Out):
    """Popolo motion: a decision."""

    id: Id = Field(description="Decision id.")
    organization_id: Literal["coalition"]
    event_id: Id = Field(description="The meeting that took it.")
    date: Day = Field(description="The meeting date.")
    public_date: MaybeDay = Field(description="The day it became public (added to the record, "
                                  "or its minutes published).")
    text: str = Field(description="The decision's title.")
    classification: str = Field(description="The decision class.")
    rationale: str
    requirement: str = Field(description="The rule it was taken by, in words.")
    rule_kind: str
    threshold: str | None
    quorum: str
    result: str = Field(description="adopted, rejected or deferred.")
    platform_clauses: list[Id]
    supersedes: list[Id]
    superseded_by: list[Id]
    page_url: Url


class CountOut(Out):
    """How many members chose one option."""

    option: Literal["yes", "no", "abstain", "absent", "recused"]
    value: int = Field(ge=0)


class VoteOut(Out):
    """One member's vote."""

    voter_id: Id = Field(description="Member id.")
    option: Literal["yes", "no", "abstain", "absent", "recused"]


class VoteEventOut(Out):
    """Popolo vote event: the vote on a decision (same id as the motion)."""

    id: Id
    motion_id: Id
    event_id: Id
    organization_id: Literal["coalition"]
    start_date: Day
    result: str
    eligible: int = Field(description="Members of the coalition on the meeting date.")
    quorum_needed: int
    counts: list[CountOut]
    votes: list[VoteOut]


class ClauseOut(Out):
    """A clause of the platform."""

    id: Id
    number: int = Field(description="Position in this version, from 1.")
    kind: str = Field(description="non-negotiable, delegated, governance or dissolution.")
    title: str
    text: str


class PlatformVersionOut(Out):
    """A version of the platform, with its numbered clauses."""

    id: Id = Field(description="Version id, e.g. v2.")
    number: int
    adopted: Day
    adopted_by: Id | None = Field(description="The decision that adopted it.")
    summary: str | None
    current: bool
    clauses: list[ClauseOut]
    page_url: Url


class ChangeOut(Out):
    """One clause change of an amendment."""

    clause: Id
    op: Literal["add", "replace", "remove"]
    kind: str | None
    title: str | None
    text: str | None


class AmendmentOut(Out):
    """A proposed change to the platform, with its status."""

    id: Id
    title: str
    proposed_by: Id
    proposed_on: Day
    against: Id = Field(description="The platform version it amends.")
    rationale: str
    status: str = Field(description="proposed, adopted, rejected or withdrawn.")
    decided_by: Id | None
    changes: list[ChangeOut]


class EndorsementOut(Out):
    """An endorsement of a platform version; withdrawn ones are kept."""

    id: Id
    endorser_member_id: Id | None
    endorser_organization: str | None = Field(description="An outside endorser's name.")
    endorser_url: str | None
    platform: Id = Field(description="The platform version endorsed.")
    date: Day
    signer_name: str
    signer_title: str
    statement: str | None
    withdrawn_date: MaybeDay
    withdrawn_reason: str | None
    page_url: Url


class Export(Out):
    """The whole public record of the coalition (coalition.json)."""

    meta: Meta
    coalition: CoalitionOut
    organizations: list[Organization] = Field(
        description="The coalition and its member organizations (current and former).",
        min_length=1)
    persons: list[Person] = Field(description="Members who are individuals.")
    # empty in a portal just made by `coalition init`, before any member joins
    memberships: list[MembershipOut] = Field(description="Membership periods and role terms.")
    posts: list[Post] = Field(description="The rotating roles.")
    events: list[EventOut] = Field(description="Meetings.")
    attendance: list[AttendanceOut] = Field(description="Who attended which meeting.")
    motions: list[MotionOut] = Field(description="Decisions.")
    vote_events: list[VoteEventOut] = Field(description="Votes on decisions, with counts and "
                                            "each member's vote.")
    platform_versions: list[PlatformVersionOut]
    amendments: list[AmendmentOut]
    endorsements: list[EndorsementOut]


# --- CSV rows ------------------------------------------------------------------------------------


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
    start: str = Field(description="Local start time, HH:MM, in the coalition's time zone.")
    end: str | None
    kind: str
    status: str = Field(description="scheduled, held, cancelled or postponed.")
    location: str
    chair_id: Id | None
    public: bool
    decisions: int = Field(description="Number of decisions recorded.")
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
    """One row per member per vote."""

    decision_id: Id
    meeting_id: Id
    meeting_date: Day
    member_id: Id
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
    minutes_status: str | None = Field(description="draft, approved or corrected.")
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


# --- building ----------------------------------------------------------------------------------


def build_export(site: Site, base: str) -> list[tuple[str, object]]:
    """The parts of coalition.json, in :class:`Export`'s field order: (key, model or list of
    models); the long lists (events, attendance, motions, vote events) are iterators whose
    items are made as :func:`render_json` writes them, so a long archive's votes are never
    all held as models at once."""
    content, abs_ = site.content, (lambda url: urls.absolute(base, url))
    coalition = content.coalition
    rules = [Rule(decision_class=k, kind=str(r.kind), threshold=r.threshold, quorum=r.quorum)
             for k, r in coalition.decision_rules.items()]
    parts = dict(
        meta=Meta(as_of=site.as_of.isoformat(), site_url=base,
                  schema_url=abs_(urls.EXPORT_SCHEMA)),
        coalition=CoalitionOut(
            name=coalition.name, short_name=coalition.short_name,
            shared_interest=coalition.shared_interest, timezone=coalition.timezone,
            founded=coalition.founded.isoformat(),
            publication_target_days=site.prepared.target_days, cadence=str(coalition.cadence),
            replant_horizon_years=coalition.replant_horizon_years,
            dissolution_protocol=coalition.dissolution_protocol, decision_rules=rules,
            page_url=base),
        organizations=[Organization(
            id=COALITION_ID, name=coalition.name, short_name=coalition.short_name,
            classification="coalition", constituency=None, website=None, current=True,
            representatives=[], page_url=base)] + _organizations(site, abs_),
        persons=_persons(site, abs_),
        memberships=_memberships(site),
        posts=[Post(id=r.id, label=r.name, organization_id=COALITION_ID,
                    description=r.description, page_url=abs_(urls.role_url(r.id)))
               for r in content.roles.roles],
        events=_events(site, abs_),
        attendance=(AttendanceOut(event_id=mid, member_id=a.member, status=str(a.status))
                    for mid, view in site.meetings.items() for a in view.meeting.attendance),
        motions=_motions(site, abs_),
        vote_events=_vote_events(site),
        platform_versions=[PlatformVersionOut(
            id=vid, number=v.version.number, adopted=v.version.adopted.isoformat(),
            adopted_by=v.version.adopted_by, summary=v.version.summary, current=v.current,
            clauses=[ClauseOut(id=c.id, number=n, kind=str(c.kind), title=c.title, text=c.text)
                     for n, c in enumerate(v.version.clauses, start=1)],
            page_url=abs_(v.url))
            for vid, v in site.platforms.items()],
        amendments=[AmendmentOut(
            id=aid, title=a.title, proposed_by=a.proposed_by,
            proposed_on=a.proposed_on.isoformat(), against=a.against, rationale=a.rationale,
            status=str(a.status), decided_by=a.decided_by,
            changes=[ChangeOut(clause=c.clause, op=str(c.op), kind=_s(c.kind), title=c.title,
                               text=c.text) for c in a.changes])
            for aid, a in content.amendments.items()],
        endorsements=[EndorsementOut(
            id=eid, endorser_member_id=e.endorser.member,
            endorser_organization=e.endorser.organization, endorser_url=e.endorser.url,
            platform=e.platform, date=e.date.isoformat(), signer_name=e.signer.name,
            signer_title=e.signer.title, statement=e.statement,
            withdrawn_date=_d(e.withdrawn.date) if e.withdrawn else None,
            withdrawn_reason=e.withdrawn.reason if e.withdrawn else None,
            page_url=abs_(urls.endorsement_url(eid)))
            for eid, e in content.endorsements.items()],
    )
    # the same keys, in the same order, as the Export model the schema is made from
    assert list(parts) == list(Export.model_fields), list(parts)
    return list(parts.items())


def _s(value) -> str | None:
    return str(value) if value is not None else None


def _organizations(site: Site, abs_) -> list[Organization]:
    return [Organization(
        id=mid, name=v.member.name, short_name=v.member.short_name,
        classification="member", constituency=v.member.constituency, website=v.member.url,
        current=v.current,
        representatives=[Representative(name=r.name, role=r.role,
                                        start_date=r.from_.isoformat(), end_date=_d(r.to))
                         for r in v.member.representatives],
        page_url=abs_(member_url(mid)))
        for mid, v in site.members.items() if v.member.kind is MemberKind.organization]


def _persons(site: Site, abs_) -> list[Person]:
    return [Person(id=mid, name=v.member.name, short_name=v.member.short_name,
                   constituency=v.member.constituency, website=v.member.url,
                   current=v.current, page_url=abs_(member_url(mid)))
            for mid, v in site.members.items() if v.member.kind is MemberKind.person]


def _memberships(site: Site) -> list[MembershipOut]:
    out = []
    for mid, view in site.members.items():
        for p in view.member.memberships:
            out.append(MembershipOut(
                id=f"{mid}-member-{p.joined}", member_id=mid,
                member_type=str(view.member.kind), organization_id=COALITION_ID,
                post_id=None, role="member", start_date=p.joined.isoformat(),
                end_date=_d(p.left), end_reason=p.reason if p.left else None))
    names = {r.id: r.name for r in site.content.roles.roles}
    for t in site.content.roles.terms:
        out.append(MembershipOut(
            id=f"{t.member}-{t.role}-{t.from_}", member_id=t.member,
            member_type=str(site.members[t.member].member.kind), organization_id=COALITION_ID,
            post_id=t.role, role=names[t.role], start_date=t.from_.isoformat(),
            end_date=_d(t.to), end_reason=None))
    return out


def _events(site: Site, abs_) -> Iterator[EventOut]:
    zone = ZoneInfo(site.content.coalition.timezone)
    for mid, view in site.meetings.items():
        m, pub = view.meeting, view.publication

        def at(clock: str | None) -> str | None:
            if clock is None:
                return None
            return dt.datetime.combine(m.date, dt.time.fromisoformat(clock),
                                       tzinfo=zone).isoformat()

        minutes = m.minutes
        yield EventOut(
            id=mid, name=view.title, classification=str(m.kind), status=str(m.status),
            status_reason=m.status_reason, start_date=at(m.start), end_date=at(m.end),
            location=m.location, public=m.public, organization_id=COALITION_ID,
            chair_id=m.chair, agenda=list(m.agenda),
            minutes_status=_s(minutes.status) if minutes else None,
            minutes_published=_d(view.minutes_published),
            minutes_published_per_git=_d(view.minutes_published_per_git),
            minutes_approved=_d(minutes.approved) if minutes else None,
            minutes_due=pub.due.isoformat(), publication_state=str(pub.state),
            publication_lag_days=pub.lag,
            minutes_markdown=minutes.body if minutes else None,
            corrections=[CorrectionOut(date=c.date.isoformat(), what=c.what)
                         for c in m.corrections],
            page_url=abs_(view.url))


def _motions(site: Site, abs_) -> Iterator[MotionOut]:
    return (MotionOut(
        id=did, organization_id=COALITION_ID, event_id=d.meeting_id,
        date=d.meeting.date.isoformat(), public_date=_d(d.public_date),
        text=d.decision.title, classification=d.decision.class_,
        rationale=d.decision.rationale, requirement=d.rule_words, rule_kind=str(d.rule.kind),
        threshold=d.rule.threshold, quorum=d.rule.quorum, result=str(d.decision.outcome),
        platform_clauses=list(d.decision.platform_clauses),
        supersedes=list(d.decision.supersedes), superseded_by=list(d.superseded_by),
        page_url=abs_(d.url))
        for did, d in site.decisions.items())


def _vote_events(site: Site) -> Iterator[VoteEventOut]:
    for did, d in site.decisions.items():
        if d.decision.vote is None or d.count is None:
            continue
        c = d.count
        counts = [CountOut(option=o, value=getattr(c, o))
                  for o in ("yes", "no", "abstain", "absent", "recused")]
        yield VoteEventOut(
            id=did, motion_id=did, event_id=d.meeting_id, organization_id=COALITION_ID,
            start_date=d.meeting.date.isoformat(), result=str(d.decision.outcome),
            eligible=c.eligible, quorum_needed=c.needed_for_quorum, counts=counts,
            votes=[VoteOut(voter_id=m, option=str(v))
                   for m, v in sorted(d.decision.vote.items())])


def csv_rows(site: Site, base: str) -> dict[str, Iterator[Out]]:
    """File name -> its rows, made one at a time as the file is written: a long archive
    has hundreds of thousands of vote and attendance rows, too many to hold at once."""
    abs_ = lambda url: urls.absolute(base, url)  # noqa: E731
    target = site.prepared.target_days

    def members() -> Iterator[Out]:
        for mid, v in site.members.items():
            periods = v.member.memberships
            yield MemberRow(
                member_id=mid, name=v.member.name, short_name=v.member.short_name,
                kind=str(v.member.kind), constituency=v.member.constituency, current=v.current,
                first_joined=periods[0].joined.isoformat(),
                last_left=None if v.current else _d(periods[-1].left),
                website=v.member.url, page_url=abs_(v.url))

    def memberships() -> Iterator[Out]:
        for mid, v in site.members.items():
            for p in v.member.memberships:
                yield MembershipRow(member_id=mid, joined=p.joined.isoformat(),
                                    left=_d(p.left), reason=p.reason)

    def meetings() -> Iterator[Out]:
        for mid, view in site.meetings.items():
            m = view.meeting
            yield MeetingRow(
                meeting_id=mid, date=m.date.isoformat(), start=m.start, end=m.end,
                kind=str(m.kind), status=str(m.status), location=m.location, chair_id=m.chair,
                public=m.public, decisions=len(view.decisions), page_url=abs_(view.url))

    def attendance() -> Iterator[Out]:
        for mid, view in site.meetings.items():
            m = view.meeting
            for a in m.attendance:
                yield AttendanceRow(meeting_id=mid, meeting_date=m.date.isoformat(),
                                    member_id=a.member, status=str(a.status))

    def lags() -> Iterator[Out]:
        for mid, view in site.meetings.items():
            m, pub = view.meeting, view.publication
            yield PublicationLagRow(
                meeting_id=mid, meeting_date=m.date.isoformat(), meeting_status=str(m.status),
                state=str(pub.state),
                minutes_status=_s(m.minutes.status) if m.minutes else None,
                due=pub.due.isoformat(), published=_d(view.minutes_published),
                published_per_git=_d(view.minutes_published_per_git), lag_days=pub.lag,
                target_days=target,
                on_time=None if pub.lag is None else pub.state is State.on_time)

    def decisions() -> Iterator[Out]:
        for did, d in site.decisions.items():
            c, day = d.count, d.meeting.date.isoformat()
            yield DecisionRow(
                decision_id=did, meeting_id=d.meeting_id, meeting_date=day,
                public_date=_d(d.public_date), title=d.decision.title,
                decision_class=d.decision.class_, rule_kind=str(d.rule.kind),
                threshold=d.rule.threshold, quorum=d.rule.quorum,
                outcome=str(d.decision.outcome), voted=c is not None, yes=c and c.yes,
                no=c and c.no, abstain=c and c.abstain, absent=c and c.absent,
                recused=c and c.recused, eligible=c and c.eligible,
                rationale=d.decision.rationale, page_url=abs_(d.url))

    def votes() -> Iterator[Out]:
        for did, d in site.decisions.items():
            day = d.meeting.date.isoformat()
            for mid, v in sorted((d.decision.vote or {}).items()):
                yield VoteRow(decision_id=did, meeting_id=d.meeting_id, meeting_date=day,
                              member_id=mid, vote=str(v))

    def endorsements() -> Iterator[Out]:
        for eid, e in site.content.endorsements.items():
            yield EndorsementRow(
                endorsement_id=eid, endorser_member_id=e.endorser.member,
                endorser_organization=e.endorser.organization, platform=e.platform,
                date=e.date.isoformat(), signer_name=e.signer.name,
                signer_title=e.signer.title,
                withdrawn_date=_d(e.withdrawn.date) if e.withdrawn else None,
                withdrawn_reason=e.withdrawn.reason if e.withdrawn else None)

    def role_terms() -> Iterator[Out]:
        names = {r.id: r.name for r in site.content.roles.roles}
        for t in site.content.roles.terms:
            yield RoleTermRow(role_id=t.role, role=names[t.role], member_id=t.member,
                              start_date=t.from_.isoformat(), end_date=_d(t.to))

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
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def render_csv(model: type[Out], rows: Iterable[Out]) -> bytes:
    """RFC 4180 CSV (CRLF, quoted when needed), UTF-8, a header row of the model's fields."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = list(model.model_fields)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(getattr(row, c)) for c in columns])
    return buffer.getvalue().encode("utf-8")


def render_json(parts: list[tuple[str, object]]) -> bytes:
    """coalition.json from :func:`build_export`'s parts, object by object.

    One record per line: each top-level object, and each item of a top-level list, is
    written compactly on a line of its own.  A ten-year archive's file is two thirds of
    its size indented (16 MB, not 25), a diff between two days shows the records that
    changed, and ``grep`` finds a record with its fields.
    Only one vote event's models exist at a time.
    """
    out = io.BytesIO()
    out.write(b"{")
    for n, (key, value) in enumerate(parts):
        out.write(b"\n" if n == 0 else b",\n")
        out.write(_json_text(key) + b":")
        if isinstance(value, BaseModel):
            out.write(value.model_dump_json().encode("utf-8"))
            continue
        empty = True
        for item in value:
            out.write(b"[\n" if empty else b",\n")
            out.write(item.model_dump_json().encode("utf-8"))
            empty = False
        out.write(b"[]" if empty else b"\n]")
    out.write(b"\n}\n")
    return out.getvalue()


def _json_text(key: str) -> bytes:
    return json.dumps(key, ensure_ascii=False).encode("utf-8")


# --- schema and data dictionary -------------------------------------------------------------------


def export_schema() -> dict:
    """JSON Schema of coalition.json, with each CSV file's row under ``$defs`` (titled by file)."""
    schema = Export.model_json_schema(mode="serialization")
    defs = schema.setdefault("$defs", {})
    for name, model in CSV_FILES.items():
        row = model.model_json_schema(mode="serialization")
        row["title"] = name
        defs[model.__name__] = row
    schema.pop("title", None)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "coalition.json", **schema}


def _type_words(prop: dict) -> str:
    if "$ref" in prop:
        return "object"
    if "anyOf" in prop:
        kinds = [_type_words(p) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(kinds) + ", may be empty"
    if prop.get("format") == "date":
        return "date (YYYY-MM-DD)"
    if prop.get("format") == "uri":
        return "URL"
    if prop.get("pattern", "").startswith("^[a-z0-9]"):
        return "id"
    if prop.get("type") == "array":
        return f"list of {_type_words(prop.get('items', {}))}"
    if "const" in prop:
        return f"always {prop['const']!r}"
    if "enum" in prop:
        return "one of " + ", ".join(map(str, prop["enum"]))
    return str(prop.get("type", "value"))


def data_dictionary(schema: dict) -> list[dict]:
    """Per file (and per table inside coalition.json): columns with type and meaning.

    Read from the schema, so the open-data page says exactly what the schema says.
    """
    defs = schema["$defs"]

    def columns(obj: dict) -> list[dict]:
        return [{"name": name, "type": _type_words(prop),
                 "meaning": prop.get("description", "")}
                for name, prop in obj.get("properties", {}).items()]

    out = []
    for name, model in CSV_FILES.items():
        row = defs[model.__name__]
        out.append({"file": name, "part": None, "meaning": row.get("description", ""),
                    "columns": columns(row)})
    for key, prop in schema["properties"].items():
        target = prop.get("items", prop)
        ref = target.get("$ref", "").rsplit("/", 1)[-1]
        obj = defs.get(ref, {})
        out.append({"file": "coalition.json", "part": key,
                    "meaning": prop.get("description") or obj.get("description", ""),
                    "columns": columns(obj)})
    return out
