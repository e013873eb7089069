"""The publication check: are the minutes of every meeting public within the target?

Definitions (stated on the site as well):
- a meeting's **lag** is its minutes' published date minus the meeting date, in days;
- minutes are **on time** when lag <= the target, **late** otherwise;
- a held meeting without published minutes is **pending** until its due date
  (meeting date + target) and **overdue** after it;
- cancelled and postponed meetings owe no minutes; a meeting after ``as_of`` is upcoming.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from ..content.findings import Finding, Severity
from ..content.model import Meeting, MeetingStatus


class State(str, Enum):
    upcoming = "upcoming"
    no_minutes_owed = "no minutes owed"
    on_time = "on time"
    late = "late"
    pending = "pending"
    overdue = "overdue"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Publication:
    """Where one meeting's minutes stand on ``as_of``."""

    meeting_id: str
    meeting_date: dt.date
    state: State
    due: dt.date
    published: dt.date | None  # the date the punctuality figures use
    lag: int | None  # days from meeting to publication
    days_overdue: int | None

    @property
    def counted(self) -> bool:
        """Counted in punctuality rates: minutes were published."""
        return self.lag is not None


def publication(meeting_id: str, meeting: Meeting, as_of: dt.date, target_days: int,
                published: dt.date | None = None) -> Publication:
    """``published`` overrides the claimed date (e.g. with the date git proves)."""
    due = meeting.date + dt.timedelta(days=target_days)
    if published is None and meeting.minutes is not None:
        published = meeting.minutes.published
    if meeting.status in (MeetingStatus.cancelled, MeetingStatus.postponed):
        return Publication(meeting_id, meeting.date, State.no_minutes_owed, due, None, None, None)
    if meeting.date > as_of:
        return Publication(meeting_id, meeting.date, State.upcoming, due, None, None, None)
    if published is not None:
        lag = (published - meeting.date).days
        state = State.on_time if lag <= target_days else State.late
        return Publication(meeting_id, meeting.date, state, due, published, lag, None)
    if as_of > due:
        return Publication(meeting_id, meeting.date, State.overdue, due, None, None,
                           (as_of - due).days)
    return Publication(meeting_id, meeting.date, State.pending, due, None, None, None)


def publication_findings(publications: list[Publication], paths: dict[str, str],
                         target_days: int, late_mode: str = "warn",
                         overdue_mode: str = "error") -> list[Finding]:
    """Overdue minutes are errors and late ones warnings, unless the modes say otherwise.

    A mode is 'error', 'warn' or 'info' (reported in the log only, e.g. for ``--strict``
    builds of an archive whose late minutes are history).
    """
    def severity(mode: str) -> Severity:
        return {"error": Severity.error, "info": Severity.info}.get(mode, Severity.warning)

    out = []
    for pub in publications:
        path = paths[pub.meeting_id]
        if pub.state is State.overdue:
            out.append(Finding(path, 0, "minutes.published",
                f"minutes overdue: meeting of {pub.meeting_date}, due {pub.due}, "
                f"{pub.days_overdue} day{'s' if pub.days_overdue != 1 else ''} overdue "
                f"(target {target_days} days)", severity(overdue_mode)))
        elif pub.state is State.late:
            out.append(Finding(path, 0, "minutes.published",
                f"minutes published late: {pub.lag} days after the meeting of "
                f"{pub.meeting_date} (target {target_days} days)", severity(late_mode)))
    return out
