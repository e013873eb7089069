"""``meetings/<date>-<slug>.yml``: a meeting, its attendance, minutes and decisions.

Unknown is a value: a meeting's start and end time, location, chair, agenda and the
approval of its minutes may be unrecorded, and the field is then left out (never an
invented "00:00" or "unknown").  Left out of a meeting the secretary keeps, it is
*missing*: the record-completeness table asks for it.  Left out of a meeting with a
``source`` (its record was imported from an archive), it is *not recorded in the source
archive*: history that nobody can now complete, shown as such and never asked for.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, WithJsonSchema

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
    status: MinutesStatus | None = Field(
        None, description="draft, approved or corrected; left out when it was not recorded "
        "(minutes imported from an archive that does not say whether they were approved).",
    )
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


_COMMIT = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
COMMIT_PATTERN = _COMMIT.pattern


def _commit_id(value: str) -> str:
    if not _COMMIT.match(value):
        raise ValueError(f"{value!r} is not a commit id: write the commit's full id "
                         "(40 hexadecimal digits, 64 in a SHA-256 repository), in lowercase")
    return value


CommitId = Annotated[str, AfterValidator(_commit_id),
                     WithJsonSchema({"type": "string", "pattern": COMMIT_PATTERN})]


class ArchiveSource(Record):
    """Where an imported meeting record came from, so that each of its dates stays verifiable."""

    archive: Text = Field(description="The archive the record was imported from: the address "
                          "or name of its repository (or of its folder).")
    path: Text | None = Field(None, description="The file the record was imported from, as "
                              "its path in the archive.")
    commit: CommitId | None = Field(None, description="The commit that first added the file "
                                    "to the archive; its day is the minutes' published date.")


class Meeting(Record):
    """``content/meetings/<date>-<slug>.yml``: one meeting and its record.

    ``start``, ``end``, ``location``, ``chair``, ``agenda`` and ``minutes.status`` are left
    out when they were not recorded; ``source`` says the record was imported from an archive.
    """

    title: Line | None = None
    date: Date
    start: ClockTime | None = Field(None, description="The local start time, HH:MM; left "
                                    "out when it was not recorded (the calendar then shows "
                                    "an all-day event).")
    end: ClockTime | None = Field(None, description="The local end time, HH:MM; left out "
                                  "when it was not recorded.")
    kind: MeetingKind
    status: MeetingStatus
    status_reason: Text | None = Field(None, description="Why it was cancelled or postponed.")
    public: bool = True
    location: Line | None = Field(None, description="Where the meeting takes (or took) "
                                  "place; left out when it was not recorded.")
    chair: Slug | None = Field(None, description="The member who chaired it; left out when "
                               "it was not recorded.")
    attendance: list[Attendance] = []
    agenda: list[Text] = Field([], description="The agenda items, in order; left out (or "
                               "empty) when no agenda was recorded.")
    minutes: Minutes | None = None
    decisions: list[Decision] = []
    corrections: list[Correction] = []
    source: ArchiveSource | None = Field(None, description="Where the record was imported from. A "
                                  "meeting with a source is history: what its archive did not "
                                  "record is shown as not recorded, never as missing.")
