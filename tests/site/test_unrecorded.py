"""Unknown is a value: pages say "not recorded" and never invent a time, a place or a chair.

An imported meeting's gaps are history ("not recorded in the source archive", never
missing); the same gaps in a meeting written by hand are missing.  Read from a real
`mkdocs build --strict`.
"""

from __future__ import annotations

from lxml import html as lxml_html

from unrecorded_portal import (
    ARCHIVE,
    ARCHIVE_PATH,
    COMMIT,
    HAND_WRITTEN,
    IMPORTED,
    UPCOMING,
)

NOT_IN_SOURCE = "not recorded in the source archive"


def page(portal, url: str):
    return lxml_html.fromstring((portal.site / url / "index.html").read_text("utf-8"))


def text(element) -> str:
    return " ".join(element.text_content().split())


def facts(doc) -> dict[str, str]:
    dl = doc.xpath("//dl[contains(@class, 'cp-facts')]")[0]
    return {text(dt): text(dt.getnext()) for dt in dl.iter("dt")}


def record_rows(doc) -> dict[str, list[str]]:
    table = next(t for t in doc.iter("table")
                 if text(t.find("caption")).startswith("What of this meeting's record"))
    rows = [[text(c) for c in row if c.tag in ("td", "th")] for row in table.find("tbody").iter("tr")]
    return {row[0]: row for row in rows}


def record_title(doc):
    return doc.xpath("//h2[@id='record']/following-sibling::div[1]")[0]


def test_imported_meeting_says_not_recorded_and_where_it_came_from(unrecorded):
    doc = page(unrecorded, f"meetings/{IMPORTED}")
    shown = facts(doc)
    assert shown["Date"] == f"14 March 2024; time {NOT_IN_SOURCE}"
    assert shown["Location"] == NOT_IN_SOURCE
    assert shown["Chair"] == NOT_IN_SOURCE
    assert shown["Source"] == f"Imported from {ARCHIVE}, {ARCHIVE_PATH} at commit {COMMIT}"
    article = text(doc.xpath("//article")[0])
    assert "00:00" not in article and "America/Chicago" not in shown["Date"]
    assert f"approval {NOT_IN_SOURCE}" in article  # the minutes' badge: no invented status


def test_imported_meetings_gaps_are_history_never_missing(unrecorded):
    doc = page(unrecorded, f"meetings/{IMPORTED}")
    rows = record_rows(doc)
    for part in ("Start time", "Location", "Chair", "Agenda", "Approved minutes", "Attendance"):
        assert rows[part][1] == "not recorded", part
        assert rows[part][2].endswith(NOT_IN_SOURCE), part
    assert rows["Minutes"][1] == "public"
    assert not [row for row in rows.values() if row[1] == "missing"]
    box = record_title(doc)
    assert "warning" not in box.get("class") and "info" in box.get("class")
    title = text(box.xpath(".//*[contains(@class, 'admonition-title')]")[0])
    assert "missing" not in title.replace("Nothing is missing", "")
    assert title == ("Nothing is missing that the source archive records; it does not record "
                     "the start time, the location, the chair, the agenda, the approval of the "
                     "minutes, attendance")


def test_the_same_gaps_written_by_hand_are_missing(unrecorded):
    doc = page(unrecorded, f"meetings/{HAND_WRITTEN}")
    shown = facts(doc)
    assert shown["Date"] == "11 April 2024; time not recorded"
    assert shown["Location"] == "not recorded" and shown["Chair"] == "not recorded"
    assert "Source" not in shown
    rows = record_rows(doc)
    for part in ("Start time", "Location", "Chair", "Agenda", "Approved minutes", "Attendance"):
        assert rows[part][1] == "missing", part
    box = record_title(doc)
    assert "warning" in box.get("class")
    assert text(box.xpath(".//*[contains(@class, 'admonition-title')]")[0]) == (
        "Still missing: the start time, the location, the chair, the agenda, the approval of "
        "the minutes, attendance")


def test_an_upcoming_meeting_without_time_or_place_is_not_announced_yet(unrecorded):
    doc = page(unrecorded, f"meetings/{UPCOMING}")
    shown = facts(doc)
    assert shown["Date"] == "11 July 2024; time not announced yet"
    assert shown["Location"] == "not announced yet"
    assert "Chair" not in shown  # chosen at or before the meeting: nothing owed yet
    for listing in ("", "meetings"):
        line = next(text(e) for e in page(unrecorded, listing).iter("p", "li")
                    if text(e).startswith("Regular meeting, 11 July 2024"))
        assert line == "Regular meeting, 11 July 2024, time not announced yet, place not announced yet"


def test_a_recorded_meeting_is_shown_as_before(unrecorded):
    shown = facts(page(unrecorded, "meetings/2024-02-15-regular"))
    assert shown["Date"] == "15 February 2024, 18:00 (America/Chicago)"
    assert shown["Location"] == "City Hall, Room 4"
    assert "Source" not in shown


def test_the_bottleneck_sign_counts_only_meetings_with_a_recorded_chair(unrecorded):
    """Two of the four held meetings have no recorded chair: the share is of the other two,
    and the figure says so instead of calling two meetings all of them."""
    figure = text(page(unrecorded, "vital-signs").xpath("//article")[0])
    assert ("Parks Department chaired 1 of the 2 meetings held in the last 12 months with a "
            "recorded chair (2 more without one).") in figure
