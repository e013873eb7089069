"""The search index: what the header's search box searches, written by Pagefind.

A reader's browser fetches only the small parts of the index its words need (Pagefind
splits it into chunks by word and keeps each page's text in a fragment of its own), so a
first search costs a few hundred kilobytes however long the archive grows, where one
index of every page cost megabytes.

:func:`write_search_index` runs once the pages are written into the (staging) site folder.
It reads each built page, keeps only its content (the ``<article>``: no header, navigation
or footer), leaves out the regions the templates mark ``<!-- search-exclude -->`` (long vote
and attendance tables that repeat the member pages) and turns definition lists and table
headers into readable text ("Date: 18 July 2024."), so that a result's snippet reads as a
sentence; then it runs Pagefind's own program on those copies, which writes the index into
``pagefind/`` of the site.  Nothing is fetched: Pagefind is the ``pagefind[bin]`` package.
The same pages give the same index, byte for byte.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..site import urls
from ..site.render import search_view


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why."""


# What Pagefind writes that the portal's own search box (coalition.js) does not use.
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js",
           "pagefind-component-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
           "pagefind-highlight.js")
# Parts of a page that are not its text: permalinks, Material's edit/view buttons, the
# links back to the section a record is in, the Follow block.
_EXCLUDE = ".headerlink, .md-content__button, .cp-crumbs, .cp-follow, [data-search-exclude]"
_LANG = re.compile(r'<html\b[^>]*\blang="([A-Za-z-]{2,20})"')
_TERM = re.compile(r"<dt\b[^>]*>(.*?)</dt>\s*", re.S)
_VALUE = re.compile(r"<dd\b[^>]*>")
_CELL_END = re.compile(r"</(th|td)>")


def write_search_index(site_dir: Path) -> None:
    """Index the pages built into ``site_dir``; the index goes to ``site_dir/pagefind/``.

    Raises SearchIndexError when Pagefind is missing or fails (the build then fails and the
    last good site stays in place).
    """
    out = site_dir / urls.SEARCH_INDEX
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="coalition-search-") as tmp:
        copies = Path(tmp) / "pages"
        for path in sorted(site_dir.rglob("*.html")):
            document = search_document(path.read_text(encoding="utf-8"))
            if document is None or path.name == "404.html":
                continue
            copy = copies / path.relative_to(site_dir)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(document, encoding="utf-8")
        if not copies.is_dir():
            return  # no page has content to search
        _run_pagefind(copies, out)
    for name in _UNUSED:
        (out / name).unlink(missing_ok=True)


def search_document(html: str) -> str | None:
    """A built page as Pagefind indexes it: its article, readable as text; None without one."""
    start, end = html.find("<article"), html.rfind("</article>")
    if start < 0 or end < start:
        return None
    body = search_view(html[html.index(">", start) + 1:end])
    body = _TERM.sub(lambda m: f"<p>{m.group(1)}: ", body)  # "Date: 18 July 2024."
    body = _VALUE.sub("", body).replace("</dd>", "</p>")
    body = _CELL_END.sub(r"</\1> ", body)  # header cells would run together
    lang = _LANG.search(html)
    return (f'<!doctype html><html lang="{lang.group(1) if lang else "en"}"><head>'
            f'<meta charset="utf-8"></head><body><main data-pagefind-body>{body}</main>'
            "</body></html>\n")


def _run_pagefind(pages: Path, out: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path",
               str(out), "--exclude-selectors", _EXCLUDE, "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise SearchIndexError(f"the search index could not be made: {exc}") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip()[-2000:]
        if "No module named pagefind" in detail:
            detail = "Pagefind is not installed (pip install 'pagefind[bin]')"
        raise SearchIndexError(f"the search index could not be made: {detail}")
