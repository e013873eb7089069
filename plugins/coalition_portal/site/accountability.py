"""What the accountability pages (punctuality and vital signs) show besides the figures.

The figures come from ``Prepared`` (``punctuality``, ``vital_signs``, ``proof``);
this module only shapes them for the templates: the punctuality chart, and the
address and name of each record behind a sign (:mod:`.pages` makes the pages).
"""

from __future__ import annotations

from markupsafe import Markup

from ..checks.publication import State
from ..checks.punctuality import Punctuality, days
from ..checks.vital_signs import Ref
from . import urls
from .model import Site
from .render import long_date
from .svg_chart import Point, lag_chart


def chart(site: Site, p: Punctuality) -> Markup:
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


def record_url(site: Site, ref: Ref) -> str:
    """The site URL of the record behind a sign: the record's own view's URL; a record the
    site has no view of leads to the endorse page (an endorsement) or the current platform."""
    views = {"meeting": site.meetings, "decision": site.decisions, "member": site.members,
             "platform": site.platforms, "amendment": site.amendments,
             "endorsement": site.endorsements}.get(ref.kind, {})
    if ref.id in views:
        return views[ref.id].url
    return urls.ENDORSE_PAGE if ref.kind == "endorsement" else site.current_platform.url


def record_label(site: Site, ref: Ref) -> str:
    """The record's name, in words."""
    if ref.kind == "meeting" and ref.id in site.meetings:
        return site.meetings[ref.id].title
    if ref.kind == "decision" and ref.id in site.decisions:
        return site.decisions[ref.id].decision.title
    if ref.kind == "member" and ref.id in site.members:
        return site.members[ref.id].member.name
    if ref.kind == "platform" and ref.id in site.platforms:
        return f"Platform version {site.platforms[ref.id].version.number}"
    if ref.kind == "amendment" and ref.id in site.content.amendments:
        return site.content.amendments[ref.id].title
    if ref.kind == "endorsement" and ref.id in site.content.endorsements:
        endorser = site.content.endorsements[ref.id].endorser
        name = (site.members[endorser.member].member.name if endorser.member
                else endorser.organization)
        return f"Endorsement by {name}"
    return ref.id
