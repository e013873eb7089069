"""The models of ``coalition.json``: Popolo-shaped where Popolo has a term.

Persons, organizations, memberships, posts, events, motions and vote events (with counts
and votes) as Popolo names them; the platform versions, amendments, endorsements and
attendance added.  :class:`Export` is the whole document, its fields in the file's order.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .fields import Day, Id, MaybeDay, Out, Url

FORMAT_VERSION = 1
COALITION_ID = "coalition"


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


class SourceOut(Out):
    """Where an imported meeting's record came from, so that its dates stay verifiable."""

    archive: str = Field(description="The archive's repository (its address or name).")
    path: str | None = Field(description="The file in the archive; empty when not given.")
    commit: str | None = Field(description="The commit that first added the file (its day "
                               "is the minutes' published date); empty when not given.")


class EventOut(Out):
    """Popolo event: a meeting."""

    id: Id = Field(description="Meeting id.")
    name: str
    classification: str = Field(description="regular, formation-circle, special or "
                                "annual-review.")
    status: str = Field(description="scheduled, held, cancelled or postponed.")
    status_reason: str | None
    start_date: str = Field(description="Start, ISO 8601 with the UTC offset of the "
                            "coalition's time zone; the date alone (YYYY-MM-DD) when the "
                            "start time was not recorded.")
    end_date: str | None = Field(description="End, ISO 8601 with the UTC offset of the "
                                 "coalition's time zone; empty when not recorded.")
    location: str | None = Field(description="Where the meeting takes place; empty when "
                                 "not recorded.")
    public: bool
    organization_id: Literal["coalition"]
    chair_id: Id | None
    agenda: list[str]
    minutes_status: str | None = Field(description="draft, approved or corrected; empty "
                                       "without minutes or when it was not recorded.")
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
    source: SourceOut | None = Field(description="Where the record was imported from; empty "
                                     "for a meeting recorded on the portal. What an imported "
                                     "meeting leaves empty is not recorded in its archive.")
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

