"""A portal whose meetings leave things unrecorded: one imported from an old archive, one
written by hand with the same gaps, and an upcoming one whose time and place are not set.

The imported meeting is what an importer writes for a minutes file of a git archive: no
start time, location, chair, agenda, attendance or minutes status, because the archive
records none; minutes published on the day the file was first committed; and a ``source``
naming the repository, the file and that commit.  The hand-written meeting has the same
gaps and no source: there they are missing, and the completeness table says so.
"""

from __future__ import annotations

import pytest

from portal import Portal, make_portal

ARCHIVE = "https://git.example.org/harbor/minutes"
ARCHIVE_PATH = "minutes/2024-03-14.md"
COMMIT = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
IMPORTED = "2024-03-14-regular"
HAND_WRITTEN = "2024-04-11-regular"
UPCOMING = "2024-07-11-regular"

FILES = {
    f"meetings/{IMPORTED}.yml": f"""\
        date: 2024-03-14
        kind: regular
        status: held
        minutes:
          published: 2024-03-19
          body: |
            # Minutes, 14 March 2024

            The members discussed sorting at the source.
        source:
          archive: {ARCHIVE}
          path: {ARCHIVE_PATH}
          commit: {COMMIT}
        """,
    f"meetings/{HAND_WRITTEN}.yml": """\
        date: 2024-04-11
        kind: regular
        status: held
        minutes:
          published: 2024-04-15
          body: The members planned the summer fair.
        """,
    f"meetings/{UPCOMING}.yml": """\
        date: 2024-07-11
        kind: regular
        status: scheduled
        agenda:
          - The summer fair
        """,
}


def make_unrecorded_portal(root) -> Portal:
    return make_portal(root, overrides=FILES)


@pytest.fixture(scope="session")
def unrecorded(tmp_path_factory) -> Portal:
    """The portal, built with --strict (which must pass: unknown is a value, not an error)."""
    portal = make_unrecorded_portal(tmp_path_factory.mktemp("unrecorded"))
    result = portal.build("--strict")
    assert result.returncode == 0, result.stderr
    return portal
