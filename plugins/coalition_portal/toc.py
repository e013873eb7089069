"""The table of contents of a generated page, read from its own h2 and h3 headings."""

from __future__ import annotations

import re

_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def toc_tokens(html: str) -> list[dict]:
    """Tokens in the shape Python-Markdown's toc extension gives (level, id, name, children).

    Only headings the templates write with an ``id`` are listed; their text is
    already escaped HTML.
    """
    tokens: list[dict] = []
    for level, anchor, inner in _HEADING.findall(html):
        token = {"level": int(level), "id": anchor, "name": _TAGS.sub("", inner).strip(),
                 "children": []}
        if token["level"] == 3 and tokens:
            tokens[-1]["children"].append(token)
        elif token["level"] == 2:
            tokens.append(token)
    return tokens
