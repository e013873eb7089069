"""`mkdocs build` on real portals: the publication check."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil

from portal import AS_OF, REPO, mkdocs_build

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
    assert 'not yet published; due <time datetime="2024-06-13">13 June 2024</time>' in home


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


def test_demo_fails_when_a_meeting_14_days_back_has_no_minutes(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "docs").mkdir()
    (tmp_path / "content/meetings/2026-11-02-special.yml").write_text(
        "date: 2026-11-02\nstart: \"18:00\"\nkind: special\nstatus: held\n"
        "location: City Hall\nminutes:\n  status: draft\n  body: To be written.\n")
    result = mkdocs_build(cwd=tmp_path, env={"COALITION_AS_OF": "2026-11-16"})
    assert result.returncode == 1
    assert "content/meetings/2026-11-02-special.yml" in result.stderr
    assert "minutes overdue: meeting of 2026-11-02, due 2026-11-09, 7 days overdue" in result.stderr
    assert not (tmp_path / "site").exists()
