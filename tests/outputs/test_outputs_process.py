"""A build's second process writes the feeds, calendar and open data while the pages are
laid out, at a lower priority than the build's (issue 17); the same files as in-process."""

from __future__ import annotations

import os
from pathlib import Path

from coalition_portal import portal as core
from coalition_portal.outputs.background import Writing
from coalition_portal.outputs.write import copy_attachments, write_outputs
from coalition_portal.settings import Settings

from portal import AS_OF, make_portal


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def built_site(tmp_path):
    portal = make_portal(tmp_path / "portal")
    built = core.build(portal.content, Settings.from_options({"as_of": AS_OF}, "x"),
                       "https://coalition.example.org/")
    built.site.render_minutes()
    return built


def test_the_second_process_writes_what_the_build_would_at_a_lower_priority(tmp_path):
    built = built_site(tmp_path)
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    write_outputs(built.site, here, built.outputs)
    copy_attachments(built.site, here)
    writing = Writing(built.site, there, built.outputs)
    try:  # (the child may be done already: then it cannot be asked)
        niceness = os.getpriority(os.PRIO_PROCESS, writing._pid)
    except ProcessLookupError:
        niceness = None
    writing.wait()
    expected = files(here)
    assert any(name.endswith(".atom.xml") for name in expected)
    assert files(there) == expected
    assert niceness is None or niceness > os.getpriority(os.PRIO_PROCESS, 0)


def test_a_cancelled_build_stops_and_reaps_the_process(tmp_path):
    built = built_site(tmp_path)
    writing = Writing(built.site, tmp_path / "site", built.outputs)
    pid = writing._pid
    writing.cancel()
    assert writing._pid is None
    try:
        os.waitpid(pid, os.WNOHANG)
        reaped = False
    except ChildProcessError:
        reaped = True
    assert reaped
