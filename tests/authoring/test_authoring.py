"""The secretary's commands, run as a secretary would: the real `coalition` command and the
real `mkdocs build` / `mkdocs serve` in subprocesses, from an empty folder to a published
meeting, an endorsement, an amendment, a departure and a role handover."""

from __future__ import annotations

import datetime as dt
import html
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from click.testing import CliRunner

from portal import MINIMAL, Portal, make_portal, run
from unrecorded_portal import FILES as UNRECORDED

AS_OF = dt.date(2026, 3, 20)  # "today" for every command and build (COALITION_AS_OF)
ENV = {"COALITION_AS_OF": AS_OF.isoformat()}
FOUNDED = AS_OF - dt.timedelta(days=60)
MEETING_DAY = AS_OF - dt.timedelta(days=3)
MEETING_ID = f"{MEETING_DAY}-regular"


def coalition(portal: Portal, *args: str) -> subprocess.CompletedProcess:
    return portal.coalition(*args, env=ENV)


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def refused(result: subprocess.CompletedProcess) -> list[str]:
    """A refusal: exit 1, no traceback; returns the problem lines."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result.stderr.splitlines()


def text_of(page) -> str:
    """The visible text of a built page's article, whitespace collapsed."""
    raw = page.read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", raw, re.S).group(0)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", article)))


def valid_and_builds(portal: Portal) -> None:
    """After every step: `coalition validate` passes and `mkdocs build` succeeds."""
    ok(coalition(portal, "validate", "content"))
    build = portal.build(env=ENV)
    assert build.returncode == 0, build.stderr


@pytest.fixture
def new_portal(tmp_path) -> Portal:
    result = Portal(tmp_path).coalition("init", "harbor",
                                        "--name", "Harbor Food Coalition", "--timezone", "America/Chicago",
                                        "--founded", FOUNDED.isoformat(), env=ENV)
    ok(result)
    return Portal(tmp_path / "harbor")


def test_init_makes_a_valid_portal_that_builds(new_portal):
    root = new_portal.root
    for relative in ("content/coalition.yml", "content/platform/v1.yml", "content/roles.yml",
                     "content/meetings/.gitkeep", "docs/.gitkeep", "mkdocs.yml", ".gitignore",
                     "README.md", ".github/workflows/portal.yml", "schema/meeting.schema.json"):
        assert (root / relative).is_file(), relative
    assert (root / "content/platform/v1.yml").read_text().startswith(
        "# yaml-language-server: $schema=../../schema/platform.schema.json\n")
    workflow = (root / ".github/workflows/portal.yml").read_text()
    assert "fetch-depth: 0" in workflow and "mkdocs build --strict" in workflow
    assert 'python -m pip install "$COALITION_PORTAL"' in workflow  # tests/test_workflow.py
    mkdocs_yml = (root / "mkdocs.yml").read_text()
    assert "- coalition:" in mkdocs_yml and "name: material" in mkdocs_yml
    assert re.search(r"^\s+as_of:", mkdocs_yml, re.M) is None  # unset: judged as of today
    assert "Harbor Food Coalition" in (root / "README.md").read_text()
    valid_and_builds(new_portal)
    assert "Harbor Food Coalition" in text_of(new_portal.site / "index.html")


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "harbor").mkdir()
    (tmp_path / "harbor" / "notes.txt").write_text("mine")
    result = run([sys.executable, "-m", "coalition_portal", "init", "harbor", "--name", "H",
                  "--timezone", "Europe/Berlin"], cwd=tmp_path)
    assert "not empty" in refused(result)[0]
    assert sorted(p.name for p in (tmp_path / "harbor").iterdir()) == ["notes.txt"]


def test_init_refuses_an_unknown_time_zone(tmp_path):
    result = run([sys.executable, "-m", "coalition_portal", "init", "harbor", "--name", "H",
                  "--timezone", "Mars/Olympus"], cwd=tmp_path)
    assert any("content/coalition.yml:4: timezone:" in line for line in refused(result))
    assert not (tmp_path / "harbor").exists()


