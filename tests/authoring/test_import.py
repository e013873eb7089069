"""`coalition import SOURCE`: an existing minutes archive becomes portal content.

The small tests each build a few files in a temporary git repository; the big one
(``test_a_decade_of_minutes``) builds a realistic archive with ``archive_factory``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import os
import re
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import archive_factory
import pytest
from portal import Portal

AS_OF = "2026-06-30"
ENV = {"COALITION_AS_OF": AS_OF}
TARGET = 5  # days: some of the history is late


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
                                  "--target-days", str(TARGET), env=ENV))
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
    bob = (portal.content / "members/bob-roe.yml").read_text()
    assert "constituency: Eastside Food Bank" in bob
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
    git(repo, "remote", "add", "origin", "https://secretary:ghp_token@github.com/harbor/notes")
    ok(portal.coalition("import", str(repo), env=ENV))
    edited = portal.content / "meetings/2024-03-01-regular.yml"
    edited.write_text(edited.read_text().replace("title: March", "title: March, edited"))
    commit_files(repo, {"2024-03-01-extra.md": "# Extra\n", "2024-04-01.md": "# April\n"},
                 "2024-04-03T12:00:00+00:00")
    out = ok(portal.coalition("import", str(repo), env=ENV))
    assert "2 minutes imported, 1 kept" in out
    assert "title: March, edited" in edited.read_text()
    assert "archive: https://github.com/harbor/notes\n" in edited.read_text()  # no token
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


# --- a decade of minutes --------------------------------------------------------------


def _minutes_html(page: Path) -> str:
    """The rendered minutes of a meeting page (its ``cp-minutes`` part)."""
    raw = page.read_text(encoding="utf-8")
    start = raw.index('<div class="cp-minutes">')
    return raw[start:raw.index('<h2 id="', start)]


def _visible_lines(article: str) -> list[str]:
    """The article's text outside code, line by line, as a reader sees it."""
    text = re.sub(r"<pre.*?</pre>", "", article, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return [line.strip() for line in text.split("\n") if line.strip()]


def _source_blocks(text: str) -> dict[str, list[str]]:
    """What the source Markdown has: headings, list items, table rows, code fences."""
    out = {"headings": [], "items": [], "tables": 0, "fences": 0}
    fenced = False
    for line in text.split("\n"):
        if line.startswith("```"):
            out["fences"] += not fenced
            fenced = not fenced
        elif fenced:
            continue
        elif re.match(r"#{1,6} ", line):
            out["headings"].append(line.lstrip("#").strip())
        elif re.match(r"\s*([-*]|\d+\.) ", line):
            out["items"].append(line)
        elif line.startswith("| --- "):
            out["tables"] += 1
    return out


def test_a_decade_of_minutes(portal, tmp_path):
    """Over 300 minutes in 12 years: imported, validated, built with --strict; every date
    is git's, every figure the test's own, every block an element; a rerun changes nothing."""
    archive = archive_factory.build(tmp_path / "archive")
    assert len(archive.minutes) >= 300
    assert (max(archive.minutes.values()) - min(archive.minutes.values())).days > 3650
    out = ok(portal.coalition("import", str(archive.root), "--report",
                              str(tmp_path / "report.md"), env=ENV))
    assert (tmp_path / "report.md").read_text() in out
    ok(portal.coalition("validate", "content", env=ENV))
    build = portal.build("--strict", env=ENV)
    assert build.returncode == 0, build.stderr[-3000:]

    # every file became a meeting, with git's first date (renames followed) in the zone
    zone = ZoneInfo("America/Chicago")
    meetings = {}
    for path in sorted((portal.content / "meetings").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        source = re.search(r"^  path: (.*)$", text, re.M).group(1).strip('"')
        meetings[source] = (path.stem, text)
    assert set(meetings) == set(archive.minutes)
    on_time = 0
    per_year: dict[int, list[int]] = {}
    for source, day in archive.minutes.items():
        meeting_id, text = meetings[source]
        sha, when = archive_factory.first_added(archive.root,
                                                archive.renamed.get(source, source))
        published = dt.datetime.fromtimestamp(when, zone).date()
        assert f"published: {published}\n" in text, source
        assert f"commit: {sha}\n" in text and f"date: {day}\n" in text, source
        on_time += (published - day).days <= TARGET
        counts = per_year.setdefault(day.year, [0, 0])
        counts[0] += (published - day).days <= TARGET
        counts[1] += 1
    # the renamed files kept the commit that first added them under their old names
    assert archive.renamed and archive_factory.renames(archive.root) == archive.renamed
    # two files for one date: the second (by path) has the next free id
    day = archive.minutes[archive.twice]
    assert {meetings[archive.twice][0], meetings[f"minutes/{day}-special.md"][0]} == \
        {f"{day}-regular", f"{day}-regular-2"}

    # the punctuality figures are the test's own
    punctuality = (portal.site / "punctuality/index.html").read_text(encoding="utf-8")
    assert (f"{on_time} of {len(archive.minutes)} meetings with published minutes kept that "
            "promise") in punctuality
    assert len(per_year) >= 10 and 0 < on_time < len(archive.minutes)  # some were late
    for year, (kept, counted) in per_year.items():
        assert f'<th scope="row">{year}</th><td>{kept} of {counted}</td>' in punctuality, year

    # every heading, list item, table and code block of the large minutes is its element
    for source in archive.big:
        meeting_id, _ = meetings[source]
        text = (archive.root / source).read_text(encoding="utf-8")
        assert 190_000 < len(text.encode()) < 210_000
        blocks = _source_blocks(text)
        article = _minutes_html(portal.site / f"meetings/{meeting_id}/index.html")
        shown = {html.unescape(re.sub(r"<[^>]+>", "", h)).strip()
                 for h in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", article, re.S)}
        assert set(blocks["headings"]) - {blocks["headings"][0]} <= shown, source
        assert article.count("<li") >= len(blocks["items"])
        assert article.count("<table") == blocks["tables"] >= 1
        assert article.count("<pre") >= blocks["fences"] >= 1
        assert "\treturn [d for d in days]" in html.unescape(article)
        for line in _visible_lines(article):
            assert not re.match(r"(#{1,6} |[-*] |\d+\. |\| |```)", line), (source, line)
        for linked in archive.images[source]:
            published = f"files/{linked}"
            assert (portal.site / f"meetings/{meeting_id}" / published).is_file(), linked
            attribute = "src" if linked.endswith(".png") else "href"
            assert re.search(rf'{attribute}="[^"]*{re.escape(published)}"', article), linked

    # the report: counts, what was skipped and why, the DEL with its file:line
    assert (f"- {len(archive.minutes)} minutes imported, 0 kept (imported before), "
            f"{len(archive.skipped)} skipped") in out
    for skipped in archive.skipped:
        assert f"- {skipped}: no date in its name" in out
    del_path, del_line = archive.deleted_char
    assert "- 1 characters cleaned" in out
    assert f"- {del_path}:{del_line}: U+007F DELETE removed" in out
    assert "\x7f" not in meetings[del_path][1]
    assert (f"- {archive.twice}: Dana Okafor is named twice in the Present section; "
            "counted once") in out
    members = sorted(p.stem for p in (portal.content / "members").glob("*.yml"))
    assert len(members) == len(archive_factory.PEOPLE)  # one per person, handle or not
    assert f"- {len(members)} new members, " in out
    copied = sum(len(v) for v in archive.images.values())
    assert f"{copied} files copied" in out

    # a second import changes nothing
    before = fingerprint(portal.content)
    again = ok(portal.coalition("import", str(archive.root), env=ENV))
    assert f"- 0 minutes imported, {len(archive.minutes)} kept" in again
    assert fingerprint(portal.content) == before


def test_a_folder_inside_a_repository_and_a_file_renamed_after_its_import(portal, tmp_path):
    repo = new_repo(tmp_path / "archive")
    sha = commit_files(repo, {"notes/2024-03-01.md": "# March\n", "other/2024-03-08.md": "# X\n"},
                       "2024-03-02T12:00:00+00:00")
    out = ok(portal.coalition("import", str(repo / "notes"), env=ENV))
    assert "1 minutes imported" in out and "other" not in out
    meeting = (portal.content / "meetings/2024-03-01-regular.yml").read_text()
    assert "path: notes/2024-03-01.md\n" in meeting and f"commit: {sha}\n" in meeting
    assert f"archive: {repo}\n" in meeting  # the repository, not the folder inside it
    before = fingerprint(portal.content)
    git(repo, "mv", "notes/2024-03-01.md", "notes/2024-03-01-regular.md")
    git(repo, "commit", "-q", "-m", "rename", when="2024-05-01T12:00:00+00:00")
    again = ok(portal.coalition("import", str(repo / "notes"), env=ENV))
    assert ("2024-03-01-regular.md: imported before as notes/2024-03-01.md (renamed since)"
            in again)
    assert "0 minutes imported, 1 kept" in again
    assert fingerprint(portal.content) == before


def test_attendees_come_only_from_the_present_list():
    from coalition_portal.authoring.minutes_source import attendees

    assert attendees("Present:\nnobody noted it\n\n- an agenda item\n").people == []
    found = attendees("# M\n\n**Attendance:**\n\n- Tenants Union\n  - Grace Kim (@gkim)\n"
                      "  - Ahmed Haddad\n- Dana Okafor, Parks\n- @gkim\n\nThen:\n- not a person\n")
    assert [(p.name, p.handle, p.organization) for p in found.people] == [
        ("Grace Kim", "gkim", "Tenants Union"), ("Ahmed Haddad", None, "Tenants Union"),
        ("Dana Okafor", None, "Parks")]
    assert found.twice == ["gkim"]
