"""What ``coalition import`` reads in one minutes file: its date (from its name), the text
cleaned of invisible control characters, the title, the attendees and the files it links to."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from urllib.parse import unquote

from ..content.strict_yaml import FORBIDDEN  # the loader's own rule

MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_DATED = re.compile(r"(?:^|/)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})[^/]*\.md$")
_MONTH_FOLDER = re.compile(r"(?:^|/)(?P<year>\d{4})-(?P<month>\d{2})/(?P<mon>[A-Za-z]{3})[a-z]*"
                           r"-(?P<day>\d{1,2})\.md$")


class DatePattern:
    """How a file's name gives its meeting date: the built-in names, or ``--glob`` with
    ``--date-pattern`` (a regular expression with groups ``year``, ``month``, ``day``)."""

    def __init__(self, glob: str | None = None, regex: str | None = None):
        self.glob = glob
        self.regex = re.compile(regex) if regex else None
        if self.regex is not None and not {"year", "month", "day"} <= set(self.regex.groupindex):
            raise ValueError("--date-pattern needs the named groups (?P<year>…), (?P<month>…) "
                             "and (?P<day>…)")

    def candidate(self, path: str) -> bool:
        if self.glob is not None:
            return fnmatchcase(path, self.glob)
        return path.lower().endswith(".md")

    def date(self, path: str) -> tuple[dt.date | None, str]:
        """The date a path's name gives, or None and why not."""
        if self.regex is not None:
            match = self.regex.search(path)
        else:
            match = _DATED.search(path) or _MONTH_FOLDER.search(path)
        if match is None:
            return None, "no date in its name"
        month = match.group("month")
        month = MONTHS.get(month[:3].lower()) if not month.isdigit() else int(month)
        mon = match.groupdict().get("mon")
        if mon is not None and MONTHS.get(mon.lower()) != month:
            return None, f"its name says {mon} but its folder says month {month}"
        try:
            return dt.date(int(match.group("year")), month or 0, int(match.group("day"))), ""
        except (TypeError, ValueError):
            return None, "its name's date is not a day in the calendar"


_CONTROLS = {0x00: "NULL", 0x7F: "DELETE", 0x85: "NEXT LINE"}


@dataclass(frozen=True)
class Cleaned:
    line: int
    char: str

    def describe(self) -> str:
        name = unicodedata.name(self.char, _CONTROLS.get(ord(self.char), "control character"))
        return f"U+{ord(self.char):04X} {name}"


def decode(raw: bytes) -> str | None:
    """The text of a minutes file, or None when it is binary (not UTF-8, or mostly NULs)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.count("\0") > max(8, len(text) // 100):
        return None
    return text


def clean(text: str) -> tuple[str, list[Cleaned]]:
    """Line breaks as ``\\n``; every character the strict loader refuses removed, and listed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found: list[Cleaned] = []
    if not FORBIDDEN.search(text):
        return text, found
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if FORBIDDEN.search(line):
            found.extend(Cleaned(number, c) for c in FORBIDDEN.findall(line))
            lines[number - 1] = FORBIDDEN.sub("", line)
    return "\n".join(lines), found


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*(?:[ \t]#+[ \t]*)?$")
_ATTENDANCE = re.compile(r"^\W*(present|attendees|attendance|attending|in attendance)\W*$",
                         re.IGNORECASE)
_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])[ \t]+(.*)$")
_HANDLE = re.compile(r"\(?@([A-Za-z0-9][A-Za-z0-9-]{0,38})\)?")
_MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_`~]+")


def outside_fences(lines: list[str]):
    """``(index, line)`` of the lines that are not inside fenced code."""
    fence = None
    for i, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * len(match.group(1))
        elif fence is not None and line.strip().startswith(fence) and \
                not line.strip().strip(fence[0]):
            fence = None
        elif fence is None:
            yield i, line


def title(text: str) -> str | None:
    for _, line in outside_fences(text.split("\n")):
        match = _HEADING.match(line)
        if match and _MARKUP.sub(r"\1", match.group(2)).strip():
            words = " ".join(_MARKUP.sub(r"\1", match.group(2)).split())
            return words[:200]
    return None


@dataclass
class Person:
    name: str
    handle: str | None = None
    organization: str | None = None


@dataclass
class Attendees:
    people: list[Person] = field(default_factory=list)
    twice: list[str] = field(default_factory=list)  # named twice in the section: counted once


def attendees(text: str) -> Attendees:
    """The people of the first Present / Attendees / Attendance section (a heading, or a
    line such as ``**Present:**``), from its list: ``- Name (@handle)``, ``* Name, Org``;
    an item with items below it is a group (its label is their organization)."""
    lines = text.split("\n")
    visible = list(outside_fences(lines))
    start = None
    for position, (_, line) in enumerate(visible):
        heading = _HEADING.match(line)
        label = heading.group(2) if heading else line
        if _ATTENDANCE.match(_MARKUP.sub(r"\1", label)):
            start = position + 1
            break
    out = Attendees()
    if start is None:
        return out
    items: list[tuple[int, str]] = []
    for _, line in visible[start:]:
        item = _ITEM.match(line)
        if item:
            items.append((len(item.group(1).expandtabs(4)), item.group(2)))
        elif not line.strip():
            continue
        elif not items or not line[:1].isspace():
            break  # the section's list ended (or it has none): no later list is read
    seen: set[str] = set()
    for i, (indent, raw) in enumerate(items):
        if i + 1 < len(items) and items[i + 1][0] > indent:
            continue  # a group: its label is the organization of the items below
        group = next((label for depth, label in reversed(items[:i]) if depth < indent), None)
        person = _person(raw, _MARKUP.sub(r"\1", group).strip() if group else None)
        if person is None:
            continue
        keys = {person.name.lower()} | ({"@" + person.handle.lower()} if person.handle else set())
        if person.handle and person.name == person.handle:
            keys = {"@" + person.handle.lower()}
        if keys & seen:
            out.twice.append(person.name)
            continue
        seen |= keys
        out.people.append(person)
    return out


def _person(raw: str, group: str | None) -> Person | None:
    text = _MARKUP.sub(r"\1", raw).strip()
    handle_match = _HANDLE.search(text)
    handle = handle_match.group(1) if handle_match else None
    if handle_match:
        text = (text[:handle_match.start()] + text[handle_match.end():]).strip()
    name, _, organization = (part.strip() for part in text.partition(","))
    name = " ".join(re.sub(r"[\s:;–—-]+$", "", name).split())
    if not name and handle:
        name = handle
    if not name or len(name) > 100:
        return None
    return Person(name, handle, " ".join(organization.split()) or group)


_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|<img\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)", re.IGNORECASE)


def linked_files(text: str, path: str) -> list[str]:
    """Relative links and images of a minutes file at ``path``, as paths in its folder
    (``img/x.png``, ``review.pdf``); links leaving the folder or the archive are not files."""
    out = []
    for match in _LINK.finditer(text):
        target = unquote((match.group(1) or match.group(2)).split("#")[0].split("?")[0])
        if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or \
                target.startswith(("/", "#")):
            continue
        normal = posixpath.normpath(target)
        if normal.startswith("..") or normal == ".":
            continue
        if normal not in out:
            out.append(normal)
    return out


def beside(path: str, linked: str) -> str:
    """The archive path of a file ``linked`` from the minutes at ``path``."""
    folder = posixpath.dirname(path)
    return posixpath.join(folder, linked) if folder else linked
