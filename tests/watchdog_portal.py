"""A portal with every kind of record a watchdog follows, built once per test session.

The minimal portal of ``portal.py`` plus: a person who joins, leaves and rejoins,
an endorsement later withdrawn, an outside endorser, an amendment, an upcoming
and a cancelled meeting, a correction to published minutes, and a role handover
still to come.  Tests of the feeds,
the calendar and the open data read the same build.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from portal import MINIMAL, Portal, block, derive, make_portal, portal_files

SITE_URL = "https://coalition.example.org/"

EXTRA = {
    "members/ana-ruiz.yml": """\
        name: Ana Ruiz
        kind: person
        constituency: Residents of the Eastside
        memberships:
          - joined: 2024-03-01
            left: 2024-04-15
            reason: Moved away for a year.
          - joined: 2024-06-01
        """,
    "endorsements/food-bank-v1.yml": """\
        endorser:
          member: food-bank
        platform: v1
        date: 2024-01-20
        signer:
          name: Rosa Diaz
          title: Director
        statement: We endorse the platform of the coalition.
        withdrawn:
          date: 2024-04-02
          reason: Our board asked to review the compost clause first.
        """,
    "endorsements/tenants-union.yml": """\
        endorser:
          organization: Harbor Tenants Union
          url: https://tenants.example.org/
        platform: v1
        date: 2024-02-01
        signer:
          name: Sam Lee
          title: Chair
        """,
    "amendments/compost-clause.yml": """\
        title: Add a compost clause
        proposed_by: health
        proposed_on: 2024-03-05
        against: v1
        rationale: The pilot showed compost belongs in the platform.
        changes:
          - clause: del-compost
            op: add
            kind: delegated
            title: Members compost as they see fit
            text: Each member chooses how it composts.
        status: proposed
        """,
    "meetings/2024-07-18-regular.yml": """\
        date: 2024-07-18
        start: "18:30"
        end: "20:00"
        kind: regular
        status: scheduled
        location: Eastside Library, Hall B
        agenda:
          - Compost pilot report
        """,
    "meetings/2024-08-15-regular.yml": """\
        date: 2024-08-15
        start: "18:00"
        kind: regular
        status: cancelled
        status_reason: The library is closed for repairs.
        location: Eastside Library, Hall B
        """,
}

# the documentation role passes to the food bank next year: a handover still to come
ROLES = derive(MINIMAL["roles.yml"], ("to: 2024-12-31\n", "to: 2024-12-31\n" + block("""\
    - role: documentation
      member: food-bank
      from: 2025-01-01
    """, 10)))

# Minutes with a relative link and markup that must not survive into a feed.
REGULAR_MINUTES = (
    "body: Compost pilot discussed.",
    "body: |\n"
    "    Compost pilot discussed; see [the Parks Department](../../members/parks/).\n"
    "    <script>alert(1)</script><img src=x onerror=alert(2)>",
)


def watchdog_files() -> dict[str, str]:
    return portal_files(overrides={**EXTRA, "roles.yml": ROLES})


FORMATION_CORRECTED = (
    "  status: approved\n",
    "  status: corrected\n",
)
FORMATION_CORRECTION = (
    "decisions:\n",
    "corrections:\n"
    "  - date: 2024-01-25\n"
    "    what: Fixed the spelling of the Eastside Food Bank's name.\n"
    "decisions:\n",
)


def make_watchdog_portal(root: Path) -> Portal:
    portal = make_portal(root, watchdog_files())
    portal.edit("meetings/2024-02-15-regular.yml", *REGULAR_MINUTES)
    portal.edit("meetings/2024-01-10-formation.yml", *FORMATION_CORRECTED)
    portal.edit("meetings/2024-01-10-formation.yml", *FORMATION_CORRECTION)
    return portal


def outputs_digest(site: Path) -> dict[str, str]:
    """sha256 of every feed, calendar and data file (not the HTML pages)."""
    out = {}
    for folder in ("feeds", "data"):
        for path in sorted((site / folder).rglob("*")):
            if path.is_file() and path.suffix != ".html":
                out[str(path.relative_to(site))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="session")
def watchdog(tmp_path_factory) -> Portal:
    portal = make_watchdog_portal(tmp_path_factory.mktemp("watchdog"))
    result = portal.build()
    assert result.returncode == 0, result.stderr
    return portal


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Portal:
    """The demo coalition of the repository (content/ + mkdocs.yml), built once."""
    repo = Path(__file__).resolve().parent.parent
    if not (repo / "content" / "coalition.yml").is_file() or not (repo / "mkdocs.yml").is_file():
        pytest.skip("no demo content in this checkout yet")
    root = tmp_path_factory.mktemp("demo")
    shutil.copytree(repo / "content", root / "content")
    shutil.copy(repo / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("docs",):
        if (repo / folder).is_dir():
            shutil.copytree(repo / folder, root / folder)
    portal = Portal(root)
    result = portal.build()
    assert result.returncode == 0, result.stderr
    return portal


HOSTILE_NAME = 'Parks <script>alert(1)</script> & "Rec" Department'
FORMULA_TITLE = '=HYPERLINK("http://evil.example/","Click")'


@pytest.fixture(scope="session")
def hostile(tmp_path_factory) -> Portal:
    """The minimal portal with markup in a member's name and a formula as a decision title."""
    portal = make_portal(tmp_path_factory.mktemp("hostile"))
    portal.edit("members/parks.yml", "name: Parks Department", f"name: '{HOSTILE_NAME}'")
    portal.edit("meetings/2024-02-15-regular.yml", "title: Start a compost pilot",
                f"title: '{FORMULA_TITLE}'")
    result = portal.build()
    assert result.returncode == 0, result.stderr
    return portal
