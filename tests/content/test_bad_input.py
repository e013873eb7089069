"""Bad content gives one plain `path:line: field: message` line per problem, exit 1, no traceback.

The catalogue below is the issue's list of bad input, one named case each.  Every case runs
through `coalition validate` (in this process, through click) AND a real `mkdocs build` (a
subprocess) over a site built before, whose files must be byte-for-byte the same afterwards.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Callable

import pytest
from click.testing import CliRunner

from coalition_portal.cli.main import main
from portal import AS_OF, ENDORSEMENT, MINIMAL, Portal, make_portal

MEETING = "meetings/2024-02-15-regular.yml"
FORMATION = "meetings/2024-01-10-formation.yml"
PARKS = "members/parks.yml"
COALITION = "coalition.yml"
ROLES = "roles.yml"
V1 = "platform/v1.yml"


@dataclass(frozen=True)
class Case:
    change: Callable[[Portal], None]
    where: str  # "file:line: field:" as printed
    words: str  # the plain words the message must contain


def edit(path: str, old: str, new: str) -> Callable[[Portal], None]:
    return lambda portal: portal.edit(path, old, new)


def write(path: str, text: str) -> Callable[[Portal], None]:
    return lambda portal: portal.write(path, text)


def write_bytes(path: str, data: bytes) -> Callable[[Portal], None]:
    return lambda portal: portal.write_bytes(path, data)


def rename(old: str, new: str) -> Callable[[Portal], None]:
    return lambda portal: (portal.content / old).rename(portal.content / new)


def both(*changes) -> Callable[[Portal], None]:
    def change(portal):
        for one in changes:
            one(portal)
    return change


def symlink(path: str, target: str) -> Callable[[Portal], None]:
    def change(portal):
        link = portal.content / path
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target if target.startswith("/") else portal.root / target, link)
    return change


PARKS_BYTES = MINIMAL[PARKS].replace("        ", "").encode()
BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
) + "\n"
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
    status: proposed
    """
LATE_JOINER = """\
    name: Harbor Growers
    kind: organization
    constituency: Community organization
    memberships:
      - joined: 2024-03-01
    """
PLATFORM_V2 = """\
    number: 2
    adopted: 2024-02-15
    adopted_by: d-2024-02-1
    clauses:
      - id: nn-rationale
        kind: delegated
        title: Every decision is published with its rationale
        text: The coalition publishes every decision with the reasons for it.
    """

