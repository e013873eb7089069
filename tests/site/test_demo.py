"""The demo coalition in content/ validates and builds into a full site."""

from __future__ import annotations

import sys

from portal import REPO, run


def test_demo_validates():
    result = run([sys.executable, "-m", "coalition_portal", "validate", "content"], cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "valid — 11 members" in result.stdout


def test_demo_builds_every_meeting_and_member_page(demo_site):
    pages = list(demo_site.rglob("index.html"))
    assert len(pages) >= 30
    for meeting in (REPO / "content/meetings").glob("*.yml"):
        assert (demo_site / "meetings" / meeting.stem / "index.html").is_file(), meeting.stem
    for member in (REPO / "content/members").glob("*.yml"):
        assert (demo_site / "members" / member.stem / "index.html").is_file(), member.stem
