"""A meeting's attachments: the files in ``content/meetings/<meeting-id>/`` (slides, PDFs, images).

:func:`discover` lists them, one :class:`MeetingFiles` per meeting, in a fixed order (their
paths in the folder, by code point), and refuses what a static site must not publish:

- only regular files; a link is followed only when it stays inside the meeting's folder;
- a size cap per file and one for all of a portal's attachments (settings options);
- a published name is the file's path with every run of characters but ``A-Za-z0-9._~-``
  replaced by ``-`` (so every URL is written as is, and the links ledger records it); two files whose names
  come out the same are refused;
- a type a browser would run from the portal's own address (HTML, SVG, XML, scripts) is
  published with ``.txt`` appended, so it is served as text and never runs; it is listed, and a
  minutes image pointing to it becomes a link.  Every other type is served as it is.

Each :class:`MeetingFiles` also carries what the renderer needs to name a broken link's
``file:line``: the meeting's source path and the line where ``minutes.body`` starts (read
here, while the loader still holds the file's text).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .findings import Finding
from .load import Content

MEGABYTE = 1_000_000
_UNSAFE = re.compile(r"[^A-Za-z0-9._~-]+")
# name suffix -> (what the page calls the type, shown as an image)
TYPES: dict[str, tuple[str, bool]] = {
    ".pdf": ("PDF document", False), ".png": ("PNG image", True), ".jpg": ("JPEG image", True),
    ".jpeg": ("JPEG image", True), ".gif": ("GIF image", True), ".webp": ("WebP image", True),
    ".avif": ("AVIF image", True), ".txt": ("text", False), ".md": ("Markdown text", False),
    ".csv": ("CSV table", False), ".ods": ("OpenDocument spreadsheet", False),
    ".odt": ("OpenDocument text", False), ".odp": ("OpenDocument presentation", False),
    ".xlsx": ("Excel spreadsheet", False), ".xls": ("Excel spreadsheet", False),
    ".docx": ("Word document", False), ".doc": ("Word document", False),
    ".pptx": ("PowerPoint presentation", False), ".ppt": ("PowerPoint presentation", False),
    ".key": ("Keynote presentation", False), ".zip": ("ZIP archive", False),
    ".json": ("JSON data", False), ".mp3": ("MP3 audio", False), ".ogg": ("Ogg audio", False),
    ".mp4": ("MP4 video", False), ".webm": ("WebM video", False), ".ics": ("calendar", False),
}
# served from the portal's own address, these would run in a reader's browser
ACTIVE = {".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".xml", ".xsl", ".xslt",
          ".js", ".mjs", ".swf", ".mht", ".mhtml"}
SAFE_SUFFIX = ".txt"


@dataclass(frozen=True)
class Attachment:
    name: str  # its path in the meeting's folder, as written: "img/slide 1.png"
    published: str  # its name under the meeting's files/: "img/slide-1.png"
    path: Path = field(compare=False)
    size: int  # bytes
    kind: str  # what the page calls its type: "PDF document"
    image: bool  # shown inline when the minutes embed it
    note: str = ""  # why it is published differently, if it is

    @property
    def size_words(self) -> str:
        return human_size(self.size)


@dataclass(frozen=True)
class MeetingFiles:
    """One meeting's attachments, and where its minutes' text is, for warnings."""

    meeting_id: str
    source: str  # the meeting's file as findings name it: content/meetings/<id>.yml
    body_line: int  # the file's line holding the first line of minutes.body (0: unknown)
    files: tuple[Attachment, ...] = ()  # by name
    by_name: dict[str, Attachment] = field(default_factory=dict, compare=False, repr=False)


def human_size(size: int) -> str:
    """``1234567`` -> ``1.2 MB`` (decimal units, as file managers show them)."""
    if size < 1000:
        return f"{size} byte{'s' if size != 1 else ''}"
    for unit in ("kB", "MB", "GB"):
        size /= 1000
        if size < 999.95 or unit == "GB":
            return f"{size:.1f} {unit}" if size < 99.95 else f"{size:.0f} {unit}"
    raise AssertionError("unreachable")


def safe_name(name: str) -> str:
    """A published name for the file at ``name`` (a path in the folder)."""
    parts = []
    for part in unicodedata.normalize("NFC", name).split("/"):
        cleaned = re.sub(r"-*\.-*", ".", re.sub("-{2,}", "-", _UNSAFE.sub("-", part)))
        cleaned = cleaned.strip("-") or "file"
        if cleaned[0] in ".~":
            cleaned = "file" + cleaned
        parts.append(cleaned)
    published = "/".join(parts)
    suffix = posixpath.splitext(published)[1].lower()
    return published + SAFE_SUFFIX if suffix in ACTIVE else published


def describe(name: str) -> tuple[str, bool, str]:
    """(type words, shown as an image, note) of a file named ``name``."""
    suffix = posixpath.splitext(name)[1].lower()
    if suffix in ACTIVE:
        what = suffix[1:].upper()
        return (f"{what} file, served as text", False,
                f"published as text ({SAFE_SUFFIX}) so that it cannot run in a reader's browser")
    if suffix in TYPES:
        kind, image = TYPES[suffix]
        return kind, image, ""
    known = re.fullmatch(r"\.[a-z0-9]{1,10}", suffix)  # the words come from an untrusted name
    return (f"{suffix[1:].upper()} file" if known else "file"), False, ""


def discover(content: Content, max_file_bytes: int, max_total_bytes: int
             ) -> tuple[dict[str, MeetingFiles], list[Finding]]:
    """Every meeting's attachments (meetings with minutes or a folder), and the problems."""
    findings: list[Finding] = []
    folder = content.root / "meetings"
    shown_root = posixpath.join(content.root.name, "meetings")
    out: dict[str, MeetingFiles] = {}
    total = 0
    folders = {entry.name: entry for entry in sorted(folder.iterdir())
               if entry.is_dir() and not entry.name.startswith(".")} if folder.is_dir() else {}
    for name in folders:
        if name not in content.meetings:
            findings.append(Finding(f"{shown_root}/{name}", 0, "",
                f"'{name}/' holds no meeting's files: there is no meetings/{name}.yml (a "
                "meeting's attachments go in a folder named like its file, without .yml)"))
    for meeting_id, meeting in content.meetings.items():
        here = folders.get(meeting_id)
        body = meeting.minutes.body if meeting.minutes is not None else ""
        if here is None and not body:
            continue
        source = content.source("meeting", meeting_id)
        files = (_files(here, f"{shown_root}/{meeting_id}", max_file_bytes, findings)
                 if here is not None else ())
        total += sum(a.size for a in files)
        out[meeting_id] = MeetingFiles(meeting_id, source.path,
                                       body_line(source.document.text) if body else 0,
                                       files, {a.name: a for a in files})
    if total > max_total_bytes:
        findings.append(Finding(shown_root, 0, "",
            f"the meetings' attachments take {human_size(total)}, more than the "
            f"{human_size(max_total_bytes)} allowed (the attachments_total_max_mb option); "
            "publish large files elsewhere and link to them"))
    return out, findings


