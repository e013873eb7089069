"""How complete a meeting's record is on ``as_of``: what is public, since when, what is missing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..checks.publication import State
from ..content.model import AttendanceStatus


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


def record_state(view) -> RecordState:
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
