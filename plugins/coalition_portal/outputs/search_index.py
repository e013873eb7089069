"""The search index: what the header's search box searches, written by Pagefind.

A reader's browser fetches only the small parts of the index its words need (Pagefind
splits it into chunks by word and keeps each page's text in a fragment of its own), so a
first search costs a few hundred kilobytes however long the archive grows, where one
index of every page cost megabytes.

A build indexes each page as it writes it (:class:`SearchIndex`, fed by the MkDocs adapter,
which has MkDocs write its pages in path order, the index's order: :func:`page_order`);
:func:`write_search_index` indexes a finished site folder the same way, in the same order,
so that the same pages give the same index, byte for byte, either way (and on any
filesystem).  Of each page only its content is indexed (the ``<article>``: no header,
navigation or footer), without the regions the templates mark ``<!-- search-exclude -->``
(long vote and attendance tables that repeat the member pages), with definition lists and
table headers turned into readable text ("Date: 18 July 2024."), so that a result's
snippet reads as a sentence.  Pagefind's own program indexes them (``pagefind
--service``, :class:`_Pagefind`), beside the build, on the other core, and gives the
index back once the last page is written.  Nothing is fetched: Pagefind is the
``pagefind[bin]`` package.

Pagefind holds everything it indexes in memory until it writes the index: about 20 bytes
for each byte of page text (the 10-year benchmark archive, 7 MB of text in 830 pages: 200
MB; 49 MB of long transcripts: 950 MB).  So when the pages come to more than
:data:`PART_BYTES`, they are dealt into a few parts of about the same size, and each part
is indexed by a Pagefind of its own, one after the other (a build has them made once its
last page is written, while the rest of the outputs is): the first part's index is
``pagefind/`` itself, the others go to ``pagefind/part-2/``, ``pagefind/part-3/`` ... and
``pagefind/parts.json`` names them.  The search box (assets/search.js) merges them into one
search (Pagefind's ``mergeIndex``): every part's results, ranked together, by the one
program and WebAssembly of ``pagefind/``.  Nothing is left out of the search, and an
archive below the bound keeps its one index (and its first search's cost).
"""

from __future__ import annotations