def _files(folder: Path, shown: str, max_bytes: int, findings: list[Finding]
           ) -> tuple[Attachment, ...]:
    real = folder.resolve()
    found: list[Attachment] = []
    published: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        where = f"{shown}/{relative}"
        if any(part.startswith(".") for part in relative.split("/")):
            continue  # like the loader: dot-files (.DS_Store, .git) are not content
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                findings.append(Finding(where, 0, "", "this link points to nothing"))
                continue
            if not target.is_relative_to(real):
                findings.append(Finding(where, 0, "", "this link points outside the meeting's "
                                        "folder; copy the file in instead"))
                continue
            if target.is_dir():
                continue  # its files are reached through the folder itself
        if path.is_dir():
            continue
        if not path.is_file():
            findings.append(Finding(where, 0, "", "only regular files can be published"))
            continue
        if any(unicodedata.category(c)[0] == "C" for c in relative):
            findings.append(Finding(where, 0, "", "the file's name holds a control character; "
                                    "rename it"))
            continue
        size = path.stat().st_size
        if size > max_bytes:
            findings.append(Finding(where, 0, "",
                f"the file takes {human_size(size)}, more than the {human_size(max_bytes)} "
                "allowed per attachment (the attachment_max_mb option); publish it elsewhere "
                "and link to it"))
            continue
        name = safe_name(relative)
        if name.lower() in published:
            findings.append(Finding(where, 0, "",
                f"published as files/{name}, like {published[name.lower()]}: rename one"))
            continue
        published[name.lower()] = relative
        kind, image, note = describe(relative)
        found.append(Attachment(relative, name, path, size, kind, image, note))
    return tuple(found)


_MINUTES_KEY = re.compile(r"^minutes[ \t]*:", re.MULTILINE)
_BODY_KEY = re.compile(r"^([ \t]+)body[ \t]*:[ \t]*([|>]?)[^\n]*$", re.MULTILINE)


def body_line(text: str) -> int:
    """The line holding the first line of ``minutes.body`` in a meeting file's text.

    For a literal block scalar (``body: |``) the body's lines are the file's lines that
    follow; otherwise the line of the key is as close as the text tells.  0: not found.
    """
    minutes = _MINUTES_KEY.search(text)
    if minutes is None:
        return 0
    body = _BODY_KEY.search(text, minutes.end())
    if body is None:
        return 0
    line = text.count("\n", 0, body.start()) + 1
    return line + 1 if body.group(2) else line
