"""The secretary's edits: new portals, meetings, publications, endorsements, amendments,
memberships and role handovers, each validated as a whole before anything is written.

Every edit follows the same path (:func:`_commit`): the current content must be valid;
the new text of one file is written into a temporary copy of the content folder; the
whole copy is loaded and checked (``pipeline.prepare``); only then is the real file
replaced, atomically (temporary file + ``os.replace``).  An invalid result raises
:class:`AuthoringError` and leaves every file as it was.

Existing files are edited with ruamel.yaml's round-trip mode, so comments, key order,
quoting and indentation survive; new files are written from small templates in the
demo's layout, starting with the ``# yaml-language-server: $schema=...`` line.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
import textwrap
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

from ..checks.pipeline import ConfigurationError, Prepared, prepare, resolve_as_of
from ..checks.references import members_on
from ..content.findings import ContentError, errors, warnings
from ..content.load import Content
from ..content.model import ChangeOp, ClauseKind, MeetingKind, MeetingStatus, MemberKind
from ..content.strict_yaml import YamlProblem, parse


class AuthoringError(Exception):
    """The edit was refused; ``lines`` are shown one per line and nothing was written."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


@dataclass
class Result:
    """What an edit wrote, and what to tell the secretary about it."""

    path: str  # as shown to people, e.g. content/meetings/2026-11-25-regular.yml
    notes: list[str] = field(default_factory=list)


# --- reading the current content ------------------------------------------------------


def current(content_dir: Path) -> Prepared:
    """The content as it is now; an edit starts only from valid content."""
    try:
        return prepare(content_dir, fail_on_overdue=False)
    except ContentError as exc:
        problems = errors(exc.findings)
        raise AuthoringError([str(f) for f in problems] + [
            f"{len(problems)} problem(s) already in {content_dir}; fix them first "
            "(coalition validate). Nothing was written."]) from None
    except ConfigurationError as exc:
        raise AuthoringError([f"error: {exc}"]) from None


def today(content: Content) -> dt.date:
    """Today in the coalition's time zone (``COALITION_AS_OF`` overrides it, as for builds)."""
    return resolve_as_of(None, content.coalition.timezone)


def parse_date(value: str, what: str = "date") -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise AuthoringError([f"{what}: {value!r} is not a date written as YYYY-MM-DD"])
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise AuthoringError([f"{what}: {value} is not a day in the calendar"]) from None



def _shown(content_dir: Path, relative: str) -> str:
    return f"{content_dir.resolve().name}/{relative}"


# --- YAML: round-trip edits and new files ---------------------------------------------


def _round_trip(path: Path) -> tuple[YAML, CommentedMap]:
    """Load ``path`` keeping comments, order and quotes; dump with the file's own indents."""
    text = path.read_text(encoding="utf-8")
    _, indent, block_seq_indent = load_yaml_guess_indent(text)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-fold long lines
    yaml.representer.ignore_aliases = lambda data: True  # our loader refuses anchors
    sequence = indent or 2
    offset = block_seq_indent if block_seq_indent is not None else 0
    yaml.indent(mapping=max(2, sequence - offset), sequence=sequence, offset=offset)
    return yaml, yaml.load(text)


def _dump(yaml: YAML, data) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _append(seq: CommentedSeq, item) -> None:
    """Append to a list; an empty flow list (``[]``) becomes a block list."""
    if seq.fa.flow_style():
        seq.fa.set_block_style()
    seq.append(item)


def _text(value: str):
    """A string as ruamel should write it: Markdown with line breaks as a literal block."""
    value = value.strip() if "\n" in value else value
    return LiteralScalarString(value + "\n") if "\n" in value else value


def scalar(value: str) -> str:
    """``value`` as a YAML scalar our loader reads back as the same string: plain when
    that is safe, double-quoted (JSON escaping is valid YAML) otherwise."""
    if isinstance(value, str) and value == value.strip() and "\n" not in value:
        try:
            if parse(f"k: {value}\n").data == {"k": value}:
                return value
        except YamlProblem:
            pass
    return json.dumps(value, ensure_ascii=False)


