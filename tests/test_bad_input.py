"""Bad content gives one plain `path:line: field: message` line per problem, exit 1, no traceback."""

from __future__ import annotations

import pytest

MEETING = "meetings/2024-02-15-regular.yml"
PARKS = "members/parks.yml"

# name -> (file, old text, new text, expected location, words the message must contain)
CASES = {
    "yaml syntax error": (MEETING, "kind: regular", "kind: [regular", "2024-02-15-regular.yml:", "not valid YAML"),
    "duplicate key": (PARKS, "kind: organization", "kind: organization\nkind: person", "parks.yml:3: kind:", "appears twice"),
    "unknown field": (PARKS, "kind: organization", "kind: organization\nwebsite: x", "parks.yml:3: website:", "not a known field"),
    "missing field": (PARKS, "constituency: City agency\n", "", "parks.yml:1: constituency:", "required"),
    "wrong type": (MEETING, "status: held", "status: held\npublic: yes", "regular.yml:5: public:", "should be true or false, not 'yes'"),
    "bad date": (PARKS, "joined: 2024-01-10", "joined: 2023-02-30", "parks.yml:5: memberships[0].joined:", "2023-02-30 is not a date"),
    "unknown member": (MEETING, "chair: health", "chair: mayor", "regular.yml:6: chair:", "'mayor' is not a member"),
    "unknown clause": (MEETING, "platform_clauses: [nn-rationale]", "platform_clauses: [nn-nothing]", "regular.yml:24: decisions[0].platform_clauses[0]:", "no platform version has a clause 'nn-nothing'"),
    "vote by a non-member": (MEETING, "food-bank: absent", "food-bank: absent\n      mayor: yes", "regular.yml:29: decisions[0].vote.mayor:", "'mayor' is not a member"),
    "tally contradicts outcome": (MEETING, "health: yes\n      food-bank: absent", "health: no\n      food-bank: absent", "regular.yml:23: decisions[0].outcome:", "the outcome says adopted but the tally (1 yes, 1 no"),
    "quorum not met": (MEETING, "parks: yes\n      health: yes", "parks: yes\n      health: absent", "regular.yml:23: decisions[0].outcome:", "quorum not met: 1 of 3 members took part, 2 needed"),
}


def _expect_failure(result, where: str, words: str):
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert where in output, output
    assert words in output, output


@pytest.mark.parametrize("case", sorted(CASES), ids=sorted(CASES))
def test_validate_names_file_line_and_field(portal, case):
    path, old, new, where, words = CASES[case]
    portal.edit(path, old, new)
    _expect_failure(portal.coalition("validate", "content"), where, words)


def test_file_name_must_match_id(portal):
    (portal.content / MEETING).rename(portal.content / "meetings/2024-02-16-regular.yml")
    _expect_failure(portal.coalition("validate", "content"), "2024-02-16-regular.yml:1: date:",
                    "should start with the meeting date")


def test_platform_file_must_match_number(portal):
    portal.edit("platform/v1.yml", "number: 1", "number: 2")
    _expect_failure(portal.coalition("validate", "content"), "platform/v1.yml:1: number:",
                    "v2.yml")


def test_every_problem_of_every_file_at_once(portal):
    portal.edit(PARKS, "joined: 2024-01-10", "joined: 2023-02-30")
    portal.edit(MEETING, "status: held", "status: held\npublic: yes")
    result = portal.coalition("validate", "content")
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("content/")]
    assert len(lines) >= 2, result.stderr
    assert lines == sorted(lines)
    assert "problems found; nothing was changed" in result.stderr


@pytest.mark.parametrize("case", ["yaml syntax error", "tally contradicts outcome"])
def test_build_fails_with_the_same_message_and_keeps_the_site(portal, case):
    assert portal.build().returncode == 0
    before = {p.relative_to(portal.site): p.read_bytes() for p in portal.site.rglob("*") if p.is_file()}
    path, old, new, where, words = CASES[case]
    portal.edit(path, old, new)
    result = portal.build()
    _expect_failure(result, where, words)
    after = {p.relative_to(portal.site): p.read_bytes() for p in portal.site.rglob("*") if p.is_file()}
    assert after == before
