"""The records a coalition keeps: one pydantic model per content file kind.

These models are the single source of truth for the content format; the JSON
Schemas in ``schema/`` are generated from them.  They are strict: unknown
fields are errors and nothing is coerced (``"yes"`` is not true, ``1`` is not a
string).  Dates stay ISO strings in the YAML and become ``datetime.date`` here.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from fractions import Fraction
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_FRACTION = re.compile(r"^([1-9]\d*)/([1-9]\d*)$")


def slug_problem(value: str) -> str:
    """What is wrong with an id that does not match SLUG_PATTERN."""
    return (f"{value!r} is not a valid id: use lowercase letters, digits and dashes, "
            "starting with a letter or digit (at most 63 characters)")


def _iso_date(value: object) -> object:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError("should be a date written as YYYY-MM-DD")
    if not _DATE.match(value):
        raise ValueError(f"{value!r} is not a date written as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a date (no such day in the calendar)") from None


def _clock_time(value: object) -> object:
    if not isinstance(value, str):
        raise ValueError("should be a time written as HH:MM, in quotes or not")
    if not _TIME.match(value):
        if re.match(r"^\d{1,2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)$", value):
            raise ValueError(
                f"{value!r} carries its own time zone; write HH:MM — the coalition's "
                "time zone (coalition.yml) applies to every time"
            )
        raise ValueError(f"{value!r} is not a time written as HH:MM (24-hour clock)")
    return value


def _fraction(value: object) -> object:
    if not isinstance(value, str) or not _FRACTION.match(value):
        raise ValueError(f"{value!r} should be a fraction such as \"2/3\"")
    if Fraction(value) > 1:
        raise ValueError(f"{value} is more than the whole (should be at most 1)")
    return value


def _text(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        raise ValueError("is empty; write a few words")
    return value


def _timezone(value: object) -> object:
    if isinstance(value, str):
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{value!r} is not a known IANA time zone (for example Europe/Berlin)"
            ) from None
    return value


def _http_url(value: object) -> object:
    if isinstance(value, str) and not re.match(r"^https?://[^\s\"'<>`]+$", value):
        raise ValueError(f"{value!r} should be a web address starting with https:// or http://")
    return value


# checked by pydantic-core's own regex, not a Python function: a long archive has about
# 170,000 ids (every vote names a member) and a Python call per id was a third of
# validation; the loader words a mismatch with slug_problem()
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN}),
]
Date = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
ClockTime = Annotated[
    str,
    BeforeValidator(_clock_time),
    WithJsonSchema({"type": "string", "pattern": _TIME.pattern}),
]
Ratio = Annotated[
    str,
    BeforeValidator(_fraction),
    WithJsonSchema({"type": "string", "pattern": _FRACTION.pattern}),
]
Text = Annotated[str, AfterValidator(_text), WithJsonSchema({"type": "string", "minLength": 1})]
Url = Annotated[
    str,
    AfterValidator(_http_url),
    WithJsonSchema({"type": "string", "pattern": r"^https?://[^\s\"'<>`]+$"}),
]


class Record(BaseModel):
    """Base of every content model: strict, closed, immutable."""

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, populate_by_name=False,
        use_enum_values=False,
    )


class StrEnum(str, Enum):
    def __str__(self) -> str:  # so templates and messages show the value
        return self.value


# --- coalition.yml -------------------------------------------------------------------


class RuleKind(StrEnum):
    consent = "consent"  # adopted unless someone objects (votes no)
    majority = "majority"  # more yes than no
    supermajority = "supermajority"  # yes is at least `threshold` of yes + no
    consensus = "consensus"  # every member taking part votes yes


class DecisionRule(Record):
    """How a class of decision is taken."""

    kind: RuleKind
    threshold: Ratio | None = Field(
        None, description="Share of yes among yes + no needed (supermajority only), e.g. \"2/3\"."
    )
    quorum: Ratio = Field(
        "1/2", description="Share of the members on the meeting date who must take part."
    )

    @model_validator(mode="after")
    def _threshold_matches_kind(self) -> DecisionRule:
        if self.kind is RuleKind.supermajority and self.threshold is None:
            raise ValueError("a supermajority rule needs a threshold such as \"2/3\"")
        if self.kind is not RuleKind.supermajority and self.threshold is not None:
            raise ValueError(f"a threshold only applies to supermajority, not to {self.kind}")
        return self


class Cadence(StrEnum):
    weekly = "weekly"
    biweekly = "biweekly"
    monthly = "monthly"
    quarterly = "quarterly"


class Coalition(Record):
    """``content/coalition.yml``: who the coalition is and how it governs itself."""

    name: Text
    short_name: Text | None = None
    shared_interest: Text = Field(description="The shared interest, in one sentence.")
    description: Text | None = None
    timezone: Annotated[str, AfterValidator(_timezone)] = Field(
        description="IANA time zone in which every date and time is read."
    )
    site_url: Url | None = None
    repo_url: Url | None = None
    publication_target_days: int = Field(7, ge=1, le=365)
    cadence: Cadence
    decision_rules: dict[Slug, DecisionRule] = Field(
        description="Decision classes and the rule each is taken by."
    )
    dissolution_protocol: Text
    founded: Date
    replant_horizon_years: int = Field(5, ge=1, le=50)

    @field_validator("decision_rules")
    @classmethod
    def _some_rules(cls, rules: dict) -> dict:
        if not rules:
            raise ValueError("name at least one decision class and its rule")
        return rules


# --- platform/<version>.yml -------------------------------------------------------------


class ClauseKind(StrEnum):
    non_negotiable = "non-negotiable"
    delegated = "delegated"
    governance = "governance"
    dissolution = "dissolution"


class Clause(Record):
    id: Slug
    kind: ClauseKind
    title: Text
    text: Text


class PlatformVersion(Record):
    """``content/platform/v<N>.yml``: one adopted version of the platform."""

    number: int = Field(ge=1)
    adopted: Date
    adopted_by: Slug | None = Field(
        None, description="Id of the decision that adopted this version."
    )
    summary: Text | None = None
    clauses: list[Clause] = Field(min_length=1)


# --- members/<id>.yml -----------------------------------------------------------------------


class MemberKind(StrEnum):
    organization = "organization"
    person = "person"


class Membership(Record):
    joined: Date
    left: Date | None = None
    reason: Text | None = Field(None, description="Why the member left (or joined again).")

    @model_validator(mode="after")
    def _ordered(self) -> Membership:
        if self.left is not None and self.left < self.joined:
            raise ValueError(f"left ({self.left}) is before joined ({self.joined})")
        return self


class Representative(Record):
    name: Text
    role: Text
    from_: Date = Field(alias="from")
    to: Date | None = None

    model_config = ConfigDict(populate_by_name=False)

    @model_validator(mode="after")
    def _ordered(self) -> Representative:
        if self.to is not None and self.to < self.from_:
            raise ValueError(f"to ({self.to}) is before from ({self.from_})")
        return self


class Member(Record):
    """``content/members/<id>.yml``: an organization or person in the coalition."""

    name: Text
    short_name: Text | None = None
    kind: MemberKind
    constituency: Text
    url: Url | None = None
    memberships: list[Membership] = Field(min_length=1)
    representatives: list[Representative] = []

    def is_member_on(self, day: dt.date) -> bool:
        """A member from the day it joined through the day it left, inclusive."""
        return any(
            p.joined <= day and (p.left is None or day <= p.left) for p in self.memberships
        )

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


# --- roles.yml ----------------------------------------------------------------------------


class Role(Record):
    id: Slug
    name: Text
    description: Text


class Term(Record):
    role: Slug
    member: Slug
    from_: Date = Field(alias="from")
    to: Date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Term:
        if self.to is not None and self.to < self.from_:
            raise ValueError(f"to ({self.to}) is before from ({self.from_})")
        return self


class Roles(Record):
    """``content/roles.yml``: the rotating functions and who held them when."""

    roles: list[Role] = Field(min_length=1)
    terms: list[Term] = []


# --- meetings/<date>-<slug>.yml ---------------------------------------------------------------


class MeetingKind(StrEnum):
    regular = "regular"
    formation_circle = "formation-circle"
    special = "special"
    annual_review = "annual-review"


class MeetingStatus(StrEnum):
    scheduled = "scheduled"
    held = "held"
    cancelled = "cancelled"
    postponed = "postponed"


class AttendanceStatus(StrEnum):
    present = "present"
    absent = "absent"
    excused = "excused"
    not_recorded = "not-recorded"


class Attendance(Record):
    member: Slug
    status: AttendanceStatus


class MinutesStatus(StrEnum):
    draft = "draft"
    approved = "approved"
    corrected = "corrected"


class Minutes(Record):
    status: MinutesStatus
    published: Date | None = Field(
        None,
        description="The day the public could first read these minutes, drafts included.",
    )
    approved: Date | None = Field(None, description="The day the minutes were approved.")
    body: str = Field("", description="The minutes, in Markdown.")


class VoteChoice(StrEnum):
    yes = "yes"
    no = "no"
    abstain = "abstain"
    absent = "absent"
    recused = "recused"


class Outcome(StrEnum):
    adopted = "adopted"
    rejected = "rejected"
    deferred = "deferred"


class Decision(Record):
    id: Slug
    title: Text
    class_: Slug = Field(alias="class", description="A decision class of coalition.yml.")
    rationale: Text = Field(description="Why the coalition decided this. Never empty.")
    rule: DecisionRule | None = Field(
        None, description="Overrides the rule of the decision's class, when it differed."
    )
    outcome: Outcome
    vote: dict[Slug, VoteChoice] | None = Field(
        None, description="Each member's vote, by member id."
    )
    platform_clauses: list[Slug] = []
    supersedes: list[Slug] = []
    added: Date | None = Field(
        None, description="When the decision was added to the record, if after the meeting."
    )


class Correction(Record):
    date: Date
    what: Text


class Meeting(Record):
    """``content/meetings/<date>-<slug>.yml``: one meeting and its record."""

    title: Text | None = None
    date: Date
    start: ClockTime
    end: ClockTime | None = None
    kind: MeetingKind
    status: MeetingStatus
    status_reason: Text | None = Field(None, description="Why it was cancelled or postponed.")
    public: bool = True
    location: Text
    chair: Slug | None = None
    attendance: list[Attendance] = []
    agenda: list[Text] = []
    minutes: Minutes | None = None
    decisions: list[Decision] = []
    corrections: list[Correction] = []


# --- amendments/<id>.yml ------------------------------------------------------------------------


class ChangeOp(StrEnum):
    add = "add"
    replace = "replace"
    remove = "remove"


class ClauseChange(Record):
    clause: Slug
    op: ChangeOp
    kind: ClauseKind | None = Field(None, description="For op add: the new clause's kind.")
    title: Text | None = None
    text: Text | None = None

    @model_validator(mode="after")
    def _fields_match_op(self) -> ClauseChange:
        if self.op is ChangeOp.remove and self.text is not None:
            raise ValueError("a remove change takes no text")
        if self.op is not ChangeOp.remove and self.text is None:
            raise ValueError(f"an {self.op} change needs the clause's new text")
        if self.op is ChangeOp.add and (self.kind is None or self.title is None):
            raise ValueError("an add change needs the new clause's kind and title")
        return self


class AmendmentStatus(StrEnum):
    proposed = "proposed"
    adopted = "adopted"
    rejected = "rejected"
    withdrawn = "withdrawn"


class Amendment(Record):
    """``content/amendments/<id>.yml``: a proposed change to the platform."""

    title: Text
    proposed_by: Slug
    proposed_on: Date
    against: Slug = Field(description="The platform version it amends, e.g. v2.")
    rationale: Text
    changes: list[ClauseChange] = Field(min_length=1)
    status: AmendmentStatus
    decided_by: Slug | None = Field(None, description="The decision that settled it.")

    @model_validator(mode="after")
    def _settled_by_decision(self) -> Amendment:
        settled = self.status in (AmendmentStatus.adopted, AmendmentStatus.rejected)
        if settled and self.decided_by is None:
            raise ValueError(f"an amendment that was {self.status} names the decision (decided_by)")
        return self


# --- endorsements/<id>.yml -------------------------------------------------------------------------


class Endorser(Record):
    member: Slug | None = Field(None, description="A member id, when a member endorses.")
    organization: Text | None = Field(None, description="An outside organization's name.")
    url: Url | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Endorser:
        if (self.member is None) == (self.organization is None):
            raise ValueError("give either member (a member id) or organization (a name)")
        return self


class Signer(Record):
    name: Text
    title: Text


class Withdrawal(Record):
    date: Date
    reason: Text


class Endorsement(Record):
    """``content/endorsements/<id>.yml``: an endorsement of a platform version."""

    endorser: Endorser
    platform: Slug = Field(description="The platform version endorsed, e.g. v2.")
    date: Date
    signer: Signer
    statement: Text | None = None
    withdrawn: Withdrawal | None = None


# --- links.yml ---------------------------------------------------------------------------------

LINK_PATTERN = r"^/([A-Za-z0-9_][A-Za-z0-9._~-]*/)*([A-Za-z0-9_][A-Za-z0-9._~-]*)?$"
_LINK = re.compile(LINK_PATTERN)


def _link(value: object) -> object:
    if isinstance(value, str) and not _LINK.match(value):
        raise ValueError(
            f"{value!r} is not a link of this portal: write the path after the site address, "
            "starting with / (a page ends with /, a file with its extension), e.g. "
            "/meetings/2024-01-10-formation/ or /feeds/all.xml"
        )
    return value


SiteLink = Annotated[
    str, AfterValidator(_link), WithJsonSchema({"type": "string", "pattern": LINK_PATTERN}),
]


class LinksLedger(Record):
    """``content/links.yml``: every URL the portal has published, kept so none silently dies.

    ``coalition links update`` adds the URLs a build publishes.  A listed URL that a build would
    no longer publish fails the build, unless it is redirected or withdrawn here.
    """

    urls: list[SiteLink] = Field([], description="Every URL published so far; never remove one.")
    redirects: dict[SiteLink, SiteLink] = Field(
        {}, description="Old URL -> the URL it moved to; a page at the old URL points there."
    )
    withdrawn: dict[SiteLink, Text] = Field(
        {}, description="URL -> why it was taken down; a page saying so stays at the URL."
    )


FILE_KINDS: dict[str, type[Record]] = {
    "coalition": Coalition,
    "platform": PlatformVersion,
    "member": Member,
    "roles": Roles,
    "meeting": Meeting,
    "amendment": Amendment,
    "endorsement": Endorsement,
    "links": LinksLedger,
}