def _schema_line(kind: str, depth: int) -> str:
    """The editor hint; ``depth`` is how many folders the file is below the portal root."""
    return f"# yaml-language-server: $schema={'../' * depth}schema/{kind}.schema.json\n"


def _block(text: str, indent: int) -> str:
    pad = " " * indent
    return "|\n" + "".join(f"{pad}{line}\n" if line else "\n" for line in text.strip().splitlines())


def prose(text: str, indent: int) -> str:
    """Text for a new file in the demo's layout: Markdown with line breaks as a literal
    block, a long sentence folded (``>-``) at about 92 columns, a short one as a scalar."""
    if "\n" in text.strip():
        return _block(text, indent)
    if len(text) + indent > 80:
        lines = textwrap.wrap(text, width=92 - indent, break_long_words=False,
                              break_on_hyphens=False)
        folded = ">-\n" + "".join(f"{' ' * indent}{line}\n" for line in lines)
        try:  # folding must give back the very same text, or we don't fold
            if parse(f"k: {folded}").data == {"k": text}:
                return folded.rstrip("\n")
        except YamlProblem:
            pass
    return scalar(text)


# --- validate, then write --------------------------------------------------------------


def _commit(content_dir: Path, relative: str, text: str, *, new: bool = False,
            as_of: dt.date | None = None) -> tuple[str, Prepared]:
    """Write ``text`` to ``content_dir/relative`` only if the whole content stays valid."""
    target = content_dir / relative
    if new and target.exists():
        raise AuthoringError([f"{_shown(content_dir, relative)}: already exists; nothing was written"])
    with tempfile.TemporaryDirectory(prefix="coalition-edit-") as tmp:
        # same folder name, so findings read content/... as they would for the real folder
        copy = Path(tmp) / content_dir.resolve().name
        shutil.copytree(content_dir, copy, symlinks=True)
        (copy / relative).parent.mkdir(parents=True, exist_ok=True)
        (copy / relative).write_text(text, encoding="utf-8")
        try:
            prepared = prepare(copy, as_of=as_of, fail_on_overdue=False)
        except ContentError as exc:
            problems = errors(exc.findings)  # warnings (late minutes) are not the change's
            raise AuthoringError([str(f) for f in problems] + [
                f"{len(problems)} problem(s) with this change; nothing was written."]) from None
    _write_atomically(target, text)
    return _shown(content_dir, relative), prepared


def _write_atomically(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        if target.exists():
            shutil.copymode(target, tmp)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _relative(content: Content, kind: str, record_id: str = "") -> str:
    """The path of an existing record's file, relative to the content folder."""
    shown = content.source(kind, record_id).path
    return shown.split("/", 1)[1]


def _notes_for(prepared: Prepared, shown: str) -> list[str]:
    return [f"{f}" for f in warnings(prepared.findings) if f.path == shown]


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:50].strip("-") or "x"


def _free_id(base: str, taken) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


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
            prepare(staging / "content", fail_on_overdue=False)
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
            _schema_line("coalition", 1)
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
            _schema_line("platform", 2)
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
            _schema_line("roles", 1)
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


def _mkdocs_yml(name: str) -> str:
    return (
        f"site_name: {scalar(name)}\n"
        "# The address where the portal is published (feeds and links use it); replace it.\n"
        "site_url: https://coalition.example.org/\n"
        "theme:\n"
        "  name: material\n"
        "  language: en\n"
        "  font: false   # no web fonts: nothing is fetched from outside\n"
        "  features:\n"
        "    - navigation.tabs\n"
        "    - navigation.top\n"
        "    - search.suggest\n"
        "    - search.highlight\n"
        "plugins:\n"
        "  - search\n"
        "  - coalition:\n"
        "      content_dir: content\n"
        "      # Minutes published after the target stay on the record (punctuality page);\n"
        "      # `info` logs them without failing the CI's `mkdocs build --strict` forever.\n"
        "      late: info\n"
        "      # as_of pins the build date (YYYY-MM-DD). Leave it unset: the build then\n"
        "      # judges overdue minutes as of today in the coalition's time zone.\n"
        "      # as_of: \"2026-01-31\"\n"
    )


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


# --- coalition new meeting -------------------------------------------------------------


