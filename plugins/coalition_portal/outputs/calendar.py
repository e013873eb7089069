"""The iCalendar file: meetings and role handovers, from the site model.

Meetings start at their local time in the coalition's time zone, which the file
carries as a VTIMEZONE so calendar apps place them right across daylight-saving
changes; a meeting whose start time was not recorded is an all-day event (a date, no
invented time), and one whose place was not recorded has no LOCATION.  Each event's UID is stable (record id @ host), its URL and its
DESCRIPTION give the meeting page (most apps ignore URL), and a cancelled
meeting stays in the file with STATUS:CANCELLED so subscribers see it struck.
DTSTAMP comes from the records (the last day the record changed that the
content tells us), never the clock, so two builds are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vText

from ..content.model import MeetingStatus
from ..settings import BY_NAME
from ..site import urls
from ..site.model import Site
from ..site.render import long_date, plain
from ..site.urls import member_url
from ..site.views import MeetingView

DEFAULT_PAST_DAYS = BY_NAME["calendar_past_days"].default
# A meeting without an end time is shown as a block of this length.
DEFAULT_DURATION = dt.timedelta(hours=2)

# Every text property goes through one of these two, then icalendar's TEXT escaping (vText:
# backslash, ';', ',' and line breaks as \n).  A line break a reader could split a content
# line on (CR alone, LF, CRLF, and the ones str.splitlines() knows) never reaches the file:
# a parser that split there would read the rest as a property of its own.
_LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def one_line(text: str) -> str:
    """Text for a one-line property (summary, location, calendar name): breaks as spaces.

    The content loader refuses line breaks in names, titles and locations already; this
    is the calendar's own guard for whatever else it is given."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", plain(text)))


