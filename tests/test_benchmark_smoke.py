"""The benchmark (benchmarks/) still runs: a tiny archive is generated, validated and built.

Times are measured by the benchmark, never asserted here.
"""

from __future__ import annotations

import subprocess
import sys

from portal import REPO, run

sys.path.insert(0, str(REPO / "benchmarks"))

import generate  # noqa: E402
import run as bench  # noqa: E402


def test_generated_archive_is_valid_and_deterministic(tmp_path):
    archive = generate.make_archive(meetings=6, members=12, seed=3)
    root = generate.write_portal(archive, tmp_path / "portal")
    again = generate.write_portal(generate.make_archive(meetings=6, members=12, seed=3),
                                  tmp_path / "again")
    for path in sorted((root / "content").rglob("*.yml")):
        twin = again / path.relative_to(root)
        assert path.read_bytes() == twin.read_bytes(), path
    result = run([sys.executable, "-m", "coalition_portal", "validate", "content"], cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "12 members, 6 meetings" in result.stdout
    meetings = sorted((root / "content" / "meetings").glob("*.yml"))
    assert len(meetings) == 6
    assert "vote:" in meetings[1].read_text(encoding="utf-8")


def test_benchmark_builds_both_sides_and_reports(tmp_path):
    result = bench.run_scale(0.01, tmp_path, seed=1, repeat=1, only=None, compare_at=[0.01])
    assert result["meetings"] == 6 and result["members"] == 12
    assert result["hugo"]["html_pages"] > 6  # the Hugo baseline: the same plain pages
    assert set(result["ratios_hugo"]) >= {"wall_s", "cpu_s", "peak_rss_mb"}
    for side in ("portal", "baseline"):
        figures = result[side]
        assert figures["html_pages"] > 6
        assert figures["search_index_mb"] > 0
        assert figures["largest_page"].endswith(".html")
        found, total = figures["minutes_findable"].split("/")
        assert found == total and int(total) > 0
    assert set(result["ratios"]) >= {"wall_s", "output_mb", "search_index_mb"}
    assert result["validate"]["peak_rss_mb"] > 0
    assert result["git_history"]["status"]  # n/a until the git check exists, then its state
    log = subprocess.run(["git", "log", "--oneline"], cwd=tmp_path / "0.01x" / "portal",
                         capture_output=True, text=True, check=True).stdout
    assert len(log.splitlines()) == 7  # the record's start, then one commit per meeting
    meeting_page = next((tmp_path / "0.01x" / "portal" / "site" / "meetings").glob("*/index.html"))
    assert "Attendance" in meeting_page.read_text(encoding="utf-8")


def test_benchmark_measures_long_transcripts_and_a_serve_reload(tmp_path):
    long = bench.run_long(tmp_path, seed=1, repeat=1, scale=0.03)  # 8 long meetings
    assert long["minutes_chars"][1] > 20_000
    assert long["portal"]["largest_feed_kb"] > 0
    serve = bench.run_serve(tmp_path, seed=1, edits=1, scale=0.01)
    assert serve["first_build_s"] is not None and serve["reload_s"][0] is not None
    assert serve["reload_decision_s"] is not None  # the retitled decision was served
