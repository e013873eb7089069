"""Small portals written by the tests: a valid minimal coalition, and ways to vary and break it.

One fixture builder for every test portal: ``make_portal(root, files=..., overrides=...)``
writes ``MINIMAL`` (or the given files) with some files replaced or removed, and a
``mkdocs.yml``.  The richer portals (``pages_fixture.RICH``, ``watchdog_portal``,
``payloads``) are written as changes to ``MINIMAL`` with ``derive`` and the small pieces
below (``attendance``, ``clause``), so that what they share is written once.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AS_OF = "2024-06-20"


def derive(text: str, *changes: tuple[str, str]) -> str:
    """``text`` with each ``(old, new)`` replaced once; an ``old`` not found is a fixture bug."""
    for old, new in changes:
        assert old in text, f"{old!r} not in the fixture text"
        text = text.replace(old, new, 1)
    return text


def block(text: str, indent: int = 8) -> str:
    """Lines of YAML (written flush left) indented to sit inside a fixture text."""
    return textwrap.indent(textwrap.dedent(text), " " * indent)


def attendance(**status: str) -> str:
    """The attendance list of a meeting, members in the order given (``food_bank`` for food-bank)."""
    rows = "".join(f"  - member: {member.replace('_', '-')}\n    status: {state}\n"
                   for member, state in status.items())
    return block("attendance:\n" + rows)


def clause(id: str, kind: str, title: str, text: str) -> str:  # noqa: A002 - the YAML field
    """One platform clause, as listed under ``clauses:``."""
    return block(f"- id: {id}\n  kind: {kind}\n  title: {title}\n  text: {text}\n", 10)


DOCUMENTATION_ROLE = block("""\
    roles:
      - id: documentation
        name: Documentation
        description: Writes and publishes the minutes.
    """)
MESSAGING = clause("del-messaging", "delegated", "Members choose their own messaging",
                   "Each member words its own public statements.")

MINIMAL = {
    "coalition.yml": """\
        name: Harbor Test Coalition
        shared_interest: Less food waste in Harbor City.
        timezone: America/Chicago
        site_url: https://coalition.example.org/
        publication_target_days: 7
        cadence: monthly
        decision_rules:
          operational:
            kind: majority
            quorum: "1/2"
          platform:
            kind: supermajority
            threshold: "2/3"
            quorum: "2/3"
        dissolution_protocol: We part as peers when the shared goal is met.
        founded: 2024-01-10
        replant_horizon_years: 4
        """,
    "roles.yml": DOCUMENTATION_ROLE + """\
        terms:
          - role: documentation
            member: parks
            from: 2024-01-10
            to: 2024-12-31
        """,
    "platform/v1.yml": f"""\
        number: 1
        adopted: 2024-01-10
        adopted_by: d-2024-01-1
        clauses:
          - id: nn-rationale
            kind: non-negotiable
            title: Every decision is published with its rationale
            text: The coalition publishes every decision with the reasons for it.
{MESSAGING}        """,
    "members/parks.yml": """\
        name: Parks Department
        kind: organization
        constituency: City agency
        memberships:
          - joined: 2024-01-10
        """,
    "members/health.yml": """\
        name: Public Health Department
        kind: organization
        constituency: City agency
        memberships:
          - joined: 2024-01-10
        """,
    "members/food-bank.yml": """\
        name: Eastside Food Bank
        kind: organization
        constituency: Community organization
        memberships:
          - joined: 2024-01-10
        """,
    "meetings/2024-01-10-formation.yml": f"""\
        date: 2024-01-10
        start: "18:00"
        kind: formation-circle
        status: held
        location: City Hall, Room 4
        chair: parks
{attendance(parks="present", health="present", food_bank="present")}\
        agenda:
          - Shared interest
          - Platform
        minutes:
          status: approved
          published: 2024-01-12
          body: |
            ## Shared interest
            The members agreed on a shared interest: less food waste.
        decisions:
          - id: d-2024-01-1
            title: Adopt the platform, version 1
            class: platform
            rationale: All members agreed the platform states what they share.
            outcome: adopted
            vote:
              parks: yes
              health: yes
              food-bank: no
        """,
    "meetings/2024-02-15-regular.yml": f"""\
        date: 2024-02-15
        start: "18:00"
        kind: regular
        status: held
        location: City Hall, Room 4
        chair: health
{attendance(parks="present", health="present", food_bank="absent")}\
        minutes:
          status: draft
          published: 2024-02-19
          body: Compost pilot discussed.
        decisions:
          - id: d-2024-02-1
            title: Start a compost pilot
            class: operational
            rationale: The pilot tests collection before a citywide rollout.
            outcome: adopted
            platform_clauses: [nn-rationale]
            vote:
              parks: yes
              health: yes
              food-bank: absent
        """,
}

# A held meeting after the minimal portal's two, without attendance or decisions: tests of
# git history and of the vital signs add it, changed to what they need.
MARCH_HELD = """\
    date: 2024-03-14
    start: "18:00"
    kind: regular
    status: held
    location: City Hall, Room 4
    chair: parks
    minutes:
      status: draft
      published: 2024-03-18
      body: Sorting at the source was discussed.
    """

# A member's endorsement of version 1, not among MINIMAL's files.
ENDORSEMENT = """\
    endorser:
      member: food-bank
    platform: v1
    date: 2024-01-15
    signer:
      name: Ana Ruiz
      title: Director
    statement: We stand behind this platform.
    """

MKDOCS_YML = f"""\
site_name: Harbor Test Coalition
site_url: https://coalition.example.org/
theme:
  name: material
plugins:
  - coalition:
      as_of: "{AS_OF}"
