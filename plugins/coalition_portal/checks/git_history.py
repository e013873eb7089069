"""When did each meeting's minutes first reach the repository? Git's answer to a claim.

A meeting file's ``minutes.published`` is a claim.  When the content folder is in
a git repository, the committer date (in the coalition's time zone) of the first
commit in which the file has a published date is a date the secretary cannot
quietly move.  This module reads that date for every meeting file at once:

- one ``git rev-parse`` to find the repository and whether it is shallow;
- one ``git log --raw -M`` over ``meetings/`` for every change, oldest first,
  following renames (a renamed file keeps its first date);
- one ``git cat-file --batch`` for the contents of the changed files.

Three processes whatever the size of the archive: never one per file.
:func:`verify` then compares each claim with git's date; a claim earlier than
git's date by more than the tolerance is **back-dating**.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from ..content.findings import Finding, Severity
from ..content.strict_yaml import YamlProblem, parse

MEETINGS = "meetings"
GIT_TIMEOUT = 120
# Checks with a meaning for the reader of the punctuality page.
PROVEN = "proven"  # history read; dates compared
SHALLOW = "shallow"  # a shallow clone: the start of history is missing
NO_GIT = "no-git"  # not in a repository, or git cannot be run
UNTRACKED = "untracked"  # in a repository, but no meeting file was ever committed
OFF = "off"  # the check was switched off


@dataclass(frozen=True)
class History:
    """Git's first date of published minutes per meeting file (by id), or why there is none."""

    state: str
    reason: str = ""
    first_published: dict[str, dt.date] = field(default_factory=dict)


@dataclass(frozen=True)
class BackDating:
    meeting_id: str
    path: str
    claimed: dt.date
    git_date: dt.date

    @property
    def days(self) -> int:
        return (self.git_date - self.claimed).days

    def message(self) -> str:
        return (f"back-dated minutes: the file claims they were published on {self.claimed}, "
                f"but git first shows them published on {self.git_date} ({self.days} days later)")


@dataclass(frozen=True)
class Proof:
    """What git proves about the publication dates, for the build, the page and the CLI."""

    state: str
    reason: str  # one sentence when nothing can be proven
    tolerance_days: int = 1
    imported_until: dt.date | None = None
    confirmed: tuple[str, ...] = ()  # meeting ids whose claim git confirms
    back_dated: tuple[BackDating, ...] = ()
    imported: tuple[str, ...] = ()  # claims on or before imported_until, taken as claimed
    uncommitted: tuple[str, ...] = ()  # published minutes git has not seen yet
    # meetings imported from a source archive (``source``): this repository's history
    # cannot prove their dates, the archive's commit named on the page can; taken as claimed
    sourced: tuple[str, ...] = ()

    @property
    def proves(self) -> bool:
        return self.state == PROVEN

    def proven_dates(self) -> dict[str, dt.date]:
        """The dates the punctuality figures use instead of the claims."""
        return {b.meeting_id: b.git_date for b in self.back_dated}


def git(cwd: Path, *args: str, stdin: bytes | None = None,
        timeout: int = GIT_TIMEOUT) -> bytes:
    """The output of ``git args`` run in ``cwd``; GitUnavailable (its last line of error)
    when it fails, GitTimedOut past ``timeout`` seconds, OSError when git cannot be run."""
    try:
        result = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, input=stdin,
                                capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise GitTimedOut([f"git {args[0]} took longer than {timeout} s"]) from None
    if result.returncode != 0:
        raise GitUnavailable(result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
                             or ["git failed"])
    return result.stdout


class GitUnavailable(Exception):
    pass


class GitTimedOut(GitUnavailable):
    pass


def read_history(content_dir: str | Path, timezone: str) -> History:
    """The first date each meeting file had published minutes, in three git processes.

    The history is a function of the commit it ends at: read again at the same ``HEAD``
    (of a complete clone, for the same folder and time zone; a preview's rebuild after a
    save), the last one is given again, after one quick ``git rev-parse``."""
    root = Path(content_dir)
    try:
        head = git(root, "rev-parse", "--is-shallow-repository", "HEAD").decode().split()
    except (OSError, GitUnavailable, ValueError):
        head = []  # no repository, no commit yet...: read (and said) as below
    key = (str(root.resolve()), timezone, *head) if head[:1] == ["false"] else None
    if key is not None and _LAST and _LAST[0] == key:
        return _LAST[1]
    history = _read_history(root, timezone, head[0] if head else None)
    _LAST[:] = [key, history] if key is not None else []
    return history


_LAST: list = []  # [key, History] of the last complete read


