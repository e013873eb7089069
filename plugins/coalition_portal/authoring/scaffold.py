"""``coalition init``: a new, valid, buildable portal (content, mkdocs.yml, README, CI)."""


from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import tempfile
import textwrap
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..checks.pipeline import prepare, resolve_as_of
from ..content.findings import ContentError, errors
from ..settings import CONFIG_FILE, OPTIONS, ConfigurationError, portal_settings
from .files import AuthoringError, scalar, schema_line

# --- coalition init --------------------------------------------------------------------


ROLES = (
    ("convening", "Convening", "Calls the meetings, sets the agenda and chairs or finds a chair."),
    ("scheduling", "Scheduling", "Keeps the calendar of meetings and deadlines."),
    ("documentation", "Documentation",
     "Writes the minutes and publishes them within the publication target."),
    ("communications", "Communications", "Speaks for the coalition within its platform."),
)


def init_portal(folder: Path, *, name: str, timezone: str, target_days: int = 7,
                shared_interest: str | None = None, founded: dt.date | None = None) -> list[str]:
    """Create a new, valid, buildable portal in ``folder`` (missing or empty)."""
    if folder.exists() and (not folder.is_dir()
                            or any(p.name != ".git" for p in folder.iterdir())):
        raise AuthoringError([f"{folder}: not empty; `coalition init` only fills an empty "
                              "folder (a .git folder alone is fine). Nothing was written."])
    # an unknown zone is reported by the model below, with the file and line
    founded = founded or resolve_as_of(None, timezone if _valid_zone(timezone) else "UTC")
    files = _portal_files(name=name, timezone=timezone, target_days=target_days,
                          shared_interest=shared_interest, founded=founded)
    with tempfile.TemporaryDirectory(prefix="coalition-init-") as tmp:
        staging = Path(tmp) / (folder.resolve().name or "portal")
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        from ..outputs.schema import (  # export and its imports: only here
            content_schemas,
            write_schemas,
        )

        write_schemas(staging / "schema", content_schemas())
        try:
            # judged as the build will judge it, by the options of the mkdocs.yml just written
            # (git has nothing to say about a folder not yet committed)
            settings = portal_settings(staging / CONFIG_FILE, staging / "content").settings
            prepare(staging / "content", dataclasses.replace(settings, back_dating="off"),
                    fail_on_overdue=False)
        except ContentError as exc:
            raise AuthoringError([str(f) for f in errors(exc.findings)]
                                 + ["The new portal would not be valid; nothing was written."]) from None
        except ConfigurationError as exc:
            raise AuthoringError([f"error: {exc}"]) from None
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for entry in sorted(staging.iterdir()):
            shutil.move(str(entry), folder / entry.name)
        for path in sorted(folder.rglob("*")):
            if path.is_file() and ".git" not in path.relative_to(folder).parts[:1]:
                written.append(path.relative_to(folder).as_posix())
    return written


