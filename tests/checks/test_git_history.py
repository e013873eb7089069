"""Back-dating caught from git history: real repositories, real `git`, real builds."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from coalition_portal.checks import git_history
from coalition_portal.checks.git_history import has_published_minutes, read_history
from archive import commit, git, make_archive
from portal import MARCH_HELD, MINIMAL, block, derive, make_portal, mkdocs_build
from unrecorded_portal import ARCHIVE, COMMIT, FILES, IMPORTED

pytestmark = pytest.mark.skipif(subprocess.run(["git", "--version"], capture_output=True).returncode,
                                reason="git is not installed")

BASE = ("coalition.yml", "roles.yml", "platform/v1.yml", "members/parks.yml",
        "members/health.yml", "members/food-bank.yml")
FORMATION = "meetings/2024-01-10-formation.yml"
REGULAR = "meetings/2024-02-15-regular.yml"
MARCH = "meetings/2024-03-14-regular.yml"
MARCH_MEETING = derive(MARCH_HELD, ("was discussed.\n", "was discussed.\n" + block("""\
    decisions:
      - id: d-2024-03-1
        title: Print sorting posters
        class: operational
        rationale: Posters remind people where each waste goes.
        outcome: adopted
    """, 4)))


def honest_repository(tmp_path: Path):
    """A portal whose commits land each meeting on the day its minutes claim (America/Chicago)."""
    portal = make_portal(tmp_path / "repo")
    (portal.root / ".gitignore").write_text("site/\n")
    (portal.root / "docs/.gitkeep").write_text("")  # a clone needs docs/ too
    git(portal.root, "init", "-q")
    git(portal.root, "add", ".gitignore", "mkdocs.yml", "docs/.gitkeep")
    commit(portal, "The coalition's records", "2024-01-10T09:00:00-06:00", *BASE)
    # the formation meeting's record first lands without minutes, then with them
    formation = MINIMAL[FORMATION]
    portal.write(FORMATION, formation.replace("published: 2024-01-12", "published: null"))
    commit(portal, "Formation meeting", "2024-01-10T21:00:00-06:00", FORMATION)
    portal.write(FORMATION, formation)
    commit(portal, "Formation minutes", "2024-01-12T10:00:00-06:00", FORMATION)
    # 03:00 UTC on the 21st is still the 20th in Chicago: one day after the claim, tolerated
    commit(portal, "February minutes", "2024-02-21T03:00:00+00:00", REGULAR)
    return portal


def test_a_meeting_committed_20_days_after_its_claim_fails_the_build(tmp_path):
    portal = honest_repository(tmp_path)
    portal.write(MARCH, MARCH_MEETING)
    commit(portal, "March minutes", "2024-04-07T12:00:00-05:00", MARCH)  # claims 2024-03-18
    result = portal.build()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert ("content/meetings/2024-03-14-regular.yml: minutes.published: back-dated minutes: the "
            "file claims they were published on 2024-03-18, but git first shows them published "
            "on 2024-04-07 (20 days later)") in result.stderr
    # the honest meetings are not named
    assert "2024-02-15-regular.yml" not in result.stderr
    assert "2024-01-10-formation.yml" not in result.stderr


def test_honest_history_builds_and_the_page_says_the_dates_were_checked(tmp_path):
    portal = honest_repository(tmp_path)
    result = portal.build("--strict")
    assert result.returncode == 0, result.stderr
    page = (portal.site / "punctuality/index.html").read_text()
    assert "Dates checked against the records' history" in page
    assert "2 confirmed" in page
    assert "cannot be proven" not in page


def test_back_dating_as_a_warning_counts_git_date_in_the_figures(tmp_path):
    portal = honest_repository(tmp_path)
    portal.write(MARCH, MARCH_MEETING)
    commit(portal, "March minutes", "2024-04-07T12:00:00-05:00", MARCH)
    mkdocs_yml = portal.root / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text() + "      back_dating: warn\n")
    result = portal.build()
    assert result.returncode == 0, result.stderr
    assert "warning: back-dated minutes" in result.stderr
    page = (portal.site / "punctuality/index.html").read_text()
    # lag with git's date: 2024-04-07 - 2024-03-14 = 24 days, late (claimed lag 4 would be on time)
    late = page[page.index('id="late"'):page.index('id="not-yet-public"')]
    assert "7 April 2024 (the day saved)" in late
    assert "<td>24</td>" in late
    back = page[page.index('id="back-dating"'):]
    assert "content/meetings/2024-03-14-regular.yml" in back and "<td>20</td>" in back


def test_the_check_can_be_switched_off(tmp_path):
    portal = honest_repository(tmp_path)
    portal.write(MARCH, MARCH_MEETING)
    commit(portal, "March minutes", "2024-04-07T12:00:00-05:00", MARCH)
    mkdocs_yml = portal.root / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text() + "      back_dating: off\n")  # YAML: false
    result = portal.build()
    assert result.returncode == 0, result.stderr
    assert "back-dated" not in result.stderr
    assert "Dates not checked" in (portal.site / "punctuality/index.html").read_text()


def test_a_shallow_clone_builds_with_one_warning(tmp_path):
    portal = honest_repository(tmp_path)
    portal.write(MARCH, MARCH_MEETING)
    commit(portal, "March minutes", "2024-04-07T12:00:00-05:00", MARCH)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{portal.root}", str(clone))
    result = mkdocs_build(cwd=clone)
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "cannot be proven" in line]
    assert len(notes) == 1 and notes[0].startswith("WARNING")
    assert "shallow clone" in notes[0]
    page = (clone / "site/punctuality/index.html").read_text()
    assert "These dates cannot be proven" in page and "shallow clone" in page


def test_a_renamed_file_keeps_its_first_date(tmp_path):
    portal = honest_repository(tmp_path)
    portal.write("meetings/2024-03-14-march.yml", MARCH_MEETING)
    commit(portal, "March minutes", "2024-03-18T17:00:00-05:00", "meetings/2024-03-14-march.yml")
    git(portal.root, "mv", "content/meetings/2024-03-14-march.yml", f"content/{MARCH}")
    portal.edit(MARCH, "Sorting at the source", "Sorting waste at the source")
    commit(portal, "Rename and fix a word", "2024-05-02T10:00:00-05:00", MARCH)
    history = read_history(portal.content, "America/Chicago")
    assert history.state == git_history.PROVEN
    assert str(history.first_published["2024-03-14-regular"]) == "2024-03-18"
    assert "2024-03-14-march" not in history.first_published
    result = portal.build("--strict")
    assert result.returncode == 0, result.stderr


def test_uncommitted_minutes_are_not_judged_until_committed(tmp_path):
    portal = honest_repository(tmp_path)
    portal.write(MARCH, MARCH_MEETING)  # written, not committed
    result = portal.build()
    assert result.returncode == 0, result.stderr
    assert "1 not yet saved in the records" in (portal.site / "punctuality/index.html").read_text()


def test_an_imported_archive_is_taken_as_claimed(tmp_path):
    portal = make_portal(tmp_path / "repo")
    git(portal.root, "init", "-q")
    commit(portal, "Import the archive", "2024-06-01T12:00:00-05:00")
    assert "back-dated minutes" in portal.build().stderr
    mkdocs_yml = portal.root / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text() + '      imported_until: "2024-05-31"\n')
    result = portal.build("--strict")
    assert result.returncode == 0, result.stderr
    page = " ".join((portal.site / "punctuality/index.html").read_text().split())
    assert "Dates taken as claimed" in page
    assert "The 2 minutes published on or before 31 May 2024 came into the coalition's records" in page


def test_a_meeting_imported_from_a_source_archive_is_taken_as_claimed(tmp_path):
    """Committed here months after its minutes were published in the old archive: this
    repository cannot prove the date, the source commit its page names can; not back-dated."""
    portal = honest_repository(tmp_path)
    portal.write(f"meetings/{IMPORTED}.yml", FILES[f"meetings/{IMPORTED}.yml"])  # claims 2024-03-19
    commit(portal, "Import the old archive", "2024-06-01T12:00:00-05:00", f"meetings/{IMPORTED}.yml")
    result = portal.build("--strict")
    assert result.returncode == 0, result.stderr
    assert "back-dated" not in result.stderr
    page = " ".join((portal.site / "punctuality/index.html").read_text().split())
    assert "2 confirmed, 1 imported from a source archive (taken as claimed" in page
    meeting = (portal.site / f"meetings/{IMPORTED}/index.html").read_text()
    assert ARCHIVE in meeting and COMMIT in meeting
    status = portal.coalition("status", "content", "--as-of", "2024-06-20")
    assert status.returncode == 0, status.stdout + status.stderr
    assert "1 from a source archive (taken as claimed)" in status.stdout
    # the same file without its source is back-dated: the source is what exempts it
    portal.edit(f"meetings/{IMPORTED}.yml", "source:", "# source:")
    text = (portal.content / f"meetings/{IMPORTED}.yml").read_text()
    portal.write(f"meetings/{IMPORTED}.yml", "\n".join(
        line for line in text.splitlines() if not line.startswith("  ")
        or not line.strip().startswith(("archive:", "path:", "commit:"))) + "\n")
    assert "back-dated minutes" in portal.build().stderr


def test_sourced_meetings_are_neither_confirmed_nor_back_dated():
    import datetime as dt

    history = git_history.History(git_history.PROVEN, first_published={
        "old": dt.date(2024, 6, 1), "new": dt.date(2024, 6, 1)})
    claims = {"old": dt.date(2015, 3, 5), "new": dt.date(2024, 6, 1)}
    proof = git_history.verify(history, claims, {"old": "old.yml", "new": "new.yml"},
                               sourced=frozenset({"old"}))
    assert (proof.sourced, proof.confirmed, proof.back_dated) == (("old",), ("new",), ())


def test_status_reports_back_dating_and_exits_non_zero(tmp_path):
    portal = honest_repository(tmp_path)
    portal.write(MARCH, MARCH_MEETING)
    commit(portal, "March minutes", "2024-04-07T12:00:00-05:00", MARCH)
    result = portal.coalition("status", "content", "--as-of", "2024-06-20")
    assert result.returncode == 1
    assert ("content/meetings/2024-03-14-regular.yml  claims 2024-03-18, git shows 2024-04-07 "
            "(20 days later)") in result.stdout
    # the figures use git's date: lags 2, 4 and 24 days
    assert "All years: 2 of 3 on time (67%), median lag 4 days, worst 24 days" in result.stdout
    warn = portal.coalition("status", "content", "--as-of", "2024-06-20", "--back-dating", "warn")
    assert warn.returncode == 0, warn.stderr


def test_history_is_read_in_three_git_processes_whatever_the_number_of_files(tmp_path,
                                                                             monkeypatch):
    portal = honest_repository(tmp_path)
    for month in range(3, 13):
        name = f"meetings/2024-{month:02d}-01-regular.yml"
        portal.write(name, MARCH_MEETING.replace("2024-03-14", f"2024-{month:02d}-01")
                     .replace("2024-03-18", f"2024-{month:02d}-03").replace("d-2024-03-1",
                                                                           f"d-2024-{month:02d}-1"))
        commit(portal, f"Minutes {month}", f"2024-{month:02d}-03T12:00:00-05:00", name)
    calls = []
    real_run = subprocess.run

    def counting_run(args, *a, **kw):
        calls.append(args)
        return real_run(args, *a, **kw)

    monkeypatch.setattr(git_history.subprocess, "run", counting_run)
    history = read_history(portal.content, "America/Chicago")
    assert len(history.first_published) == 12
    assert len(calls) == 3


def test_an_archive_of_years_gives_every_file_its_first_date(tmp_path):
    # weekly meetings, each a draft first, then published, then corrected; some renamed
    expected = make_archive(tmp_path / "archive", meetings=80, edits=3, renames=10)
    history = read_history(tmp_path / "archive" / "content", "America/Chicago")
    assert history.state == git_history.PROVEN
    assert history.first_published == expected


@pytest.mark.parametrize("text, published", [
    ("minutes:\n  status: draft\n  published: 2024-01-02\n", True),
    ("minutes:\n  status: draft\n  published: \"2024-01-02\"  # first draft\n", True),
    ("minutes:\n  status: draft\n  published: null\n", False),
    ("minutes:\n  status: draft\n  published:\n  body: x\n", False),
    ("minutes:\n  status: draft\n  body: |\n    published: 2024-01-02\n", False),
    ("minutes:\n  status: draft\ndecisions: []\npublished: 2024-01-02\n", False),
    ("minutes: {status: draft, published: 2024-01-02}\n", True),
    ("date: 2024-01-01\n", False),
])
def test_published_minutes_are_recognised_in_any_version_of_a_file(text, published):
    assert has_published_minutes(text.encode()) is published


def test_back_dated_minutes_show_git_date_on_the_page_and_keep_the_record_date_in_feeds(tmp_path):
    """With back_dating: warn, the page and the figures use the date git proves; feeds, the
    calendar and the data keep the record's date (a shallow clone proves nothing, so a git
    date would change with the clone) and say what git shows beside it."""
    import csv
    import json
    import time

    import feedparser

    portal = honest_repository(tmp_path)
    portal.write(MARCH, MARCH_MEETING)
    commit(portal, "March minutes", "2024-04-07T12:00:00-05:00", MARCH)  # claims 2024-03-18
    mkdocs_yml = portal.root / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text() + "      back_dating: warn\n")
    result = portal.build()
    assert result.returncode == 0, result.stderr

    page = " ".join((portal.site / "meetings/2024-03-14-regular/index.html").read_text().split())
    assert ("Public since 7 April 2024, the day git first shows them published; they claim "
            "18 March 2024") in page
    assert 'href="../../punctuality/#back-dating"' in page

    def day(parsed) -> str:
        return time.strftime("%Y-%m-%d", parsed)

    url = "https://coalition.example.org/meetings/2024-03-14-regular/"
    for slug in ("minutes", "everything"):
        feed = feedparser.parse((portal.site / f"feeds/{slug}.atom.xml").read_bytes())
        entry = next(e for e in feed.entries if e.id == url)
        assert day(entry.published_parsed) == "2024-03-18", slug
        assert "published on 18 March 2024, 4 days after the meeting" in entry.summary
        assert ("Back-dated: git first shows them on 7 April 2024, 24 days after the meeting"
                in entry.summary)
    decisions = feedparser.parse((portal.site / "feeds/decisions.rss.xml").read_bytes())
    entry = next(e for e in decisions.entries if e.id == url + "#d-2024-03-1")
    assert day(entry.published_parsed) == "2024-03-18"  # public with its minutes

    document = json.loads((portal.site / "data/coalition.json").read_text())
    event = next(e for e in document["events"] if e["id"] == "2024-03-14-regular")
    assert (event["minutes_published"], event["minutes_published_per_git"]) == \
        ("2024-03-18", "2024-04-07")
    assert event["publication_lag_days"] == 24
    motion = next(m for m in document["motions"] if m["id"] == "d-2024-03-1")
    assert motion["public_date"] == "2024-03-18"
    with open(portal.site / "data/publication-lags.csv", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["meeting_id"] == "2024-03-14-regular")
    assert (row["published"], row["published_per_git"], row["lag_days"], row["on_time"]) == \
        ("2024-03-18", "2024-04-07", "24", "false")