"""


@dataclass
class Portal:
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def write(self, relative: str, text: str) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def write_bytes(self, relative: str, data: bytes) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.content / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def run(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        return run(args, cwd=self.root, env=env)

    def build(self, *args: str, env: dict | None = None,
              process: bool = False) -> subprocess.CompletedProcess:
        """`mkdocs build` in this portal: in this process (see ``in_process``) unless
        ``process``, for what only a separate process shows (another hash seed)."""
        if process:
            return self.run(sys.executable, "-m", "mkdocs", "build", *args, env=env)
        return mkdocs_build(*args, cwd=self.root, env=env)

    def coalition(self, *args: str, env: dict | None = None,
                  process: bool = False) -> subprocess.CompletedProcess:
        """`python -m coalition_portal ...` in this portal, in this process unless ``process``."""
        if process:
            return self.run(sys.executable, "-m", "coalition_portal", *args, env=env)
        return coalition(*args, cwd=self.root, env=env)


def _environment(env: dict | None) -> dict[str, str]:
    """What a command run by the tests sees: this process's variables but the tests'
    ``COALITION_AS_OF``, with ``env`` on top."""
    full_env = {k: v for k, v in os.environ.items() if k != "COALITION_AS_OF"}
    full_env.update(env or {})
    return full_env


def run(args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), cwd=cwd, env=_environment(env), capture_output=True,
                          text=True, timeout=600)


def mkdocs_build(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m mkdocs build ARGS` run in ``cwd``, in this process (``in_process``)."""
    from mkdocs.__main__ import cli

    return in_process(cli, ("build", *args), "python -m mkdocs", cwd=cwd, env=env)


def coalition(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m coalition_portal ARGS` run in ``cwd``, in this process (``in_process``)."""
    from coalition_portal.cli.main import main

    return in_process(main, args, "python -m coalition_portal", cwd=cwd, env=env)


def in_process(command, args, prog_name: str, *, cwd: Path,
               env: dict | None = None) -> subprocess.CompletedProcess:
    """A click command run as its process would run, without starting one (a second or so
    less per command): in ``cwd``, with ``_environment(env)`` as the whole environment, its
    standard output and error captured, and its exit status as ``returncode``.

    An exception the command does not handle is written to ``stderr`` as a traceback with
    status 1, as Python would.  Afterwards everything a run leaves in this process is put
    back: the working folder, the environment (the plugin pins SOURCE_DATE_EPOCH in it),
    the warnings filters, and the handlers, filters, levels and propagation of MkDocs'
    loggers (each run adds a stream handler, a warning counter and a duplicate filter).
    """
    from click.testing import CliRunner

    if "PYTHONHASHSEED" in (env or {}):
        raise ValueError("a hash seed is chosen when a process starts: run it as a process")
    args = [str(arg) for arg in args]
    saved_env, full_env = dict(os.environ), _environment(env)
    saved_cwd = os.getcwd()
    saved_loggers = _mkdocs_loggers()
    try:
        os.environ.clear()
        os.environ.update(full_env)
        os.chdir(cwd)
        with warnings.catch_warnings():
            result = CliRunner().invoke(command, args, prog_name=prog_name,
                                        terminal_width=_help_width(command, full_env))
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        _restore_mkdocs_loggers(saved_loggers)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "Traceback (most recent call last):\n" + "".join(
            traceback.format_exception(result.exception)[1:])
    return subprocess.CompletedProcess([prog_name, *args], result.exit_code, result.stdout,
                                       stderr)


def _help_width(command, env: dict[str, str]) -> int:
    """The width click gives help text in a process whose output is a pipe (CliRunner's is 80)."""
    try:
        columns = int(env.get("COLUMNS", ""))
    except ValueError:
        columns = 80
    return max(min(columns, command.context_settings.get("max_content_width") or 80) - 2, 50)


def _mkdocs_loggers() -> dict[str, tuple]:
    loggers = [logging.getLogger("mkdocs")] + [
        logger for name, logger in logging.Logger.manager.loggerDict.items()
        if name.startswith("mkdocs.") and isinstance(logger, logging.Logger)]
    return {logger.name: (logger, list(logger.handlers), list(logger.filters), logger.level,
                          logger.propagate, logger.disabled) for logger in loggers}


def _restore_mkdocs_loggers(saved: dict[str, tuple]) -> None:
    for name, logger in logging.Logger.manager.loggerDict.items():
        if (name == "mkdocs" or name.startswith("mkdocs.")) and name not in saved \
                and isinstance(logger, logging.Logger):
            logger.handlers.clear()  # a logger made during the run: nothing stays attached
            logger.filters.clear()
    for logger, handlers, filters, level, propagate, disabled in saved.values():
        logger.handlers[:] = handlers
        logger.filters[:] = filters
        logger.setLevel(level)
        logger.propagate = propagate
        logger.disabled = disabled


def portal_files(files: dict[str, str] | None = None,
                 overrides: dict[str, str | None] | None = None) -> dict[str, str]:
    """``files`` (``MINIMAL`` when None) with ``overrides``: a text replaces or adds a file,
    None removes it."""
    out = dict(MINIMAL if files is None else files)
    for relative, text in (overrides or {}).items():
        if text is None:
            out.pop(relative, None)
        else:
            out[relative] = text
    return out


def make_portal(root: Path, files: dict[str, str] | None = None, *,
                overrides: dict[str, str | None] | None = None,
                mkdocs: str = MKDOCS_YML) -> Portal:
    """A portal in ``root``: ``files`` (``MINIMAL`` when None) changed by ``overrides``
    (see ``portal_files``), a ``mkdocs.yml`` and an empty ``docs/``."""
    portal = Portal(root)
    for relative, text in portal_files(files, overrides).items():
        portal.write(relative, text)
    (root / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    return portal