def _read_history(root: Path, timezone: str, shallow: str | None) -> History:
    try:
        if shallow is None:  # (else known already)
            shallow = git(root, "rev-parse", "--is-shallow-repository").decode()
    except OSError:
        return History(NO_GIT, "git is not installed where the site is built")
    except (GitUnavailable, ValueError) as exc:
        said = exc.args[0][0] if exc.args and exc.args[0] else ""
        if "not a git repository" in said or not said:
            return History(NO_GIT, "the content folder is not in a git repository")
        # e.g. "detected dubious ownership": a repository is there, but git will not read it
        return History(UNTRACKED, f"git could not read the repository ({said})")
    if shallow.strip() == "true":
        return History(SHALLOW, "the repository is a shallow clone, so the start of its "
                                "history is missing")
    try:
        log = git(root, "log", "--reverse", "--topo-order", "-M", "--raw", "--no-abbrev", "-z",
                   "--relative", LOG_FORMAT, "--", MEETINGS)
    except GitUnavailable as exc:
        # an empty repository (no commit yet) has no history to read
        return History(UNTRACKED, f"git could not read the history ({exc.args[0][0]})")
    changes = _changes(log)
    if not changes:
        return History(UNTRACKED, "no meeting file has been committed to the repository yet")
    blobs = _blobs(root, {blob for _, _, blob in changes if blob})
    return _first_dates(changes, blobs, ZoneInfo(timezone))


# the format `git log --raw -z` is read with (read_changes): a commit's id and time
LOG_FORMAT = "--format=%x01%H %ct"


@dataclass(frozen=True)
class Change:
    """One file's change in one commit, from ``git log --reverse -M --raw --no-abbrev -z``."""

    commit: str
    when: int  # committer time, seconds since the epoch
    status: str  # git's letter: A, M, D, R (a rename), T...
    file: int  # the file's identity: the same under every name a rename gave it
    blob: str | None  # its content after the change; None when it was deleted


def read_changes(log: bytes) -> tuple[list[Change], dict[str, int]]:
    """Every change of ``log`` (written with :data:`LOG_FORMAT`), oldest first, and each
    path at the end of the history -> its file's identity.

    A rename carries a file's identity to its new path, so a renamed file keeps its
    history (and its first date); a copy is a file of its own.
    """
    identity: dict[str, int] = {}  # path -> file identity
    fresh = itertools.count()
    out: list[Change] = []
    tokens = log.decode("utf-8", "surrogateescape").split("\0")
    commit, when, i = "", 0, 0
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        i += 1
        if token.startswith("\x01"):
            commit, stamp = token[1:].split(" ")
            when = int(stamp)
        elif token.startswith(":"):
            meta = token[1:].split(" ")
            blob, status = meta[3], meta[4]
            if status[0] in "RC":
                old, new = tokens[i], tokens[i + 1]
                i += 2
                key = identity[old] if status[0] == "R" and old in identity else next(fresh)
                if status[0] == "R":
                    identity.pop(old, None)
            else:
                new = tokens[i]
                i += 1
                key = identity[new] if new in identity else next(fresh)
            identity[new] = key
            out.append(Change(commit, when, status[0], key, None if status[0] == "D" else blob))
    return out, identity


def _changes(log: bytes) -> list[tuple[int, str, str | None]]:
    """``(commit time, latest path, blob or None when deleted)`` per change, oldest first."""
    changes, identity = read_changes(log)
    latest = {key: path for path, key in identity.items()}
    return [(c.when, latest[c.file], c.blob) for c in changes if c.file in latest]


def _blobs(root: Path, wanted: set[str]) -> dict[str, bytes]:
    """Contents of many blobs from one ``git cat-file --batch``."""
    order = sorted(wanted)
    raw = git(root, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in order).encode())
    out, pos = {}, 0
    for blob in order:
        end = raw.index(b"\n", pos)
        header = raw[pos:end].split(b" ")
        if len(header) < 3:  # "<sha> missing"
            pos = end + 1
            continue
        size = int(header[2])
        out[blob] = raw[end + 1:end + 1 + size]
        pos = end + 1 + size + 1
    return out


def _first_dates(changes, blobs: dict[str, bytes], zone: ZoneInfo) -> History:
    first: dict[str, int] = {}
    published_cache: dict[str, bool] = {}
    for when, path, blob in changes:
        meeting_id = _meeting_id(path)
        if meeting_id is None:
            continue
        if blob is None or (meeting_id in first and first[meeting_id] <= when):
            continue
        if blob not in published_cache:
            published_cache[blob] = has_published_minutes(blobs.get(blob, b""))
        if published_cache[blob]:
            # the earliest such commit, even when branches interleave in the log
            first[meeting_id] = when
    dates = {mid: dt.datetime.fromtimestamp(when, zone).date() for mid, when in first.items()}
    return History(PROVEN, "", dates)


