"""`mkdocs build` on real portals: the first site, and the publication check."""

from __future__ import annotations

import datetime as dt
import hashlib

from portal import AS_OF
from site_links import roll_call

OVERDUE_MEETING = """\
    date: 2024-06-06
    start: "18:00"
    kind: regular
    status: held
    location: City Hall, Room 4
    minutes:
      status: draft
      body: Still being written.
    """


def _site_hash(portal) -> str:
    digest = hashlib.sha256()
    for path in sorted(portal.site.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(portal.site)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_builds_home_meeting_member_and_platform_pages(portal):
    result = portal.build("--strict")
    assert result.returncode == 0, result.stderr
    home = (portal.site / "index.html").read_text()
    assert "Less food waste in Harbor City." in home
    meeting = (portal.site / "meetings/2024-02-15-regular/index.html").read_text()
    assert "Start a compost pilot" in meeting
    assert "The pilot tests collection before a citywide rollout." in meeting
    assert "published 19 February 2024, 4 days after the meeting" in meeting
    member = (portal.site / "members/food-bank/index.html").read_text()
    assert "Eastside Food Bank" in member and "Adopt the platform, version 1" in member
    platform = (portal.site / "platform/index.html").read_text()
    assert "Every decision is published with its rationale" in platform


def test_roll_call_shows_each_members_vote(portal):
    assert portal.build().returncode == 0
    page = (portal.site / "meetings/2024-01-10-formation/index.html").read_text()
    votes = roll_call(page, "d-2024-01-1")
    for name, vote in (("Parks Department", "yes"), ("Public Health Department", "yes"),
                       ("Eastside Food Bank", "no")):
        assert votes[name] == vote


def test_overdue_minutes_fail_the_build_and_keep_the_last_site(portal):
    assert portal.build().returncode == 0
    before = _site_hash(portal)
    portal.write("meetings/2024-06-06-regular.yml", OVERDUE_MEETING)  # 14 days before as_of
    result = portal.build()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert ("content/meetings/2024-06-06-regular.yml: minutes.published: minutes overdue: "
            "meeting of 2024-06-06, due 2024-06-13, 7 days overdue") in result.stderr
    assert _site_hash(portal) == before


def test_environment_as_of_wins_over_the_option(portal):
    portal.write("meetings/2024-06-06-regular.yml", OVERDUE_MEETING)
    result = portal.build(env={"COALITION_AS_OF": "2024-06-10"})
    assert result.returncode == 0, result.stderr
    home = (portal.site / "index.html").read_text()
    assert "not yet published; due 13 June 2024" in home


def test_late_minutes_warn_by_default_and_fail_when_asked(portal):
    portal.edit("meetings/2024-02-15-regular.yml", "published: 2024-02-19", "published: 2024-03-01")
    result = portal.build()
    assert result.returncode == 0
    assert "minutes published late: 15 days after the meeting of 2024-02-15" in result.stderr
    mkdocs_yml = portal.root / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text().replace(f'as_of: "{AS_OF}"',
                                                         f'as_of: "{AS_OF}"\n      late: error'))
    result = portal.build()
    assert result.returncode == 1
    assert "minutes published late" in result.stderr


def test_published_after_as_of_is_an_error(portal):
    portal.edit("meetings/2024-02-15-regular.yml", "published: 2024-02-19", "published: 2024-07-01")
    result = portal.build()
    assert result.returncode == 1
    assert "minutes.published: 2024-07-01 is in the future" in result.stderr


def test_cancelled_meeting_owes_no_minutes(portal):
    portal.write("meetings/2024-06-06-regular.yml", OVERDUE_MEETING.replace(
        "status: held", "status: cancelled\n    status_reason: Flooded streets").replace(
        "    minutes:\n      status: draft\n      body: Still being written.\n", ""))
    result = portal.build()
    assert result.returncode == 0, result.stderr
    html = (portal.site / "meetings/2024-06-06-regular/index.html").read_text()
    assert "This meeting was cancelled" in html and "Flooded streets" in html


def test_status_exits_non_zero_when_minutes_are_overdue(portal):
    portal.write("meetings/2024-06-06-regular.yml", OVERDUE_MEETING)
    ok = portal.coalition("status", "content", "--as-of", "2024-06-10")
    assert ok.returncode == 0 and "Pending: 1" in ok.stdout
    overdue = portal.coalition("status", "content", "--as-of", AS_OF)
    assert overdue.returncode == 1
    assert "Overdue: 1" in overdue.stdout
    assert "content/meetings/2024-06-06-regular.yml  2024-06-06  due 2024-06-13, 7 days overdue" in overdue.stdout


def test_bad_as_of_is_a_clear_error(portal):
    result = portal.build(env={"COALITION_AS_OF": "June 2024"})
    assert result.returncode == 1
    assert "COALITION_AS_OF: 'June 2024' is not a date written as YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr


def test_as_of_defaults_to_today(portal):
    mkdocs_yml = portal.root / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text().replace(f'      as_of: "{AS_OF}"\n', ""))
    result = portal.coalition("status", "content")
    assert f"As of {dt.date.today().year}" in result.stdout