def test_a_secretary_runs_the_portal_from_an_empty_folder(new_portal):
    portal = new_portal
    site = portal.site
    for member_id, name in (("parks", "Parks Department"), ("health", "Public Health Department"),
                            ("food-bank", "Eastside Food Bank")):
        ok(coalition(portal, "member", "join", member_id, "--name", name,
                     "--constituency", "City agency", "--on", FOUNDED.isoformat()))
    ok(coalition(portal, "role", "handover", "documentation", "--to", "parks",
                 "--on", FOUNDED.isoformat()))
    valid_and_builds(portal)

    # a meeting three days ago: attendance of that day's members, draft minutes, no decisions
    out = ok(coalition(portal, "new", "meeting", "--date", MEETING_DAY.isoformat(),
                       "--chair", "parks", "--time", "18:30", "--location", "City Hall, Room 4"))
    assert f"content/meetings/{MEETING_ID}.yml" in out
    assert f"minutes due {MEETING_DAY + dt.timedelta(days=7)}" in out
    meeting_file = portal.content / "meetings" / f"{MEETING_ID}.yml"
    meeting = meeting_file.read_text()
    assert meeting.startswith("# yaml-language-server: $schema=../../schema/meeting.schema.json\n")
    assert meeting.count("status: not-recorded") == 3 and "decisions: []" in meeting
    valid_and_builds(portal)
    assert "pending not yet published; due 24 March 2026" in text_of(
        site / "meetings" / MEETING_ID / "index.html")

    # the secretary writes the minutes and a decision in an editor, then publishes
    meeting = meeting.replace('  body: ""', "  body: |\n    ## Compost pilot\n"
                              "    The members weighed a compost pilot.\n")
    meeting = meeting.replace("  - member: parks\n    status: not-recorded",
                              "  - member: parks\n    status: present")
    meeting = meeting.replace("decisions: []", "decisions:\n  - id: d-2026-03-1\n"
                              "    title: Start a compost pilot\n    class: operational\n"
                              "    rationale: The pilot tests collection before a rollout.\n"
                              "    outcome: adopted\n")
    meeting_file.write_text(meeting)
    out = ok(coalition(portal, "publish", MEETING_ID))
    assert f"published {AS_OF}: 3 day(s) after the meeting, on time" in out
    assert f"published: {AS_OF}" in meeting_file.read_text()
    valid_and_builds(portal)
    page = text_of(site / "meetings" / MEETING_ID / "index.html")
    assert "The members weighed a compost pilot." in page
    assert "Start a compost pilot" in page and "The pilot tests collection before a rollout." in page
    assert "on time" in page
    assert f"meetings/{MEETING_ID}/" in (site / "meetings" / "2026" / "index.html").read_text() \
        or f"{MEETING_ID}/" in (site / "meetings" / "2026" / "index.html").read_text()

    # a member endorses the platform, and so does an outside organization
    out = ok(coalition(portal, "endorse", "--member", "food-bank", "--signer", "Lee Park",
                       "--title", "Director", "--statement", "We share this platform."))
    assert "content/endorsements/food-bank-v1.yml" in out
    ok(coalition(portal, "endorse", "--org", "Harbor Tenants Union", "--signer", "Ana Ruiz",
                 "--title", "Chair"))
    valid_and_builds(portal)
    endorse_page = text_of(site / "endorse" / "index.html")
    assert ("Eastside Food Bank Endorsed platform version 1 on 20 March 2026; signed by Lee Park, "
            "Director. We share this platform.") in endorse_page
    assert "Harbor Tenants Union Endorsed platform version 1 on 20 March 2026" in endorse_page
    assert "Endorsed platform version 1 on 20 March 2026, signed by Lee Park" in text_of(
        site / "members" / "food-bank" / "index.html")

    # the member proposes an amendment against the current platform version
    out = ok(coalition(portal, "amend", "--clause", "del-messaging", "--op", "replace",
                       "--text", "Members word their own statements and share them first.",
                       "--by", "food-bank", "--rationale", "Members asked to see statements first."))
    assert "replace clause del-messaging of platform v1" in out
    valid_and_builds(portal)
    title = "Replace clause del-messaging: Members choose their own messaging"
    assert f"{title} : proposed , proposed by Eastside Food Bank on 20 March 2026" in text_of(
        site / "platform" / "index.html")
    assert title in text_of(site / "platform" / "amendments" / "index.html")
    assert title in text_of(site / "members" / "food-bank" / "index.html")

    # a member leaves; its history stays
    ok(coalition(portal, "member", "leave", "health", "--on", AS_OF.isoformat(),
                 "--reason", "Budget cuts"))
    valid_and_builds(portal)
    assert "1 19 January 2026 20 March 2026 Budget cuts" in text_of(
        site / "members" / "health" / "index.html")

    # the documentation role rotates
    out = ok(coalition(portal, "role", "handover", "documentation", "--to", "food-bank",
                       "--on", AS_OF.isoformat()))
    assert f"parks's term ends {AS_OF - dt.timedelta(days=1)}" in out
    valid_and_builds(portal)
    assert "Documentation : 20 March 2026 onwards" in text_of(
        site / "members" / "food-bank" / "index.html")
    assert "Documentation : 19 January 2026 to 19 March 2026" in text_of(
        site / "members" / "parks" / "index.html")

    # a withdrawal keeps the endorsement on the record
    ok(coalition(portal, "endorse", "withdraw", "food-bank-v1", "--reason", "Changed its mind"))
    valid_and_builds(portal)
    assert "Withdrawn 20 March 2026. Reason: Changed its mind" in text_of(
        site / "endorse" / "index.html")


