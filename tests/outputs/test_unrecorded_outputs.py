"""Unknown is a value in the calendar, the feeds and the open data: an all-day event with no
LOCATION, no invented time; null and empty cells the schema allows; the source of imported
history in each."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import feedparser
import jsonschema
from icalendar import Calendar

from coalition_portal.outputs import export
from portal import REPO
from unrecorded_portal import (
    ARCHIVE,
    ARCHIVE_PATH,
    COMMIT,
    HAND_WRITTEN,
    IMPORTED,
    UPCOMING,
)

HOST = "coalition.example.org"


def events(portal) -> dict[str, object]:
    cal = Calendar.from_ical((portal.site / "feeds/meetings.ics").read_bytes())
    return {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}


def test_a_meeting_without_a_start_time_is_an_all_day_event_without_location(unrecorded):
    found = events(unrecorded)
    for meeting_id, day in ((IMPORTED, dt.date(2024, 3, 14)), (HAND_WRITTEN, dt.date(2024, 4, 11)),
                            (UPCOMING, dt.date(2024, 7, 11))):
        event = found[meeting_id]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date and start == day, meeting_id  # a date: no time at all
        assert type(end) is dt.date and end == day + dt.timedelta(days=1)
        assert "LOCATION" not in event
        assert str(event["TRANSP"]) == "TRANSPARENT"  # unknown hours do not block the day
    raw = (unrecorded.site / "feeds/meetings.ics").read_bytes().decode("utf-8")
    assert "DTSTART;VALUE=DATE:20240314\r\n" in raw and "T000000\r\nDTEND;VALUE=DATE" not in raw
    imported = found[IMPORTED]
    description = str(imported["DESCRIPTION"])
    assert "Time: not recorded in the source archive." in description
    assert f"Imported from {ARCHIVE}, {ARCHIVE_PATH} at commit {COMMIT}." in description
    assert "Time: not announced yet." in str(found[UPCOMING]["DESCRIPTION"])
    recorded = found["2024-02-15-regular"]
    assert recorded.decoded("DTSTART").hour == 18 and str(recorded["LOCATION"]) == "City Hall, Room 4"
    assert str(recorded["TRANSP"]) == "OPAQUE"


def test_the_export_carries_null_and_empty_and_validates_against_the_schema(unrecorded):
    document = json.loads((unrecorded.site / "data/coalition.json").read_text("utf-8"))
    schema = json.loads((REPO / "schema" / export.SCHEMA_NAME).read_text("utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()) \
        .validate(document)
    events_ = {e["id"]: e for e in document["events"]}
    imported = events_[IMPORTED]
    assert imported["start_date"] == "2024-03-14"  # the date alone: no invented time
    assert (imported["end_date"], imported["location"], imported["chair_id"]) == (None, None, None)
    assert imported["agenda"] == [] and imported["minutes_status"] is None
    assert imported["minutes_published"] == "2024-03-19"
    assert imported["source"] == {"archive": ARCHIVE, "path": ARCHIVE_PATH, "commit": COMMIT}
    assert events_[HAND_WRITTEN]["source"] is None and events_[HAND_WRITTEN]["location"] is None
    assert events_["2024-02-15-regular"]["start_date"] == "2024-02-15T18:00:00-06:00"
    described = schema["$defs"]["EventOut"]["properties"]
    assert "not recorded" in described["start_date"]["description"]
    assert {"type": "null"} in described["location"]["anyOf"]

    rows = {r["meeting_id"]: r for r in csv.DictReader(io.StringIO(
        (unrecorded.site / "data/meetings.csv").read_text("utf-8"), newline=""))}
    row = rows[IMPORTED]
    assert (row["start"], row["end"], row["location"], row["chair_id"]) == ("", "", "", "")
    assert (row["source_archive"], row["source_path"], row["source_commit"]) == (
        ARCHIVE, ARCHIVE_PATH, COMMIT)
    assert rows[HAND_WRITTEN]["source_commit"] == "" and rows["2024-02-15-regular"]["start"] == "18:00"
    lags = {r["meeting_id"]: r for r in csv.DictReader(io.StringIO(
        (unrecorded.site / "data/publication-lags.csv").read_text("utf-8"), newline=""))}
    assert lags[IMPORTED]["minutes_status"] == ""


def test_the_minutes_feed_says_approval_not_recorded_and_where_it_came_from(unrecorded):
    feed = feedparser.parse((unrecorded.site / "feeds/minutes.atom.xml").read_bytes())
    assert feed.bozo == 0
    entry = next(e for e in feed.entries if e.link.endswith(f"/meetings/{IMPORTED}/"))
    assert "approval not recorded in the source archive" in entry.summary
    assert "status now" not in entry.summary
    assert f"Imported from {ARCHIVE}, {ARCHIVE_PATH} at commit {COMMIT}." in entry.summary
    hand = next(e for e in feed.entries if e.link.endswith(f"/meetings/{HAND_WRITTEN}/"))
    assert "approval not recorded;" in hand.summary and "Imported" not in hand.summary