def new_meeting(content_dir: Path, *, date: dt.date, kind: str = "regular",
                chair: str | None = None, time: str | None = None, location: str | None = None,
                title: str | None = None, slug: str | None = None) -> Result:
    """A meeting file: attendance of the members on ``date`` (not-recorded), draft minutes."""
    prepared = current(content_dir)
    content = prepared.content
    kind = MeetingKind(kind).value
    meeting_id = f"{date.isoformat()}-{slug or kind}"
    previous = [m for m in content.meetings.values() if m.date <= date]
    start = time or (previous[-1].start if previous else "18:00")
    where = location or (previous[-1].location if previous else "To be announced")
    held = date <= today(content)
    lines = [_schema_line("meeting", 2)]
    if title:
        lines.append(f"title: {scalar(title)}\n")
    lines += [f"date: {date.isoformat()}\n", f"start: {start}\n", f"kind: {kind}\n",
              f"status: {'held' if held else 'scheduled'}\n", "public: true\n",
              f"location: {scalar(where)}\n"]
    if chair:
        lines.append(f"chair: {chair}\n")
    present = members_on(content, date)
    if present:
        lines.append("# Mark each member present, absent or excused; not-recorded means "
                     "nobody noted it.\nattendance:\n")
        lines += [f"  - member: {m}\n    status: not-recorded\n" for m in present]
    else:
        lines.append("attendance: []\n")
    lines.append("agenda: []\n")
    # draft minutes even before a scheduled meeting: the site shows no body until published
    lines += ["minutes:\n", "  status: draft\n",
              "  # Write the minutes in Markdown, e.g.  body: |  then the text indented\n"
              f"  # below it; then run: coalition publish {meeting_id}\n",
              "  body: \"\"\n"]
    lines += [f"# Each decision: id (e.g. d-{date:%Y-%m}-1), title, class (a key of decision_rules\n"
              "# in coalition.yml), rationale (never empty), outcome (adopted, rejected or\n"
              "# deferred), optionally vote and platform_clauses.\n",
              "decisions: []\n"]
    relative = f"meetings/{meeting_id}.yml"
    shown, prepared = _commit(content_dir, relative, "".join(lines), new=True)
    due = date + dt.timedelta(days=prepared.target_days)
    notes = [f"minutes due {due} ({prepared.target_days} days after the meeting)" if held
             else f"scheduled; its minutes will be due {due}"]
    return Result(shown, notes + _notes_for(prepared, shown))


# --- coalition publish ----------------------------------------------------------------


def find_meeting(content: Content, ref: str) -> str:
    """A meeting id from an id, a file path or a date that names exactly one meeting."""
    stem = Path(ref).stem
    if stem in content.meetings:
        return stem
    on_day = [mid for mid, m in content.meetings.items() if m.date.isoformat() == ref]
    if len(on_day) == 1:
        return on_day[0]
    known = ", ".join(list(content.meetings)[-5:]) or "none yet"
    raise AuthoringError([f"{ref}: no such meeting (latest: {known})"])