CASES: dict[str, Case] = {
    # --- YAML syntax -------------------------------------------------------------------------
    "yaml syntax error": Case(edit(MEETING, "kind: regular", "kind: [regular"),
                              "2024-02-15-regular.yml:3: kind:", "not closed with ']'"),
    "syntax: colon inside a value": Case(
        edit(MEETING, "location: City Hall, Room 4", "location: City Hall: Room 4"),
        "2024-02-15-regular.yml:5: location:", "': ' inside a value; put the whole value in quotes"),
    "syntax: unclosed quote": Case(edit(PARKS, "name: Parks Department", 'name: "Parks Department'),
                                   "parks.yml:1: name:", "never ends; add the closing quote"),
    "syntax: line without a colon": Case(edit(PARKS, "kind: organization", "kind: organization\nfounding member"),
                                         "parks.yml:3:", "no ':' after the field name"),
    "syntax: reserved first character": Case(edit(PARKS, "constituency: City agency", "constituency: @city"),
                                             "parks.yml:3: constituency:", "put the value in quotes"),
    "syntax: unknown escape in double quotes": Case(
        edit(PARKS, "constituency: City agency", 'constituency: "C:\\qagency"'),
        "parks.yml:3: constituency:", "backslash in double quotes"),
    "syntax: misaligned field": Case(
        edit(MEETING, "  status: draft\n", "  status: draft\n   published: 2024-02-19\n"),
        "2024-02-15-regular.yml:16: minutes.published:", "indented differently from the field above it"),
    "tab indentation": Case(edit(PARKS, "  - joined: 2024-01-10", "\t- joined: 2024-01-10"),
                            "parks.yml:5: memberships[0].joined:", "indented with a tab; indent with spaces"),
    # inside a block scalar (the minutes), a problem names the block's field and its own line,
    # never a "field" made of a line of the minutes ("AWB:" once gave minutes.body.AWB[1])
    "DEL pasted into the minutes": Case(
        edit(FORMATION, "    The members agreed", "    AWB:\n      - item\n    The members\x7f agreed"),
        "2024-01-10-formation.yml:24: minutes.body:", "invisible control character (U+007F)"),
    "C1 control character in the minutes": Case(
        edit(FORMATION, "less food waste.", "less food\x85 waste."),
        "2024-01-10-formation.yml:22: minutes.body:", "invisible control character (U+0085)"),
    "tab indentation after the minutes": Case(
        edit(FORMATION, "    The members agreed", "    AWB:\n\tThe members agreed"),
        "2024-01-10-formation.yml:23: minutes:", "indented with a tab; indent with spaces"),
    # --- YAML features the loader refuses ------------------------------------------------------
    "duplicate key": Case(edit(PARKS, "kind: organization", "kind: organization\nkind: person"),
                          "parks.yml:3: kind:", "appears twice in the same place (first on line 2)"),
    "member votes twice": Case(edit(MEETING, "food-bank: absent", "food-bank: absent\n      parks: no"),
                               "2024-02-15-regular.yml:29: decisions[0].vote.parks:",
                               "parks votes twice in this vote (first on line 26)"),
    "anchor and alias": Case(edit(PARKS, "kind: organization", "kind: &k organization\nshort_name: *k"),
                             "parks.yml:2: kind:", "'&k' (a YAML anchor"),
    "billion laughs": Case(write("members/lol.yml", BILLION_LAUGHS), "lol.yml:1: a:", "(a YAML anchor"),
    "python object tag": Case(
        edit(PARKS, "name: Parks Department", 'name: !!python/object/apply:os.system ["echo pwned"]'),
        "parks.yml:1: name:", "(a YAML tag) is not allowed"),
    "custom local tag": Case(edit(PARKS, "constituency: City agency", "constituency: !secret City agency"),
                             "parks.yml:3: constituency:", "'!secret' (a YAML tag) is not allowed"),
    "merge key": Case(edit(PARKS, "kind: organization", "kind: organization\n<<: {url: x}"),
                      "parks.yml:3:", "'<<' (a YAML merge key) is not allowed"),
    "multiple documents": Case(edit(PARKS, "constituency: City agency", "constituency: City agency\n---\nname: Other"),
                               "parks.yml:4:", "more than one YAML document"),
    "file over the size cap": Case(write_bytes(PARKS, PARKS_BYTES + b"# padding\n" * 60_000),
                                   "content/members/parks.yml:", "content files may be at most 512 KiB"),
    "nesting too deep": Case(edit(PARKS, "constituency: City agency", "constituency: " + "[" * 30 + "]" * 30),
                             "parks.yml:3: constituency", "nested more than 20 levels deep"),
    "brackets nested a hundred thousand deep": Case(  # libyaml would take an hour on this
        edit(PARKS, "constituency: City agency", "constituency: " + "[" * 150_000 + "]" * 150_000),
        "parks.yml:3: constituency:", "nested more than 20 levels deep; content files are never that deep"),
    # --- encoding ---------------------------------------------------------------------------------
    "invalid utf-8": Case(write_bytes(PARKS, PARKS_BYTES.replace(b"Parks", b"Parks \xff")),
                          "parks.yml:1: name:", "not valid UTF-8 (byte 0xff); save it as UTF-8"),
    "binary file named .yml": Case(write_bytes("members/logo.yml", b"\x89PNG\r\n\x1a\n\x00\x00"),
                                   "logo.yml:1:", "not valid UTF-8"),
    "byte-order mark": Case(write_bytes(PARKS, b"\xef\xbb\xbf" + PARKS_BYTES),
                            "parks.yml:1:", "byte-order mark; save it as UTF-8 without BOM"),
    "control character": Case(write_bytes(PARKS, PARKS_BYTES.replace(b"Parks", b"Pa\x07rks")),
                              "parks.yml:1: name:", "invisible control character (U+0007); delete it"),
    "control character written as an escape": Case(
        edit(PARKS, "constituency: City agency", 'constituency: "City\\x1b[2Jagency"'),
        "parks.yml:3: constituency:", "invisible control character (U+001B)"),
    "terminal escape sequence": Case(write_bytes(PARKS, PARKS_BYTES.replace(b"City", b"\x1b[31mCity")),
                                     "parks.yml:3: constituency:", "invisible control character (U+001B)"),
    # --- shape of the file ---------------------------------------------------------------------
    "empty file": Case(write(PARKS, ""), "content/members/parks.yml:", "the file is empty"),
    "only comments": Case(write(PARKS, "# nothing yet\n"), "content/members/parks.yml:", "the file is empty"),
    "file holding a list": Case(write(PARKS, "- name: Parks\n- kind: organization\n"),
                                "parks.yml:1:", "holds a list; it should hold fields written as 'name: value'"),
    "file holding one string": Case(write(PARKS, "Parks Department\n"),
                                    "parks.yml:1:", "holds a single value"),
    "html file named .yml": Case(write("members/page.yml", "<html><body>Parks</body></html>\n"),
                                 "page.yml:1:", "holds a single value"),
    # --- YAML 1.1 traps: the value stays text and the typed field says so ---------------------
    "yaml 1.1 yes is not true": Case(edit(MEETING, "status: held", "status: held\npublic: yes"),
                                     "regular.yml:5: public:", "should be true or false, not 'yes' (write true or false)"),
    "yaml 1.1 no is not false": Case(edit(MEETING, "status: held", "status: held\npublic: no"),
                                     "regular.yml:5: public:", "should be true or false, not 'no'"),
    "yaml 1.1 on is not true": Case(edit(MEETING, "status: held", "status: held\npublic: on"),
                                    "regular.yml:5: public:", "should be true or false, not 'on'"),
    "yaml 1.1 12:30 is not 750": Case(edit(COALITION, "publication_target_days: 7", "publication_target_days: 12:30"),
                                      "coalition.yml:5: publication_target_days:", "should be a whole number, not '12:30'"),
    "yaml 1.1 0777 is not octal": Case(edit(COALITION, "replant_horizon_years: 4", "replant_horizon_years: 0777"),
                                       "coalition.yml:17: replant_horizon_years:", "without leading zeros"),
    "yaml 1.1 1e3 is not a number": Case(edit(COALITION, "publication_target_days: 7", "publication_target_days: 1e3"),
                                         "coalition.yml:5: publication_target_days:", "without an exponent"),
    "a number of 5,000 digits": Case(edit(COALITION, "publication_target_days: 7", "publication_target_days: " + "1" * 5000),
                                     "coalition.yml:5: publication_target_days:", "should be a whole number, not '1111111111111111111111111111111111111111'… (5000 characters) (far too long to be a number)"),
    # --- fields ----------------------------------------------------------------------------------
    "unknown field": Case(edit(PARKS, "kind: organization", "kind: organization\nwebsite: x"),
                          "parks.yml:3: website:", "not a known field"),
    "misspelt field": Case(edit(PARKS, "constituency:", "constituancy:"),
                           "parks.yml:3: constituancy:", "did you mean 'constituency'?"),
    "missing field": Case(edit(PARKS, "constituency: City agency\n", ""),
                          "parks.yml:1: constituency:", "is missing; this field is required"),
    "empty rationale": Case(edit(MEETING, "rationale: The pilot tests collection before a citywide rollout.",
                                 'rationale: " "'),
                            "regular.yml:22: decisions[0].rationale:", "is empty; write a few words"),
    "text given a list": Case(edit(PARKS, "name: Parks Department", "name: [Parks, Department]"),
                              "parks.yml:1: name:", "should be text, not a list"),
    "list given text": Case(edit(MEETING, "status: held", "status: held\nagenda: Compost"),
                            "regular.yml:5: agenda:", "should be a list"),
    "quoted number": Case(edit(V1, "number: 1", 'number: "1"'),
                          "v1.yml:1: number:", "remove the quotes around the number"),
    "value not in the list": Case(edit(PARKS, "kind: organization", "kind: organisation"),
                                  "parks.yml:2: kind:", "'organisation' is not allowed here; use one of"),
    # --- dates and times ---------------------------------------------------------------------
    "impossible date": Case(edit(PARKS, "joined: 2024-01-10", "joined: 2023-02-30"),
                            "parks.yml:5: memberships[0].joined:", "2023-02-30 is not a date"),
    "impossible month": Case(edit(MEETING, "published: 2024-02-19", "published: 2024-13-19"),
                             "regular.yml:16: minutes.published:", "no such day in the calendar"),
    "date in another format": Case(edit(PARKS, "joined: 2024-01-10", "joined: 10/01/2024"),
                                   "parks.yml:5: memberships[0].joined:", "not a date written as YYYY-MM-DD"),
    "time with its own zone": Case(edit(MEETING, 'start: "18:00"', 'start: "18:00+01:00"'),
                                   "regular.yml:2: start:", "carries its own time zone"),
    "time not on a 24-hour clock": Case(edit(MEETING, 'start: "18:00"', "start: 6pm"),
                                        "regular.yml:2: start:", "not a time written as HH:MM"),
    # unknown is a value (a field left out), never a half-told one
    "end time without a start time": Case(edit(MEETING, 'start: "18:00"', 'end: "19:00"'),
                                          "regular.yml:2: end:", "an end time without a start time"),
    "approval date without a status": Case(
        edit(MEETING, "  status: draft\n", "  approved: 2024-02-20\n"),
        "regular.yml:15: minutes.approved:", "an approval date without a status"),
    "imported source with a short commit id": Case(
        edit(MEETING, "minutes:\n", "source:\n  archive: Old minutes repository\n"
             "  commit: 4b825dc\nminutes:\n"),
        "regular.yml:16: source.commit:", "'4b825dc' is not a commit id"),
    "imported source without its archive": Case(
        edit(MEETING, "minutes:\n", "source:\n  path: minutes/2024-02-15.md\nminutes:\n"),
        "regular.yml:14: source.archive:", "is missing"),
    "time zone missing": Case(edit(COALITION, "timezone: America/Chicago\n", ""),
                              "coalition.yml:1: timezone:", "is missing"),
    "unknown time zone": Case(edit(COALITION, "timezone: America/Chicago", "timezone: Chicago"),
                              "coalition.yml:3: timezone:", "not a known IANA time zone"),
    # --- ids and file names ------------------------------------------------------------------
    "meeting file name not matching its date": Case(rename(MEETING, "meetings/2024-02-16-regular.yml"),
                                                    "2024-02-16-regular.yml:1: date:", "should start with the meeting date"),
    "platform file not matching its number": Case(edit(V1, "number: 1", "number: 2"),
                                                  "platform/v1.yml:1: number:", "v2.yml"),
    "file name not an id": Case(write("members/Food Bank.yml", MINIMAL["members/food-bank.yml"]),
                                "content/members/Food Bank.yml:", "is not a valid id"),
    "id field not an id": Case(edit(MEETING, "chair: health", "chair: Health Dept"),
                               "regular.yml:6: chair:", "'Health Dept' is not a valid id: use lowercase"),
    "same id twice (.yml and .yaml)": Case(write("members/parks.yaml", MINIMAL[PARKS]),
                                           "content/members/parks.yml:", "is used by another file too"),
    "decision id used twice": Case(edit(MEETING, "id: d-2024-02-1", "id: d-2024-01-1"),
                                   "regular.yml:19: decisions[0].id:", "already used in"),
    "clause id used twice in a version": Case(edit(V1, "id: del-messaging", "id: nn-rationale"),
                                              "v1.yml:9: clauses[1].id:", "used twice in this version"),
    # --- references that do not resolve -----------------------------------------------------------
    "dangling chair": Case(edit(MEETING, "chair: health", "chair: mayor"),
                           "regular.yml:6: chair:", "'mayor' is not a member: there is no members/mayor.yml"),
    "dangling attendance member": Case(edit(MEETING, "member: health", "member: mayor"),
                                       "regular.yml:10: attendance[1].member:", "'mayor' is not a member"),
    "dangling role term member": Case(edit(ROLES, "member: parks", "member: mayor"),
                                      "roles.yml:7: terms[0].member:", "'mayor' is not a member"),
    "dangling role": Case(edit(ROLES, "role: documentation", "role: treasurer"),
                          "roles.yml:6: terms[0].role:", "'treasurer' is not a role listed under roles:"),
    "dangling adopting decision": Case(edit(V1, "adopted_by: d-2024-01-1", "adopted_by: d-2023-01-1"),
                                       "v1.yml:3: adopted_by:", "no meeting records a decision 'd-2023-01-1'"),
    "unknown clause": Case(edit(MEETING, "platform_clauses: [nn-rationale]", "platform_clauses: [nn-nothing]"),
                           "regular.yml:24: decisions[0].platform_clauses[0]:",
                           "no platform version has a clause 'nn-nothing'"),
    "dangling superseded decision": Case(
        edit(MEETING, "platform_clauses: [nn-rationale]", "platform_clauses: [nn-rationale]\n    supersedes: [d-1999-01-1]"),
        "regular.yml:25: decisions[0].supersedes[0]:", "no meeting records a decision 'd-1999-01-1'"),
    "dangling decision class": Case(edit(MEETING, "class: operational", "class: budget"),
                                    "regular.yml:21: decisions[0].class:", "'budget' is not a decision class of coalition.yml"),
    "dangling amendment proposer": Case(write("amendments/faster.yml", AMENDMENT.replace("proposed_by: health", "proposed_by: mayor")),
                                        "faster.yml:2: proposed_by:", "'mayor' is not a member"),
    "dangling amended version": Case(write("amendments/faster.yml", AMENDMENT.replace("against: v1", "against: v7")),
                                     "faster.yml:4: against:", "there is no platform version 'v7'"),
    "dangling amended clause": Case(write("amendments/faster.yml", AMENDMENT.replace("clause: nn-rationale", "clause: nn-speed")),
                                    "faster.yml:7: changes[0].clause:", "v1 has no clause 'nn-speed' to replace"),
    "dangling deciding decision": Case(write("amendments/faster.yml", AMENDMENT.replace(
        "status: proposed", "status: rejected\n    decided_by: d-2024-09-9")),
        "faster.yml:11: decided_by:", "no meeting records a decision 'd-2024-09-9'"),
    "dangling endorsing member": Case(write("endorsements/fb.yml", ENDORSEMENT.replace("member: food-bank", "member: mayor")),
                                      "fb.yml:2: endorser.member:", "'mayor' is not a member"),
    "dangling endorsed version": Case(write("endorsements/fb.yml", ENDORSEMENT.replace("platform: v1", "platform: v3")),
                                      "fb.yml:3: platform:", "there is no platform version 'v3'"),
    # --- votes -----------------------------------------------------------------------------------
    "vote by a non-member": Case(edit(MEETING, "food-bank: absent", "food-bank: absent\n      mayor: yes"),
                                 "regular.yml:29: decisions[0].vote.mayor:", "'mayor' is not a member"),
    "vote by a member who had not joined yet": Case(
        both(write("members/growers.yml", LATE_JOINER), edit(MEETING, "food-bank: absent", "food-bank: absent\n      growers: yes")),
        "regular.yml:29: decisions[0].vote.growers:", "was not a member of the coalition on 2024-02-15"),
    "vote leaving out a member": Case(edit(MEETING, "      food-bank: absent\n", ""),
                                      "regular.yml:25: decisions[0].vote:", "the vote does not record food-bank"),
    "tally contradicts outcome": Case(edit(MEETING, "health: yes\n      food-bank: absent", "health: no\n      food-bank: absent"),
                                      "regular.yml:23: decisions[0].outcome:", "the outcome says adopted but the tally (1 yes, 1 no"),
    "supermajority not reached": Case(edit(FORMATION, "health: yes", "health: no"),
                                      "formation.yml:", "under supermajority 2/3 gives rejected"),
    "quorum not met": Case(edit(MEETING, "parks: yes\n      health: yes", "parks: yes\n      health: absent"),
                           "regular.yml:23: decisions[0].outcome:", "quorum not met: 1 of 3 members took part, 2 needed"),
    # --- periods and dates across records ------------------------------------------------------
    "overlapping memberships": Case(
        edit(PARKS, "  - joined: 2024-01-10", "  - joined: 2024-01-10\n    left: 2024-05-01\n  - joined: 2024-04-01"),
        "parks.yml:7: memberships[1].joined:", "periods must follow each other without overlapping"),
    "left before joined": Case(edit(PARKS, "  - joined: 2024-01-10", "  - joined: 2024-01-10\n    left: 2023-05-01"),
                               "parks.yml:5: memberships[0]:", "left (2023-05-01) is before joined (2024-01-10)"),
    "overlapping role terms": Case(
        edit(ROLES, "to: 2024-12-31", "to: 2024-12-31\n  - role: documentation\n    member: health\n    from: 2024-06-01"),
        "roles.yml:12: terms[1].from:", "terms of one role must not overlap"),
    "minutes published before the meeting": Case(edit(MEETING, "published: 2024-02-19", "published: 2024-02-10"),
                                                 "regular.yml:16: minutes.published:", "before the meeting itself"),
    "minutes published after as_of": Case(edit(MEETING, "published: 2024-02-19", "published: 2024-07-01"),
                                          "regular.yml:16: minutes.published:", "2024-07-01 is in the future"),
    "platform endorsed before it existed": Case(write("endorsements/fb.yml", ENDORSEMENT.replace("2024-01-15", "2023-12-01")),
                                                "fb.yml:3: platform:", "cannot be endorsed on 2023-12-01, before it existed"),
    "clause id reused with another kind": Case(write("platform/v2.yml", PLATFORM_V2),
                                               "v2.yml:6: clauses[0].kind:", "a clause id keeps its kind"),
    "web address breaking out of an attribute": Case(
        edit(PARKS, "kind: organization", "kind: organization\nurl: 'https://x.example/\"onmouseover=\"alert(1)'"),
        "parks.yml:3: url:", "should be a web address starting with https:// or http://"),
    "javascript: web address": Case(edit(PARKS, "kind: organization", "kind: organization\nurl: javascript:alert(1)"),
                                    "parks.yml:3: url:", "should be a web address starting with https://"),
    "links ledger with a full address": Case(write("links.yml", "urls:\n  - /\n  - https://elsewhere.example/x/\n"),
                                             "links.yml:3: urls[1]:", "is not a link of this portal"),
    # --- files that do not belong ------------------------------------------------------------------
    "file in an unknown folder": Case(write("minutes/2024-02-15.yml", "body: Notes\n"),
                                      "content/minutes:", "'minutes/' is not a content folder"),
    "symlink outside content": Case(symlink("members/evil.yml", "mkdocs.yml"),
                                    "content/members/evil.yml:", "points outside the content folder"),
    "symlink to a system file": Case(symlink("members/passwd.yml", "/etc/passwd"),
                                     "content/members/passwd.yml:", "points outside the content folder"),
    "non-YAML file where YAML is expected": Case(write("members/parks-notes.md", "# Notes\n"),
                                                 "content/members/parks-notes.md:", "holds only YAML files"),
    "stray file at the top": Case(write("notes.txt", "todo\n"), "content/notes.txt:", "does not belong in the content folder"),
}


