"""One pass: every problem of every file and every stage in one run.

A record that fails its model is still checked for what is left of it (its references, its
tallies, its dates), and a reference to a record that failed says where it failed rather
than that it does not exist.  Each test runs the real commands on a real portal and reads
what a secretary reads: the lines of `coalition validate`, `coalition status` and
`mkdocs build`, and their exit codes.
"""

from __future__ import annotations

import pytest
from portal import ENDORSEMENT, MINIMAL, derive

FORMATION = "meetings/2024-01-10-formation.yml"
REGULAR = "meetings/2024-02-15-regular.yml"
REGULAR_PATH = f"content/{REGULAR}"

# Three mistakes in one meeting file, each of which once hid the next: a wrong type (a
# number for the start time), an unknown member in a vote, and an outcome its tally
# contradicts (two members vote yes under a majority rule; the record says rejected).
THREE_MISTAKES = derive(
    MINIMAL[REGULAR],
    ('start: "18:00"', "start: 1800"),
    ("      food-bank: absent", "      food-bank: absent\n              harbor-growers: yes"),
    ("outcome: adopted", "outcome: rejected"),
)
THREE_PROBLEMS = [
    f"{REGULAR_PATH}:2: start: should be a time written as HH:MM, in quotes or not",
    f"{REGULAR_PATH}:23: decisions[0].outcome: the outcome says rejected but the tally "
    "(2 yes, 0 no, 0 abstain, 1 absent) under majority gives adopted (not counting "
    "harbor-growers, who could not vote)",
    f"{REGULAR_PATH}:29: decisions[0].vote.harbor-growers: 'harbor-growers' is not a member: "
    "there is no members/harbor-growers.yml",
]

AMENDMENT = """\
    title: Publish rationale within a week
    proposed_by: health
    proposed_on: 2024-02-20
    against: v1
    rationale: Rationale should not wait.
    changes:
      - clause: nn-rationale
        op: replace
        text: Every decision is published with its rationale within a week.
    status: adopted
    decided_by: d-2024-02-1
    """


