"""Block scalars (``body: |``) found from indentation alone, before or without parsing.

:mod:`.strict_yaml` uses them where YAML's text is not structure: a tab inside a block's
text is text (only tab *indentation* is refused), a problem on a line of a block names the
block's field (``minutes.body``), never a "field" made of a line of its text.
"""

from __future__ import annotations

import bisect
import re

# `key: |` or `- |` (with chomping and indentation indicators, and a comment): the lines
# after it, indented more, are a block scalar's text, not structure
_BLOCK_HEADER = re.compile(
    r"^(?P<indent> *)(?P<dashes>(?:- +)*)(?:(?P<key>[A-Za-z0-9_][\w.-]*) *: +)?"
    r"[|>](?:(?P<m1>[1-9])[+-]?|[+-](?P<m2>[1-9])?)?[ \t]*(?:#.*)?$")


def block_scalars(text: str) -> list[tuple[int, int, int, int, int]]:
    """The block scalars of ``text`` as (header line, first line, last line, indentation of
    their text, indentation of their parent), in order; lines count from 1.

    Read from indentation alone, like ``strict_yaml._field_at``: it decides only what a
    message names, where a tab is text and which headers get an explicit indentation;
    libyaml still reads the data (and refuses what is not YAML)."""
    lines = text.split("\n")
    found, number, total = [], 0, len(lines)
    while number < total:
        header = _BLOCK_HEADER.match(lines[number])
        number += 1
        if header is None:
            continue
        parent = len(header["indent"]) + (len(header["dashes"]) if header["key"] else
                                          max(len(header["dashes"]) - 2, 0))
        explicit = header["m1"] or header["m2"]
        indent = parent + int(explicit) if explicit else None
        first, last = number + 1, number
        while number < total:
            raw = lines[number]
            content = raw.lstrip(" ")
            spaces = len(raw) - len(content)
            if not content:  # blank: part of the block so far (a tab is text, as in YAML)
                number += 1
                continue
            if indent is None:
                if spaces <= parent:
                    break
                indent = spaces
            if spaces < indent:
                break
            number += 1
            last = number
        if indent is not None and last >= first:
            found.append((first - 1, first, last, indent, parent))
        number = max(number, first - 1)
    return found


def explicit_block_indents(text: str) -> str:
    """``text`` with the indentation of each block scalar whose first lines hold a tab
    written in its header (``body: |2``): libyaml refuses such a tab while working out
    the indentation itself, though YAML makes it text.  Lines stay where they
    are; the data is the same."""
    lines = text.split("\n")
    changed = False
    for header, first, _, indent, parent in block_scalars(text):
        line = lines[header - 1]
        match = _BLOCK_HEADER.match(line)
        if match is None or match["m1"] or match["m2"] or not 0 < indent - parent <= 9:
            continue
        opening = first - 1  # up to the first line with words: where libyaml looks
        while opening < len(lines) - 1 and not lines[opening].strip(" "):
            opening += 1
        if not any("\t" in lines[n] for n in range(first - 1, opening + 1)):
            continue
        mark = line.index("|" if "|" in line[match.end("dashes"):] else ">", match.end("dashes"))
        lines[header - 1] = f"{line[:mark + 1]}{indent - parent}{line[mark + 1:]}"
        changed = True
    return "\n".join(lines) if changed else text


def block_of(blocks: list[tuple[int, int, int, int, int]], line: int):
    """The block scalar holding ``line``, or None."""
    at = bisect.bisect_right(blocks, (line, float("inf"))) - 1
    if at >= 0 and blocks[at][1] <= line <= blocks[at][2]:
        return blocks[at]
    return None