def publish(content_dir: Path, meeting_ref: str, *, on: dt.date | None = None,
            approved: bool = False) -> Result:
    """Set minutes.published (and the meeting's status to held); refuse empty minutes or a
    decision without rationale."""
    content = current(content_dir).content
    meeting_id = find_meeting(content, meeting_ref)
    src = content.source("meeting", meeting_id)
    meeting = content.meetings[meeting_id]
    now = today(content)
    on = on or now
    problems = []
    if meeting.status in (MeetingStatus.cancelled, MeetingStatus.postponed):
        problems.append(src.finding(("status",), f"a {meeting.status} meeting owes no minutes"))
    if meeting.date > on:
        problems.append(src.finding(("date",), f"the meeting is on {meeting.date}, after "
                                    f"{on}; publish its minutes once it has been held"))
    if meeting.minutes is None or not meeting.minutes.body.strip():
        problems.append(src.finding(("minutes", "body"),
                                    "the minutes have no text yet; write them before publishing"))
    if meeting.minutes is not None and meeting.minutes.published is not None:
        problems.append(src.finding(("minutes", "published"),
            f"already published on {meeting.minutes.published}; correct them with a "
            "corrections entry instead"))
    # the model already refuses a missing or empty rationale; kept here for the message
    problems += [src.finding(("decisions", i, "rationale"),
                             "every decision is published with its rationale; write it")
                 for i, d in enumerate(meeting.decisions) if not d.rationale.strip()]
    if problems:
        raise AuthoringError([str(p) for p in problems] + ["Nothing was written."])
    relative = _relative(content, "meeting", meeting_id)
    yaml, data = _round_trip(content_dir / relative)
    if data.get("status") == "scheduled":
        data["status"] = "held"
    minutes = data["minutes"]
    _set_after(minutes, "published", on, after="status")
    if approved:
        minutes["status"] = "approved"
        _set_after(minutes, "approved", on, after="published")
    shown, prepared = _commit(content_dir, relative, _dump(yaml, data))
    pub = prepared.publications[meeting_id]
    notes = [f"published {on}: {pub.lag} day(s) after the meeting, {pub.state}"]
    if on < now:
        notes.append(f"{on} is before today ({now}): the build compares it with the date this "
                     "change is committed to git and refuses back-dated minutes (back_dating)")
    unrecorded = [a.member for a in meeting.attendance if a.status.value == "not-recorded"]
    if unrecorded:
        notes.append(f"attendance not recorded for: {', '.join(unrecorded)}")
    return Result(shown, notes + [n for n in _notes_for(prepared, shown)
                                  if "minutes.published" not in n])


def _set_after(mapping: CommentedMap, key: str, value, *, after: str) -> None:
    """Set ``key``; a new key goes right after ``after`` (the demo's key order)."""
    if key in mapping:
        mapping[key] = value
        return
    keys = list(mapping)
    position = keys.index(after) + 1 if after in keys else len(keys)
    mapping.insert(position, key, value)
    _move_comment_lines(mapping, keys[position - 1] if position else None, key)


def _move_comment_lines(mapping: CommentedMap, before: str | None, new_key: str) -> None:
    """ruamel keeps comment lines with the key above them; a key inserted after that key
    would land below comments that describe the next one, so they move to the new key."""
    slot = mapping.ca.items.get(before) if before is not None else None
    token = slot[2] if slot and len(slot) > 2 else None
    if token is None or not isinstance(token, CommentToken):
        return
    end_of_line, _, lines = token.value.partition("\n")
    if not lines.strip():
        return
    token.value = end_of_line + "\n"
    mapping.ca.items[new_key] = [None, None, CommentToken("\n" + lines, token.start_mark), None]


# --- coalition endorse ----------------------------------------------------------------


def _platform_on(content: Content, day: dt.date) -> str:
    adopted = [vid for vid, v in content.platforms.items() if v.adopted <= day]
    if not adopted:
        raise AuthoringError([f"no platform version was adopted on or before {day}"])
    return adopted[-1]


def endorse(content_dir: Path, *, org: str | None, signer: str, title: str,
            member: str | None = None, statement: str | None = None,
            on: dt.date | None = None, url: str | None = None) -> Result:
    """A new endorsement of the current platform, by a member or an outside organization."""
    content = current(content_dir).content
    on = on or today(content)
    if member is None and not org:
        raise AuthoringError(["give --org NAME (an outside organization) or --member ID"])
    if member is not None:
        found = content.members.get(member)
        if found is None:
            raise AuthoringError([f"--member {member}: no such member "
                                  f"(there is no members/{member}.yml)"])
        if org and org.casefold() not in (found.name.casefold(),
                                         (found.short_name or "").casefold()):
            raise AuthoringError([f"--org {org!r} is not the name of member {member} "
                                  f"({found.name}); leave out --org or --member"])
    platform = _platform_on(content, on)
    endorser = f"  member: {member}\n" if member else f"  organization: {scalar(org)}\n"
    if url:
        endorser += f"  url: {scalar(url)}\n"
    text = (_schema_line("endorsement", 2) + "endorser:\n" + endorser
            + f"platform: {platform}\n" + f"date: {on.isoformat()}\n"
            + f"signer:\n  name: {scalar(signer)}\n  title: {scalar(title)}\n")
    if statement:
        text += f"statement: {prose(statement, 2)}\n"
    endorsement_id = _free_id(f"{slugify(member or org)}-{platform}", content.endorsements)
    shown, _ = _commit(content_dir, f"endorsements/{endorsement_id}.yml", text, new=True)
    return Result(shown, [f"endorses platform {platform} as of {on}"])


