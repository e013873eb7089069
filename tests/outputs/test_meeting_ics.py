"""An upcoming meeting's own .ics ("add to calendar", issue 16), parsed as a calendar app would.

The watchdog portal's meeting of 18 July 2024 is upcoming on its as_of; its agenda here names
an amendment and carries line breaks that must reach the file escaped, never as properties.
"""

from __future__ import annotations

import re

import pytest
from icalendar import Calendar
from lxml import html as lxml_html

from watchdog_portal import SITE_URL, make_watchdog_portal

UPCOMING = "2024-07-18-regular"
ICS = f"meetings/{UPCOMING}/{UPCOMING}.ics"
HOSTILE_ITEM = "Report\\r\\nX-INJECTED:1\\nATTENDEE;CN=Evil\\rBEGIN:VEVENT"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    portal = make_watchdog_portal(tmp_path_factory.mktemp("meeting-ics"))
    portal.edit(f"meetings/{UPCOMING}.yml", "  - Compost pilot report\n",
                "  - Compost pilot report\n  - Vote on amendment compost-clause\n"
                f'  - "{HOSTILE_ITEM}"\n')
    result = portal.build()
    assert result.returncode == 0, result.stderr
    return portal


def test_an_upcoming_meeting_has_its_own_calendar_file_with_the_calendars_event(built):
    raw = (built.site / ICS).read_bytes()
    own = Calendar.from_ical(raw)
    [event] = own.walk("VEVENT")
    assert [str(z["TZID"]) for z in own.walk("VTIMEZONE")] == ["America/Chicago"]
    # the same event as the portal's calendar: adding both never doubles the meeting
    feed = Calendar.from_ical((built.site / "feeds/meetings.ics").read_bytes())
    same = next(e for e in feed.walk("VEVENT") if str(e["UID"]) == str(event["UID"]))
    assert str(event["UID"]) == "2024-07-18-regular@coalition.example.org"
    for key in ("DTSTART", "DTEND", "SUMMARY", "LOCATION", "URL", "DESCRIPTION", "STATUS"):
        assert event.decoded(key) == same.decoded(key), key
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute, start.utcoffset().total_seconds()) == (18, 30, -5 * 3600)
    assert str(event["URL"]) == f"{SITE_URL}meetings/{UPCOMING}/"


def test_its_description_links_the_amendments_on_the_agenda(built):
    [event] = Calendar.from_ical((built.site / ICS).read_bytes()).walk("VEVENT")
    description = str(event["DESCRIPTION"])
    assert f"Amendment compost-clause: {SITE_URL}platform/amendments/#amendment-compost-clause" \
        in description.splitlines()


def test_line_breaks_on_the_agenda_stay_text_in_the_file(built):
    raw = (built.site / ICS).read_bytes().decode("utf-8")
    unfolded = re.sub(r"\r\n[ \t]", "", raw)
    lines = unfolded.split("\r\n")
    assert lines[-1] == ""
    for line in lines[:-1]:
        assert re.match(r"^[A-Z][A-Z0-9-]*[;:]", line), line
        assert not line.startswith(("X-INJECTED", "ATTENDEE")), line
    assert lines.count("BEGIN:VEVENT") == 1
    [event] = Calendar.from_ical(raw).walk("VEVENT")
    assert "Report\nX-INJECTED:1\nATTENDEE;CN=Evil\nBEGIN:VEVENT" in str(event["DESCRIPTION"])


def test_the_meeting_page_offers_it_and_links_its_agendas_amendment(built):
    page = built.site / "meetings" / UPCOMING / "index.html"
    doc = lxml_html.fromstring(page.read_bytes())
    [offer] = doc.xpath("//p[contains(@class, 'cp-add-to-calendar')]/a[@download]")
    assert " ".join(offer.text_content().split()) == "Add to calendar"
    assert (page.parent / offer.get("href")).resolve() == (built.site / ICS).resolve()
    agenda = doc.xpath("//h2[@id='agenda']/following-sibling::ol[1]")[0]
    [link] = [a for a in agenda.iter("a") if a.text_content() == "compost-clause"]
    assert link.get("href") == "../../platform/amendments/#amendment-compost-clause"


def test_only_an_upcoming_meeting_has_one_and_the_ledger_does_not_hold_it(built):
    files = sorted(p.relative_to(built.site).as_posix()
                   for p in (built.site / "meetings").rglob("*.ics"))
    assert files == [ICS]  # not the held meetings, nor the cancelled one still to come
    for page in (built.site / "meetings").glob("*/index.html"):
        offered = "cp-add-to-calendar" in page.read_text(encoding="utf-8")
        assert offered == (page.parent.name == UPCOMING), page
    # the file goes once the meeting has passed: links.yml does not record it
    result = built.coalition("links", "update", "content", "--site", "site")
    assert result.returncode == 0, result.stderr
    assert ".ics" not in (built.content / "links.yml").read_text(encoding="utf-8").replace(
        "/feeds/meetings.ics", "")
