"""One set of options: `mkdocs build`, `coalition status`, `export` and `validate` agree (issue 14).

Each test copies the demo portal, sets options in its mkdocs.yml, and reads what every front
end says: the built pages, CSVs and coalition.json of one build, the status report, the files
`coalition export` writes, and what `coalition validate` prints.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html
from portal import Portal

REPO = Path(__file__).resolve().parents[2]


def demo_with(tmp_path: Path, **options: object) -> Portal:
    """The demo portal with ``options`` set in its mkdocs.yml's coalition plugin."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    for name, value in options.items():
        text, found = re.subn(rf"(?m)^      {name}: .*$", f"      {name}: {value}", text)
        if not found:
            text = text.replace("  - coalition:\n", f"  - coalition:\n      {name}: {value}\n")
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    return Portal(tmp_path)


def lags(folder: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((folder / "data/publication-lags.csv")
                                           .read_text(encoding="utf-8"))))


def page_text(portal: Portal, url: str) -> str:
    tree = lxml_html.fromstring((portal.site / url / "index.html").read_bytes())
    return " ".join(" ".join(tree.xpath("//article//text()")).split())


# at 3 days the demo's newest minutes are overdue on its pinned as_of (see the next test);
# the day before they fall due, every front end is judged as of it alike (COALITION_AS_OF)
@pytest.mark.parametrize(("target", "env"), [(5, {}), (3, {"COALITION_AS_OF": "2026-11-14"})])
def test_every_front_end_judges_by_the_target_of_mkdocs_yml(tmp_path, target, env):
    portal = demo_with(tmp_path, target_days=target)
    built = portal.build("--strict", env=env)
    assert built.returncode == 0, built.stderr

    # one build: the CSV, coalition.json and the punctuality page agree with each other
    rows = [r for r in lags(portal.site) if r["published"]]
    assert rows and {r["target_days"] for r in lags(portal.site)} == {str(target)}
    for row in rows:
        assert row["on_time"] == ("true" if int(row["lag_days"]) <= target else "false"), row
    on_time = sum(r["on_time"] == "true" for r in rows)
    late = [r for r in rows if r["state"] == "late"]
    assert len(late) == len(rows) - on_time > 0
    document = json.loads((portal.site / "data/coalition.json").read_text(encoding="utf-8"))
    assert document["coalition"]["publication_target_days"] == target
    punctuality = page_text(portal, "punctuality")
    assert f"within {target} days" in punctuality
    assert f"{on_time} of {len(rows)} meetings with published minutes" in punctuality

    # coalition status: the same target, the same late minutes, the same figures
    status = portal.coalition("status", env=env)
    assert status.returncode == 0, status.stderr
    assert f"minutes public within {target} days" in status.stdout
    assert f"Published late: {len(late)}\n" in status.stdout
    assert f"on time: lag <= {target};" in status.stdout
    assert f"All years: {on_time} of {len(rows)} on time" in status.stdout

    # coalition export: byte for byte the feeds, calendar and data of the build
    exported = portal.coalition("export", "--out", "exported", env=env)
    assert exported.returncode == 0, exported.stderr
    out = portal.root / "exported"
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert len(files) > 20
    for relative in files:
        assert (out / relative).read_bytes() == (portal.site / relative).read_bytes(), relative

    # coalition validate: late minutes are history with late: info, and as_of is the pinned one
    validated = portal.coalition("validate", env=env)
    assert validated.returncode == 0, validated.stderr
    assert validated.stderr == ""
    assert "content: valid" in validated.stdout and "warning" not in validated.stdout


