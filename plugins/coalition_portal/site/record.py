"""How complete a meeting's record is on ``as_of``: what is public, since when, what is missing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..checks.publication import State
from ..content.model import AttendanceStatus

# what a part of an imported meeting's record says when its archive did not record it
NOT_IN_SOURCE = "not recorded in the source archive"


@dataclass(frozen=True)
class RecordPart:
    """One part of a meeting's record: is it public, since when, and a few words about it."""

    what: str
    public: bool
    since: dt.date | None
    note: str
    owed: bool = True  # False when there is nothing to publish (no decisions, no votes)
    # True when the meeting was imported and its source archive does not record this part:
    # history, shown as not recorded and never counted as missing
    unrecorded: bool = False


@dataclass(frozen=True)
class RecordState:
    parts: tuple[RecordPart, ...]
    missing: tuple[str, ...]  # what is still missing, in words
    owed: bool  # False when the meeting owes no record (cancelled, postponed, upcoming)
    unrecorded: tuple[str, ...] = ()  # what the source archive does not record, in words


def record_state(view) -> RecordState:
    """The completeness of a meeting's record on ``as_of``.

    Attendance and votes are published with the minutes, so they are public
    from the minutes' published date (a decision added later, from its own date);
    recorded before the minutes, they are shown without a date.

    A part left out of a meeting the secretary keeps is missing; left out of a meeting
    imported from an archive (``source``), it is not recorded in the source archive:
    shown, never missing.  An unrecorded start time, location or chair gets a row of its
    own; a recorded one needs none (the meeting's facts show it).
    """
    m, pub = view.meeting, view.publication
    if pub.state in (State.no_minutes_owed, State.upcoming):
        agenda = RecordPart("Agenda", bool(m.agenda), None,
                            f"{len(m.agenda)} items" if m.agenda else "not published")
        return RecordState((agenda,), (), False)
    imported = m.source is not None
    published = view.minutes_public
    parts, missing, unrecorded = [], [], []

    def lacking(what: str, words: str, note: str) -> RecordPart:
        """The part ``what`` is not in the record: not in the source, or missing."""
        (unrecorded if imported else missing).append(words)
        return RecordPart(what, False, None, NOT_IN_SOURCE if imported else note,
                          unrecorded=imported)

    for what, words, value in (("Start time", "the start time", m.start),
                               ("Location", "the location", m.location),
                               ("Chair", "the chair", m.chair)):
        if value is None:
            parts.append(lacking(what, words, "not recorded"))
    if m.agenda:
        parts.append(RecordPart("Agenda", True, None, f"{len(m.agenda)} items"))
    else:
        parts.append(lacking("Agenda", "the agenda", "none recorded"))
    if published:
        status = m.minutes.status
        parts.append(RecordPart("Minutes", True, published,
                                f"{status} minutes" if status else "minutes"))
    else:
        parts.append(RecordPart("Minutes", False, None, f"due {pub.due.day} {pub.due:%B %Y}"))
        missing.append("the minutes")
    approved = m.minutes is not None and published is not None and \
        str(m.minutes.status) in ("approved", "corrected")
    if approved:
        parts.append(RecordPart("Approved minutes", True, m.minutes.approved,
                                "approved" if m.minutes.approved
                                else "approval date not recorded"))
    elif published is not None and m.minutes.status is None:
        parts.append(lacking("Approved minutes", "the approval of the minutes",
                             "approval not recorded"))
    else:
        parts.append(RecordPart("Approved minutes", False, None, "not yet approved"))
        missing.append("approved minutes")
    recorded = [a for a in m.attendance if a.status is not AttendanceStatus.not_recorded]
    # attendance and votes in the record are on the site even before the minutes are
    # published; they then have no publication date of their own
    ahead = "" if published else ", shown ahead of the minutes"
    if recorded:
        parts.append(RecordPart("Attendance", True, published,
                                f"{len(recorded)} of {len(m.attendance)} members "
                                f"recorded{ahead}"))
    elif imported:
        parts.append(lacking("Attendance", "attendance", ""))
    else:
        parts.append(RecordPart("Attendance", False, None,
                                f"0 of {len(m.attendance)} members recorded{ahead}"
                                if m.attendance else "not recorded"))
        missing.append("attendance")
    voted = [d for d in view.decisions if d.decision.vote is not None]
    since = [d.decision.added or published for d in voted if (d.decision.added or published)]
    if view.decisions:
        total = len(view.decisions)
        note = (f"{len(voted)} of {total} decision{'s' if total != 1 else ''} "
                f"with a recorded vote{ahead if voted and not since else ''}")
        unvoted = total - len(voted)
        words = f"a recorded vote for {unvoted} decision{'s' if unvoted != 1 else ''}"
        if unvoted and imported:
            note += f"; {NOT_IN_SOURCE} for the other{'s' if unvoted != 1 else ''}" \
                if voted else f"; {NOT_IN_SOURCE}"
            unrecorded.append(words)
        elif unvoted:
            missing.append(words)
        parts.append(RecordPart("Votes", bool(voted), min(since) if since else None, note,
                                unrecorded=imported and not voted))
    else:
        parts.append(RecordPart("Votes", False, None, "no decisions recorded", owed=False))
    return RecordState(tuple(parts), tuple(missing), True, tuple(unrecorded))
