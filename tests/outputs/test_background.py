"""The feeds, calendar and open data are written by a second process while the pages render
(issue 17); what goes wrong there is reported as before and the last good site stays."""

from __future__ import annotations

import sys

from portal import make_portal

BUILD = "from mkdocs.__main__ import cli\ncli(['build'])\n"


def test_the_outputs_are_written_by_a_second_process(tmp_path):
    portal = make_portal(tmp_path / "portal")
    script = ("import os\n"
              "from coalition_portal.outputs import write\n"
              "real = write.write_outputs\n"
              "def spy(*args, **kwargs):\n"
              f"    open({str(tmp_path / 'pid')!r}, 'w').write(str(os.getpid()))\n"
              "    return real(*args, **kwargs)\n"
              "write.write_outputs = spy\n"
              "import coalition_portal.outputs.background as background\n"
              "background.write_outputs = spy\n"
              f"open({str(tmp_path / 'parent')!r}, 'w').write(str(os.getpid()))\n" + BUILD)
    result = portal.run(sys.executable, "-c", script)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "pid").read_text() != (tmp_path / "parent").read_text()
    assert (portal.site / "feeds" / "minutes.atom.xml").stat().st_size > 0
    assert (portal.site / "data" / "coalition.json").stat().st_size > 0


def test_a_bug_in_the_second_process_fails_the_build_and_keeps_the_last_site(tmp_path):
    portal = make_portal(tmp_path / "portal")
    assert portal.build().returncode == 0
    before = {p: p.read_bytes() for p in portal.site.rglob("*") if p.is_file()}
    portal.edit("meetings/2024-02-15-regular.yml", "Compost pilot discussed.", "Changed.")
    script = ("from coalition_portal.outputs import feeds\n"
              "def broken(*args, **kwargs):\n"
              "    raise RuntimeError('a fault in the feeds, simulated')\n"
              "feeds.iter_feeds = broken\n" + BUILD)
    result = portal.run(sys.executable, "-c", script)
    assert result.returncode == 1
    assert "writing the feeds and open data failed" in result.stderr
    assert "a fault in the feeds, simulated" in result.stderr
    assert "the previous site was left as it was" in result.stderr
    after = {p: p.read_bytes() for p in portal.site.rglob("*") if p.is_file()}
    assert after == before
    assert not (portal.root / "site.coalition-staging").exists()
