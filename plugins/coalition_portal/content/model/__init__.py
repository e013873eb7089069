"""The records a coalition keeps: one pydantic model per content file kind.

These models are the single source of truth for the content format; the JSON
Schemas in ``schema/`` are generated from them.  They are strict: unknown
fields are errors and nothing is coerced (``"yes"`` is not true, ``1`` is not a
string).  Dates stay ISO strings in the YAML and become ``datetime.date`` here.

  fields     the shared field types (ids, dates, times, ratios, texts, URLs), Record, StrEnum
  coalition  coalition.yml and its decision rules
  platform   the platform's versions, amendments and endorsements
  members    members and roles
  meetings   meetings, attendance, minutes, decisions and votes
  links      the published-links ledger (links.yml)

This package's names are what the rest of the portal uses.
"""

from .coalition import Cadence, Coalition, DecisionRule, RuleKind
from .fields import (
    LINE_PATTERN,
    SLUG_PATTERN,
    ClockTime,
    Date,
    Line,
    Ratio,
    Record,
    Slug,
    StrEnum,
    Text,
    Url,
    slug_problem,
)
from .links import LINK_PATTERN, LinksLedger, SiteLink
from .meetings import (
    ArchiveSource,
    Attendance,
    AttendanceStatus,
    Correction,
    Decision,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Outcome,
    VoteChoice,
)
from .members import Member, MemberKind, Membership, Representative, Role, Roles, Term
from .platform import (
    Amendment,
    AmendmentStatus,
    ChangeOp,
    Clause,
    ClauseChange,
    ClauseKind,
    Endorsement,
    Endorser,
    PlatformVersion,
    Signer,
    Withdrawal,
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

__all__ = [
    "FILE_KINDS",
    "LINE_PATTERN",
    "LINK_PATTERN",
    "SLUG_PATTERN",
    "Amendment",
    "AmendmentStatus",
    "ArchiveSource",
    "Attendance",
    "AttendanceStatus",
    "Cadence",
    "ChangeOp",
    "Clause",
    "ClauseChange",
    "ClauseKind",
    "ClockTime",
    "Coalition",
    "Correction",
    "Date",
    "Decision",
    "DecisionRule",
    "Endorsement",
    "Endorser",
    "Line",
    "Meeting",
    "MeetingKind",
    "MeetingStatus",
    "Member",
    "MemberKind",
    "Membership",
    "Minutes",
    "MinutesStatus",
    "Outcome",
    "PlatformVersion",
    "Ratio",
    "Record",
    "Representative",
    "Role",
    "Roles",
    "RuleKind",
    "Signer",
    "SiteLink",
    "Slug",
    "StrEnum",
    "Term",
    "Text",
    "Url",
    "VoteChoice",
    "Withdrawal",
    "slug_problem",
]