def test_published_today_and_committed_today_builds_in_git(new_portal):
    """In a repository the build checks each published date against its commit."""
    portal = new_portal
    stamp = f"{AS_OF}T12:00:00-05:00"
    git_env = {**ENV, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp,
               "GIT_AUTHOR_NAME": "Secretary", "GIT_AUTHOR_EMAIL": "s@example.org",
               "GIT_COMMITTER_NAME": "Secretary", "GIT_COMMITTER_EMAIL": "s@example.org"}

    def commit(message):
        for args in (("git", "init", "-q"), ("git", "add", "-A"),
                     ("git", "commit", "-q", "-m", message)):
            assert portal.run(*args, env=git_env).returncode == 0

    ok(coalition(portal, "member", "join", "parks", "--name", "Parks", "--constituency", "City",
                 "--on", FOUNDED.isoformat()))
    commit("A new portal")
    ok(coalition(portal, "new", "meeting", "--date", MEETING_DAY.isoformat()))
    path = portal.content / "meetings" / f"{MEETING_ID}.yml"
    path.write_text(path.read_text().replace('  body: ""', "  body: Minutes."))
    ok(coalition(portal, "publish", MEETING_ID))
    commit("Minutes")
    valid_and_builds(portal)
    assert "on time" in text_of(portal.site / "meetings" / MEETING_ID / "index.html")


MEMBER_WITH_COMMENTS = """\
# yaml-language-server: $schema=../../schema/member.schema.json
# Parks joined at the founding circle.
name: Parks Department   # the official name
kind: organization
constituency: City agency
memberships:
    # first period
    -   joined: 2024-01-10
        reason: 'Founding member'
"""


def test_edits_keep_comments_key_order_quotes_and_indentation(portal):
    portal.write("members/parks.yml", MEMBER_WITH_COMMENTS)
    ok(portal.coalition("member", "leave", "parks", "--on", "2024-06-01", "--reason", "Budget",
                        env={"COALITION_AS_OF": "2024-06-20"}))
    expected = MEMBER_WITH_COMMENTS.replace(
        "        reason: 'Founding member'\n",
        "        left: 2024-06-01\n        reason: 'Budget'\n")  # the field keeps its quotes
    assert (portal.content / "members/parks.yml").read_text() == expected


def test_publish_keeps_comments_in_the_meeting(portal):
    portal.edit("meetings/2024-02-15-regular.yml", "  published: 2024-02-19\n",
                "  # reviewed by the chair\n")
    portal.edit("meetings/2024-02-15-regular.yml", "location: City Hall, Room 4",
                "location: City Hall, Room 4  # moved from Room 2")
    ok(portal.coalition("publish", "2024-02-15-regular", "--on", "2024-02-20",
                        env={"COALITION_AS_OF": "2024-06-20"}))
    text = (portal.content / "meetings/2024-02-15-regular.yml").read_text()
    assert "location: City Hall, Room 4  # moved from Room 2\n" in text
    assert "  status: draft\n  published: 2024-02-20\n  # reviewed by the chair\n  body:" in text


def _unchanged(portal, relative, action):
    before = (portal.content / relative).read_bytes()
    lines = refused(action())
    assert (portal.content / relative).read_bytes() == before
    return lines


