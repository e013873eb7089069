"""Reading a content folder into validated records.

``read(content_dir)`` reads every file, validates each against its model and returns a
:class:`Content` with every problem of every file.  A record that fails its model is salvaged
(``salvage``): what is left of it is in the content for the checks, and ``Content.invalid``
names it, so that a reference to it says where it failed rather than that it does not exist.
``load(content_dir)`` raises every problem together as one :class:`ContentError`.
Cross-record checks live in ``checks``; this module only knows files, YAML and single records.
"""

from __future__ import annotations

import contextlib
import gc
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from pydantic import ValidationError
from pydantic_core import to_json

from ..halves import in_two
from .findings import ContentError, Finding, field_path
from .messages import plain_message
from .model import (
    SLUG_PATTERN,
    Amendment,
    Coalition,
    Endorsement,
    LinksLedger,
    Meeting,
    Member,
    PlatformVersion,
    Record,
    Roles,
)
from .parse_cache import ParsedFiles
from .salvage import Cut, error_loc, salvage
from .strict_yaml import Document, YamlProblem, decode, parse

YAML_SUFFIXES = (".yml", ".yaml")
_SLUG = re.compile(SLUG_PATTERN)

# folder -> model of each file in it
FOLDERS: dict[str, type[Record]] = {
    "platform": PlatformVersion,
    "members": Member,
    "meetings": Meeting,
    "amendments": Amendment,
    "endorsements": Endorsement,
}
# top-level file stem -> model
TOP_FILES: dict[str, type[Record] | None] = {
    "coalition": Coalition,
    "roles": Roles,
    "links": LinksLedger,  # the ledger of published links (optional)
}
OPTIONAL_TOP_FILES = {"links"}
KIND_NAMES = {
    Coalition: "coalition", Roles: "roles", PlatformVersion: "platform", Member: "member",
    Meeting: "meeting", Amendment: "amendment", Endorsement: "endorsement", LinksLedger: "links",
}
# what other records refer to inside a file: (its field, the kind of reference, the id's field;
# None: the mapping's keys are the ids)
INNER_IDS: dict[type[Record], tuple[str, str, str | None]] = {
    Meeting: ("decisions", "decision", "id"),
    PlatformVersion: ("clauses", "clause", "id"),
    Roles: ("roles", "role", "id"),
    Coalition: ("decision_rules", "class", None),
}


@dataclass(frozen=True)
class Source:
    """Where a record came from: its path as shown to people, and its parsed document."""

    path: str
    document: Document
    cut: Cut = Cut()  # what was cut out of a record that failed its model

    def line(self, *loc) -> int:
        return self.document.line_of(self.cut.original(loc))

    def finding(self, loc: tuple, message: str, **kw) -> Finding:
        where = self.cut.original(loc)
        return Finding(self.path, self.document.line_of(where), field_path(where), message, **kw)

    def known(self, *loc) -> bool:
        """Nothing at, under or above ``loc`` was cut from the record (see ``salvage``)."""
        return self.cut.known(*loc)


@dataclass
class Content:
    """Every record of a coalition, by id, with the source of each."""

    root: Path
    coalition: Coalition
    roles: Roles
    platforms: dict[str, PlatformVersion]  # by id, ordered by number
    members: dict[str, Member]  # by id, ordered by id
    meetings: dict[str, Meeting]  # by id, ordered by date then id
    amendments: dict[str, Amendment]
    endorsements: dict[str, Endorsement]
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)  # (kind, id) -> source
    links: LinksLedger | None = None  # content/links.yml, when the portal keeps one
    # (kind, id) -> "file:line" of its first problem, for each record that failed its model
    # (what is left of it, if anything, is among the records above) and each decision, clause,
    # role and decision class cut out of one; kinds: KIND_NAMES' and INNER_IDS'.  (kind, "")
    # for an inner kind: a file that may hold such ids could not be read at all
    invalid: dict[tuple[str, str], str] = field(default_factory=dict)

    def source(self, kind: str, record_id: str = "") -> Source:
        return self.sources[(kind, record_id)]

    def failed(self, kind: str, record_id: str) -> str | None:
        """Where the record ``record_id`` of ``kind`` failed its model, if it did."""
        return self.invalid.get((kind, record_id))


def forget_texts(content: Content, keep: Iterable[str] = ("links",)) -> None:
    """Once the checks are done, let each record's text go (kept for the line numbers of
    findings; a long archive's texts are tens of megabytes), except for the kinds in
    ``keep`` that later steps still report on (the link ledger, after the build)."""
    for (kind, _), source in content.sources.items():
        if kind not in keep:
            source.document.forget_text()