def withdraw_endorsement(content_dir: Path, endorsement_id: str, *, reason: str,
                         on: dt.date | None = None) -> Result:
    """Record a withdrawal; the endorsement stays on the record."""
    content = current(content_dir).content
    endorsement_id = Path(endorsement_id).stem
    if endorsement_id not in content.endorsements:
        known = ", ".join(content.endorsements) or "none yet"
        raise AuthoringError([f"{endorsement_id}: no such endorsement (known: {known})"])
    src = content.source("endorsement", endorsement_id)
    if content.endorsements[endorsement_id].withdrawn is not None:
        raise AuthoringError([str(src.finding(("withdrawn",), "already withdrawn"))])
    on = on or today(content)
    relative = _relative(content, "endorsement", endorsement_id)
    yaml, data = _round_trip(content_dir / relative)
    data["withdrawn"] = CommentedMap([("date", on), ("reason", _text(reason))])
    shown, _ = _commit(content_dir, relative, _dump(yaml, data))
    return Result(shown, [f"withdrawn {on}"])


# --- coalition amend ------------------------------------------------------------------


def amend(content_dir: Path, *, clause: str, op: str, by: str, rationale: str,
          text: str | None = None, kind: str | None = None, clause_title: str | None = None,
          title: str | None = None, on: dt.date | None = None) -> Result:
    """Propose a change to one clause of the current platform version."""
    content = current(content_dir).content
    on = on or today(content)
    op = ChangeOp(op).value
    against = _platform_on(content, on)
    version = content.platforms[against]
    existing = {c.id: c for c in version.clauses}
    if op == "add" and (kind is None or clause_title is None):
        raise AuthoringError(["--op add needs the new clause's --kind and --clause-title"])
    if op != "remove" and not text:
        raise AuthoringError([f"--op {op} needs the clause's new --text"])
    if op == "remove" and text:
        raise AuthoringError(["--op remove takes no --text"])
    if op != "add" and clause not in existing:
        raise AuthoringError([f"--clause {clause}: platform {against} has no such clause "
                              f"(its clauses: {', '.join(existing)})"])
    if op == "add" and clause in existing:
        raise AuthoringError([f"--clause {clause}: platform {against} has it already; "
                              "use --op replace"])
    if kind is not None:
        ClauseKind(kind)
    name = existing[clause].title if clause in existing else (clause_title or clause)
    title = title or f"{op.capitalize()} clause {clause}: {name}"
    change = f"  - clause: {clause}\n    op: {op}\n"
    if op == "add":
        change += f"    kind: {kind}\n    title: {scalar(clause_title)}\n"
    if text:
        change += f"    text: {prose(text, 6)}\n"
    body = (_schema_line("amendment", 2) + f"title: {scalar(title)}\n"
            + f"proposed_by: {by}\n" + f"proposed_on: {on.isoformat()}\n"
            + f"against: {against}\n"
            + f"rationale: {prose(rationale, 2)}\n"
            + "changes:\n" + change
            + "# proposed until a decision settles it: then adopted or rejected, with decided_by\n"
            + "status: proposed\n")
    amendment_id = _free_id(f"a-{slugify(clause)}", content.amendments)
    shown, _ = _commit(content_dir, f"amendments/{amendment_id}.yml", body, new=True)
    return Result(shown, [f"proposes to {op} clause {clause} of platform {against}"])


# --- coalition member join / leave ------------------------------------------------------


