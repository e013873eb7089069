"""``meetings/<date>-<slug>.yml``: a meeting, its attendance, minutes and decisions."""

from __future__ import annotations

from pydantic import Field

from .coalition import DecisionRule
from .fields import ClockTime, Date, Line, Record, Slug, StrEnum, Text


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

    title: Line | None = None
    date: Date
    start: ClockTime
    end: ClockTime | None = None
    kind: MeetingKind
    status: MeetingStatus
    status_reason: Text | None = Field(None, description="Why it was cancelled or postponed.")
    public: bool = True
    location: Line
    chair: Slug | None = None
    attendance: list[Attendance] = []
    agenda: list[Text] = []
    minutes: Minutes | None = None
    decisions: list[Decision] = []
    corrections: list[Correction] = []