def test_overdue_minutes_are_the_same_verdict_everywhere(tmp_path):
    """Target 3 days: the demo's meeting of 12 November is overdue on its pinned as_of."""
    portal = demo_with(tmp_path, target_days=3)
    line = ("content/meetings/2026-11-12-regular.yml: minutes.published: minutes overdue: "
            "meeting of 2026-11-12, due 2026-11-15, 1 day overdue (target 3 days)")
    built = portal.build()
    assert built.returncode == 1 and line in built.stderr
    assert not portal.site.exists()
    status = portal.coalition("status")
    assert status.returncode == 1
    assert ("Overdue: 1\n  content/meetings/2026-11-12-regular.yml  2026-11-12  due 2026-11-15, "
            "1 days overdue") in status.stdout
    exported = portal.coalition("export", "--out", "exported")
    assert exported.returncode == 1 and line in exported.stderr
    assert not (portal.root / "exported").exists()
    # validate judges the content, not the secretary's punctuality: the same line, as a warning
    validated = portal.coalition("validate")
    assert validated.returncode == 0
    assert line.replace("minutes overdue", "warning: minutes overdue") in validated.stderr


def test_late_warn_warns_alike_in_validate_and_the_build(tmp_path):
    portal = demo_with(tmp_path, late="warn", target_days=4)
    built = portal.build()
    assert built.returncode == 0, built.stderr
    in_build = re.findall(r"^WARNING +- +(content/meetings/.*published late.*)$", built.stderr, re.M)
    validated = portal.coalition("validate")
    assert validated.returncode == 0
    in_validate = validated.stderr.splitlines()
    assert len(in_build) > 5 and sorted(in_build) == sorted(in_validate)
    assert all("(target 4 days)" in line for line in in_validate)
    assert f"; {len(in_validate)} warnings" in validated.stdout
    status = portal.coalition("status")
    assert f"Published late: {len(in_validate)}\n" in status.stdout


def test_late_error_fails_status_validate_and_the_build_alike(tmp_path):
    portal = demo_with(tmp_path, late="error")
    built = portal.build()
    assert built.returncode == 1
    validated = portal.coalition("validate")
    assert validated.returncode == 1
    problems = re.search(r"^(\d+) problems found; nothing was changed\.$", validated.stderr, re.M)
    assert problems and int(problems.group(1)) == validated.stderr.count("published late")
    assert "Traceback" not in validated.stderr
    status = portal.coalition("status")
    assert status.returncode == 1 and "Published late: 5\n" in status.stdout


def test_a_flag_wins_over_mkdocs_yml_and_config_names_another_file(tmp_path):
    portal = demo_with(tmp_path, target_days=5)
    flagged = portal.coalition("status", "--target-days", "9")
    assert "minutes public within 9 days" in flagged.stdout
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    text = (portal.root / "mkdocs.yml").read_text(encoding="utf-8")
    (elsewhere / "portal.yml").write_text(text.replace("target_days: 5", "target_days: 4"),
                                          encoding="utf-8")
    configured = portal.coalition("status", "content", "--config", "elsewhere/portal.yml")
    assert "minutes public within 4 days" in configured.stdout, configured.stderr


def test_a_wrong_option_is_named_alike_by_the_build_and_the_cli(tmp_path):
    portal = demo_with(tmp_path, target_days="five")
    built = portal.build()
    assert built.returncode == 1
    assert "target_days: 'five' should be a whole number" in built.stderr
    for command in ("validate", "status", "export"):
        result = portal.coalition(command)
        assert result.returncode == 1, command
        assert "mkdocs.yml: plugin 'coalition': target_days: 'five' should be a whole number" \
            in result.stderr, (command, result.stderr)
        assert "Traceback" not in result.stderr


def test_every_command_takes_the_content_folder_as_content_too(tmp_path):
    portal = demo_with(tmp_path, target_days=5)
    for args in (["validate"], ["status"], ["export", "--out", "exported"],
                 ["links", "update", "--site", "exported"]):
        by_flag = portal.coalition(*args, "--content", "content")
        by_argument = portal.coalition(*args, "content")
        assert by_flag.returncode == by_argument.returncode == 0, (args, by_flag.stderr)
        assert by_flag.stdout == by_argument.stdout, args
    both = portal.coalition("validate", "content", "--content", "elsewhere")
    assert both.returncode == 2 and "two content folders given" in both.stderr
