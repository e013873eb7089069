"""`coalition import SOURCE`: an existing minutes archive becomes portal content.

The small tests each build a few files in a temporary git repository; the big one
(``test_a_decade_of_minutes``) builds a realistic archive with ``archive_factory``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from portal import Portal

AS_OF = "2026-06-30"
ENV = {"COALITION_AS_OF": AS_OF}


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def refused(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return result.stderr


def git(repo: Path, *args: str, when: str = "2024-03-05T12:00:00+00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "Secretary", "GIT_AUTHOR_EMAIL": "s@example.org",
           "GIT_COMMITTER_NAME": "Secretary", "GIT_COMMITTER_EMAIL": "s@example.org"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout


def commit_files(repo: Path, files: dict[str, bytes | str], when: str, message="minutes") -> str:
    for relative, data in files.items():
        path = repo / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    git(repo, "add", "-A", when=when)
    git(repo, "commit", "-q", "-m", message, when=when)
    return git(repo, "rev-parse", "HEAD").strip()


def new_repo(path: Path) -> Path:
    path.mkdir(parents=True)
    git(path, "init", "-q", "-b", "main")
    return path


def fingerprint(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def portal(tmp_path) -> Portal:
    ok(Portal(tmp_path).coalition("init", "portal", "--name", "Harbor Food Coalition",
                                  "--timezone", "America/Chicago", "--founded", "2014-01-01",
                                  "--target-days", "7", env=ENV))
    return Portal(tmp_path / "portal")


SMALL = {
    "2024-03-01.md": "# Regular meeting, 1 March\n\n## Present\n\n- Jane Doe (@jane)\n"
                     "- Bob Roe, Eastside Food Bank\n- Jane Doe\n\n## Notes\nRelease status:\n"
                     "* the beta is \x7fout\n\n![slide](img/slide.png) and "
                     "[the review](./review.pdf)\n",
    "img/slide.png": b"\x89PNG\r\n\x1a\n" + bytes(32),
    "review.pdf": b"%PDF-1.4\n%%EOF\n",
    "README.md": "The minutes of the Harbor Food Coalition.\n",
}


def test_a_small_archive_is_imported_and_builds(portal, tmp_path):
    repo = new_repo(tmp_path / "archive")
    sha = commit_files(repo, SMALL, "2024-03-05T03:00:00+00:00")  # 4 March in Chicago
    commit_files(repo, {"2024/2024-04/apr-02.md": "# April\n\nAttendees:\n* @jane\n"
                        "* Ann Lee\n\nNothing else.\n"}, "2024-04-20T12:00:00+00:00")
    out = ok(portal.coalition("import", str(repo), env=ENV))
    assert "2 minutes imported, 0 kept (imported before), 1 skipped" in out
    assert "README.md: no date in its name" in out
    assert "2024-03-01.md:11: U+007F DELETE removed" in out
    assert "2024-03-01.md: Jane Doe is named twice in the Present section; counted once" in out
    meeting = (portal.content / "meetings/2024-03-01-regular.yml").read_text()
    assert "published: 2024-03-04" in meeting
    assert f"commit: {sha}" in meeting and f"archive: {repo}" in meeting
    assert "title: Regular meeting, 1 March" in meeting
    members = sorted(p.name for p in (portal.content / "members").iterdir())
    assert members == ["ann-lee.yml", "bob-roe.yml", "jane-doe.yml"]  # @jane is Jane Doe
    assert "constituency: Eastside Food Bank" in (portal.content / "members/bob-roe.yml").read_text()
    assert (portal.content / "meetings/2024-03-01-regular/img/slide.png").is_file()
    assert (portal.content / "meetings/2024-03-01-regular/review.pdf").is_file()
    ok(portal.coalition("validate", "content", env=ENV))
    ok(portal.build("--strict", env=ENV))
    page = (portal.site / "meetings/2024-03-01-regular/index.html").read_text()
    assert "<li>the beta is out</li>" in page
    before = fingerprint(portal.content)
    again = ok(portal.coalition("import", str(repo), env=ENV))
    assert "0 minutes imported, 2 kept (imported before)" in again
    assert fingerprint(portal.content) == before


def test_a_rerun_adds_only_new_files_and_keeps_edited_ones(portal, tmp_path):
    repo = new_repo(tmp_path / "archive")
    commit_files(repo, {"2024-03-01.md": "# March\n"}, "2024-03-02T12:00:00+00:00")
    ok(portal.coalition("import", str(repo), env=ENV))
    edited = portal.content / "meetings/2024-03-01-regular.yml"
    edited.write_text(edited.read_text().replace("title: March", "title: March, edited"))
    commit_files(repo, {"2024-03-01-extra.md": "# Extra\n", "2024-04-01.md": "# April\n"},
                 "2024-04-03T12:00:00+00:00")
    out = ok(portal.coalition("import", str(repo), env=ENV))
    assert "2 minutes imported, 1 kept" in out
    assert "title: March, edited" in edited.read_text()
    # two files for one date: the second (by path) gets the next free id
    assert "2024-03-01-extra.md -> meetings/2024-03-01-regular-2.yml" in out
    assert (portal.content / "meetings/2024-04-01-regular.yml").is_file()


def test_a_plain_folder_is_refused_unless_file_dates_are_asked_for(portal, tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "2024-03-01.md").write_text("# March\n")
    os.utime(folder / "2024-03-01.md", (1709553600, 1709553600))  # 2024-03-04 12:00 UTC
    said = refused(portal.coalition("import", str(folder), env=ENV))
    assert "not a git repository: publication dates cannot be proven" in said
    assert "--published-from mtime" in said
    assert not (portal.content / "meetings/2024-03-01-regular.yml").exists()
    ok(portal.coalition("import", str(folder), "--published-from", "mtime", env=ENV))
    meeting = (portal.content / "meetings/2024-03-01-regular.yml").read_text()
    assert "published: 2024-03-04" in meeting and "commit:" not in meeting


def test_bad_input_is_named_and_nothing_is_half_written(portal, tmp_path):
    said = refused(portal.coalition("import", str(tmp_path / "missing"), env=ENV))
    assert "missing: does not exist" in said and "Nothing was written" in said
    repo = new_repo(tmp_path / "archive")
    commit_files(repo, {
        "2024-03-01.md": "# March\n",
        "2024-03-08.md": b"\x89PNG\r\n\x1a\n\xff\xfe" + bytes(100),  # binary
        "2024-03-15.md": "# Big\n\n" + "- an item of a very long list\n" * 20000,
        "notes/misc.md": "no date\n",
    }, "2024-03-20T12:00:00+00:00")
    out = ok(portal.coalition("import", str(repo), env=ENV))
    assert "1 minutes imported, 0 kept (imported before), 3 skipped" in out
    assert "2024-03-08.md: a binary file, not Markdown text" in out
    assert "2024-03-15.md: 600,007 bytes, over the size cap" in out
    assert "notes/misc.md: no date in its name" in out


def test_an_invalid_result_writes_nothing(portal, tmp_path):
    repo = new_repo(tmp_path / "archive")
    # a meeting in the future of the portal's day is refused by the checks: nothing written
    commit_files(repo, {"2024-03-01.md": "# March\n", "2030-01-01.md": "# Later\n"},
                 "2024-03-20T12:00:00+00:00")
    before = fingerprint(portal.content)
    said = refused(portal.coalition("import", str(repo), env=ENV))
    assert "nothing was written" in said
    assert fingerprint(portal.content) == before


def test_glob_and_date_pattern(portal, tmp_path):
    repo = new_repo(tmp_path / "archive")
    commit_files(repo, {"minutes/03.01.2024 board.md": "# Board\n",
                        "minutes/other.md": "# Other\n"}, "2024-03-02T12:00:00+00:00")
    out = ok(portal.coalition("import", str(repo), "--glob", "minutes/*.md", "--date-pattern",
                              r"(?P<day>\d\d)\.(?P<month>\d\d)\.(?P<year>\d{4})", env=ENV))
    assert "minutes/03.01.2024 board.md -> meetings/2024-01-03-regular.yml" in out
    assert "minutes/other.md: no date in its name" in out
    said = portal.coalition("import", str(repo), "--date-pattern", "(?P<year>x)", env=ENV)
    assert said.returncode == 2 and "named groups" in said.stderr