import base64
import contextlib
import fnmatch
import json
import queue
import re
import shutil
import subprocess
import tempfile
import threading
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

    The pages are indexed in path order (:func:`site_order`), as a build that indexes them
    while it writes them in that order (:class:`SearchIndex`) does: the same pages give
    the same index, byte for byte, either way.

    Raises SearchIndexError when Pagefind is missing or fails (the build then fails and the
    last good site stays in place).
    """
    index = SearchIndex(site_dir, part_bytes, stream=False)
    try:
        index.finish()
    except BaseException:
        index.cancel()
        raise


class SearchIndex:
    """The search index of the site being written into ``site_dir``.

    :meth:`add` each page as it is written, in :func:`page_order`: a Pagefind of its own
    (:class:`_Pagefind`) indexes it then, beside the build, on the other core.
    :meth:`pages_written` once the engine has written its pages lets Pagefind make the
    index while the build ends; :meth:`finish` writes it, after a look at the site folder:
    a page written otherwise, or not in that order, and the site's pages are indexed again
    from their files.  With ``stream=False``, or once the pages come to more than
    ``part_bytes``, they are only counted and kept (in memory up to ``part_bytes``, then in
    a folder of copies) and indexed once they are all there, in parts when over the bound:
    from :meth:`pages_written` on, by a thread of this process (its Pagefinds, one part
    after the other, use a core while the rest of the build ends), else at :meth:`finish`.
    """

    def __init__(self, site_dir: Path, part_bytes: int = PART_BYTES, *,
                 stream: bool = True) -> None:
        self.site_dir = Path(site_dir)
        self.part_bytes = part_bytes
        self._seen: list[str] = []  # every page added (site-relative path), in order
        self._sizes: dict[str, int] = {}  # the searchable ones, as PART_BYTES counts them
        self._total = 0  # their sum
        self._documents: dict[str, bytes] | None = {}  # kept while one part may hold them
        self._copies: Path | None = None  # ... then written here instead
        self._pagefind = _Pagefind() if stream else None  # indexing the pages as they come
        self._early: _Early | None = None  # the index being made from pages_written() on
        self._added_late = False  # a page added after pages_written()
        if not stream:
            self._spill()  # not sent on: each page's copy kept on disk, not in memory

    def add(self, name: str, page: str) -> None:
        """The page at ``name`` (relative to the site folder), as written: ``page``."""
        self._added_late |= self._early is not None or (
            self._pagefind is not None and self._pagefind.requested)
        self._seen.append(name)
        document = search_document(page)
        if document is None:
            return
        data = document.encode("utf-8", "xmlcharrefreplace")  # as the file reads back
        self._sizes[name] = len(data) + PAGE_BYTES
        self._total += self._sizes[name]
        if self._documents is not None and self._total > self.part_bytes:
            self._spill()  # more than one part: indexed part by part at finish()
        if self._documents is not None:
            self._documents[name] = data
        else:
            _write_copy(self._copies, name, data)
        if self._pagefind is not None:
            if self._documents is None:
                self._pagefind.cancel()  # this index would be too large: parts instead
                self._pagefind = None
            else:
                self._pagefind.add(_page_url(name), data)

    def _spill(self) -> None:
        self._copies = Path(tempfile.mkdtemp(prefix="coalition-search-"))
        for name, data in self._documents.items():
            _write_copy(self._copies, name, data)
        self._documents = None

    def pages_written(self) -> None:
        """The engine has written its pages: Pagefind makes the index of those added (and
        it is written) while the rest of the build goes on; :meth:`finish` checks that no
        other page was written (else the site is indexed again)."""
        if not self._sizes or self._early is not None:
            return
        out = self.site_dir / urls.SEARCH_INDEX
        if self._pagefind is not None:
            shutil.rmtree(out, ignore_errors=True)
            self._pagefind.request(out, _UNUSED)
        else:  # kept, not sent on as they came: indexed now, in parts when over the bound
            shutil.rmtree(out, ignore_errors=True)
            self._early = _Early(self, out)

    def finish(self) -> None:
        """Write the index into ``site_dir/pagefind/`` (the pages added so far, and those
        of the site folder not added); raises :class:`SearchIndexError`."""
        order = site_order(self.site_dir)
        started = (self._pagefind is not None and self._pagefind.requested) \
            or self._early is not None
        late = started and (self._added_late or len(order) > len(self._seen))
        if self._seen != order[:len(self._seen)] or late:  # not all, or out of order:
            self.cancel()  # start again
            self._seen, self._sizes, self._total, self._documents = [], {}, 0, {}
            self._added_late = False
            self._spill()
        for name in order[len(self._seen):]:
            self.add(name, (self.site_dir / name).read_text(encoding="utf-8"))
        out = self.site_dir / urls.SEARCH_INDEX
        if self._early is not None:  # being made since pages_written()
            early, self._early = self._early, None
            try:
                parts = early.result()
            finally:
                self.cancel()
        else:
            if self._pagefind is None or not self._pagefind.requested:  # (else being written)
                shutil.rmtree(out, ignore_errors=True)
            try:
                if not self._sizes:
                    if self._pagefind is not None:
                        self._pagefind.cancel()
                    return  # no page has content to search
                parts = self._index(out)
            finally:
                self.cancel()
        others = [part_folder(number) for number in range(2, len(parts) + 1)]
        (out / PARTS).write_text(json.dumps({"indexes": others}) + "\n", encoding="utf-8")

    def _index(self, out: Path, early: _Early | None = None) -> list[list[str]]:
        """Index the pages added into ``out``, in parts when over the bound; the parts."""
        parts = partitions(self._sizes, self.part_bytes)
        if len(parts) == 1:
            pagefind, self._pagefind = self._pagefind, None
            if pagefind is None:  # not sent on as they came: every page now
                pagefind = _started(early)
                for name in self._sizes:
                    pagefind.add(_page_url(name), self._document(name))
            try:
                pagefind.write(out, _UNUSED)
            finally:
                pagefind.cancel()
        else:
            self._index_in_parts(parts, out, early)
        return parts

    def _document(self, name: str) -> bytes:
        if self._documents is not None:
            return self._documents[name]
        return (self._copies / name).read_bytes()

    def _index_in_parts(self, parts: list[list[str]], out: Path,
                        early: _Early | None = None) -> None:
        """One Pagefind after the other, each on one part's pages (in the site's order):
        part 1 into ``out``, the others beside it.  (Two at once took the build's own
        process 35 MB more on the long-transcript archive, past its 300 MB, for 2-3 s at
        5x.)"""
        for number, part in enumerate(parts, start=1):
            members = set(part)
            pagefind = _started(early)
            try:
                for name in self._sizes:
                    if name in members:
                        pagefind.add(_page_url(name), self._document(name))
                target = out if number == 1 else out / part_folder(number)
                pagefind.write(target, _UNUSED if number == 1 else _PROGRAM + _UNUSED)
            finally:
                pagefind.cancel()

    def cancel(self) -> None:
        """Stop indexing (the build failed, or the index is written)."""
        if self._early is not None:
            self._early.cancel()
            self._early = None
        if self._pagefind is not None:
            self._pagefind.cancel()
            self._pagefind = None
        if self._copies is not None:
            shutil.rmtree(self._copies, ignore_errors=True)
            self._copies = None


class _Early:
    """The index of a :class:`SearchIndex`'s pages, made by a thread of its own from
    :meth:`SearchIndex.pages_written` on (its pages are all added, in memory or in its
    folder of copies, and no more come), while the build ends."""

    def __init__(self, index: SearchIndex, out: Path) -> None:
        self.cancelled = False
        self.running: _Pagefind | None = None  # the Pagefind at work, stopped by cancel()
        self._parts: list[list[str]] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(index, out), daemon=True,
                                        name="coalition-search-index")
        self._thread.start()

    def _run(self, index: SearchIndex, out: Path) -> None:
        try:
            self._parts = index._index(out, self)
        except BaseException as exc:  # noqa: BLE001 - raised by result()
            self._error = exc

    def result(self) -> list[list[str]]:
        """The parts, once the index is written; raises what the indexing raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._parts

    def cancel(self) -> None:
        self.cancelled = True
        running = self.running
        if running is not None:
            running.cancel()
        self._thread.join()


