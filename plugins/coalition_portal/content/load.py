"""Reading a content folder into validated records.

``load(content_dir)`` reads every file, validates each against its model and
returns a :class:`Content`; every problem of every file is collected and
raised together as one :class:`ContentError`.  Cross-record checks live in
``checks``; this module only knows files, YAML and single records.
"""

from __future__ import annotations

import difflib
import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from pydantic import ValidationError
from pydantic_core import to_json

from .findings import ContentError, Finding, field_path
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
    slug_problem,
)
from .parse_cache import ParsedFiles
from .strict_yaml import MAX_NUMBER_LENGTH, Document, YamlProblem, decode, parse

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


@dataclass(frozen=True)
class Source:
    """Where a record came from: its path as shown to people, and its parsed document."""

    path: str
    document: Document

    def line(self, *loc) -> int:
        return self.document.line_of(tuple(loc))

    def finding(self, loc: tuple, message: str, **kw) -> Finding:
        return Finding(self.path, self.line(*loc), field_path(loc), message, **kw)


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

    def source(self, kind: str, record_id: str = "") -> Source:
        return self.sources[(kind, record_id)]


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
    try:
        with gc_paused():
            return _load(content_dir, parsed)
    finally:
        if parsed is not None:  # a run with problems keeps what it parsed too
            parsed.save()


def _load(content_dir: str | Path, parsed: ParsedFiles | None) -> Content:
    root = Path(content_dir)
    display_base = root.parent.resolve()
    shown_dirs: dict[Path, str] = {}
    findings: list[Finding] = []
    if not root.is_dir():
        raise ContentError([Finding(str(content_dir), 0, "", "the content folder does not exist")])
    records: dict[type[Record], dict[str, Record]] = {model: {} for model in KIND_NAMES}
    sources: dict[tuple[str, str], Source] = {}
    for path, model in _content_files(root, findings):
        shown = _display(path, display_base, shown_dirs)
        record = _read_record(path, shown, model, findings, parsed)
        if record is None:
            continue
        record_id = "" if model in (Coalition, Roles, LinksLedger) else path.stem
        if record_id and not _SLUG.match(record_id):
            findings.append(Finding(shown, 0, "", f"the file name '{path.name}' is not a valid "
                "id: use lowercase letters, digits and dashes (e.g. parks-dept.yml)"))
            continue
        if record_id in records[model]:
            findings.append(Finding(shown, 0, "", f"the id '{record_id or path.stem}' is used by "
                                    f"another file too ({sources[(KIND_NAMES[model], record_id)].path})"))
            continue
        records[model][record_id] = record[0]
        sources[(KIND_NAMES[model], record_id)] = record[1]
    for stem, model in TOP_FILES.items():
        if stem in OPTIONAL_TOP_FILES:
            continue
        if model is not None and "" not in records[model] and not _top_file(root, stem):
            findings.append(Finding(_display(root / f"{stem}.yml", display_base), 0, "",
                                    f"{stem}.yml is missing; every portal needs one"))
    if findings:
        raise ContentError(findings)
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
    )


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


def _read_record(path: Path, shown: str, model: type[Record], findings: list[Finding],
                 parsed: ParsedFiles | None):
    try:
        raw = path.read_bytes()
    except OSError as exc:
        findings.append(Finding(shown, 0, "", f"the file cannot be read ({exc.strerror})"))
        return None
    read = _document(raw, shown, findings, parsed)
    if read is None:
        return None
    document, data_json = read
    source = Source(shown, document)
    try:
        record = model.model_validate_json(data_json, strict=True)
    except ValidationError as exc:
        findings.extend(_validation_findings(exc, source, model))
        return None
    return record, source


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


def _validation_findings(exc: ValidationError, source: Source, model) -> list[Finding]:
    out = []
    for error in exc.errors(include_url=False):
        loc = tuple(part for part in error["loc"] if part != "[key]")  # a bad key: name the key
        out.append(Finding(source.path, source.line(*loc), field_path(loc),
                           _plain_message(error, model)))
    return out


_TYPE_WORDS = {
    "string_type": "should be text",
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "bool_type": "should be true or false",
    "float_type": "should be a number",
    "list_type": "should be a list (lines starting with '- ')",
    "dict_type": "should be a set of fields ('name: value')",
    "model_type": "should be a set of fields ('name: value')",
    "model_attributes_type": "should be a set of fields ('name: value')",
    "date_type": "should be a date written as YYYY-MM-DD",
}


def _plain_message(error: dict, model) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return "is missing; this field is required"
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        known = _known_fields(model, error["loc"][:-1])
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else (
            f"; known fields here: {', '.join(known)}" if known else "")
        return f"'{name}' is not a known field{hint}"
    if kind in _TYPE_WORDS:
        return f"{_TYPE_WORDS[kind]}, not {_describe(value)}{_type_hint(kind, value)}"
    if kind in ("enum", "literal_error"):
        expected = error.get("ctx", {}).get("expected", "")
        return f"{_describe(value)} is not allowed here; use one of {expected}"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if kind == "too_short":
        return "should have at least one entry"
    if kind == "string_pattern_mismatch" and error["ctx"]["pattern"] == SLUG_PATTERN:
        return slug_problem(value)
    return error["msg"].removeprefix("Value error, ")


def _type_hint(kind: str, value) -> str:
    """What to write instead, for the values older YAML would have read differently."""
    if not isinstance(value, str):
        return ""
    if kind in ("int_type", "int_parsing", "float_type"):
        if len(value) > MAX_NUMBER_LENGTH:
            return " (far too long to be a number)"
        if re.fullmatch(r"[-+]?0[0-9]+", value):
            return " (write the number without leading zeros)"
        if re.fullmatch(r"[-+]?[0-9.]+[eE][-+]?[0-9]+", value):
            return " (write the number out in full, without an exponent)"
        if re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", value):
            return " (remove the quotes around the number)"
    if kind == "bool_type" and value.lower() in ("yes", "no", "on", "off", "y", "n"):
        return " (write true or false)"
    return ""


def _describe(value) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else f"{value[:40]!r}… ({len(value)} characters)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    if value is None:
        return "nothing"
    return type(value).__name__


def _known_fields(model, loc: tuple) -> list[str]:
    """Field names (as written in YAML) of the model found at ``loc``."""
    current = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None)
        current = _inner_model(info.annotation) if info else None
    if current is None:
        return []
    return sorted((f.alias or name) for name, f in current.model_fields.items())


def _inner_model(annotation):
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, Record):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
