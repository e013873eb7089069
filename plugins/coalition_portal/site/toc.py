"""The table of contents of a generated page, read from its own h1 to h4 headings.

The minutes' headings are among them (ids from :mod:`.markdown_html`): a long transcript's
sections are listed under its page's "Minutes".
"""

from __future__ import annotations

import re

TITLE_ID = "page-title"
_HEADING = re.compile(r'<h([234]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TITLE = re.compile(r'<h1 id="([^"]+)"[^>]*>(.*?)</h1>', re.S)
_BARE_TITLE = re.compile(r"<h1(?![^>]*\sid=)([^>]*)>")
_TAGS = re.compile(r"<[^>]+>")


def with_title_anchor(html: str) -> str:
    """The page with an id on its h1, so that Material's skip link lands on the title.

    Material's "Skip to content" goes to the first entry of the table of contents;
    without the h1 there it skipped the title and everything before the first h2.
    """
    return _BARE_TITLE.sub(rf'<h1 id="{TITLE_ID}"\1>', html, count=1)


def toc_tokens(html: str) -> list[dict]:
    """Tokens in the shape Python-Markdown's toc extension gives (level, id, name, children).

    Only headings the templates write with an ``id`` are listed; their text is
    already escaped HTML.  A titled page has one level-1 token, its h1, holding the
    h2 tokens (an h3 in its h2, an h4 in its h3), as Markdown pages have; Material
    lists the children.
    """
    tokens: list[dict] = []
    for level, anchor, inner in _HEADING.findall(html):
        token = {"level": int(level), "id": anchor, "name": _TAGS.sub("", inner).strip(),
                 "children": []}
        if token["level"] == 2:
            tokens.append(token)
        elif token["level"] == 3 and tokens:
            tokens[-1]["children"].append(token)
        elif token["level"] == 4 and tokens and tokens[-1]["children"]:
            tokens[-1]["children"][-1]["children"].append(token)
    title = _TITLE.search(html)
    if title:
        return [{"level": 1, "id": title.group(1), "name": _TAGS.sub("", title.group(2)).strip(),
                 "children": tokens}]
    return tokens
