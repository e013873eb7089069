"""The demo coalition in content/ validates and builds into a full site."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from portal import REPO, run


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "site"
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=REPO)
    assert result.returncode == 0, result.stderr
    return out


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


def test_demo_fails_when_a_meeting_14_days_back_has_no_minutes(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "docs").mkdir()
    (tmp_path / "content/meetings/2026-11-02-special.yml").write_text(
        "date: 2026-11-02\nstart: \"18:00\"\nkind: special\nstatus: held\n"
        "location: City Hall\nminutes:\n  status: draft\n  body: To be written.\n")
    result = run([sys.executable, "-m", "mkdocs", "build"], cwd=tmp_path,
                 env={"COALITION_AS_OF": "2026-11-16"})
    assert result.returncode == 1
    assert "content/meetings/2026-11-02-special.yml" in result.stderr
    assert "minutes overdue: meeting of 2026-11-02, due 2026-11-09, 7 days overdue" in result.stderr
    assert not (tmp_path / "site").exists()