def _valid_zone(zone: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(zone)
        return True
    except Exception:  # noqa: BLE001 - any failure means "not a zone"; the model reports it
        return False


def _package_version() -> str:
    try:
        return version("coalition-portal")
    except PackageNotFoundError:
        return "0.1.0"


def _portal_files(*, name: str, timezone: str, target_days: int, shared_interest: str | None,
                  founded: dt.date) -> dict[str, str]:
    interest = shared_interest or "Write the shared interest of the coalition here, in one sentence."
    roles = "".join(f"  - id: {rid}\n    name: {rname}\n    description: {scalar(desc)}\n"
                    for rid, rname, desc in ROLES)
    return {
        "content/coalition.yml": (
            schema_line("coalition", 1)
            + f"name: {scalar(name)}\n"
            + f"shared_interest: {scalar(interest)}\n"
            + f"timezone: {scalar(timezone)}\n"
            + "# site_url: https://coalition.example.org/\n"
            + "# repo_url: https://github.com/OWNER/REPOSITORY\n"
            + "# Minutes are public within this many days of each meeting; the build fails\n"
            + "# when a meeting's minutes are later than that and still unpublished.\n"
            + f"publication_target_days: {target_days}\n"
            + "cadence: monthly\n"
            + "# Each class of decision and the rule it is taken by (consent, majority,\n"
            + "# supermajority with a threshold, consensus); quorum is the share of members\n"
            + "# who must take part.\n"
            + "decision_rules:\n"
            + "  operational:\n    kind: consent\n    quorum: \"1/2\"\n"
            + "  platform:\n    kind: supermajority\n    threshold: \"2/3\"\n    quorum: \"2/3\"\n"
            + "dissolution_protocol: >-\n"
            + "  When the shared interest is met or no longer shared, the members decide\n"
            + "  together to dissolve, publish a closing record and part as peers.\n"
            + f"founded: {founded.isoformat()}\n"
            + "replant_horizon_years: 4\n"
        ),
        "content/platform/v1.yml": (
            schema_line("platform", 2)
            + "number: 1\n"
            + f"adopted: {founded.isoformat()}\n"
            + "# adopted_by: d-YYYY-MM-1   # the decision that adopted this version, once recorded\n"
            + "summary: The first platform. Edit its clauses, then amend it with `coalition amend`.\n"
            + "clauses:\n"
            + "  - id: nn-rationale\n    kind: non-negotiable\n"
            + "    title: Every decision is published with its rationale\n"
            + "    text: The coalition publishes every decision, with the reasons for it, within\n"
            + f"      {target_days} days of the meeting that took it.\n"
            + "  - id: del-messaging\n    kind: delegated\n"
            + "    title: Members choose their own messaging\n"
            + "    text: Each member words its own public statements within this platform.\n"
            + "  - id: dissolution\n    kind: dissolution\n"
            + "    title: How the coalition ends\n"
            + "    text: The coalition dissolves by the protocol in its charter, on the record.\n"
        ),
        "content/roles.yml": (
            schema_line("roles", 1)
            + "# The rotating functions. Hand one over with:\n"
            + "#   coalition role handover documentation --to MEMBER --on YYYY-MM-DD\n"
            + "roles:\n" + roles
            + "terms: []\n"
        ),
        "content/meetings/.gitkeep": "",
        "docs/.gitkeep": "",
        "mkdocs.yml": _mkdocs_yml(name),
        ".gitignore": "site/\nsite.coalition-*/\n__pycache__/\n.cache/\n",
        "README.md": _readme(name, target_days),
        ".github/workflows/portal.yml": _workflow(),
    }


# what `coalition init` sets in mkdocs.yml; every other option is listed, commented out
SCAFFOLD_OPTIONS = {
    "content_dir": ("content", ()),
    "late": ("info", ("Minutes published after the target stay on the record (punctuality page);",
                      "`info` logs them without failing the CI's `mkdocs build --strict` forever.")),
}


def _mkdocs_yml(name: str) -> str:
    lines = [
        f"site_name: {scalar(name)}",
        "# The address where the portal is published (feeds and links use it); replace it.",
        "site_url: https://coalition.example.org/",
        "theme:",
        "  name: material",
        "  language: en",
        "  font: false   # no web fonts: nothing is fetched from outside",
        "  features:",
        "    - navigation.tabs",
        "    - navigation.top",
        "    - search.suggest",
        "    - search.highlight",
        "plugins:",
        "  - search",
        "  - coalition:",
    ]
    for option_name, (value, comments) in SCAFFOLD_OPTIONS.items():
        lines += [f"      # {c}" for c in comments] + [f"      {option_name}: {value}"]
    lines.append("      # Every other option, with its default (uncomment to change):")
    group = None
    for option in OPTIONS:
        if option.name in SCAFFOLD_OPTIONS:
            continue
        if option.group != group:
            group = option.group
            lines.append(f"      # -- {group}")
        lines += [f"      #   {line}" for line in textwrap.wrap(option.help, 82)]
        default = "" if option.default is None else f" {_yaml_value(option.default)}"
        lines.append(f"      # {option.name}:{default}")
    return "\n".join(lines) + "\n"


def _yaml_value(value) -> str:
    return f'"{value}"' if isinstance(value, str) and value in ("off", "on", "no", "yes") \
        else str(value)


def _readme(name: str, target_days: int) -> str:
    return f"""\
# {name}

The public record of {name}: its platform, meetings, minutes, decisions, members, roles
and endorsements, published with [Coalition Portal](https://pypi.org/project/coalition-portal/).

Everything lives in `content/` as YAML files, one per record. The site is built from them
with `mkdocs build`; the build fails when a meeting's minutes are not public within
{target_days} days of the meeting.

## Everyday commands

    pip install coalition-portal
    coalition new meeting --date 2026-01-15 --chair MEMBER   # after a meeting
    coalition publish 2026-01-15-regular                     # once the minutes are written
    git add content && git commit -m "Minutes" && git push   # the same day: dates are checked
    coalition status                                         # what is due, what is late
    mkdocs serve                                             # preview at http://127.0.0.1:8000/

Every command checks the whole record before it writes and changes nothing when the
result would be invalid. `coalition COMMAND --help` shows an example for each.

The workflow in `.github/workflows/portal.yml` builds the site on every push.
"""


def _workflow() -> str:
    return f"""\
# Builds the portal on every push and pull request, and daily, so that overdue minutes
# fail the build even when nobody pushes.
name: portal
on:
  push:
  pull_request:
  schedule:
    - cron: "17 6 * * *"
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # full history: published dates are checked against their commits
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "coalition-portal=={_package_version()}"
      - run: coalition validate content
      - run: mkdocs build --strict
      - uses: actions/upload-artifact@v4
        with:
          name: site
          path: site/
"""