def _site_digest(site) -> str:
    digest = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(site)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _expect_failure(result, where: str, words: str):
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output, output
    assert where in output, output
    assert words in output, output
    line = next(ln for ln in output.splitlines() if where in ln)
    assert words in line, f"{where!r} and {words!r} are not on one line:\n{output}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A valid portal whose site was built once; each case works on a copy of it."""
    portal = make_portal(tmp_path_factory.mktemp("built"))
    result = portal.build()
    assert result.returncode == 0, result.stderr
    return portal


def _validate(portal):
    """`coalition validate`, run in this process (the real command, minus interpreter start-up)."""
    result = CliRunner().invoke(main, ["validate", str(portal.content)],
                                env={"COALITION_AS_OF": AS_OF})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a crash: the test fails with its traceback
    return SimpleNamespace(returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr)


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_input_is_refused_plainly_and_keeps_the_site(built, tmp_path, case):
    portal = Portal(tmp_path / "portal")
    shutil.copytree(built.root, portal.root, symlinks=True)
    before = _site_digest(portal.site)
    CASES[case].change(portal)
    where, words = CASES[case].where, CASES[case].words
    _expect_failure(_validate(portal), where, words)
    _expect_failure(portal.build(), where, words)
    assert _site_digest(portal.site) == before
    assert not (portal.root / "site.coalition-staging").exists()


