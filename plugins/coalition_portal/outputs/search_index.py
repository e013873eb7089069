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

Pagefind holds everything it indexes in memory until it writes the index: about 20 bytes
for each byte of page text (the 10-year benchmark archive, 7 MB of text in 830 pages: 200
MB; 49 MB of long transcripts: 950 MB).  So when the pages come to more than
:data:`PART_BYTES`, they are dealt into a few parts of about the same size, and each part
is indexed by a Pagefind of its own, one after the other: the first part's index is
``pagefind/`` itself, the others go to ``pagefind/part-2/``, ``pagefind/part-3/`` ... and
``pagefind/parts.json`` names them.  The search box (assets/search.js) merges them into one
search (Pagefind's ``mergeIndex``): every part's results, ranked together, by the one
program and WebAssembly of ``pagefind/``.  Nothing is left out of the search, and an
archive below the bound keeps its one index (and its first search's cost).
"""

from __future__ import annotations

import json
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


# How much one Pagefind indexes: the UTF-8 bytes of the copies it reads, and PAGE_BYTES
# more for each page.  Measured with pagefind 1.5.2 (1 or 2 threads alike), its peak memory
# is about 10 MB + 19.5 x the text + 57 KB a page: 5 MB of long transcripts (36 pages) peak
# at 108 MB, 12 MB at 245 MB, 20 MB at 400 MB, all 49 MB (421 pages) at 950 MB; the 10-year
# benchmark archive's 7.3 MB in 830 pages at 200 MB, half of it at 105 MB.  So a part of
# 12 MB peaks near 245 MB, inside the build's budget of 300 MB for its largest process,
# and the 10-year archive (9.8 MB by this count) stays one index.
PART_BYTES = 12_000_000
PAGE_BYTES = 3_000
PARTS = "parts.json"  # in the index folder: the other parts' folders, for the search box
# What a part other than the first needs: the search box runs the first part's program
# and WebAssembly on every part (Pagefind's mergeIndex loads only the index of the others).
_PROGRAM = ("pagefind.js", "pagefind-worker.js", "wasm.*.pagefind")


def write_search_index(site_dir: Path, part_bytes: int = PART_BYTES) -> None:
    """Index the pages built into ``site_dir``; the index goes to ``site_dir/pagefind/``
    (in parts of at most ``part_bytes`` each, counted as :data:`PART_BYTES` is).

    Raises SearchIndexError when Pagefind is missing or fails (the build then fails and the
    last good site stays in place).
    """
    out = site_dir / urls.SEARCH_INDEX
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="coalition-search-") as tmp:
        copies = Path(tmp) / "pages"
        sizes: dict[str, int] = {}
        for path in sorted(site_dir.rglob("*.html")):
            document = search_document(path.read_text(encoding="utf-8"))
            if document is None or path.name == "404.html":
                continue
            name = path.relative_to(site_dir).as_posix()
            copy = copies / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            data = document.encode("utf-8")
            copy.write_bytes(data)
            sizes[name] = len(data) + PAGE_BYTES
        if not sizes:
            return  # no page has content to search
        parts = partitions(sizes, part_bytes)
        if len(parts) == 1:
            _run_pagefind(copies, out)
        else:
            _index_in_parts(copies, parts, out)
    for name in _UNUSED:
        (out / name).unlink(missing_ok=True)
    others = [part_folder(number) for number in range(2, len(parts) + 1)]
    (out / PARTS).write_text(json.dumps({"indexes": others}) + "\n", encoding="utf-8")


def partitions(sizes: dict[str, int], part_bytes: int) -> list[list[str]]:
    """The pages (site-relative path -> bytes, as PART_BYTES counts them) dealt into as
    few parts as hold at most ``part_bytes`` each (a page larger than that is a part of its
    own); one part when everything fits.

    The pages are dealt like cards, largest first (then in path order), to the parts in
    turn, forth and back (1, 2, 3, 3, 2, 1, 1, 2, ...): every part gets about as many pages
    and as much text as the others, and its share of every kind and size of page, so that
    a word is about as rare in each part as in the whole and the scores of the parts'
    results, which Pagefind ranks together, compare.  When a part comes out over the bound
    the pages are dealt again to one part more.
    """
    order = sorted(sizes, key=lambda name: (-sizes[name], name))
    alone = [name for name in order if sizes[name] > part_bytes]
    rest = order[len(alone):]
    count = max(1, -(-sum(sizes[name] for name in rest) // max(1, part_bytes)))
    while True:
        parts: list[list[str]] = [[] for _ in range(count)]
        for at, name in enumerate(rest):
            turn, seat = divmod(at, count)
            parts[seat if turn % 2 == 0 else count - 1 - seat].append(name)
        if all(sum(sizes[name] for name in part) <= part_bytes for part in parts):
            return [[name] for name in alone] + [sorted(part) for part in parts if part]
        count += 1


def _index_in_parts(copies: Path, parts: list[list[str]], out: Path) -> None:
    """One Pagefind after the other, each on one part's pages (moved to a folder of their
    own, so that each sees only its part): part 1 into ``out``, the others beside it."""
    for number, part in enumerate(parts, start=1):
        folder = copies.with_name(f"part-{number}")
        for name in part:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (copies / name).rename(folder / name)
        target = out if number == 1 else out / part_folder(number)
        _run_pagefind(folder, target)
        shutil.rmtree(folder)
        if number > 1:
            for pattern in _PROGRAM + _UNUSED:
                for path in target.glob(pattern):
                    path.unlink()


def part_folder(number: int) -> str:
    """The folder of the index's part ``number`` (from 2) inside the index folder."""
    return f"part-{number}/"


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
