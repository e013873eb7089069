"""`mkdocs build` on real portals: the first site."""

from __future__ import annotations

from site_links import roll_call


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