def problems(result) -> list[str]:
    """The problem lines a command printed (file:line: field: message), in order."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    return [line.strip() for line in output.splitlines()
            if line.strip().startswith("content/")]


def validate(portal, *args) -> list[str]:
    result = portal.coalition("validate", "content", *args)
    assert result.returncode == 1, result.stdout + result.stderr
    return problems(result)


@pytest.fixture
def three_mistakes(portal):
    portal.write(REGULAR, THREE_MISTAKES)
    return portal


def test_validate_reports_the_three_mistakes_of_one_meeting_in_one_run(three_mistakes):
    result = three_mistakes.coalition("validate", "content")
    assert result.returncode == 1
    assert problems(result) == THREE_PROBLEMS
    assert "3 problems found; nothing was changed." in result.stderr


def test_the_build_and_status_report_the_same_three_at_once(three_mistakes):
    for result in (three_mistakes.build(), three_mistakes.coalition("status")):
        assert result.returncode == 1
        assert problems(result) == THREE_PROBLEMS, result.stderr
    assert not three_mistakes.site.exists()


def test_a_second_validate_reads_its_kept_parse_and_says_the_same(three_mistakes):
    assert validate(three_mistakes) == THREE_PROBLEMS
    assert validate(three_mistakes) == THREE_PROBLEMS  # the parsed data kept by the first run
    assert validate(three_mistakes, "--fresh") == THREE_PROBLEMS


def test_files_parsed_by_two_processes_read_as_by_one(three_mistakes, monkeypatch):
    """A large archive's files are parsed by the build and a forked copy (content.load,
    halves.in_two): the same records, the same problems, on the same lines; a file that
    is not YAML is still reported as such."""
    from coalition_portal.content import load

    three_mistakes.write("members/broken.yml", "name: [unclosed\n")
    alone = load.read(three_mistakes.content)
    monkeypatch.setattr(load, "SHARED_BYTES", 0)
    shared = load.read(three_mistakes.content)
    assert [str(f) for f in shared[1]] == [str(f) for f in alone[1]]
    assert any("broken.yml" in str(f) for f in shared[1])
    assert shared[0].meetings == alone[0].meetings and shared[0].members == alone[0].members
    assert shared[0].invalid == alone[0].invalid


def test_a_reference_to_a_member_that_failed_says_where_it_failed(portal):
    # a date that is no day in the calendar: the membership fails, and with it the member
    portal.edit("members/parks.yml", "joined: 2024-01-10", "joined: 2024-02-30")
    failed = "parks is not valid, see content/members/parks.yml:5"
    # one line per file that names it: the member's own problem is the one to fix
    assert validate(portal) == [
        f"content/{FORMATION}:6: chair: {failed} (also named on lines 8, 30)",
        f"{REGULAR_PATH}:8: attendance[0].member: {failed} (also named on line 26)",
        "content/members/parks.yml:5: memberships[0].joined: 2024-02-30 is not a date (no such "
        "day in the calendar)",
        f"content/roles.yml:7: terms[0].member: {failed}",
    ]
    # a vote naming parks cannot be counted (was it a member that day?): none is judged


def test_a_member_that_failed_leaves_the_tallies_of_votes_without_it_checked(portal):
    portal.write("members/harbor-growers.yml", """\
        name: Harbor Growers
        kind: [organization]
        constituency: Community organization
        memberships:
          - joined: 2024-03-01
        """)
    portal.edit(REGULAR, "outcome: adopted", "outcome: rejected")
    assert validate(portal) == [
        f"{REGULAR_PATH}:23: decisions[0].outcome: the outcome says rejected but the tally "
        "(2 yes, 0 no, 0 abstain, 1 absent) under majority gives adopted",
        "content/members/harbor-growers.yml:2: kind: a list is not allowed here; use one of "
        "'organization' or 'person'",
    ]


def test_a_member_file_that_is_not_yaml_is_named_by_its_references_too(portal):
    portal.edit("members/health.yml", "name: Public Health Department",
                'name: "Public Health Department')
    lines = validate(portal)
    assert lines[0] == (f"content/{FORMATION}:10: attendance[1].member: health is not valid, "
                        "see content/members/health.yml:1 (also named on line 31)")
    assert "content/members/health.yml:1: name:" in lines[-1]
    assert not any("is not a member" in line for line in lines)


def test_a_member_with_one_bad_optional_field_still_counts_as_a_member(portal):
    """What is left of the member tells all its references resolve: only its own problem."""
    portal.edit("members/parks.yml", "kind: organization", "kind: organization\nurl: parks.example")
    assert validate(portal) == ["content/members/parks.yml:3: url: 'parks.example' should be a "
                                "web address starting with https:// or http://"]


def test_a_decision_that_failed_is_named_by_what_refers_to_it(portal):
    # the decision's class is no class: the decision fails, its meeting stays and is checked
    portal.edit(REGULAR, "class: operational", "class: [operational]")
    portal.write("amendments/a-rationale-week.yml", AMENDMENT)
    portal.write("meetings/2024-03-14-regular.yml", MINIMAL[REGULAR].replace(
        "2024-02-15", "2024-03-14").replace("d-2024-02-1", "d-2024-03-1").replace(
        "outcome: adopted", "outcome: adopted\n            supersedes: [d-2024-02-1]").replace(
        "published: 2024-02-19", "published: 2024-03-18"))
    lines = validate(portal)
    failed = f"d-2024-02-1 is not valid, see {REGULAR_PATH}:21"
    assert lines == [
        "content/amendments/a-rationale-week.yml:11: decided_by: " + failed,
        f"{REGULAR_PATH}:21: decisions[0].class: should be text, not a list",
        "content/meetings/2024-03-14-regular.yml:24: decisions[0].supersedes[0]: " + failed,
    ]


@pytest.mark.parametrize("mistake", [
    ("kind: regular", "kind: regulr"),  # a required field that is no value of its kind
    ("status: held", "status: [held]"),
    ("rationale: The pilot tests collection before a citywide rollout.", "# rationale: to come"),
])
def test_a_required_field_the_checks_can_do_without_keeps_the_rest_checked(portal, mistake):
    """A meeting with a kind that is no kind, a status that is no status, or a decision
    without its rationale: its votes and tallies are checked all the same."""
    portal.write(REGULAR, derive(THREE_MISTAKES, ('start: 1800', 'start: "18:00"'), mistake))
    lines = validate(portal)
    assert lines[1:] == THREE_PROBLEMS[1:], lines
    assert len(lines) == 3
    assert lines[0].split(":")[2].strip() in ("kind", "status", "decisions[0].rationale"), lines


def test_a_platform_version_that_failed_is_named_by_what_refers_to_it(portal):
    portal.edit("platform/v1.yml", "number: 1", "number: one")
    portal.write("amendments/a-rationale-week.yml", AMENDMENT)
    portal.write("endorsements/food-bank-v1.yml", ENDORSEMENT)
    lines = validate(portal)
    assert lines == [
        "content/amendments/a-rationale-week.yml:4: against: v1 is not valid, see "
        "content/platform/v1.yml:1",
        "content/endorsements/food-bank-v1.yml:3: platform: v1 is not valid, see "
        "content/platform/v1.yml:1",
        # its clauses went with it: the decision citing one says so too
        f"{REGULAR_PATH}:24: decisions[0].platform_clauses[0]: nn-rationale is not valid, "
        "see content/platform/v1.yml:1",
        "content/platform/v1.yml:1: number: should be a whole number, not 'one'",
    ]


def test_a_clause_that_failed_is_named_by_the_decision_citing_it(portal):
    portal.edit("platform/v1.yml", "kind: non-negotiable", "kind: nonnegotiable")
    lines = validate(portal)
    assert lines == [
        f"{REGULAR_PATH}:24: decisions[0].platform_clauses[0]: nn-rationale is not valid, "
        "see content/platform/v1.yml:6",
        "content/platform/v1.yml:6: clauses[0].kind: 'nonnegotiable' is not allowed here; "
        "use one of 'non-negotiable', 'delegated', 'governance' or 'dissolution'",
    ]


def test_a_roles_file_that_fails_as_a_whole_leaves_the_rest_checked(portal):
    portal.write("roles.yml", "roles: []\n" + MINIMAL["roles.yml"].split("terms:")[1].join(
        ["terms:", ""]).replace("\n        ", "\n"))
    portal.write(REGULAR, THREE_MISTAKES)
    lines = validate(portal)
    assert lines == sorted(THREE_PROBLEMS + [
        "content/roles.yml:1: roles: should have at least one entry"],
        key=lambda line: (line.split(":")[0], int(line.split(":")[1])))


def test_a_term_naming_a_role_whose_description_failed_still_finds_it(portal):
    portal.write("roles.yml", MINIMAL["roles.yml"].replace("roles:\n", (
        "roles:\n"
        "          - id: facilitation\n"
        "            name: Facilitation\n"
        "            description: [Runs the meetings.]\n")).replace(
        "          - role: documentation\n", (
        "          - role: facilitation\n"
        "            member: health\n"
        "            from: 2024-01-10\n"
        "          - role: documentation\n")))
    assert validate(portal) == [
        "content/roles.yml:4: roles[0].description: should be text, not a list"]


def test_a_decision_class_that_failed_is_named_by_its_decisions(portal):
    portal.edit("coalition.yml", "kind: majority", "kind: majorty")
    lines = validate(portal)
    assert lines == [
        "content/coalition.yml:9: decision_rules.operational.kind: 'majorty' is not allowed "
        "here; use one of 'consent', 'majority', 'supermajority' or 'consensus'",
        f"{REGULAR_PATH}:21: decisions[0].class: operational is not valid, see "
        "content/coalition.yml:9",
    ]


def test_a_part_that_failed_is_unknown_not_missing(portal):
    """A published date that is no date is that one problem: not also overdue minutes, nor
    an approval before publication, nor an end without a start."""
    portal.edit(REGULAR, "published: 2024-02-19", "published: 2024-02-30")
    portal.edit(FORMATION, 'start: "18:00"', 'start: "6 pm"\nend: "20:00"')
    portal.edit(FORMATION, "published: 2024-01-12", "published: 12 January")
    lines = validate(portal)
    assert lines == [
        f"content/{FORMATION}:2: start: '6 pm' is not a time written as HH:MM (24-hour clock)",
        f"content/{FORMATION}:20: minutes.published: '12 January' is not a date written as "
        "YYYY-MM-DD",
        f"{REGULAR_PATH}:16: minutes.published: 2024-02-30 is not a date (no such day in the "
        "calendar)",
    ]
    result = portal.build()  # the build judges overdue minutes as errors: none here
    assert result.returncode == 1
    assert problems(result) == lines


def test_a_meeting_that_fails_as_a_whole_leaves_its_decisions_named(portal):
    """A meeting whose own date fails cannot be checked; what refers to its decisions
    says where it failed."""
    portal.edit(FORMATION, "date: 2024-01-10", "date: 2024-01-32")
    lines = validate(portal)
    assert lines == [
        f"content/{FORMATION}:1: date: 2024-01-32 is not a date (no such day in the calendar)",
        f"content/platform/v1.yml:3: adopted_by: d-2024-01-1 is not valid, see "
        f"content/{FORMATION}:1",
    ]


def test_a_decision_in_a_meeting_that_cannot_be_read_is_not_called_missing(portal):
    """A meeting that is not YAML keeps its decisions unknown: what refers to one says
    which file may hold it."""
    portal.edit(FORMATION, "kind: formation-circle", "kind: [formation-circle")
    lines = validate(portal)
    assert lines[0].startswith(f"content/{FORMATION}:3: kind: this is not valid YAML"), lines
    assert lines[1:] == [
        "content/platform/v1.yml:3: adopted_by: no meeting records a decision 'd-2024-01-1' "
        f"(but content/{FORMATION}:3 could not be read, and may)",
    ]


def test_an_outcome_that_is_no_outcome_is_not_tallied_but_the_vote_is_checked(portal):
    portal.write(REGULAR, derive(THREE_MISTAKES, ('start: 1800', 'start: "18:00"'),
                                 ("outcome: rejected", "outcome: adoptd")))
    assert validate(portal) == [
        f"{REGULAR_PATH}:23: decisions[0].outcome: 'adoptd' is not allowed here; use one of "
        "'adopted', 'rejected' or 'deferred'",
        THREE_PROBLEMS[2],
    ]


def test_a_meeting_whose_status_failed_is_not_called_overdue(portal):
    """Minutes not yet published, months after a meeting whose status is no status: held
    (overdue) or cancelled (nothing owed)? Unknown, so not judged."""
    portal.edit(REGULAR, "status: held", "status: hled")
    portal.edit(REGULAR, "  published: 2024-02-19\n", "")
    lines = validate(portal)
    assert lines == [f"{REGULAR_PATH}:4: status: 'hled' is not allowed here; use one of "
                     "'scheduled', 'held', 'cancelled' or 'postponed'"]
    result = portal.build()  # the build judges overdue minutes as errors
    assert result.returncode == 1
    assert problems(result) == lines
