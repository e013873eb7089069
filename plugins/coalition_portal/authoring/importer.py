"""``coalition import SOURCE``: an existing minutes archive becomes portal content.

One meeting per minutes file (kind regular, status held, the date from the file's name),
``minutes.body`` the file's Markdown, ``minutes.published`` the day (in the coalition's time
zone) of the first commit that added the file, ``source`` naming the archive, the path and
that commit; the attendees of a Present section become members.  Files the minutes link to
are copied beside the meeting (``meetings/<id>/``).

All or nothing: the new files are written into a copy of the content folder, the whole copy
is validated with the portal's options, and only then are they moved into place.  A meeting
file that exists (its archive path was imported before) is never touched: running the import
again adds only what is new.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from ..checks.pipeline import prepare
from ..content.findings import ContentError, errors
from ..content.strict_yaml import MAX_BYTES, YamlProblem, parse
from . import minutes_source as ms
from .archive import Archive, open_archive
from .files import (
    AuthoringError,
    current,
    free_id,
    portal_options,
    scalar,
    schema_line,
    slugify,
)


@dataclass
class Report:
    archive: str
    imported: list[str] = field(default_factory=list)  # "path -> meetings/<id>.yml"
    kept: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "path: why"
    cleaned: list[str] = field(default_factory=list)  # "path:line: U+007F DELETE removed"
    notes: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [f"# Import of {self.archive}", "",
                 f"- {len(self.imported)} minutes imported, {len(self.kept)} kept (imported "
                 f"before), {len(self.skipped)} skipped",
                 f"- {len(self.members)} new members, {len(self.files)} files copied",
                 f"- {len(self.cleaned)} characters cleaned", ""]
        for heading, rows in (("Imported", self.imported), ("Kept", self.kept),
                              ("Skipped", self.skipped), ("Cleaned", self.cleaned),
                              ("New members", self.members), ("Files copied", self.files),
                              ("Notes", self.notes)):
            if rows:
                lines += [f"## {heading}", ""] + [f"- {row}" for row in rows] + [""]
        return "\n".join(lines)


@dataclass
class _Minutes:
    path: str
    date: object
    text: str
    meeting_id: str = ""
    people: list[ms.Person] = field(default_factory=list)


def import_archive(source: Path, content_dir: Path, *, pattern: ms.DatePattern | None = None,
                   published_from: str = "git") -> Report:
    """Import ``source`` into ``content_dir``; raise :class:`AuthoringError`, writing nothing,
    when it cannot be done whole."""
    prepared = current(content_dir)
    content = prepared.content
    zone = ZoneInfo(content.coalition.timezone)
    pattern = pattern or ms.DatePattern()
    archive = open_archive(source, published_from=published_from)
    report = Report(archive.name)
    done = {(m.source.path, m.source.commit): m.date for m in content.meetings.values()
            if m.source is not None and m.source.archive == archive.name}
    taken = set(content.meetings) | _names(content_dir / "meetings")
    minutes = _read_minutes(archive, pattern, done, report)
    files: dict[str, bytes] = {}
    wanted: dict[str, str] = {}  # portal path -> archive path
    for item in sorted(minutes, key=lambda m: (m.date, m.path)):
        item.meeting_id = free_id(f"{item.date.isoformat()}-regular", taken)
        taken.add(item.meeting_id)
        found = ms.attendees(item.text)
        item.people = found.people
        for name in dict.fromkeys(found.twice):
            times = found.twice.count(name) + 1
            said = "twice" if times == 2 else f"{times} times"
            report.notes.append(f"{item.path}: {name} is named {said} in the Present section; "
                                "counted once")
        for linked in ms.linked_files(item.text, item.path):
            where = ms.beside(item.path, linked)
            if where in archive.files:
                wanted[f"meetings/{item.meeting_id}/{linked}"] = where
            else:
                report.notes.append(f"{item.path}: links to {linked}, which is not in the "
                                    "archive (not copied)")
    ids, periods = _members(minutes, content, report, files)
    for item in minutes:
        files[f"meetings/{item.meeting_id}.yml"] = _meeting_yaml(
            item, archive, zone, ids, content, periods).encode()
        report.imported.append(f"{item.path} -> meetings/{item.meeting_id}.yml")
    contents = archive.read(sorted(set(wanted.values())))
    for portal_path, archive_path in sorted(wanted.items()):
        files[portal_path] = contents[archive_path]
        report.files.append(f"{archive_path} -> {portal_path}")
    if files:
        _stage_and_write(content_dir, files)
    return report


def _names(folder: Path) -> set[str]:
    """The ids a new meeting must not take: meeting files and attachment folders."""
    if not folder.is_dir():
        return set()
    return ({p.stem for p in folder.glob("*.y*ml")}
            | {p.name for p in folder.iterdir() if p.is_dir()})


def _read_minutes(archive: Archive, pattern: ms.DatePattern, done: dict, report: Report
                  ) -> list[_Minutes]:
    # a file renamed in the archive since it was imported: the same first commit and date
    present = {archive.where(path) for path in archive.files}
    moved = {(commit, day): path for (path, commit), day in done.items()
             if commit and path not in present}
    done_paths = {path for path, _ in done}
    dated = []
    for path in sorted(archive.files):
        if not pattern.candidate(path):
            continue
        day, why = pattern.date(path)
        if day is None:
            report.skipped.append(f"{path}: {why}")
        elif archive.where(path) in done_paths:
            report.kept.append(f"{path}: imported before (its meeting file is not touched)")
        elif archive.git and path in archive.first and \
                (archive.first[path].commit, day) in moved:
            report.kept.append(f"{path}: imported before as "
                               f"{moved[archive.first[path].commit, day]} (renamed since)")
        elif archive.git and path not in archive.first:
            report.skipped.append(f"{path}: no commit adds it")
        elif archive.files[path] > MAX_BYTES:
            report.skipped.append(_too_big(path, archive.files[path]))
        else:
            dated.append((path, day))
    raw = archive.read([path for path, _ in dated])
    out = []
    for path, day in dated:
        text = ms.decode(raw[path])
        if text is None:
            report.skipped.append(f"{path}: a binary file, not Markdown text")
            continue
        # the meeting file holds the text indented by 4 spaces, and the record around it
        if len(raw[path]) + 4 * text.count("\n") + 8192 > MAX_BYTES:
            report.skipped.append(_too_big(path, len(raw[path])))
            continue
        text, cleaned = ms.clean(text)
        report.cleaned += [f"{path}:{c.line}: {c.describe()} removed" for c in cleaned]
        if not text.strip():
            report.skipped.append(f"{path}: empty")
            continue
        out.append(_Minutes(path, day, text))
    return out


def _too_big(path: str, size: int) -> str:
    return (f"{path}: {size:,} bytes, over the size cap of a meeting file "
            f"({MAX_BYTES // 1024} KiB with its record)")


def _members(minutes: list[_Minutes], content, report: Report, files: dict):
    """One member per person: seen with and without a handle, or in several files.
    Returns the member id for each name (lowercase), and the new members' periods."""
    by_handle: dict[str, str] = {}
    for item in minutes:
        for person in item.people:
            if person.handle and person.name.lower() != person.handle.lower():
                by_handle.setdefault(person.handle.lower(), person.name)
    existing = {m.name.lower(): mid for mid, m in content.members.items()}
    people: dict[str, dict] = {}  # name (lower) -> what we know
    for item in sorted(minutes, key=lambda m: m.date):
        for person in item.people:
            name = person.name
            if person.name.lower() == (person.handle or person.name).lower():
                name = by_handle.get(person.name.lower(), person.name)  # a handle, or a name
            person.name = name
            seen = people.setdefault(name.lower(), {"name": name, "days": [], "org": None})
            seen["days"].append(item.date)
            seen["org"] = seen["org"] or person.organization
    ids: dict[str, str] = {}
    periods: dict[str, tuple] = {}
    taken = set(content.members)
    last_meeting = max((m.date for m in minutes), default=None)
    for key, seen in sorted(people.items()):
        if key in existing:
            ids[key] = existing[key]
            continue
        member_id = free_id(slugify(seen["name"]), taken)
        taken.add(member_id)
        ids[key] = member_id
        first, last = min(seen["days"]), max(seen["days"])
        period = f"  - joined: {first.isoformat()}\n"
        periods[member_id] = (first, None)
        if last < last_meeting:
            period += f"    left: {last.isoformat()}\n"
            periods[member_id] = (first, last)
        constituency = seen["org"] or "Not recorded in the source archive."
        files[f"members/{member_id}.yml"] = (
            schema_line("member", 2) + f"name: {scalar(seen['name'])}\nkind: person\n"
            f"constituency: {scalar(constituency)}\nmemberships:\n{period}").encode()
        report.members.append(f"{seen['name']} -> members/{member_id}.yml "
                              f"({first} to {last})")
    for key, seen in people.items():
        if key in existing:
            member = content.members[existing[key]]
            outside = [d for d in seen["days"] if not member.is_member_on(d)]
            if outside:
                report.notes.append(f"{seen['name']} (members/{existing[key]}.yml, kept) was not "
                                    f"a member on {outside[0]}: not listed as present then")
                ids[key] = ""
                for item in minutes:
                    if item.date in outside:
                        item.people = [p for p in item.people if p.name.lower() != key]
    return ids, periods


