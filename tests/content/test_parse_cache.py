"""`coalition validate` run again: unchanged files are not parsed again, and nothing else changes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import coalition_portal

from portal import Portal
from test_bad_input import CASES, MEETING, PARKS, _expect_failure, _validate, built  # noqa: F401


def cache_files() -> list[Path]:
    return sorted((Path(os.environ["XDG_CACHE_HOME"]) / "coalition-portal").glob("*.json"))


def only_cache(portal: Portal) -> dict:
    """The cache of ``portal``'s content (the newest cache file: tests make one per portal)."""
    newest = max(cache_files(), key=lambda p: p.stat().st_mtime_ns)
    return json.loads(newest.read_text("utf-8"))


def content_files(portal: Portal) -> list[Path]:
    return sorted(p for p in portal.content.rglob("*.yml") if not p.name.startswith("."))


def test_a_second_run_reuses_the_parsing_and_says_the_same(portal):
    first = portal.coalition("validate", "content")
    assert first.returncode == 0, first.stderr
    kept = only_cache(portal)
    assert len(kept["files"]) == len(content_files(portal))
    second = portal.coalition("validate", "content")
    assert (second.returncode, second.stdout, second.stderr) == (0, first.stdout, first.stderr)
    fresh = portal.coalition("validate", "content", "--fresh")
    assert (fresh.returncode, fresh.stdout) == (0, first.stdout)


def test_an_edited_file_is_read_again_and_the_cache_keeps_only_todays_files(portal):
    assert portal.coalition("validate", "content").returncode == 0
    portal.edit(MEETING, "kind: regular", "kind: weekly")
    result = portal.coalition("validate", "content")
    _expect_failure(result, "content/meetings/2024-02-15-regular.yml:3: kind:",
                    "'weekly' is not allowed here")
    portal.edit(MEETING, "kind: weekly", "kind: regular")
    assert portal.coalition("validate", "content").returncode == 0
    assert len(only_cache(portal)["files"]) == len(content_files(portal))


def test_a_run_with_problems_keeps_what_it_parsed(portal):
    """The secretary's first run fails; the files that parsed are not parsed again."""
    portal.edit(MEETING, "kind: regular", "kind: [regular")
    result = portal.coalition("validate", "content")
    _expect_failure(result, "content/meetings/2024-02-15-regular.yml:3:", "")
    assert len(only_cache(portal)["files"]) == len(content_files(portal)) - 1
    portal.edit(MEETING, "kind: [regular", "kind: regular")
    assert portal.coalition("validate", "content").returncode == 0
    assert len(only_cache(portal)["files"]) == len(content_files(portal))


def test_a_problem_in_an_unchanged_file_still_names_its_line(portal):
    """The meeting is not parsed again, yet its reference to a removed member is found
    at its line (lines come from the file's text when a problem needs one)."""
    assert portal.coalition("validate", "content").returncode == 0
    (portal.content / PARKS).unlink()
    result = portal.coalition("validate", "content")
    _expect_failure(result, "content/meetings/2024-02-15-regular.yml:26: decisions[0].vote.parks:",
                    "'parks' is not a member")


def test_a_damaged_or_foreign_cache_is_ignored(portal):
    first = portal.coalition("validate", "content")
    cache = max(cache_files(), key=lambda p: p.stat().st_mtime_ns)
    for damage in (b"\x00not json", b'{"version": "other", "files": {}}', b"[]",
                   b'{"version": 1, "files": []}'):
        cache.write_bytes(damage)
        again = portal.coalition("validate", "content")
        assert (again.returncode, again.stdout) == (0, first.stdout), again.stderr
    assert len(json.loads(cache.read_text("utf-8"))["files"]) == len(content_files(portal))


def test_the_build_never_uses_the_cache(portal):
    """A cache that says a file holds something else changes nothing that is published."""
    assert portal.coalition("validate", "content").returncode == 0
    cache = max(cache_files(), key=lambda p: p.stat().st_mtime_ns)
    kept = json.loads(cache.read_text("utf-8"))
    kept["files"] = {k: v.replace("Compost pilot discussed.", "Forged minutes.")
                     for k, v in kept["files"].items()}
    cache.write_text(json.dumps(kept), "utf-8")
    assert portal.build().returncode == 0
    page = (portal.site / "meetings/2024-02-15-regular/index.html").read_text("utf-8")
    assert "Compost pilot discussed." in page and "Forged minutes." not in page


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_input_after_a_valid_run_is_refused_the_same_way(built, tmp_path, case):  # noqa: F811
    portal = Portal(tmp_path / "portal")
    shutil.copytree(built.root, portal.root, symlinks=True)
    assert _validate(portal).returncode == 0  # every file parsed and kept
    CASES[case].change(portal)
    _expect_failure(_validate(portal), CASES[case].where, CASES[case].words)


def test_validate_works_where_nothing_can_be_kept(portal, tmp_path):
    """No home, a relative cache path, or a cache path that is a file: every file is parsed,
    nothing is written, the answer is the same."""
    expected = portal.coalition("validate", "content")
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    for env in ({"XDG_CACHE_HOME": str(blocked)}, {"XDG_CACHE_HOME": "relative", "HOME": ""}):
        for _ in range(2):
            result = portal.coalition("validate", "content", env=env)
            assert (result.returncode, result.stdout, result.stderr) == (
                0, expected.stdout, expected.stderr)
    assert blocked.read_text() == "not a folder"
    assert not (portal.root / "relative").exists()


def test_a_change_to_the_content_models_starts_the_cache_afresh(tmp_path):
    """The models live in a package of their own (content/model/); changing one still makes
    the last run's parsing unusable, as a change to any other file of the content stage does."""
    package = tmp_path / "coalition_portal"
    shutil.copytree(Path(coalition_portal.__file__).parent, package,
                    ignore=shutil.ignore_patterns("__pycache__"))

    def version() -> str:
        code = ("from coalition_portal.content.parse_cache import code_version\n"
                "print(code_version())")
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, env={**os.environ, "PYTHONPATH": str(tmp_path)},
                              cwd=tmp_path).stdout

    before = version()
    assert before == version()
    with (package / "content" / "model" / "meetings.py").open("a", encoding="utf-8") as out:
        out.write("# a change\n")
    assert version() != before