@contextmanager
def gc_paused():
    """No cyclic garbage collection while records are built.

    Reading an archive makes millions of objects and no reference cycles; the
    collections their allocation triggers walk the objects made so far again and
    again, for nothing (about a tenth of reading and checking a ten-year archive).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load(content_dir: str | Path, parsed: ParsedFiles | None = None) -> Content:
    """Read and validate every file under ``content_dir``; raise ContentError on any problem.

    With ``parsed`` (``coalition validate``), a file whose bytes it knows is not parsed again.
    """
    content, findings = read(content_dir, parsed)
    if findings or content is None:
        raise ContentError(findings)
    return content


def read(content_dir: str | Path, parsed: ParsedFiles | None = None
         ) -> tuple[Content | None, list[Finding]]:
    """Every record under ``content_dir`` (what is left of those that fail their model) and
    every problem of every file; no content when coalition.yml is lost, since every other
    file is checked against it.  Without a roles.yml that stands, an empty one stands in
    (and has no source): there are problems, so no site is built from it."""
    try:
        with gc_paused():
            return _read(content_dir, parsed)
    finally:
        if parsed is not None:  # a run with problems keeps what it parsed too
            parsed.save()


def _read(content_dir: str | Path, parsed: ParsedFiles | None
          ) -> tuple[Content | None, list[Finding]]:
    root = Path(content_dir)
    display_base = root.parent.resolve()
    shown_dirs: dict[Path, str] = {}
    findings: list[Finding] = []
    if not root.is_dir():
        return None, [Finding(str(content_dir), 0, "", "the content folder does not exist")]
    records: dict[type[Record], dict[str, Record]] = {model: {} for model in KIND_NAMES}
    sources: dict[tuple[str, str], Source] = {}
    invalid: dict[tuple[str, str], str] = {}
    files = list(_content_files(root, findings))
    if parsed is None:
        parsed = _parsed_in_two([path for path, _ in files])
    for path, model in files:
        shown = _display(path, display_base, shown_dirs)
        one = _read_record(path, shown, model, parsed)
        findings.extend(one.findings)
        record_id = "" if model in (Coalition, Roles, LinksLedger) else path.stem
        if record_id and not _SLUG.match(record_id):
            findings.append(Finding(shown, 0, "", f"the file name '{path.name}' is not a valid "
                "id: use lowercase letters, digits and dashes (e.g. parks-dept.yml)"))
            continue
        if record_id in records[model]:
            findings.append(Finding(shown, 0, "", f"the id '{record_id or path.stem}' is used by "
                                    f"another file too ({sources[(KIND_NAMES[model], record_id)].path})"))
            continue
        if one.findings:
            invalid.setdefault((KIND_NAMES[model], record_id), _where(min(one.findings)))
        for key, finding in one.lost_inside:
            invalid.setdefault(key, _where(finding))
        if one.record is not None:
            records[model][record_id] = one.record
            sources[(KIND_NAMES[model], record_id)] = one.source
    for stem, model in TOP_FILES.items():
        if stem in OPTIONAL_TOP_FILES:
            continue
        if model is not None and "" not in records[model] and not _top_file(root, stem):
            findings.append(Finding(_display(root / f"{stem}.yml", display_base), 0, "",
                                    f"{stem}.yml is missing; every portal needs one"))
    if "" not in records[Coalition]:  # every other file is checked against it
        return None, findings
    if "" not in records[Roles]:  # only its own terms refer to its roles: the rest is checked
        records[Roles][""] = Roles.model_construct(roles=[], terms=[])
    return Content(
        root=root,
        coalition=records[Coalition][""],
        roles=records[Roles][""],
        platforms=dict(sorted(records[PlatformVersion].items(), key=lambda kv: kv[1].number)),
        members=dict(sorted(records[Member].items())),
        meetings=dict(sorted(records[Meeting].items(), key=lambda kv: (kv[1].date, kv[0]))),
        amendments=dict(sorted(records[Amendment].items())),
        endorsements=dict(sorted(records[Endorsement].items())),
        sources=sources,
        links=records[LinksLedger].get(""),
        invalid=invalid,
    ), findings


# How much YAML a build has parsed by two processes (halves.in_two) rather than one: a
# forked copy parses the last files while this process parses the first.  Past the
# upper bound, by one again: every file's data is held until all are validated (a long
# archive's minutes twice over)
SHARED_BYTES = 1_000_000
SHARED_BYTES_MAX = 16_000_000


def _parsed_in_two(paths: list[Path]) -> ParsedFiles | None:
    """A build's files parsed by this process and a forked copy, as the data the models
    validate (:func:`_document` then takes them as it takes those ``coalition validate``
    kept): None when they are fewer bytes than :data:`SHARED_BYTES` or more than
    :data:`SHARED_BYTES_MAX` (each is then parsed as it is read).  A file that does not
    parse, or is no mapping, is left out: it is parsed again as it is read, and its
    problem reported then."""
    sizes = {}
    for path in paths:
        with contextlib.suppress(OSError):
            sizes[path] = path.stat().st_size
    if not SHARED_BYTES <= sum(sizes.values()) <= SHARED_BYTES_MAX:
        return None
    known = {}
    for got in in_two(list(sizes), _parsed_data, lambda path: sizes[path]):
        if got is not None:
            known[got[0]] = got[1]
    return ParsedFiles(None, known)


def _parsed_data(path: Path) -> tuple[str, str] | None:
    """(digest of the file's bytes, its data as JSON), or None if it cannot be so."""
    try:
        raw = path.read_bytes()
        document = parse(decode(raw))
    except (OSError, YamlProblem):
        return None
    if not isinstance(document.data, dict):
        return None
    return ParsedFiles.digest(raw), to_json(document.data).decode("utf-8")


def _where(finding: Finding) -> str:
    return f"{finding.path}:{finding.line}" if finding.line else finding.path


def _top_file(root: Path, stem: str) -> Path | None:
    for suffix in YAML_SUFFIXES:
        if (root / f"{stem}{suffix}").exists():
            return root / f"{stem}{suffix}"
    return None


def _display(path: Path, base: Path, shown_dirs: dict[Path, str] | None = None) -> str:
    """``path`` as shown to people: its real path relative to ``base`` (else as given).

    With ``shown_dirs`` (one per load), a file that is no link is shown as its folder
    plus its name, so each folder is resolved once, not once per file in it.
    """
    if shown_dirs is not None and not path.is_symlink():
        folder = shown_dirs.get(path.parent)
        if folder is None:
            folder = shown_dirs[path.parent] = _display(path.parent, base)
        return path.name if folder == "." else f"{folder}/{path.name}"
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _content_files(root: Path, findings: list[Finding]):
    """Yield (path, model) for each content file; report files that don't belong."""
    base = root.parent.resolve()
    real_root = root.resolve()
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            continue
        if not _inside(entry, real_root, base, findings):
            continue
        if entry.is_dir():
            model = FOLDERS.get(entry.name)
            if model is None:
                findings.append(Finding(_display(entry, base), 0, "",
                    f"'{entry.name}/' is not a content folder; use one of: "
                    f"{', '.join(sorted(FOLDERS))}"))
                continue
            yield from _folder_files(entry, model, real_root, base, findings)
        elif entry.suffix in YAML_SUFFIXES and entry.stem in TOP_FILES:
            if TOP_FILES[entry.stem] is not None:
                yield entry, TOP_FILES[entry.stem]
        elif entry.name.lower() in ("readme.md", "readme"):
            continue
        else:
            findings.append(Finding(_display(entry, base), 0, "",
                "this file does not belong in the content folder; expected coalition.yml, "
                "roles.yml, links.yml or one of the folders " + ", ".join(sorted(FOLDERS))))


def _folder_files(folder: Path, model, real_root: Path, base: Path, findings: list[Finding]):
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if not _inside(entry, real_root, base, findings):
            continue
        if entry.is_dir():
            if model is Meeting:
                continue  # a meeting's attachments (content.attachments reads them)
            findings.append(Finding(_display(entry, base), 0, "",
                f"folders inside {folder.name}/ are not read; move its files up"))
        elif entry.suffix not in YAML_SUFFIXES:
            findings.append(Finding(_display(entry, base), 0, "",
                f"{folder.name}/ holds only YAML files ending in .yml; this is not one"
                + ("; a meeting's attachments go in a folder named like its file, "
                   "meetings/<meeting-id>/" if model is Meeting else "")))
        else:
            yield entry, model


def _inside(entry: Path, real_root: Path, base: Path, findings: list[Finding]) -> bool:
    """Refuse links that lead out of the content folder (or nowhere)."""
    if not entry.is_symlink():
        return True
    try:
        target = entry.resolve(strict=True)
    except (OSError, RuntimeError):
        findings.append(Finding(_display(entry, base), 0, "", "this link points to nothing"))
        return False
    if not target.is_relative_to(real_root):
        findings.append(Finding(entry.relative_to(base).as_posix() if entry.is_relative_to(base)
                                else entry.as_posix(), 0, "",
                                "this link points outside the content folder; copy the file in instead"))
        return False
    return True


@dataclass
class _Read:
    """One file read: its record (what is left of it), its source, its problems, and the
    (kind, id) of each inner record others refer to that was cut with its first problem."""

    record: Record | None = None
    source: Source | None = None
    findings: list[Finding] = field(default_factory=list)
    lost_inside: list[tuple[tuple[str, str], Finding]] = field(default_factory=list)


def _read_record(path: Path, shown: str, model: type[Record], parsed: ParsedFiles | None
                 ) -> _Read:
    out = _Read()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        out.findings.append(Finding(shown, 0, "", f"the file cannot be read ({exc.strerror})"))
        raw = None
    read = _document(raw, shown, out.findings, parsed) if raw is not None else None
    if read is None:
        if model in INNER_IDS:  # which decisions (clauses...) it holds is not known
            out.lost_inside = [((INNER_IDS[model][1], ""), min(out.findings))]
        return out
    document, data_json = read
    source = Source(shown, document)
    try:
        out.record, out.source = _validated(model, data_json, parsed), source
        return out
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    located = [(error_loc(e), Finding(shown, source.line(*error_loc(e)), field_path(error_loc(e)),
                                      plain_message(e, model))) for e in errors]
    out.findings = [finding for _, finding in located]
    data = json.loads(data_json)
    out.record, cut = salvage(model, data)
    if out.record is not None:
        out.source = Source(shown, document, cut)
    out.lost_inside = _lost_inside(model, data, cut if out.record is not None else None, located)
    return out


class Records:
    """A preview's valid records by model and JSON data: the last build's, and this one's.

    Strict validation makes a record of its JSON data alone, and a record is only read
    once made: a preview's rebuild takes the last one's record of an unchanged file
    (:mod:`..publish.preview`).  Only the last build's are kept."""

    def __init__(self, earlier: dict | None = None) -> None:
        self.earlier = earlier or {}
        self.now: dict = {}

    def next(self) -> Records:
        """For the next build: what this one made."""
        return Records(self.now)


def _validated(model: type[Record], data_json, parsed: ParsedFiles | None) -> Record:
    records = parsed.records if parsed is not None else None
    if records is None:
        return model.model_validate_json(data_json, strict=True)
    key = (model, data_json if isinstance(data_json, str) else data_json.decode("utf-8"))
    record = records.earlier.get(key)
    if record is None:
        record = model.model_validate_json(data_json, strict=True)
    records.now[key] = record
    return record


def _lost_inside(model: type[Record], data: dict, cut: Cut | None,
                 located: list[tuple[tuple, Finding]]) -> list[tuple[tuple[str, str], Finding]]:
    """The decisions, clauses, roles or decision classes of a failed file that were cut
    (all of them when ``cut`` is None: the record is lost), each with its first problem."""
    if model not in INNER_IDS:
        return []
    name, kind, id_field = INNER_IDS[model]
    inner = data.get(name)
    if isinstance(inner, list):
        ids = [(i, item.get(id_field)) for i, item in enumerate(inner) if isinstance(item, dict)]
    elif isinstance(inner, dict):
        ids = [(key, key) for key in inner]
    else:
        return []
    out = []
    for key, inner_id in ids:
        place = (name, key)
        if not isinstance(inner_id, str) or (cut is not None and not cut.covers(place)):
            continue
        first = min((f for loc, f in located if loc[:2] == place),
                    default=min(f for _, f in located))
        out.append(((kind, inner_id), first))
    return out


def _document(raw: bytes, shown: str, findings: list[Finding], parsed: ParsedFiles | None):
    """The file's Document and its data as JSON, or None after a finding.

    The data goes to the models as JSON so that strict mode takes enum values as text
    and coerces nothing.  It is parsed only when ``parsed`` does not know these bytes.
    """
    digest = parsed.digest(raw) if parsed is not None else ""
    known = parsed.get(digest) if parsed is not None else None
    if known is not None:  # these very bytes were read before: valid UTF-8, a mapping
        return Document(None, raw.decode("utf-8")), known
    try:
        document = parse(decode(raw))
    except YamlProblem as problem:
        findings.append(Finding(shown, problem.line, field_path(problem.field),
                                _yaml_message(problem)))
        return None
    if not isinstance(document.data, dict):
        what = "a list" if isinstance(document.data, list) else "a single value"
        findings.append(Finding(shown, document.line_of(()), "",
            f"the file holds {what}; it should hold fields written as 'name: value'"))
        return None
    # pydantic-core writes the same JSON as json.dumps here (the data is only text, finite
    # numbers, booleans, None, lists and dicts), in a third of the time
    data_json = to_json(document.data)
    # the record will hold the values; line numbers come from the text: a long
    # archive's parsed documents were a third of what the loaded content kept
    document.data = None
    if parsed is not None:
        parsed.put(digest, data_json.decode("utf-8"))
    return document, data_json


def _yaml_message(problem: YamlProblem) -> str:
    """Say what a repeated key means where it matters: a vote is one line per member."""
    loc = problem.field
    if problem.first_line and len(loc) == 4 and loc[0] == "decisions" and loc[2] == "vote":
        return (f"{loc[3]} votes twice in this vote (first on line {problem.first_line}); "
                "a member votes once — keep one line")
    return problem.message
