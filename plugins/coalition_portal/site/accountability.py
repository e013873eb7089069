"""The accountability pages of the site model: punctuality and vital signs.

The figures come from ``Prepared`` (``punctuality``, ``vital_signs``, ``proof``);
this module only shapes them for the templates: the chart's points, the rows
of its table, and a link for each record behind a sign.
"""

from __future__ import annotations

import functools

from markupsafe import Markup

from ..checks.publication import State
from ..checks.punctuality import Punctuality, days
from ..checks.vital_signs import record_label, record_url
from .render import long_date
from .svg_chart import Point, lag_chart


def accountability_pages(site) -> list:
    """The punctuality and vital-signs pages (``site`` is the site model)."""
    from .model import Page  # site imports this module while it builds the pages

    common = {"site": site, "days": days,
              "record_url": functools.partial(record_url, site),
              "record_label": functools.partial(record_label, site)}
    punctuality = site.prepared.punctuality
    pages = []
    if punctuality is not None:
        pages.append(Page("punctuality/", "Punctuality", "punctuality.html",
                          {**common, "p": punctuality, "chart": chart(site, punctuality)}))
    if site.prepared.vital_signs:
        pages.append(Page("vital-signs/", "Vital signs", "vital_signs.html",
                          {**common, "signs": site.prepared.vital_signs}))
    return pages


def chart(site, p: Punctuality) -> Markup:
    points = [Point(pub.meeting_date, pub.lag,
                    f"{site.meetings[pub.meeting_id].title}, published {long_date(pub.published)}",
                    pub.state is State.late)
              for pub in p.counted]
    if not points:
        return Markup("")
    o = p.overall
    description = (
        f"Each mark is a meeting, placed by its date (from {long_date(points[0].day)} to "
        f"{long_date(points[-1].day)}) and by the days its minutes took to be published. "
        f"A dashed line marks the target of {p.target_days} days; late minutes are triangles "
        f"above it. {o.on_time} of {o.counted} meetings were on time ({o.percent}); median "
        f"lag {days(o.median_lag)} days, worst {o.worst_lag} days.")
    return lag_chart(points, p.target_days, "Days from meeting to published minutes",
                     description)
