"""What ``coalition validate`` parsed last time, so that an unchanged file is not parsed again.

Reading the YAML is a third of validating a ten-year archive, and a secretary runs
``coalition validate`` again and again while editing one file.  Each file's parsed data
is kept, as the JSON the models validate, under the SHA-256 of the file's bytes; a file
whose bytes are unchanged skips the parser and is validated and checked like any other.

The cache lives in the user's cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``), never
in the repository, so no one can commit a cache that says a file holds something it does
not; and only ``coalition validate`` uses it: a build always reads every file afresh.
A preview (``mkdocs serve``, :mod:`..publish.preview`) keeps one in memory only
(``ParsedFiles(None, ...)``), from one rebuild to the next of the same process.
It is keyed by the content folder's path and the portal's own code (any change to the
package or to pydantic-core starts it again).  It holds the files of the last run only,
and any problem reading or writing it just means reading the files afresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import pydantic_core


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the content stage's source (this folder, the models' package included)
    and the validator's version."""
    digest = hashlib.sha256(pydantic_core.__version__.encode())
    folder = Path(__file__).parent
    for source in sorted(folder.rglob("*.py")):
        name = source.relative_to(folder).as_posix()
        digest.update(name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def cache_folder() -> Path | None:
    """``$XDG_CACHE_HOME/coalition-portal`` (``~/.cache`` by default); None without a home."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, or relative: the XDG rule is to ignore it
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "coalition-portal"


class ParsedFiles:
    """Parsed data by file digest: the last run's, and this run's as it reads."""

    def __init__(self, path: Path | None, earlier: dict[str, str], records=None):
        self.path = path
        self.earlier = earlier
        self.now: dict[str, str] = {}
        self.records = records  # a preview's validated records (content.load.Records)

    @classmethod
    def for_content(cls, content_dir: str | Path) -> ParsedFiles:
        folder = cache_folder()
        if folder is None:
            return cls(None, {})  # nowhere to keep anything: every run parses every file
        where = str(Path(content_dir).resolve())
        path = folder / f"{hashlib.sha256(where.encode()).hexdigest()[:32]}.json"
        return cls(path, _read(path))

    @staticmethod
    def digest(raw: bytes) -> str:
        return hashlib.sha256(raw).hexdigest()

    def get(self, digest: str) -> str | None:
        data = self.earlier.get(digest)
        if data is not None:
            self.now[digest] = data
        return data

    def put(self, digest: str, data: str) -> None:
        self.now[digest] = data

    def save(self) -> None:
        """Keep this run's files (and only them) for the next run, if anything changed."""
        if self.path is None or self.now.keys() == self.earlier.keys():
            return
        text = json.dumps({"version": code_version(), "files": self.now}, ensure_ascii=False)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, self.path)  # another run reads the old file or the new one
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _read(path: Path) -> dict[str, str]:
    try:
        stored = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("version") != code_version():
        return {}
    files = stored.get("files")
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}