def member_join(content_dir: Path, member_id: str, *, on: dt.date | None = None,
                name: str | None = None, kind: str = "organization",
                constituency: str | None = None, url: str | None = None,
                reason: str | None = None) -> Result:
    """A new member file, or a new membership period for a member who had left."""
    content = current(content_dir).content
    on = on or today(content)
    member = content.members.get(member_id)
    if member is None:
        if not name or not constituency:
            raise AuthoringError([f"{member_id} is a new member: give --name and --constituency"])
        MemberKind(kind)
        text = (_schema_line("member", 2) + f"name: {scalar(name)}\n" + f"kind: {kind}\n"
                + f"constituency: {scalar(constituency)}\n"
                + (f"url: {scalar(url)}\n" if url else "")
                + "memberships:\n" + f"  - joined: {on.isoformat()}\n"
                + (f"    reason: {scalar(reason)}\n" if reason else ""))
        shown, _ = _commit(content_dir, f"members/{member_id}.yml", text, new=True)
        return Result(shown, [f"{name} joins on {on}"])
    if member.is_member_on(on) or member.memberships[-1].left is None:
        src = content.source("member", member_id)
        raise AuthoringError([str(src.finding(("memberships", len(member.memberships) - 1),
                                              f"{member.name} is already a member; nothing was written"))])
    relative = _relative(content, "member", member_id)
    yaml, data = _round_trip(content_dir / relative)
    period = CommentedMap([("joined", on)])
    if reason:
        period["reason"] = _text(reason)
    _append(data["memberships"], period)
    shown, _ = _commit(content_dir, relative, _dump(yaml, data))
    return Result(shown, [f"{member.name} rejoins on {on}"])


def member_leave(content_dir: Path, member_id: str, *, on: dt.date | None = None,
                 reason: str | None = None) -> Result:
    """Close the member's current membership period on ``on`` (kept as history)."""
    content = current(content_dir).content
    on = on or today(content)
    member = content.members.get(member_id)
    if member is None:
        raise AuthoringError([f"{member_id}: no such member (known: {', '.join(content.members)})"])
    src = content.source("member", member_id)
    last = len(member.memberships) - 1
    if member.memberships[last].left is not None:
        raise AuthoringError([str(src.finding(("memberships", last, "left"),
                                              f"{member.name} already left on {member.memberships[last].left}"))])
    relative = _relative(content, "member", member_id)
    yaml, data = _round_trip(content_dir / relative)
    period = data["memberships"][last]
    _set_after(period, "left", on, after="joined")
    if reason:
        _set_after(period, "reason", _text(reason), after="left")
    shown, prepared = _commit(content_dir, relative, _dump(yaml, data))
    roles_src = content.source("roles")
    notes = [f"{member.name} leaves on {on}"]
    for i, term in enumerate(content.roles.terms):
        if term.member == member_id and (term.to is None or term.to > on):
            notes.append(f"{roles_src.path}:{roles_src.line('terms', i)}: {member_id} still holds "
                         f"{term.role}; hand it over: coalition role handover {term.role} "
                         "--to MEMBER --on DATE")
    return Result(shown, notes)


# --- coalition role handover ----------------------------------------------------------


def role_handover(content_dir: Path, role: str, *, to: str, on: dt.date) -> Result:
    """End the role's running term the day before ``on``; start ``to``'s term on ``on``."""
    content = current(content_dir).content
    roles = {r.id for r in content.roles.roles}
    if role not in roles:
        raise AuthoringError([f"{content.source('roles').path}: no role '{role}' "
                              f"(roles: {', '.join(sorted(roles))})"])
    holder = next((t.member for t in content.roles.terms if t.role == role
                   and t.from_ <= on and (t.to is None or on <= t.to)), None)
    if holder == to:
        raise AuthoringError([f"{to} already holds {role} on {on}; nothing was written"])
    relative = _relative(content, "roles")
    yaml, data = _round_trip(content_dir / relative)
    notes = []
    for term in data.get("terms") or []:
        if term.get("role") != role:
            continue
        start = dt.date.fromisoformat(str(term["from"]))
        end = term.get("to")
        end = dt.date.fromisoformat(str(end)) if end is not None else None
        if start < on and (end is None or end >= on):
            _set_after(term, "to", on - dt.timedelta(days=1), after="from")
            notes.append(f"{term['member']}'s term ends {on - dt.timedelta(days=1)}")
    if "terms" not in data or data["terms"] is None:
        data["terms"] = CommentedSeq()
    _append(data["terms"], CommentedMap([("role", role), ("member", to), ("from", on)]))
    shown, _ = _commit(content_dir, relative, _dump(yaml, data))
    return Result(shown, notes + [f"{to} holds {role} from {on}"])