def _started(early: _Early | None) -> _Pagefind:
    """A new Pagefind, which ``early`` (if any) stops when cancelled."""
    pagefind = _Pagefind()
    if early is not None:
        early.running = pagefind
        if early.cancelled:  # (its cancel() may have missed it)
            pagefind.cancel()
            raise SearchIndexError("the search index could not be made: cancelled")
    return pagefind


def site_order(site_dir: Path) -> list[str]:
    """The pages of the site folder Pagefind indexes (site-relative paths of its ``.html``
    files, but the index's own and the 404 page), in :func:`page_order`."""
    site_dir = Path(site_dir)
    names = (path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*.html")
             if path.is_file())
    return sorted((name for name in names if not name.startswith(urls.SEARCH_INDEX)
                   and name.rsplit("/", 1)[-1] != "404.html"), key=page_order)


def page_order(name: str) -> list[str]:
    """The key of the order the index holds its pages in: by path, folder by folder (an
    engine writing its pages in this order has them indexed as it writes them)."""
    return name.split("/")


def _page_url(name: str) -> str:
    """The URL Pagefind gives the page at ``name`` (site-relative): ``/meetings/x/``."""
    return "/" + (name[:-len("index.html")] if name == "index.html"
                  or name.endswith("/index.html") else name)


def _write_copy(folder: Path, name: str, data: bytes) -> None:
    copy = folder / name
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(data)


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


