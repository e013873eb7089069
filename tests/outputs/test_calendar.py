"""The meetings calendar as a calendar app reads it: parsed with icalendar from a real build."""

from __future__ import annotations

import datetime as dt
import re

from icalendar import Calendar

from portal import MKDOCS_YML
from watchdog_portal import SITE_URL, make_watchdog_portal


def calendar(site) -> Calendar:
    return Calendar.from_ical((site / "feeds/meetings.ics").read_bytes())


def events(cal: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_calendar_parses_with_the_coalitions_time_zone(watchdog):
    cal = calendar(watchdog.site)
    zones = cal.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["America/Chicago"]
    assert str(cal["X-WR-TIMEZONE"]) == "America/Chicago"
    raw = (watchdog.site / "feeds/meetings.ics").read_text(encoding="utf-8")
    assert "DTSTART;TZID=America/Chicago:20240718T183000" in raw


def test_meetings_have_stable_uids_local_start_location_and_page_url(watchdog):
    found = events(calendar(watchdog.site))
    assert set(found) >= {
        "2024-01-10-formation@coalition.example.org",
        "2024-02-15-regular@coalition.example.org",
        "2024-07-18-regular@coalition.example.org",
        "2024-08-15-regular@coalition.example.org",
    }
    upcoming = found["2024-07-18-regular@coalition.example.org"]
    start = upcoming.decoded("DTSTART")
    assert (start.hour, start.minute) == (18, 30)
    assert start.utcoffset() == dt.timedelta(hours=-5)  # daylight time in Chicago in July
    assert upcoming.decoded("DTEND").hour == 20
    assert str(upcoming["LOCATION"]) == "Eastside Library, Hall B"
    page = f"{SITE_URL}meetings/2024-07-18-regular/"
    assert str(upcoming["URL"]) == page
    assert page in str(upcoming["DESCRIPTION"])  # most apps ignore URL
    assert str(upcoming["STATUS"]) == "CONFIRMED"
    winter = found["2024-01-10-formation@coalition.example.org"].decoded("DTSTART")
    assert winter.utcoffset() == dt.timedelta(hours=-6)


def test_cancelled_meeting_stays_marked_cancelled(watchdog):
    cancelled = events(calendar(watchdog.site))["2024-08-15-regular@coalition.example.org"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert "Cancelled" in str(cancelled["SUMMARY"])
    assert "closed for repairs" in str(cancelled["DESCRIPTION"])


def test_role_handovers_are_all_day_events(watchdog):
    found = events(calendar(watchdog.site))
    handover = found["role-documentation-2025-01-01@coalition.example.org"]
    start = handover.decoded("DTSTART")
    assert type(start) is dt.date and start == dt.date(2025, 1, 1)
    assert str(handover["SUMMARY"]) == "Eastside Food Bank takes over the Documentation role"


def test_dtstamp_comes_from_the_records_not_the_clock(watchdog):
    found = events(calendar(watchdog.site))
    stamp = found["2024-02-15-regular@coalition.example.org"].decoded("DTSTAMP")
    assert stamp == dt.datetime(2024, 2, 19, tzinfo=dt.timezone.utc)  # minutes published
    assert all(e.decoded("DTSTAMP").date() <= dt.date(2024, 6, 20) for e in found.values())


def test_calendar_window_is_bounded_by_the_option(tmp_path):
    portal = make_watchdog_portal(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(
        MKDOCS_YML.replace('as_of: "2024-06-20"',
                           'as_of: "2024-06-20"\n      calendar_past_days: 150'),
        encoding="utf-8")
    result = portal.build()
    assert result.returncode == 0, result.stderr
    found = events(calendar(portal.site))
    assert "2024-01-10-formation@coalition.example.org" not in found  # 162 days before
    assert "2024-02-15-regular@coalition.example.org" in found  # 126 days before
    assert "2024-08-15-regular@coalition.example.org" in found  # upcoming


def test_demo_calendar_parses(demo):
    cal = calendar(demo.site)
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert uids and len(uids) == len(set(uids))
    assert len(cal.walk("VTIMEZONE")) == 1


def test_text_properties_keep_no_line_break_and_the_calendar_name_is_escaped(tmp_path):
    """X-WR-CALNAME is TEXT as much as SUMMARY is (icalendar escapes X- properties only when
    told); and the calendar's own guard turns every line break into a space (one-line
    properties) or one LF that icalendar writes as an escaped \\n (descriptions)."""
    from coalition_portal.outputs.calendar import lines, one_line
    from portal import make_portal

    assert one_line("a\rb\nc\r\nd\u2028e\u202e!") == "a b c d e!"
    assert lines("a\rb\nc\r\nd\u2028e") == "a\nb\nc\nd\ne"
    portal = make_portal(tmp_path)
    portal.edit("coalition.yml", "name: Harbor Test Coalition",
                "name: 'Harbor, Test; \"Coalition\" \\ City'")
    result = portal.build()
    assert result.returncode == 0, result.stderr
    raw = (portal.site / "feeds/meetings.ics").read_bytes().decode("utf-8")
    assert 'X-WR-CALNAME:Harbor\\, Test\\; "Coalition" \\\\ City: meetings\r\n' in raw
    # read as TEXT (RFC 5545 3.3.11), the way calendar apps read it; icalendar's parser
    # leaves X- values as written
    name = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1],
                  str(calendar(portal.site)["X-WR-CALNAME"]))
    assert name == 'Harbor, Test; "Coalition" \\ City: meetings'
