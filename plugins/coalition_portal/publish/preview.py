"""What a preview (``mkdocs serve``) keeps from one build to the next, keyed by digests.

A preview rebuilds the whole site on every save.  Most of what it makes does not change
with one edit, so :class:`PreviewCache` keeps, for the next build of the same process:

- the parsed data of each content file, under the SHA-256 of its bytes
  (:class:`..content.parse_cache.ParsedFiles`, here in memory only): an unchanged file is
  not parsed again, and its record (valid under the same JSON data) is not made again
  (:class:`..content.load.Records`); it is checked like any other;
- each page's finished output (its HTML once laid out in the engine's theme), under a
  digest of everything the layout reads: the page's own HTML, title, table of contents
  and metadata, its place in the navigation, the whole navigation, the engine's
  configuration and every theme file.  The engine adapter computes those parts; an
  output whose key is unchanged is not laid out again;
- the search entries made from each page, under a digest of the page's searchable HTML,
  title, table of contents and metadata;
- (each page's body, :func:`..site.wayfinding.page_body`, the costliest part of a build,
  is kept by :class:`.preview_model.ModelState` under what the page read of the model,
  per record: see there; this cache only counts the bodies rendered afresh.)

A key covers every input of what it names, so a stale page is impossible: anything not
known for sure (a value whose text shows only an object's address) makes no key, and
that output is simply made again.  Only what the last build used is kept, so the cache
does not grow while a secretary edits, adds, renames and deletes files.
"""

from __future__ import annotations

import copy
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..content.load import Records
from ..content.parse_cache import ParsedFiles

_ADDRESS = " at 0x"  # repr() of an object that says nothing of its state


class NoKey(Exception):
    """A part of a key is not known for sure (its text is only an object's address)."""


def digest(*parts: Any) -> str:
    """SHA-256 of the parts' canonical JSON text (objects by their ``repr``).

    Raises NoKey when a part cannot be told apart from another of different state.
    """
    text = json.dumps(parts, sort_keys=True, default=_as_text, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _as_text(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted(map(repr, value))
    if isinstance(value, Path):
        return str(value)
    text = repr(value)
    if _ADDRESS in text:
        raise NoKey(text)
    return [type(value).__qualname__, text]


def folder_digest(folders: list[str | Path]) -> str:
    """A digest of every file (name and bytes) under ``folders``, in order.

    A folder inside an installed package (``site-packages``) is read once per process:
    an installed theme does not change under a running preview.
    """
    out = hashlib.sha256()
    for folder in folders:
        path = Path(folder)
        part = _installed_digest(str(path)) if "site-packages" in path.parts \
            else _files_digest(path)
        out.update(f"{path}\0{part}\0".encode())
    return out.hexdigest()


@lru_cache(maxsize=64)
def _installed_digest(folder: str) -> str:
    return _files_digest(Path(folder))


def _files_digest(folder: Path) -> str:
    out = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            out.update(path.relative_to(folder).as_posix().encode() + b"\0")
            out.update(path.read_bytes() + b"\0")
    return out.hexdigest()


class PreviewCache:
    """One preview's outputs, from the last build to the next (see the module)."""

    def __init__(self) -> None:
        self._outputs: dict[str, tuple[str, str]] = {}  # page -> (key, output)
        self._used_outputs: dict[str, tuple[str, str]] = {}
        self._entries: dict[str, list[dict]] = {}  # key -> search entries
        self._used_entries: dict[str, list[dict]] = {}
        self.parsed = ParsedFiles(None, {}, Records())
        self.rendered = 0  # this build's page bodies rendered afresh (the others were kept)
        self.laid_out = 0  # this build's outputs made afresh (the others were kept)
        self.reused = 0

    # --- a build ---------------------------------------------------------------------

    def start(self) -> None:
        """A new build: what the last one used is what it may reuse."""
        self.parsed = ParsedFiles(None, self.parsed.now, self.parsed.records.next())
        self.laid_out = self.reused = self.rendered = 0

    def finish(self) -> None:
        """The build succeeded: keep what it used (and only that)."""
        self._outputs, self._used_outputs = self._used_outputs, {}
        self._entries, self._used_entries = self._used_entries, {}

    def abandon(self) -> None:
        """The build failed: the next one starts from the last good build's outputs.

        What this build parsed is kept (a file's data is keyed by its bytes)."""
        self._used_outputs, self._used_entries = {}, {}

    # --- page outputs -----------------------------------------------------------------

    def output(self, page: str, key: str | None) -> str | None:
        """The output kept for ``page`` under ``key``, if any (and mark it used)."""
        if key is None:
            return None
        kept = self._outputs.get(page)
        if kept is None or kept[0] != key:
            return None
        self._used_outputs[page] = kept
        self.reused += 1
        return kept[1]

    def carry_output(self, page: str) -> bool:
        """Keep the last build's output of ``page`` as it is, if there is one (the caller
        knows every input of its key to be unchanged)."""
        kept = self._outputs.get(page)
        if kept is None:
            return False
        self._used_outputs[page] = kept
        self.reused += 1
        return True

    def keep_output(self, page: str, key: str | None, output: str) -> None:
        self.laid_out += 1
        if key is not None:
            self._used_outputs[page] = (key, output)

    # --- search entries ---------------------------------------------------------------

    def entries(self, key: str) -> list[dict] | None:
        """Copies of the search entries kept under ``key``, if any."""
        kept = self._entries.get(key)
        if kept is None:
            return None
        self._used_entries[key] = kept
        return copy.deepcopy(kept)

    def keep_entries(self, key: str, entries: list[dict]) -> None:
        self._used_entries[key] = copy.deepcopy(entries)
