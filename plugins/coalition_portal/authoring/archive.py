"""Reading a minutes archive for ``coalition import``: its files, and the day each first appeared.

A git repository is read in a handful of processes whatever its size:

- ``git rev-parse`` (is it a repository, is it shallow), ``git remote get-url origin``;
- ``git ls-tree -r HEAD``: the files as committed (the working tree is not read);
- one ``git log --reverse -M --raw`` over the whole history, parsed once, following
  renames: a file's first commit is the one that added it under its first name;
- ``git cat-file --batch`` for the contents (once for the minutes, once for their files).

A plain folder has no history: its files' dates prove nothing, so it is read only when the
user says to take each file's modification time (``--published-from mtime``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from ..checks.git_history import (
    LOG_FORMAT,
    GitTimedOut,
    GitUnavailable,
    git,
    read_changes,
)
from .files import AuthoringError

GIT_TIMEOUT = 300


@dataclass(frozen=True)
class First:
    """The first commit that added a file (under any of its names)."""

    commit: str
    when: int  # committer time, seconds since the epoch


@dataclass
class Archive:
    """What the importer needs of a source: its name, files and their first appearance."""

    name: str  # the repository's remote URL, or the folder's path
    files: dict[str, int]  # path (relative, POSIX) -> size in bytes
    first: dict[str, First]  # path -> its first commit (git only)
    root: Path
    blobs: dict[str, str]  # path -> blob id (git only)
    git: bool
    prefix: str = ""  # the folder read, as a path in the repository ("" or "notes/")

    def where(self, path: str) -> str:
        """A file's path in the archive (the repository), for ``source.path``."""
        return self.prefix + path

    def read(self, paths: list[str]) -> dict[str, bytes]:
        """The contents of ``paths`` (one ``git cat-file --batch`` for a repository)."""
        if not self.git:
            out = {}
            for path in paths:
                try:
                    out[path] = (self.root / path).read_bytes()
                except OSError as exc:
                    raise AuthoringError([f"{self.name}/{path}: cannot be read "
                                          f"({exc.strerror}); nothing was written"]) from None
            return out
        order = sorted({self.blobs[p] for p in paths})
        raw = _git(self.root, "cat-file", "--batch",
                   stdin="".join(f"{b}\n" for b in order).encode())
        contents, pos = {}, 0
        for blob in order:
            end = raw.index(b"\n", pos)
            size = int(raw[pos:end].split(b" ")[2])
            contents[blob] = raw[end + 1:end + 1 + size]
            pos = end + 1 + size + 1
        return {p: contents[self.blobs[p]] for p in paths}

    def published(self, path: str, zone: ZoneInfo) -> dt.date:
        return dt.datetime.fromtimestamp(self.first[path].when, zone).date()


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        return git(cwd, *args, stdin=stdin, timeout=GIT_TIMEOUT)
    except GitTimedOut:
        raise AuthoringError([f"{cwd}: git {args[0]} took longer than {GIT_TIMEOUT} s; "
                              "nothing was written"]) from None
    except OSError:
        raise AuthoringError([f"{cwd}: git cannot be run here (is it installed?); "
                              "nothing was written"]) from None
    except GitUnavailable as exc:
        raise _GitFailed(exc.args[0][0]) from None


class _GitFailed(Exception):
    pass


def open_archive(source: Path, *, published_from: str = "git") -> Archive:
    """The archive at ``source``: a git repository (or a folder inside one), or with
    ``published_from="mtime"`` a plain folder whose files' modification times are taken."""
    if not source.is_dir():
        what = "does not exist" if not source.exists() else "is not a folder"
        raise AuthoringError([f"{source}: {what}; give the folder or repository of the "
                              "minutes archive. Nothing was written."])
    if not os.access(source, os.R_OK | os.X_OK):
        raise AuthoringError([f"{source}: cannot be read (permission denied); "
                              "nothing was written"])
    if published_from == "mtime":
        return _folder(source)
    try:
        said = _git(source, "rev-parse", "--is-shallow-repository", "--show-toplevel",
                    "--show-prefix").decode("utf-8", "surrogateescape")
        shallow, toplevel, prefix = (said.split("\n") + ["", "", ""])[:3]
    except _GitFailed as exc:
        if "not a git repository" in str(exc):
            raise AuthoringError([
                f"{source}: not a git repository: publication dates cannot be proven; "
                "give --published-from mtime to take the files' modification dates instead. "
                "Nothing was written."]) from None
        raise AuthoringError([f"{source}: git cannot read it ({exc}); "
                              "nothing was written"]) from None
    if shallow == "true":
        raise AuthoringError([f"{source}: a shallow clone: the start of its history is missing, "
                              "so the first commit of a file cannot be known; fetch the whole "
                              "history (git fetch --unshallow). Nothing was written."])
    try:
        tree = _git(source, "ls-tree", "-r", "-z", "-l", "HEAD")
        log = _git(source, "log", "--reverse", "--topo-order", "-M", "--raw", "--no-abbrev",
                   "-z", "--relative", LOG_FORMAT, "HEAD")
    except _GitFailed as exc:
        raise AuthoringError([f"{source}: git cannot read its history ({exc}); "
                              "nothing was written"]) from None
    files, blobs = {}, {}
    for entry in tree.decode("utf-8", "surrogateescape").split("\0"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        mode, kind, blob, size = meta.split()
        if kind == "blob" and mode in ("100644", "100755"):
            files[path], blobs[path] = int(size), blob
    try:
        remote = _git(source, "remote", "get-url", "origin").decode().strip()
    except _GitFailed:
        remote = ""
    # an address with a user and token in it (https://user:token@host/...) is published
    # in every imported meeting: keep the address, never the credentials
    remote = re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", r"\1", remote)
    return Archive(remote or toplevel or str(source.resolve()), files, first_commits(log),
                   source, blobs, True, prefix.strip())


def first_commits(log: bytes) -> dict[str, First]:
    """Each file's (by its latest path) first commit, from one ``git log --reverse --raw -M``.

    A rename carries a file's identity to its new path, so the renamed file keeps the
    commit that first added it.
    """
    changes, identity = read_changes(log)
    first: dict[int, First] = {}
    for change in changes:
        # the first commit that adds it (parents come first); an add on another branch
        # that is earlier still wins, a later edit never does
        if change.status != "D" and (change.file not in first or (
                change.status == "A" and change.when < first[change.file].when)):
            first[change.file] = First(change.commit, change.when)
    return {path: first[key] for path, key in identity.items() if key in first}


def _folder(source: Path) -> Archive:
    files, first = {}, {}
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source).as_posix()
        if any(part.startswith(".") for part in relative.split("/")):
            continue  # .git and hidden files
        if path.is_file() and not path.is_symlink():
            stat = path.stat()
            files[relative] = stat.st_size
            first[relative] = First("", int(stat.st_mtime))
    return Archive(str(source.resolve()), files, first, source, {}, False)
