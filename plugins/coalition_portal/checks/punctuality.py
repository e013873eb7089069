"""Punctuality: how quickly the coalition keeps its promise to publish its minutes.

Definitions (stated on the punctuality page and used by ``coalition status``):
- a meeting's **lag** is its minutes' published date minus the meeting date, in whole days;
- minutes are **on time** when lag <= the target, **late** otherwise;
- meetings without published minutes are not counted in rates: they are **pending**
  (not yet due) or **overdue** (past their due date, the meeting date + the target);
- **per year** groups meetings by the year of the meeting;
- the **median** is the ordinary median: the middle lag, or the mean of the two middle
  lags when their number is even.

When git shows that minutes were back-dated, the publications already carry git's
date (``pipeline.prepare``), so every figure here uses it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..content.model import Correction, Meeting
from .git_history import Proof
from .publication import Publication, State

DEFINITIONS = (
    ("lag", "the minutes' published date minus the meeting date, in whole days"),
    ("on time", "lag at most the target; late when it is more"),
    ("counted", "only meetings whose minutes are published count in rates; the others are "
                "pending (not yet due) or overdue (past the meeting date plus the target)"),
    ("per year", "meetings are grouped by the year of the meeting"),
    ("median", "the ordinary median: the middle lag, or the mean of the two middle lags "
               "when their number is even"),
)


def median(values: list[int]) -> float | None:
    """The ordinary median; ``None`` for no values."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    middle = n // 2
    return float(ordered[middle]) if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def days(value: float | None) -> str:
    """A lag in days as people write it: ``4``, ``3.5``; a dash when there is none."""
    if value is None:
        return "—"
    return f"{value:g}" if value != int(value) else str(int(value))


@dataclass(frozen=True)
class Figures:
    """On-time rate, median and worst lag of one group of meetings."""

    label: str
    counted: int
    on_time: int
    median_lag: float | None
    worst_lag: int | None
    pending: int = 0
    overdue: int = 0

    @property
    def late(self) -> int:
        return self.counted - self.on_time

    @property
    def rate(self) -> float | None:
        return self.on_time / self.counted if self.counted else None

    @property
    def percent(self) -> str:
        """The on-time rate as a whole percentage, or a dash when nothing is counted."""
        if not self.counted:
            return "—"
        # halves round up, as people expect (5 of 8 is 63%), not to even as round() does
        return f"{(200 * self.on_time + self.counted) // (2 * self.counted)}%"

    def sentence(self) -> str:
        if not self.counted:
            return f"{self.label}: no published minutes to count"
        return (f"{self.label}: {self.on_time} of {self.counted} on time ({self.percent}), "
                f"median lag {days(self.median_lag)} days, worst {self.worst_lag} days")


def figures(label: str, pubs: list[Publication]) -> Figures:
    lags = [p.lag for p in pubs if p.counted]
    return Figures(label, len(lags), sum(1 for p in pubs if p.state is State.on_time),
                   median(lags), max(lags) if lags else None,
                   sum(1 for p in pubs if p.state is State.pending),
                   sum(1 for p in pubs if p.state is State.overdue))


@dataclass(frozen=True)
class CorrectionTrail:
    """A meeting whose minutes were corrected: when they were first public and each change."""

    meeting_id: str
    meeting_date: dt.date
    published: dt.date | None  # unchanged by the corrections
    corrections: tuple[Correction, ...]


@dataclass(frozen=True)
class Punctuality:
    as_of: dt.date
    target_days: int
    overall: Figures
    years: tuple[Figures, ...]
    counted: tuple[Publication, ...]  # meetings with published minutes, by date (the chart)
    late: tuple[Publication, ...]
    pending: tuple[Publication, ...]
    overdue: tuple[Publication, ...]
    corrections: tuple[CorrectionTrail, ...]
    proof: Proof | None = None
    proven_dates: dict[str, dt.date] = field(default_factory=dict)  # git's date, when it differs

    def lines(self) -> list[str]:
        """The figures as plain lines (``coalition status`` prints these)."""
        out = [self.overall.sentence()]
        out += ["  " + f.sentence() for f in self.years]
        return out


def compute(publications: dict[str, Publication], meetings: dict[str, Meeting],
            as_of: dt.date, target_days: int, proof: Proof | None = None) -> Punctuality:
    """Every punctuality figure, from where each meeting's minutes stand on ``as_of``."""
    owed = [p for p in publications.values()
            if p.state not in (State.upcoming, State.no_minutes_owed)]
    by_year: dict[int, list[Publication]] = {}
    for pub in owed:
        by_year.setdefault(pub.meeting_date.year, []).append(pub)
    trails = tuple(
        CorrectionTrail(mid, m.date, publications[mid].published, tuple(m.corrections))
        for mid, m in meetings.items() if m.corrections)
    proven = proof.proven_dates() if proof is not None else {}
    return Punctuality(
        as_of, target_days, figures("All years", owed),
        tuple(figures(str(year), pubs) for year, pubs in sorted(by_year.items())),
        tuple(p for p in owed if p.counted),
        tuple(p for p in owed if p.state is State.late),
        tuple(p for p in owed if p.state is State.pending),
        tuple(p for p in owed if p.state is State.overdue),
        trails, proof, proven)