def test_publish_refuses_minutes_without_a_body(portal):
    portal.edit("meetings/2024-02-15-regular.yml", "  published: 2024-02-19\n", "")
    portal.edit("meetings/2024-02-15-regular.yml", "  body: Compost pilot discussed.\n", "")
    lines = _unchanged(portal, "meetings/2024-02-15-regular.yml",
                       lambda: portal.coalition("publish", "2024-02-15", env={"COALITION_AS_OF": "2024-06-20"}))
    assert lines[0] == ("content/meetings/2024-02-15-regular.yml:14: minutes.body: "
                        "the minutes have no text yet; write them before publishing")


def test_publish_refuses_a_decision_without_rationale(portal):
    portal.edit("meetings/2024-02-15-regular.yml", "  published: 2024-02-19\n", "")
    portal.edit("meetings/2024-02-15-regular.yml",
                "    rationale: The pilot tests collection before a citywide rollout.\n", "")
    lines = _unchanged(portal, "meetings/2024-02-15-regular.yml",
                       lambda: portal.coalition("publish", "2024-02-15-regular", env={"COALITION_AS_OF": "2024-06-20"}))
    assert lines[0].startswith("content/meetings/2024-02-15-regular.yml:18: decisions[0].rationale:")


def test_a_change_that_would_be_invalid_writes_nothing(portal):
    env = {"COALITION_AS_OF": "2024-06-20"}
    lines = _unchanged(portal, "roles.yml", lambda: portal.coalition(
        "role", "handover", "documentation", "--to", "mayor", "--on", "2024-06-01", env=env))
    assert any(re.match(r"content/roles\.yml:\d+: terms\[1\]\.member: 'mayor' is not a member", ln)
               for ln in lines), lines
    assert lines[-1] == "1 problem(s) with this change; nothing was written."
    result = portal.coalition("new", "meeting", "--date", "2024-06-18", "--chair", "mayor", env=env)
    assert any(ln.startswith("content/meetings/2024-06-18-regular.yml:8: chair:") for ln in refused(result))
    assert not (portal.content / "meetings/2024-06-18-regular.yml").exists()
    _unchanged(portal, "members/parks.yml", lambda: portal.coalition(
        "member", "leave", "parks", "--on", "2024-01-20", env=env))  # still chairs in February
    result = portal.coalition("amend", "--clause", "nn-nothing", "--op", "remove", "--by", "parks",
                              "--rationale", "x", env=env)
    assert refused(result) == ["--clause nn-nothing: platform v1 has no such clause "
                               "(its clauses: nn-rationale, del-messaging)"]
    assert not (portal.content / "amendments").exists()


def test_a_future_meeting_is_scheduled_and_cannot_be_published_yet(portal):
    env = {"COALITION_AS_OF": "2024-06-20"}
    out = ok(portal.coalition("new", "meeting", "--date", "2024-07-18", env=env))
    assert "scheduled; its minutes will be due 2024-07-25" in out
    meeting = portal.content / "meetings/2024-07-18-regular.yml"
    text = meeting.read_text()
    assert "status: scheduled" in text and "start: 18:00" in text  # the previous meeting's
    assert "location: City Hall, Room 4" in text
    meeting.write_text(text.replace('  body: ""', "  body: Agenda agreed."))
    lines = _unchanged(portal, "meetings/2024-07-18-regular.yml",
                       lambda: portal.coalition("publish", "2024-07-18", env=env))
    assert lines[0] == ("content/meetings/2024-07-18-regular.yml:2: date: the meeting is on "
                        "2024-07-18, after 2024-06-20; publish its minutes once it has been held")