def _meeting_id(path: str) -> str | None:
    folder, _, name = path.rpartition("/")
    if folder != MEETINGS or not name.endswith((".yml", ".yaml")):
        return None
    return name.rsplit(".", 1)[0]


_MINUTES = re.compile(rb"^minutes:[ \t]*(#.*)?$", re.M)
_KEY = re.compile(rb"^([ \t]+)published:[ \t]*(.*?)[ \t]*(#.*)?$")
_EMPTY = {b"", b"null", b"~", b"''", b'""', b"Null", b"NULL"}


def has_published_minutes(text: bytes) -> bool:
    """Does this version of a meeting file give ``minutes.published`` a value?

    A line scan of the ``minutes:`` block (the files are block-style YAML, and
    this runs over thousands of versions); anything unusual, such as a flow
    mapping, goes to the strict YAML reader.
    """
    match = _MINUTES.search(text)
    if match is None:
        return b"minutes:" in text and _parsed_published(text)
    indent = None
    for line in text[match.end():].split(b"\n")[1:]:
        if not line.strip() or line.lstrip().startswith(b"#"):
            continue
        if not line[:1].isspace():
            return False  # the next top-level key: the block ended without it
        width = len(line) - len(line.lstrip())
        if indent is None:
            indent = width
        if width != indent:
            continue  # deeper lines belong to a value (the body), not to minutes
        key = _KEY.match(line)
        if key is not None:
            return key.group(2) not in _EMPTY
    return False


def _parsed_published(text: bytes) -> bool:
    try:
        data = parse(text.decode("utf-8", "replace")).data
    except YamlProblem:
        return False
    minutes = data.get("minutes") if isinstance(data, dict) else None
    return isinstance(minutes, dict) and minutes.get("published") not in (None, "")


def verify(history: History, claims: dict[str, dt.date], paths: dict[str, str], *,
           tolerance_days: int = 1, imported_until: dt.date | None = None,
           sourced: frozenset[str] = frozenset()) -> Proof:
    """Compare each claimed published date (by meeting id) with git's first date; the
    ``sourced`` meetings (imported from a source archive) are taken as claimed."""
    if history.state != PROVEN:
        return Proof(history.state, history.reason, tolerance_days, imported_until)
    confirmed, back_dated, imported, uncommitted, from_source = [], [], [], [], []
    for meeting_id, claimed in claims.items():
        if meeting_id in sourced:
            from_source.append(meeting_id)
            continue
        if imported_until is not None and claimed <= imported_until:
            imported.append(meeting_id)
            continue
        git_date = history.first_published.get(meeting_id)
        if git_date is None:
            # published in the working tree but not yet committed: the commit will be judged
            uncommitted.append(meeting_id)
        elif (git_date - claimed).days > tolerance_days:
            back_dated.append(BackDating(meeting_id, paths[meeting_id], claimed, git_date))
        else:
            confirmed.append(meeting_id)
    return Proof(PROVEN, "", tolerance_days, imported_until, tuple(confirmed), tuple(back_dated),
                 tuple(imported), tuple(uncommitted), tuple(from_source))


def prove(content_dir: str | Path, timezone: str, claims: dict[str, dt.date],
          paths: dict[str, str], *, tolerance_days: int = 1,
          imported_until: dt.date | None = None,
          sourced: frozenset[str] = frozenset()) -> Proof:
    """Read the history (unless every claim predates the repository) and compare."""
    if imported_until is not None and all(day <= imported_until or mid in sourced
                                          for mid, day in claims.items()):
        history = History(PROVEN)  # nothing git could prove: no need to ask it
    else:
        history = read_history(content_dir, timezone)
    return verify(history, claims, paths, tolerance_days=tolerance_days,
                  imported_until=imported_until, sourced=sourced)


def proof_findings(proof: Proof, mode: str, folder: str) -> list[Finding]:
    """Back-dating is an error (or a warning, with mode ``warn``).

    A shallow clone cannot prove anything and says so in one warning.  Content that
    is not in git at all made no claim to be proven: a note only, so that
    ``mkdocs build --strict`` of a plain folder stays green; the page says so too.
    """
    if proof.state in (SHALLOW, UNTRACKED, NO_GIT):
        return [Finding(folder, 0, "minutes.published",
                        f"publication dates cannot be proven from git: {proof.reason}",
                        Severity.info if proof.state == NO_GIT else Severity.warning)]
    severity = Severity.error if mode == "error" else Severity.warning
    return [Finding(b.path, 0, "minutes.published", b.message(), severity)
            for b in proof.back_dated]


def check_off() -> Proof:
    return Proof(OFF, "the back-dating check is switched off (option back_dating: off)")
