"""Reading one untrusted YAML file into plain data, with the line of every value.

Content arrives in pull requests from people outside the coalition, so the
reader accepts a small, predictable subset of YAML: one document, no anchors,
aliases or tags, no duplicate keys, bounded size and depth, UTF-8 without
control characters.  Scalars resolve like JSON, not like YAML 1.1: only
``true``/``false`` are booleans, only ``null``/``~``/nothing is null, only
plain decimal numbers are numbers; everything else — dates, ``12:30``, ``no``,
``0777``, ``1e3`` — stays a string, so the models decide what it must be.

It walks libyaml's event stream (the C parser when available), never PyYAML's
constructors, so nothing in a file can build a Python object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from . import line_yaml
from .block_scalars import block_of, block_scalars, explicit_block_indents

Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 512 * 1024
MAX_DEPTH = 20
MAX_SCAN_BRACKETS = 100  # [ and { open at once, checked before parsing (see _deep_brackets_line)

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(0|[1-9][0-9]*)\.[0-9]+$")


class YamlProblem(Exception):
    """The file cannot be read; ``line`` is 1-based (0: the whole file)."""

    def __init__(self, line: int, message: str, field: tuple = (), first_line: int = 0):
        super().__init__(message)
        self.line = line
        self.message = message
        self.field = field
        self.first_line = first_line  # for a key written twice: the line of the first one


@dataclass
class Document:
    """The data of one file and the line where each value starts.

    ``lines`` maps a path of keys and indices, such as ``("memberships", 1,
    "joined")``, to the line of that key (for mapping entries) or item.  It is
    worked out on first use, from ``text``: most files never need a line number,
    and recording one per value would double the cost of reading an archive.
    """

    data: object
    text: str = field(default="", repr=False)
    _lines: dict[tuple, int] | None = field(default=None, repr=False, compare=False)

    @property
    def lines(self) -> dict[tuple, int]:
        if self._lines is None:
            self._lines = _Builder(_events(self.text)).document().lines
        return self._lines

    def forget_text(self) -> None:
        """Let the text go; any later line asked for is 0 (the whole file)."""
        self.text, self._lines = "", {(): 0}

    def line_of(self, path: tuple) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        lines = self.lines
        while path:
            if path in lines:
                return lines[path]
            path = path[:-1]
        return lines.get((), 1)


# Cc (except newline, tab, carriage return), Cs, and separators that hide lines.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")
# a line (as str.splitlines() cuts them) whose first character that is not a space is not
# '#': the file holds something besides comments.  A search stops at the first such line,
# where splitting the file into lines would first copy all of it.
_CONTENT_LINE = re.compile(r"(?:\A|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029])\s*[^\s#]")
_TAB_INDENT = re.compile(r"^[ \t]*\t(?=[^\n]*\S)", re.M)


def decode(raw: bytes) -> str:
    """Check size and encoding; return the text."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem(
            0, f"the file is {len(raw) // 1024} KiB; content files may be at most "
            f"{MAX_BYTES // 1024} KiB — split it or shorten it"
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raise YamlProblem(
            1, "the file starts with a byte-order mark; save it as UTF-8 without BOM"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(
            line, f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            _field_at(raw.decode("utf-8", "replace"), line),
        ) from None
    found = FORBIDDEN.search(text)  # one regex pass: a per-character loop costs seconds
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise YamlProblem(
            line,
            f"the line contains an invisible control character "
            f"(U+{ord(found.group()):04X}); delete it",
            _field_at(text, line),
        )
    return text


def parse(text: str) -> Document:
    """Parse ``text`` into plain data; raise :class:`YamlProblem` on anything unsafe."""
    if not _CONTENT_LINE.search(text):
        raise YamlProblem(0, "the file is empty")
    deep_line = _deep_brackets_line(text)
    if deep_line:
        raise YamlProblem(deep_line, f"the data is nested more than {MAX_DEPTH} levels deep; "
                          "content files are never that deep — check the brackets",
                          _field_at(text, deep_line))
    tab_line = _tab_indented_line(text)
    if tab_line:
        raise YamlProblem(tab_line, "the line is indented with a tab; indent with spaces",
                          _field_at(text.replace("\t", "  "), tab_line))
    if "\t" in text:
        text = explicit_block_indents(text)
    try:
        return Document(line_yaml.read(text, _plain), text)
    except line_yaml.Unusual:
        pass  # not the plain form content is usually written in: libyaml reads it
    try:
        return Document(_fast_data(text), text)
    except _Unusual:
        pass  # something to report: the careful reader finds it and says where
    return _Builder(_events(text)).document()


def _events(text: str) -> list:
    try:
        return list(yaml.parse(text, Loader=Parser))
    except yaml.MarkedYAMLError as exc:
        line, message, field = _syntax_message(exc, text)
        raise YamlProblem(line, message, field or _field_at(text, line)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(0, f"this is not valid YAML: {exc}") from None


class _Unusual(Exception):
    """The fast reader met something the subset forbids (or YAML it cannot read)."""


def _fast_data(text: str) -> object:
    """The data of a file that keeps to the subset, read without recording lines.

    Pulls libyaml's events one by one (``yaml.parse``'s generator costs five
    times more per event) and raises ``_Unusual`` at the first thing the subset
    forbids, so that :class:`_Builder` can report it with its line.
    """
    loader = Parser(text)
    get = loader.get_event
    try:
        event = get()
        while type(event) in (yaml.StreamStartEvent, yaml.DocumentStartEvent):
            event = get()
        if type(event) is yaml.StreamEndEvent:
            raise _Unusual
        data = _fast_value(get, event, 1)
        if type(get()) is not yaml.DocumentEndEvent or type(get()) is not yaml.StreamEndEvent:
            raise _Unusual
        return data
    except yaml.YAMLError:
        raise _Unusual from None
    finally:
        loader.dispose()


def _fast_value(get, event, depth: int) -> object:
    kind = type(event)
    if depth > MAX_DEPTH or kind is yaml.AliasEvent or event.anchor is not None \
            or event.tag is not None:
        raise _Unusual
    if kind is yaml.ScalarEvent:
        return _scalar(event)
    if kind is yaml.MappingStartEvent:
        mapping: dict = {}
        child = depth + 1
        while True:
            key_event = get()
            if type(key_event) is yaml.MappingEndEvent:
                return mapping
            if type(key_event) is not yaml.ScalarEvent or child > MAX_DEPTH \
                    or key_event.anchor is not None or key_event.tag is not None:
                raise _Unusual
            key = _scalar(key_event)
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            if key == "<<" or key in mapping:
                raise _Unusual
            event = get()
            # most values are plain words (votes, attendance): no recursion for them
            if type(event) is yaml.ScalarEvent and event.anchor is None and event.tag is None:
                mapping[key] = _scalar(event)
            else:
                mapping[key] = _fast_value(get, event, child)
    if kind is yaml.SequenceStartEvent:
        items: list = []
        child = depth + 1
        while True:
            event = get()
            if type(event) is yaml.SequenceEndEvent:
                return items
            items.append(_fast_value(get, event, child))
    raise _Unusual


# libyaml's words -> (which mark names the line a person should look at, plain words)
_SYNTAX_WORDS = (
    ("did not find expected ',' or ']'", "context",
     "a list opened with '[' on this line is not closed with ']'"),
    ("did not find expected ',' or '}'", "context",
     "a group opened with '{' on this line is not closed with '}'"),
    ("mapping values are not allowed", "problem",
     "there is a ': ' inside a value; put the whole value in quotes"),
    ("found unexpected end of stream", "context",
     "the quoted text that starts on this line never ends; add the closing quote"),
    ("could not find expected ':'", "context",
     "this line has no ':' after the field name; write it as 'name: value'"),
    ("did not find expected key", "problem",
     "this line is not lined up with the fields around it; check its indentation"),
    ("did not find expected '-' indicator", "problem",
     "this line is not lined up with the list items around it; check its indentation"),
    ("found character that cannot start any token", "problem",
     "a value starts with a character YAML reserves (such as ` @ or %); put the value in quotes"),
    ("found unknown escape character", "problem",
     "a backslash in double quotes starts an unknown escape; use single quotes instead"),
    ("did not find expected <document start>", "problem",
     "there is text after the end of the document ('...'); remove the '...' line"),
    ("expected <block end>", "problem",
     "this line is not lined up with the lines above it; check its indentation"),
)


def _syntax_message(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str, tuple]:
    problem = exc.problem or exc.context or "unreadable YAML"
    mark = exc.problem_mark
    if "mapping values are not allowed" in problem and mark is not None:
        broken = text.split("\n")[mark.line]
        match = _KEY_LINE.match(broken.lstrip(" "))
        if match and broken.index(":") == mark.column:  # a whole `key: value` line, misplaced
            # most likely meant as a sibling of the field above
            field = _field_at(text, mark.line)[:-1] + (match["key"],)
            return mark.line + 1, ("this is not valid YAML: this line is indented differently "
                                   "from the field above it; line up fields of the same level"), field
    for words, mark_name, plain_words in _SYNTAX_WORDS:
        if words in problem:
            mark = (exc.context_mark if mark_name == "context" else None) or exc.problem_mark
            return (mark.line + 1 if mark else 0), f"this is not valid YAML: {plain_words}", ()
    mark = exc.problem_mark or exc.context_mark
    return (mark.line + 1 if mark else 0), f"this is not valid YAML: {problem}", ()


_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>(- +)*)(?P<key>[A-Za-z0-9_][\w.-]*) *:(\s|$)")


def _field_at(text: str, line: int) -> tuple:
    """Best guess at the field a broken line belongs to, from indentation alone.

    The file could not be parsed, so this reads lines: keys and list items above
    ``line`` that enclose it.  It only feeds the message; a wrong guess is harmless.
    """
    blocks = block_scalars(text) if "|" in text or ">" in text else []
    block = block_of(blocks, line)
    if block is not None:  # a line of a block scalar's text: the field is the block's
        return _field_at(text, block[0])
    inside = {n for _, first, last, *_ in blocks if first < line for n in range(first, last + 1)}
    stack: list[tuple[int, object, bool]] = []  # (indent, key or index, is a list item)
    counters: dict[tuple, int] = {}
    for number, raw in enumerate(text.split("\n")[:line], start=1):
        if number in inside:
            continue  # text, not keys: "AWB:" in the minutes is no field
        content = raw.split(" #")[0].rstrip()
        if not content.strip() or content.lstrip().startswith("#"):
            continue
        indent = len(content) - len(content.lstrip(" "))
        rest = content[indent:]
        while rest.startswith("-") and (len(rest) == 1 or rest[1] == " "):
            while stack and (stack[-1][0] > indent or (stack[-1][0] == indent and stack[-1][2])):
                stack.pop()
            parent = tuple(part for _, part, _ in stack)
            counters[parent] = counters.get(parent, -1) + 1
            stack.append((indent, counters[parent], True))
            shift = len(rest) - len(rest[1:].lstrip(" "))
            indent, rest = indent + shift, rest[shift:]
        match = _KEY_LINE.match(rest)
        if match:
            while stack and stack[-1][0] >= indent and not (stack[-1][2] and stack[-1][0] < indent):
                stack.pop()
            parent = tuple(part for _, part, _ in stack)
            counters = {k: v for k, v in counters.items() if k[: len(parent) + 1] != parent + (match["key"],)}
            stack.append((indent, match["key"], False))
        elif number == line:  # no key on the broken line: it belongs to the enclosing field
            while stack and stack[-1][0] >= indent and not stack[-1][2]:
                stack.pop()
            break
    return tuple(part for _, part, _ in stack)


def _deep_brackets_line(text: str) -> int:
    """The line where more than MAX_SCAN_BRACKETS [ or { are open at once, or 0.

    libyaml takes time quadratic in the depth of [ and { nesting (a 400 KiB file of brackets
    would take an hour), so absurd nesting is refused before parsing.  Brackets inside quotes
    count too: the limit is far above anything a content file holds.
    """
    if text.count("[") + text.count("{") <= MAX_SCAN_BRACKETS:  # the usual file: no scan
        return 0
    depth = 0
    line = 1
    for char in text:
        if char == "\n":
            line += 1
        elif char in "[{":
            depth += 1
            if depth > MAX_SCAN_BRACKETS:
                return line
        elif char in "]}" and depth:
            depth -= 1
    return 0


def _tab_indented_line(text: str) -> int:
    """The first line indented with a tab, or 0.  A tab inside a block scalar's content
    (after the block's own indentation: code in the minutes) is text, as YAML has it."""
    if "\t" not in text:  # the usual file: a byte search, not a regex over every line
        return 0
    blocks = None
    for found in _TAB_INDENT.finditer(text):
        line = text.count("\n", 0, found.start()) + 1
        if blocks is None:
            blocks = block_scalars(text)
        block = block_of(blocks, line)
        spaces = len(found.group()) - len(found.group().lstrip(" "))
        if block is None or spaces < block[3]:
            return line
    return 0


class _Builder:
    def __init__(self, events: list):
        self.events = events
        self.pos = 0
        self.lines: dict[tuple, int] = {}

    def document(self) -> Document:
        documents = [e for e in self.events if isinstance(e, yaml.DocumentStartEvent)]
        if len(documents) > 1:
            line = documents[1].start_mark.line + 1
            raise YamlProblem(line, "the file holds more than one YAML document (a second '---'); keep one")
        while not isinstance(self._peek(), (yaml.NodeEvent, yaml.CollectionStartEvent)):
            if isinstance(self._peek(), yaml.StreamEndEvent):
                raise YamlProblem(0, "the file is empty")
            self.pos += 1
        self.lines[()] = self._peek().start_mark.line + 1
        data = self._value((), 1)
        return Document(data, "", self.lines)

    def _peek(self):
        return self.events[self.pos]

    def _next(self):
        event = self.events[self.pos]
        self.pos += 1
        return event

    def _value(self, path: tuple, depth: int) -> object:
        event = self._next()
        line = event.start_mark.line + 1
        if depth > MAX_DEPTH:
            field = path
            while field and isinstance(field[-1], int):  # name the field, not the 20th item
                field = field[:-1]
            raise YamlProblem(line, f"the data is nested more than {MAX_DEPTH} levels deep; "
                              "content files are never that deep — check the indentation "
                              "and brackets", field)
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(line, f"'*{event.anchor}' (a YAML alias, a reference to another "
                              "value) is not allowed; write the value out in full", path)
        if event.anchor is not None:
            raise YamlProblem(line, f"'&{event.anchor}' (a YAML anchor, a name for a value to "
                              "repeat) is not allowed; write each value out in full", path)
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise YamlProblem(line, f"'{tag}' (a YAML tag) is not allowed; remove it and write "
                              "the plain value", path)
        if isinstance(event, yaml.ScalarEvent):
            return _scalar(event, path)
        if isinstance(event, yaml.SequenceStartEvent):
            return self._sequence(path, depth)
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(path, depth, line)
        raise YamlProblem(line, "unexpected YAML structure")

    def _sequence(self, path: tuple, depth: int) -> list:
        items: list = []
        while not isinstance(self._peek(), yaml.SequenceEndEvent):
            item_path = path + (len(items),)
            self.lines[item_path] = self._peek().start_mark.line + 1
            items.append(self._value(item_path, depth + 1))
        self._next()
        return items

    def _mapping(self, path: tuple, depth: int, line: int) -> dict:
        mapping: dict = {}
        while not isinstance(self._peek(), yaml.MappingEndEvent):
            key_event = self._peek()
            key_line = key_event.start_mark.line + 1
            if not isinstance(key_event, yaml.ScalarEvent):
                raise YamlProblem(key_line, "a key must be a plain word, not a list or mapping")
            key = self._value(path, depth + 1)
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            if key == "<<":
                raise YamlProblem(key_line, "'<<' (a YAML merge key) is not allowed; write "
                                  "the values out in full", path)
            if key in mapping:
                first = self.lines.get(path + (key,), line)
                raise YamlProblem(
                    key_line, f"appears twice in the same place (first on line {first}); "
                    "keep one", path + (key,), first_line=first
                )
            self.lines[path + (key,)] = key_line
            mapping[key] = self._value(path + (key,), depth + 1)
        self._next()
        return mapping


_WORDS = {"": None, "~": None, "null": None, "Null": None, "NULL": None,
          "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NUMBER_START = frozenset("-+0123456789")
MAX_NUMBER_LENGTH = 30


def _scalar(event, path: tuple | None = None) -> object:
    value = event.value
    # escapes in double quotes ("\x1b", "\a") can write what decode() refuses as raw bytes
    found = FORBIDDEN.search(value) if event.style == '"' else None
    if found:
        if path is None:  # the fast reader: let the careful one report it with its field
            raise _Unusual
        raise YamlProblem(event.start_mark.line + 1,
                          f"the value contains an invisible control character "
                          f"(U+{ord(found.group()):04X}), written as an escape; delete it", path)
    if event.style:  # quoted or block scalar: always a string (plain is None or '')
        return value
    return _plain(value)


def _plain(value: str) -> object:
    """A plain (unquoted) scalar, resolved like JSON: a few words, decimal numbers, text."""
    if value in _WORDS:
        return _WORDS[value]
    # longer digit strings stay text (the models then call them not a number): Python
    # refuses to convert integers of over 4,300 digits, and no field needs 30
    if value[0] in _NUMBER_START and len(value) <= MAX_NUMBER_LENGTH:
        if _INT.match(value):
            return int(value)
        if _FLOAT.match(value):
            return float(value)
    return value