def test_the_catalogue_covers_the_issue():
    assert len(CASES) >= 45


def test_every_problem_of_every_file_at_once(portal):
    portal.edit(PARKS, "joined: 2024-01-10", "joined: 2023-02-30")
    portal.edit(MEETING, "status: held", "status: held\npublic: yes")
    result = portal.coalition("validate", "content")
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("content/")]
    assert len(lines) >= 2, result.stderr
    places = [(ln.split(":")[0], int(ln.split(":")[1])) for ln in lines]
    assert places == sorted(places)  # by file, then line (line 6 before line 30)
    assert "problems found; nothing was changed" in result.stderr


def test_yaml_1_1_words_stay_text_where_text_is_expected(portal):
    """`no`, `on`, `12:30`, `0777` and `1e3` are kept as written, not turned into other values."""
    portal.edit(MEETING, "status: held", "status: held\nagenda: [no, on, 12:30, 0777, 1e3]")
    portal.edit(MEETING, 'start: "18:00"', "start: 12:30")
    assert portal.build().returncode == 0
    html = (portal.site / "meetings/2024-02-15-regular/index.html").read_text()
    for word in ("<li>no</li>", "<li>on</li>", "<li>12:30</li>", "<li>0777</li>", "<li>1e3</li>"):
        assert word in html
    assert "12:30 (America/Chicago)" in html
