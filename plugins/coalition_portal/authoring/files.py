"""The authoring stage's common ground: refusals, reading the current content, YAML in and
out, and the one path every edit follows (:func:`commit`).

Every edit: the current content must be valid; the new text of one file is written into a
temporary copy of the content folder; the whole copy is loaded and checked
(``pipeline.prepare``, with the options of the portal's mkdocs.yml); only then is the real
file replaced, atomically (temporary file + ``os.replace``).  An invalid result raises
:class:`AuthoringError` and leaves every file as it was.

Existing files are edited with ruamel.yaml's round-trip mode, so comments, key order,
quoting and indentation survive; new files are written from small templates in the
demo's layout, starting with the ``# yaml-language-server: $schema=...`` line.
"""


from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from ..checks.pipeline import Prepared, prepare, resolve_as_of
from ..content.findings import ContentError, errors, warnings
from ..content.load import Content
from ..content.strict_yaml import YamlProblem, parse
from ..settings import ConfigurationError, Settings, portal_settings


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


def portal_options(content_dir: Path) -> Settings:
    """The options of the portal's mkdocs.yml (beside ``content_dir``), as the build reads them;
    an edit is judged as of today (or ``COALITION_AS_OF``), not the pinned ``as_of``."""
    try:
        settings = portal_settings(None, content_dir).settings
    except ConfigurationError as exc:
        raise AuthoringError([f"error: {exc}"]) from None
    return dataclasses.replace(settings, as_of=None)


def current(content_dir: Path) -> Prepared:
    """The content as it is now; an edit starts only from valid content."""
    try:
        return prepare(content_dir, portal_options(content_dir), fail_on_overdue=False)
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


def shown(content_dir: Path, relative: str) -> str:
    return f"{content_dir.resolve().name}/{relative}"


# --- YAML: round-trip edits and new files ---------------------------------------------


def round_trip(path: Path) -> tuple[YAML, CommentedMap]:
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


def dump(yaml: YAML, data) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def append_item(seq: CommentedSeq, item) -> None:
    """Append to a list; an empty flow list (``[]``) becomes a block list."""
    if seq.fa.flow_style():
        seq.fa.set_block_style()
    seq.append(item)


def yaml_text(value: str):
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


def schema_line(kind: str, depth: int) -> str:
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


def commit(content_dir: Path, relative: str, text: str, *, new: bool = False,
            as_of: dt.date | None = None) -> tuple[str, Prepared]:
    """Write ``text`` to ``content_dir/relative`` only if the whole content stays valid."""
    target = content_dir / relative
    if new and target.exists():
        raise AuthoringError([f"{shown(content_dir, relative)}: already exists; nothing was written"])
    with tempfile.TemporaryDirectory(prefix="coalition-edit-") as tmp:
        # same folder name, so findings read content/... as they would for the real folder
        copy = Path(tmp) / content_dir.resolve().name
        shutil.copytree(content_dir, copy, symlinks=True)
        (copy / relative).parent.mkdir(parents=True, exist_ok=True)
        (copy / relative).write_text(text, encoding="utf-8")
        try:
            # git knows nothing of the copy: the history was checked by current()
            settings = dataclasses.replace(portal_options(content_dir), as_of=as_of,
                                           back_dating="off")
            prepared = prepare(copy, settings, fail_on_overdue=False)
        except ContentError as exc:
            problems = errors(exc.findings)  # warnings (late minutes) are not the change's
            raise AuthoringError([str(f) for f in problems] + [
                f"{len(problems)} problem(s) with this change; nothing was written."]) from None
    _write_atomically(target, text)
    return shown(content_dir, relative), prepared


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


def record_path(content: Content, kind: str, record_id: str = "") -> str:
    """The path of an existing record's file, relative to the content folder."""
    shown = content.source(kind, record_id).path
    return shown.split("/", 1)[1]


def notes_for(prepared: Prepared, shown: str) -> list[str]:
    return [f"{f}" for f in warnings(prepared.findings) if f.path == shown]


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:50].strip("-") or "x"


def free_id(base: str, taken) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