def lines(text: str) -> str:
    """Text for a description: every kind of line break as one LF, which vText escapes."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", plain(text)))


_ID = re.compile(r"(?<![\w-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w-])")


def agenda_amendments(site: Site, agenda) -> list[str]:
    """The ids of the amendments an agenda names, in the order it names them."""
    found: dict[str, None] = {}
    for item in agenda:
        for match in _ID.finditer(item):
            if match.group() in site.content.amendments:
                found.setdefault(match.group())
    return list(found)


def in_window(day: dt.date, as_of: dt.date, past_days: int) -> bool:
    """The past ``past_days`` days and everything upcoming."""
    return day >= as_of - dt.timedelta(days=past_days)


def _stamp(days: list[dt.date | None], as_of: dt.date, fallback: dt.date) -> dt.datetime:
    known = [d for d in days if d is not None and d <= as_of]
    day = max(known) if known else fallback
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.timezone.utc)


def _meeting_event(site: Site, view: MeetingView, base: str, zone: ZoneInfo) -> Event:
    meeting = view.meeting
    page = urls.absolute(base, view.url)
    event = Event()
    event.add("uid", f"{view.id}@{urls.host(base)}")
    minutes = meeting.minutes
    event.add("dtstamp", _stamp(
        [meeting.date, view.minutes_published,
         minutes.approved if minutes else None, *(c.date for c in meeting.corrections)],
        site.as_of, site.content.coalition.founded))
    if meeting.start is None:  # no invented time: a date, an all-day event
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
    else:
        start = dt.datetime.combine(meeting.date, dt.time.fromisoformat(meeting.start),
                                    tzinfo=zone)
        event.add("dtstart", start)
        end = start + DEFAULT_DURATION
        if meeting.end:
            end = dt.datetime.combine(meeting.date, dt.time.fromisoformat(meeting.end),
                                      tzinfo=zone)
            end = end if end > start else start + DEFAULT_DURATION
        event.add("dtend", end)
    status = meeting.status
    prefix = {MeetingStatus.cancelled: "Cancelled: ", MeetingStatus.postponed: "Postponed: "}
    event.add("summary", one_line(f"{prefix.get(status, '')}{view.title}"))
    if meeting.location is not None:  # no LOCATION line when the place is unknown
        event.add("location", one_line(meeting.location))
    event.add("url", page)
    description = [f"{one_line(site.content.coalition.name)}: {one_line(view.title)}.",
                   f"Kind: {meeting.kind}. Status: {status}."]
    if meeting.status_reason:
        description.append(f"Reason: {meeting.status_reason}")
    if meeting.start is None:
        description.append(f"Time: {view.unrecorded_words}.")
    if meeting.location is None:
        description.append(f"Location: {view.unrecorded_words}.")
    if meeting.agenda:
        description.append("Agenda: " + "; ".join(meeting.agenda))
        for amendment_id in agenda_amendments(site, meeting.agenda):
            description.append(f"Amendment {amendment_id}: "
                               f"{urls.absolute(base, urls.amendment_url(amendment_id))}")
    if meeting.source is not None:
        description.append(f"Imported from {view.source_words}.")
    description.append(f"Meeting page: {page}")
    event.add("description", "\n".join(lines(line) for line in description))
    # a postponed meeting will not happen at this time, but it has not been called off either
    event.add("status", {MeetingStatus.cancelled: "CANCELLED",
                         MeetingStatus.postponed: "TENTATIVE"}.get(status, "CONFIRMED"))
    # an all-day event of unknown hours must not mark the subscriber's whole day busy
    event.add("transp", "OPAQUE" if meeting.start is not None else "TRANSPARENT")
    return event


def _handover_events(site: Site, base: str, past_days: int) -> list[Event]:
    names = {role.id: one_line(role.name) for role in site.content.roles.roles}
    out = []
    for term, previous in site.handovers:
        if not in_window(term.from_, site.as_of, past_days):
            continue
        who = one_line(site.members[term.member].member.name)
        page = urls.absolute(base, urls.role_url(term.role))
        event = Event()
        event.add("uid", f"role-{term.role}-{term.from_}@{urls.host(base)}")
        event.add("dtstamp", _stamp([term.from_], site.as_of, site.content.coalition.founded))
        event.add("dtstart", term.from_)  # a date: an all-day event
        event.add("dtend", term.from_ + dt.timedelta(days=1))
        if previous == term.member:
            event.add("summary", f"{who} begins a new term in the {names[term.role]} role")
        else:
            event.add("summary", f"{who} takes over the {names[term.role]} role")
        until = f" until {long_date(term.to)}" if term.to else ""
        event.add("description", f"{who} holds the {names[term.role]} role from "
                  f"{long_date(term.from_)}{until}.\nMember page: "
                  f"{urls.absolute(base, member_url(term.member))}\nRoles: {page}")
        event.add("url", page)
        event.add("transp", "TRANSPARENT")
        out.append(event)
    return out


def _calendar(site: Site, name: str, days: list[dt.date]) -> Calendar:
    """An empty calendar named ``name`` with the coalition's time zone over ``days``' years."""
    coalition = site.content.coalition
    cal = Calendar()
    cal.add("prodid", "-//Coalition Portal//Meetings and role handovers//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # an X- property is no TEXT to icalendar unless it is told: it would go out unescaped
    cal.add("x-wr-calname", vText(one_line(name)))
    cal.add("x-wr-timezone", coalition.timezone)
    # transitions only for the years the events span, so the file stays small and stable
    cal.add_component(Timezone.from_tzid(
        coalition.timezone, first_date=dt.date(min(days).year, 1, 1),
        last_date=dt.date(max(days).year + 1, 12, 31)))
    return cal


def render_calendar(site: Site, base: str, past_days: int = DEFAULT_PAST_DAYS) -> bytes:
    coalition = site.content.coalition
    zone = ZoneInfo(coalition.timezone)
    meetings = [v for v in site.meetings.values()
                if in_window(v.meeting.date, site.as_of, past_days)]
    days = [v.meeting.date for v in meetings] + [site.as_of]
    cal = _calendar(site, f"{coalition.name}: meetings", days)
    for view in meetings:
        cal.add_component(_meeting_event(site, view, base, zone))
    for event in _handover_events(site, base, past_days):
        cal.add_component(event)
    return cal.to_ical()


def meeting_calendars(site: Site, base: str) -> dict[str, bytes]:
    """Site-relative path -> the .ics of one meeting, for each upcoming meeting (its page's
    "Add to calendar"; the file goes when the meeting has passed, so publish.links does not
    hold it to the ledger).  The event is the one the portal's calendar carries (same UID),
    so adding both never gives a reader two meetings."""
    zone = ZoneInfo(site.content.coalition.timezone)
    out = {}
    for view in site.meetings.values():
        if view.calendar_url is None:
            continue
        cal = _calendar(site, f"{site.content.coalition.name}: {view.title}",
                        [view.meeting.date, site.as_of])
        cal.add_component(_meeting_event(site, view, base, zone))
        out[view.calendar_url] = cal.to_ical()
    return out