class _Pagefind:
    """One Pagefind indexing the pages sent to it (``pagefind --service``, the program of
    the ``pagefind[bin]`` package; its protocol: base64 of a JSON message, then a comma,
    each way).  It handles one message at a time, in the order sent: the pages' order is
    the index's.  A thread of this process writes the pages to it and another reads its
    answers, so that :meth:`add` never waits for Pagefind; :meth:`write` does.  The index
    comes back as files (its ``GetFiles``), written here: Pagefind's own ``WriteFiles``
    answers before its last file is complete."""

    def __init__(self) -> None:
        try:
            from pagefind.service import get_executable
            program = get_executable()
        except ImportError:
            program = None
        if program is None:
            raise SearchIndexError("the search index could not be made: Pagefind is not "
                                   "installed (pip install 'pagefind[bin]')")
        self._errors = tempfile.TemporaryFile()
        try:
            self._process = subprocess.Popen([str(program), "--service"], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=self._errors)
        except OSError as exc:
            self._errors.close()
            raise SearchIndexError(f"the search index could not be made: {exc}") from None
        self.sent = 0  # pages
        self._target: tuple[Path, tuple[str, ...]] | None = None  # where the index goes
        self._messages = 0
        self._outgoing: queue.SimpleQueue = queue.SimpleQueue()
        self._answers: queue.SimpleQueue = queue.SimpleQueue()  # each answer's payload
        self._send({"type": "NewIndex", "config": {"exclude_selectors": [_EXCLUDE]}})
        self._writer = threading.Thread(target=self._write_messages, daemon=True)
        self._reader = threading.Thread(target=self._read_answers, daemon=True)
        self._writer.start()
        self._reader.start()

    def add(self, url: str, document: bytes) -> None:
        self.sent += 1
        self._send({"type": "AddFile", "index_id": 0, "url": url,
                    "file_contents": document.decode("utf-8")})

    def request(self, out: Path, leave_out: tuple[str, ...] = ()) -> None:
        """Every page is sent: Pagefind makes the index, and the thread reading its answers
        writes it into ``out``, but for the files whose names match a pattern of
        ``leave_out`` (:meth:`write` waits for that)."""
        if self._target is None:
            self._target = (Path(out), leave_out)
            self._send({"type": "GetFiles", "index_id": 0})
            self._outgoing.put(None)

    @property
    def requested(self) -> bool:
        return self._target is not None

    def write(self, out: Path, leave_out: tuple[str, ...] = ()) -> None:
        """Once every page is sent: the index, written into ``out`` (as :meth:`request`)."""
        self.request(out, leave_out)
        failure = None
        while True:
            answer = self._answers.get()
            kind = answer.get("type") if answer is not None else None
            if kind == "Error" and failure is None:
                failure = answer.get("message") or "Pagefind failed"
            if kind in ("Written", None):
                break
        if kind is None or failure is not None:
            self.cancel()
            detail = failure or answer and answer.get("message") or self._stderr() \
                or "Pagefind stopped"
            raise SearchIndexError(f"the search index could not be made: {detail}")

    def _write_files(self, files: list[dict]) -> dict:
        """The index Pagefind gave (its GetFiles), into the folder :meth:`request` named."""
        out, leave_out = self._target
        folders: set[Path] = set()
        try:
            for file in files:
                name = file["path"]
                if any(fnmatch.fnmatchcase(name, pattern) for pattern in leave_out):
                    continue
                target = out / name
                if target.parent not in folders:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    folders.add(target.parent)
                target.write_bytes(base64.b64decode(file["content"]))
        except OSError as exc:
            return {"type": "Error", "message": f"{out}: {exc.strerror}"}
        return {"type": "Written"}

    def cancel(self) -> None:
        """Stop Pagefind (its work is written, or no longer wanted)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._outgoing.put(None)
        if self._reader is not threading.current_thread():
            self._reader.join()  # (it may be writing the index: let it end first)
        for stream in (self._process.stdin, self._process.stdout):
            with contextlib.suppress(OSError, ValueError):
                stream.close()
        self._errors.close()

    def _send(self, message: dict) -> None:
        self._messages += 1
        self._outgoing.put(base64.b64encode(json.dumps(
            {"message_id": self._messages, "payload": message}).encode("ascii")) + b",")

    def _write_messages(self) -> None:
        try:
            while (data := self._outgoing.get()) is not None:
                self._process.stdin.write(data)
                if self._outgoing.empty():
                    self._process.stdin.flush()
            self._process.stdin.flush()
        except (OSError, ValueError):
            pass  # Pagefind stopped: the reader says so

    def _read_answers(self) -> None:
        pending: list[bytes] = []  # the answer being read (the index's is megabytes)
        try:
            while chunk := self._process.stdout.read1(1 << 20):
                while (end := chunk.find(b",")) >= 0:
                    pending.append(chunk[:end])
                    chunk = chunk[end + 1:]
                    answer = b"".join(pending)
                    pending.clear()
                    payload = json.loads(base64.b64decode(answer))["payload"]
                    del answer
                    kind = payload.get("type")
                    if kind == "GetFiles":  # written now, while the build goes on
                        self._answers.put(self._write_files(payload.pop("files")))
                    elif kind != "IndexedFile":
                        self._answers.put(payload)
                    del payload
                if chunk:
                    pending.append(chunk)
        except (OSError, ValueError):
            pass
        self._answers.put(None)

    def _stderr(self) -> str:
        with contextlib.suppress(OSError, ValueError):
            self._errors.seek(0)
            return self._errors.read().decode("utf-8", "replace").strip()[-2000:]
        return ""
