"""An inline SVG chart of publication lag per meeting over time, drawn at build time.

No script and no external service: plain SVG elements with a ``<title>`` and a
``<desc>``, ``role="img"``, and a shape as well as a colour for late minutes so
the chart does not rely on colour alone.  The page shows the same figures in a
table for screen readers.  Numbers are formatted with fixed precision so the
same records always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 16, 48
# The chart is drawn once and scaled to the screen: on a phone a 720-unit chart is about
# 360 px wide, so its labels are set larger there (in the chart's units) to stay at least
# 12 px on screen, and its marks are drawn larger (issue 16: 5 px labels at 390 px).
STYLE = """
.cp-chart{max-width:100%;height:auto;font-size:13px;font-family:inherit}
.cp-chart text{fill:currentColor}
.cp-chart .axis{stroke:currentColor;stroke-opacity:.5;stroke-width:1}
.cp-chart .grid{stroke:currentColor;stroke-opacity:.12;stroke-width:1}
.cp-chart .target{stroke:#b45309;stroke-width:2;stroke-dasharray:6 4}
.cp-chart .on-time{fill:#15803d}
.cp-chart .late{fill:#b91c1c}
.cp-chart .target-label{fill:#b45309;font-weight:600}
.cp-chart circle,.cp-chart polygon{transform-box:fill-box;transform-origin:center}
@media (max-width:60em){.cp-chart{font-size:20px}}
@media (max-width:30em){.cp-chart{font-size:27px}.cp-chart circle,.cp-chart polygon{transform:scale(1.8)}}
"""
# year labels at least this far apart (in the chart's units), so the large ones never touch
YEAR_LABEL_GAP = 84


@dataclass(frozen=True)
class Point:
    day: dt.date
    lag: int
    label: str  # the meeting, in words
    late: bool


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _nice_top(value: int) -> int:
    """A round upper bound for the lag axis."""
    for step in (5, 10, 20, 50, 100, 200, 500):
        if value <= step * 6:
            return max(step, math.ceil(value / step) * step)
    return math.ceil(value / 1000) * 1000


def lag_chart(points: list[Point], target: int, title: str, description: str,
              chart_id: str = "lag-chart") -> Markup:
    """The SVG markup; every text passes through ``escape``."""
    if not points:
        return Markup("")
    first, last = points[0].day, points[-1].day
    span = max((last - first).days, 1)
    top = _nice_top(max(max(p.lag for p in points), target) + 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        # a margin of 3% each side keeps the first and last marks off the axes
        share = (day - first).days / span if len(points) > 1 else 0.5
        return LEFT + plot_w * (0.03 + 0.94 * share)

    def y(lag: float) -> float:
        return TOP + plot_h * (1 - lag / top)

    out = [f'<svg class="cp-chart" id="{chart_id}" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'width="{WIDTH}" height="{HEIGHT}" aria-labelledby="{chart_id}-title" '
           f'aria-describedby="{chart_id}-desc" '
           f'xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{chart_id}-title">{escape(title)}</title>',
           f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
           f"<style>{STYLE.strip()}</style>"]
    step = top // 5
    for tick in range(0, top + 1, step):
        out.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_n(y(tick))}" '
                   f'y2="{_n(y(tick))}"/>')
        out.append(f'<text x="{LEFT - 6}" y="{_n(y(tick))}" dy=".35em" text-anchor="end">{tick}</text>')
    years = range(first.year + 1, last.year + 1)
    every = max(1, math.ceil(YEAR_LABEL_GAP / (plot_w * 0.94 * 365.25 / span)))
    for year in years:
        xpos = _n(x(dt.date(year, 1, 1)))
        out.append(f'<line class="grid" x1="{xpos}" x2="{xpos}" y1="{TOP}" y2="{HEIGHT - BOTTOM}"/>')
        if (year - years.start) % every == 0:
            out.append(f'<text x="{xpos}" y="{HEIGHT - BOTTOM + 6}" dy="1em" '
                       f'text-anchor="middle">{year}</text>')
    if first.year == last.year:
        out.append(f'<text x="{_n(LEFT + plot_w / 2)}" y="{HEIGHT - BOTTOM + 6}" dy="1em" '
                   f'text-anchor="middle">{first.year}</text>')
    out.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{HEIGHT - BOTTOM}"/>')
    out.append(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" '
               f'y2="{HEIGHT - BOTTOM}"/>')
    out.append(f'<text x="4" y="{_n(TOP + plot_h / 2)}" dy=".8em" text-anchor="middle" '
               f'transform="rotate(-90 4 {_n(TOP + plot_h / 2)})">days to publish</text>')
    for p in points:
        cx, cy = _n(x(p.day)), _n(y(p.lag))
        tip = f"<title>{escape(p.label)}: {p.lag} day{'s' if p.lag != 1 else ''}" \
              f"{' (late)' if p.late else ''}</title>"
        if p.late:  # a triangle, not only a colour
            px, py = x(p.day), y(p.lag)
            shape = (f'<polygon class="late" points="{_n(px)},{_n(py - 5)} {_n(px + 5)},'
                     f'{_n(py + 4)} {_n(px - 5)},{_n(py + 4)}">{tip}</polygon>')
        else:
            shape = f'<circle class="on-time" cx="{cx}" cy="{cy}" r="3.5">{tip}</circle>'
        out.append(shape)
    ty = _n(y(target))
    out.append(f'<line class="target" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty}" y2="{ty}"/>')
    out.append(f'<text class="target-label" x="{WIDTH - RIGHT - 4}" y="{_n(y(target) - 6)}" '
               f'text-anchor="end">target: {target} days</text>')
    out.append("</svg>")
    return Markup("\n".join(out))
