"""A line-by-line reader for the plain YAML that content files are written in.

libyaml through PyYAML makes a Python object for every event (about 500,000 for a
ten-year archive) and that, not the parsing, is most of the time ``coalition
validate`` takes.  Content files keep to a narrow, regular form: block mappings and
sequences, one-line plain or quoted scalars, literal and folded blocks (``|``, ``>``).
This module reads exactly that form, a line at a time, and gives up — raising
:class:`Unusual` — at the first line it is not certain about, so that
:mod:`strict_yaml` reads the file with libyaml instead and reports what is wrong.

Its rule: whenever it returns data, libyaml (with strict_yaml's scalar rules) reads
the same data from the same text, and strict_yaml's fast reader accepts the file.
Everything it does not need — flow collections, anchors, tags, multi-line plain or
quoted scalars, more-indented lines in folded blocks, comments after a value, tabs, carriage returns, any
character Python does not call printable, document markers, duplicate keys — is left
to libyaml.  ``tests/content/test_line_yaml.py`` checks the rule on the demo, a generated
archive and random texts.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate


class Unusual(Exception):
    """The text leaves the form this reader is sure about; read it with libyaml."""


_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.-]*):(?: +|$)")
# a one-line plain scalar that cannot be anything else: no indicator first, no comment,
# no ': ' (a mapping), no trailing ':' (checked apart); tabs are refused for the whole text
_PLAIN = re.compile(r"(?:[A-Za-z0-9_(]|[-+.][0-9])[^#]*")
_DOUBLE = re.compile(r'"([^"\\]*)" *')
_SINGLE = re.compile(r"'([^']*)' *")
# one `key: value` line, for a run of them already matched by _run()
_PAIR = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.-]*): +([^\n]*[^ \n])")
MAX_DEPTH = 10  # deeper than any content file; deeper ones go to libyaml and its limit


def read(text: str, plain) -> object:
    """The data of ``text``; ``plain(word)`` resolves a plain scalar (strict_yaml's rules)."""
    if not text.endswith("\n") or not text.replace("\n", "").isprintable():
        # tabs, carriage returns, control characters, no-break spaces...: libyaml's rules
        # for them are subtler than this reader's (and parse() may get undecoded text)
        raise Unusual
    reader = _Reader(text, plain)
    reader.skip(0)
    if reader.pos == len(reader.lines):
        raise Unusual
    data = reader.block(-1, 1)
    if reader.pos != len(reader.lines):
        raise Unusual  # something after the top-level block: libyaml says what
    return data


_WORDS = "null|Null|NULL|true|True|TRUE|false|False|FALSE"
# `key: word` as _run() and _items() take it: key and word are text as they stand
_SIMPLE_PAIR = (rf"(?!(?:{_WORDS}):)[A-Za-z_][A-Za-z0-9_.-]*: +"
                rf"(?!(?:{_WORDS}) *\n)[A-Za-z_(][^#:\n]*\n")


@lru_cache(maxsize=None)
def _run(n: int) -> re.Pattern:
    """Consecutive `key: word` lines at indent ``n`` (a vote, most fields), read in one go.

    Only lines whose key and word are text as they stand: no ':' or '#' in the word, neither
    starts with a digit or sign, neither is a word like true or null (strict_yaml._plain);
    the rest take the line-by-line path.
    """
    return re.compile(rf"(?: {{{n}}}{_SIMPLE_PAIR})+")


@lru_cache(maxsize=None)
def _items(n: int) -> re.Pattern:
    """Consecutive list items at indent ``n`` that are all `key: word` lines (attendance).

    Each item must be followed by a line at indent ``n`` or less (the next item, the next
    key, the end): an item that goes on with another kind of line, a blank line or a
    comment is left, whole, to the line-by-line path.
    """
    pairs = rf" {{{n}}}- {_SIMPLE_PAIR}(?: {{{n + 2}}}{_SIMPLE_PAIR})*"
    return re.compile(rf"(?:{pairs}(?= {{0,{n}}}[^ \n]|\Z))+")


def _dash(rest: str) -> bool:
    return rest == "-" or rest.startswith("- ")


def _key(key: object) -> str:
    """A key as strict_yaml's readers make it: ``true`` is 'true', ``1.50`` is '1.5'."""
    if type(key) is str:
        return key
    return str(key).lower() if isinstance(key, bool) else str(key)


class _Reader:
    """Reads ``lines``; after each value, ``pos`` is the next line that holds something."""

    def __init__(self, text: str, plain):
        self.text = text
        self.lines = text.split("\n")[:-1]
        self.lengths = list(accumulate(map(len, self.lines), initial=0))  # line i at [i] + i
        self.plain = plain
        self.pos = 0

    def skip(self, i: int) -> None:
        """Move pos to the first line from ``i`` that is not blank or a comment."""
        lines = self.lines
        while i < len(lines):
            stripped = lines[i].lstrip(" ")
            if stripped and stripped[0] != "#":
                break
            i += 1
        self.pos = i

    def block(self, parent: int, depth: int) -> object:
        """The mapping or sequence that starts at pos, indented more than ``parent``."""
        if depth > MAX_DEPTH:
            raise Unusual
        line = self.lines[self.pos]
        n = len(line) - len(line.lstrip(" "))
        if n <= parent:
            raise Unusual
        rest = line[n:]
        if _dash(rest):
            return self.sequence(n, depth)
        return self.mapping(n, rest, depth)

    def mapping(self, n: int, rest: str, depth: int) -> dict:
        """Entries at indent ``n``; ``rest`` is the first one (the line after any '- ')."""
        out: dict = {}
        plain, text, lengths = self.plain, self.text, self.lengths
        run = _run(n)
        while True:
            simple = run.match(text, lengths[self.pos] + self.pos)
            if simple:
                pairs = _PAIR.findall(simple[0])
                size = len(out)
                out.update(pairs)
                if len(out) != size + len(pairs):
                    raise Unusual  # a key twice: strict_yaml says where
                self.skip(self.pos + len(pairs))
            else:
                match = _KEY.match(rest)
                if match is None:
                    raise Unusual
                key = _key(plain(match[1]))
                if key in out:
                    raise Unusual
                out[key] = self.value(rest[match.end():], n, depth, True)
            rest = self.next_at(n)  # raises on a continued scalar, or a misaligned line
            if rest is None:
                return out

    def next_at(self, n: int) -> str | None:
        """The line at pos without its ``n`` spaces of indentation, or None when the text
        ends or goes back to a smaller indentation; a larger one is left to libyaml."""
        if self.pos == len(self.lines):
            return None
        line = self.lines[self.pos]
        indent = len(line) - len(line.lstrip(" "))
        if indent < n:
            return None
        if indent > n:
            raise Unusual  # a continued scalar, or misaligned: libyaml decides
        return line[n:]

    def sequence(self, n: int, depth: int) -> list:
        """Items '- ' at indent ``n``, starting at pos."""
        out: list = []
        lines = self.lines
        simple = _items(n).match(self.text, self.lengths[self.pos] + self.pos)
        if simple:
            for item in simple[0][n + 2:].split("\n" + " " * n + "- "):
                pairs = _PAIR.findall(item)
                out.append(dict(pairs))
                if len(out[-1]) != len(pairs):
                    raise Unusual  # a key twice: strict_yaml says where
            self.skip(self.pos + simple[0].count("\n"))
            rest = self.next_at(n)
            if rest is None or not _dash(rest):
                return out
        while True:
            item = lines[self.pos][n + 1:]
            stripped = item.lstrip(" ")
            if _dash(stripped):
                raise Unusual  # '- - x': a list in a list, written compactly
            if _KEY.match(stripped):
                out.append(self.mapping(n + 1 + len(item) - len(stripped), stripped, depth + 1))
            else:
                out.append(self.value(stripped, n, depth, False))
            rest = self.next_at(n)
            if rest is None or not _dash(rest):
                return out  # the end of the list, or the next key of a mapping at its indent

    def value(self, rest: str, n: int, depth: int, in_mapping: bool) -> object:
        """The value written after 'key:' or '- ' (``rest``) on the line at pos."""
        if not rest or rest.isspace():
            self.skip(self.pos + 1)
            if self.pos == len(self.lines):
                return None
            line = self.lines[self.pos]
            indent = len(line) - len(line.lstrip(" "))
            if indent > n:
                return self.block(n, depth + 1)
            if in_mapping and indent == n and _dash(line[n:]):
                return self.sequence(n, depth + 1)  # 'key:' then '- item' at the key's indent
            return None
        first = rest[0]
        if first in "|>" and in_mapping:
            return self.literal(rest.rstrip(" "), n)
        if first == '"':
            match = _DOUBLE.fullmatch(rest)
        elif first == "'":
            match = _SINGLE.fullmatch(rest)
        else:
            match = None
            if not _PLAIN.fullmatch(rest) or ": " in rest:
                raise Unusual
            word = rest.rstrip(" ")
            if word[-1] == ":":
                raise Unusual
            value = self.plain(word)
        if first in "\"'":
            if match is None:
                raise Unusual
            value = match[1]
        self.skip(self.pos + 1)
        return value

    def literal(self, header: str, n: int) -> str:
        """A block (``|``, ``|-``, ``>``, ``>-``) whose lines are indented more than ``n``."""
        if header not in ("|", "|-", ">", ">-"):
            raise Unusual
        lines = self.lines
        start = i = self.pos + 1
        leading = 0
        while i < len(lines) and not lines[i].strip(" "):
            leading = max(leading, len(lines[i]))
            i += 1
        if i == len(lines):
            raise Unusual
        width = len(lines[i]) - len(lines[i].lstrip(" "))
        if width <= n or leading > width:
            raise Unusual  # an empty block, or one whose indentation libyaml works out otherwise
        body = [""] * (i - start)
        while i < len(lines):
            line = lines[i]
            if not line.strip(" "):
                if len(line) > width:
                    raise Unusual  # spaces past the indentation are content: leave it to libyaml
                body.append("")
            elif len(line) - len(line.lstrip(" ")) >= width:
                body.append(line[width:])
            else:
                break
            i += 1
        while body and not body[-1]:
            body.pop()
        self.skip(i)
        end = "" if header.endswith("-") else "\n"
        if header[0] == "|":
            return "\n".join(body) + end
        return _folded(body) + end


def _folded(body: list[str]) -> str:
    """Lines of a folded block joined as libyaml joins them: a space between adjacent
    lines, one line break per empty line between paragraphs."""
    parts: list[str] = []
    empty = 0
    started = False
    for line in body:
        if not line:
            empty += 1
            continue
        if line[0] == " ":
            raise Unusual  # a more-indented line keeps its breaks: libyaml's rules
        parts.append("\n" * empty if empty or not started else " ")
        parts.append(line)
        empty, started = 0, True
    return "".join(parts)