def test_a_new_meeting_never_copies_an_unrecorded_time_or_invents_one(tmp_path):
    """The time and place come from the latest earlier meeting that recorded them (not from
    an imported one that did not); with none, the fields are left out and a note says so."""
    env = {"COALITION_AS_OF": "2024-06-20"}
    portal = make_portal(tmp_path / "imported", overrides=UNRECORDED)
    ok(portal.coalition("new", "meeting", "--date", "2024-06-13", env=env))
    text = (portal.content / "meetings/2024-06-13-regular.yml").read_text()
    assert "start: 18:00" in text and "location: City Hall, Room 4" in text
    assert "None" not in text
    # minutes whose status was left out: publish --approved writes it, first as usual
    portal.write("meetings/2024-05-16-regular.yml",
                 "date: 2024-05-16\nkind: regular\nstatus: held\nminutes:\n  body: Notes.\n")
    ok(portal.coalition("publish", "2024-05-16-regular", "--approved", "--on", "2024-05-20",
                        env=env))
    text = (portal.content / "meetings/2024-05-16-regular.yml").read_text()
    assert text.startswith("date: 2024-05-16\nkind: regular\nstatus: held\nminutes:\n"
                           "  status: approved\n"), text
    assert "published: 2024-05-20" in text and "approved: 2024-05-20" in text

    unknown = {name: "".join(line + "\n" for line in MINIMAL[name].splitlines()
                             if not line.strip().startswith(("start:", "location:")))
               for name in ("meetings/2024-01-10-formation.yml", "meetings/2024-02-15-regular.yml")}
    portal = make_portal(tmp_path / "nothing-recorded", overrides=unknown)
    out = ok(portal.coalition("new", "meeting", "--date", "2024-06-13", env=env))
    text = (portal.content / "meetings/2024-06-13-regular.yml").read_text()
    assert "\nstart:" not in text and "\nlocation:" not in text and "18:00" not in text
    assert "# start: HH:MM" in text and "# location:" in text
    assert "no start time given: add start: to meetings/2024-06-13-regular.yml" in out
    assert "no location given" in out
    ok(portal.coalition("validate", env=env))


def test_every_command_shows_an_example():
    from coalition_portal.cli.main import main

    def walk(group, path):
        for name, command in group.commands.items():
            yield path + [name], command
            if hasattr(command, "commands"):
                yield from walk(command, path + [name])

    commands = list(walk(main, []))
    assert {" ".join(p) for p, _ in commands} >= {
        "init", "new meeting", "publish", "endorse", "endorse withdraw", "amend",
        "member join", "member leave", "role handover"}
    for path, _ in commands:
        result = CliRunner().invoke(main, path + ["--help"])
        assert result.exit_code == 0 and "Example:" in result.output, path


# --- mkdocs serve --------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`mkdocs serve` in a subprocess, its log read line by line."""

    def __init__(self, portal: Portal):
        self.port = _free_port()
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        env = {k: v for k, v in __import__("os").environ.items() if k != "COALITION_AS_OF"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=portal.root, env={**env, "COALITION_AS_OF": "2024-06-20"},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line)

    def wait_for(self, words: str) -> None:
        while True:
            try:
                line = self.lines.get(timeout=120)
            except queue.Empty:
                raise AssertionError(f"no {words!r} in the log:\n{''.join(self.log)}") from None
            self.log.append(line)
            if words in line:
                return

    def wait_for_page(self, path: str, words: str) -> str:
        """The page once it shows `words`; the log says when a rebuild ends, but not always."""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            page = self.get(path)
            if words in page:
                return page
            time.sleep(0.25)
        while not self.lines.empty():
            self.log.append(self.lines.get())
        raise AssertionError(f"{path} never showed {words!r}; the log:\n{''.join(self.log)}")

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=60) as resp:
            assert resp.status == 200
            return resp.read().decode("utf-8")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=60)


def test_serve_rebuilds_on_content_changes_and_survives_invalid_content(portal):
    server = Server(portal)
    try:
        server.wait_for("Serving on")
        assert "Compost pilot discussed." in server.get("meetings/2024-02-15-regular/")

        portal.edit("meetings/2024-02-15-regular.yml", "kind: regular", "kind: weekly")
        server.wait_for("still showing the last valid content")
        server.wait_for("content/meetings/2024-02-15-regular.yml:3: kind:")
        # Not "Documentation built": mkdocs drops a log message equal to an earlier one,
        # so a rebuild as fast as the last one says nothing. Livereload always says this.
        server.wait_for("Reloading browsers")
        assert "Compost pilot discussed." in server.get("meetings/2024-02-15-regular/")

        path = portal.content / "meetings/2024-02-15-regular.yml"  # fixed in one write
        path.write_text(path.read_text().replace("kind: weekly", "kind: regular")
                        .replace("Compost pilot discussed.", "Compost pilot approved."))
        server.wait_for_page("meetings/2024-02-15-regular/", "Compost pilot approved.")
    finally:
        server.stop()