def _meeting_yaml(item: _Minutes, archive: Archive, zone: ZoneInfo, ids: dict[str, str],
                  content, periods: dict[str, tuple]) -> str:
    title = ms.title(item.text)
    present = {ids[p.name.lower()] for p in item.people if ids.get(p.name.lower())}
    members_then = {mid for mid, m in content.members.items() if m.is_member_on(item.date)}
    members_then |= {mid for mid, (first, last) in periods.items()
                     if first <= item.date and (last is None or item.date <= last)}
    lines = [schema_line("meeting", 2).rstrip("\n")]
    if title:
        lines.append(f"title: {scalar(title)}")
    lines += [f"date: {item.date.isoformat()}", "kind: regular", "status: held"]
    rows = [(mid, "present") for mid in sorted(present)] + \
           [(mid, "not-recorded") for mid in sorted(members_then - present)]
    if rows:
        lines.append("attendance:")
        lines += [f"  - member: {mid}\n    status: {status}" for mid, status in rows]
    lines += ["minutes:", f"  published: {archive.published(item.path, zone).isoformat()}",
              "  body: |2"]
    body = item.text.strip("\n")
    lines += [f"    {line}" if line else "" for line in body.split("\n")]
    lines += ["source:", f"  archive: {scalar(archive.name)}",
              f"  path: {scalar(archive.where(item.path))}"]
    if archive.git:
        lines.append(f"  commit: {archive.first[item.path].commit}")
    text = "\n".join(lines) + "\n"
    try:
        back = parse(text).data["minutes"]["body"]
    except (YamlProblem, KeyError, TypeError) as exc:
        raise AuthoringError([f"{archive.name}/{item.path}: its minutes cannot be written as "
                              f"YAML ({exc}); nothing was written"]) from None
    if back != body + "\n":
        raise AuthoringError([f"{archive.name}/{item.path}: its minutes do not read back as "
                              "written; nothing was written"])
    return text


def _stage_and_write(content_dir: Path, files: dict[str, bytes]) -> None:
    """Validate the content with ``files`` added, in a copy; then write them (all or none)."""
    with tempfile.TemporaryDirectory(prefix="coalition-import-") as tmp:
        copy = Path(tmp) / content_dir.resolve().name
        shutil.copytree(content_dir, copy, symlinks=True)
        for relative, data in files.items():
            (copy / relative).parent.mkdir(parents=True, exist_ok=True)
            (copy / relative).write_bytes(data)
        settings = dataclasses.replace(portal_options(content_dir), back_dating="off")
        try:
            prepare(copy, settings, fail_on_overdue=False)
        except ContentError as exc:
            problems = errors(exc.findings)
            raise AuthoringError([str(f) for f in problems] + [
                f"{len(problems)} problem(s) with the imported content; nothing was "
                "written."]) from None
        written: list[Path] = []
        try:
            for relative in sorted(files):
                target = content_dir / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(copy / relative, target)
                written.append(target)
        except OSError as exc:
            for path in written:
                path.unlink(missing_ok=True)
            raise AuthoringError([f"{exc.filename}: {exc.strerror}; nothing was written"]) \
                from None
