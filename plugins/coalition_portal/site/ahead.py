"""Page bodies rendered ahead by a second process while the engine lays out the pages.

A page body is a function of the site model alone (:func:`.wayfinding.page_body`), so a
forked copy of the process can render bodies while the engine (MkDocs) lays the pages
out in its theme and writes them: :class:`Ahead` forks once the model is built, and the
two processes share the pages in the engine's order.  The engine's process takes a page
for itself when it gets there first (:meth:`Ahead.take` returns None: render it); the
second process claims free pages a little ahead of it (never more than ``LOOKAHEAD``, so
the bodies waiting to be taken stay few) and sends each body back.  Every page is rendered
once, by one of the two, and the same model gives the same bytes in either.

Where ``os.fork`` is missing, or for a preview (its bodies are rendered before the
layout, to key the kept outputs), nothing is forked and every page is rendered in-process.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import queue
import time
from typing import Callable, Sequence

from .model import Page

LOOKAHEAD = 48  # pages the second process may run ahead of the engine
GAP = 2  # ... and it leaves the next pages to the engine, which gets to them first; one
# more each time the engine had to wait for a body (the second process is slower: its core
# is shared with the outputs' process), so that it keeps ahead
_FREE, _SECOND, _ENGINE = 0, 1, 2


class Ahead:
    """Bodies of ``pages`` (in the engine's order), rendered by ``render`` in either process."""

    def __init__(self, pages: Sequence[Page], render: Callable[[Page], str]) -> None:
        self._index = {page.src_uri: i for i, page in enumerate(pages)}
        self._arrived: dict[int, str | None] = {}
        self._process = None
        self.taken = self.waited = 0  # bodies taken from the second process; waits for one
        if not hasattr(os, "fork") or len(pages) < 2:
            return
        context = multiprocessing.get_context("fork")
        self._claims = context.Array("b", len(pages))  # with its lock
        self._position = context.RawValue("i", -1)  # the page the engine is at
        self._waits = context.RawValue("i", 0)  # how often the engine waited for a body
        self._results = context.Queue()
        frozen = gc.get_freeze_count()  # the caller may have frozen the model: keep it so
        gc.freeze()  # the model's objects stay shared pages: the collector would touch them
        self._process = context.Process(target=_second, daemon=True, args=(
            pages, render, self._claims, self._position, self._waits, self._results))
        self._process.start()
        if not frozen:
            gc.unfreeze()

    def take(self, uri: str) -> str | None:
        """The body of the page at ``uri`` if the second process renders it (waiting for it
        if need be), else None: the caller renders it, and the second process will not."""
        index = self._index.get(uri)
        if self._process is None or index is None:
            return None
        self._position.value = index
        with self._claims.get_lock():
            mine = self._claims[index] == _FREE
            if mine:
                self._claims[index] = _ENGINE
        if mine:
            return None
        if index not in self._arrived:
            self._drain()
        if index not in self._arrived:
            self._waits.value += 1
            self.waited += 1
        while index not in self._arrived:
            try:
                got, body = self._results.get(timeout=0.5)
            except queue.Empty:
                if not self._process.is_alive():
                    return None  # it ended (killed?): render the page here
                continue
            self._arrived[got] = body
        body = self._arrived.pop(index)  # None if it failed there: rendered here, raising
        self.taken += body is not None
        return body

    def _drain(self) -> None:
        while True:
            try:
                got, body = self._results.get_nowait()
            except queue.Empty:
                return
            self._arrived[got] = body

    def close(self) -> None:
        """Stop the second process (the pages are written, or the build failed)."""
        if self._process is None:
            return
        self._process.terminate()
        self._process.join()
        self._results.close()
        self._process = None
        self._arrived.clear()


def _second(pages: Sequence[Page], render: Callable[[Page], str], claims, position, waits,
            results) -> None:
    """The second process: claim the first free page from ``GAP`` (and more) ahead of the
    engine, at most ``LOOKAHEAD`` ahead, render it, send it; until every page is claimed."""
    count, start = len(pages), 0
    while True:
        at = position.value
        start = max(start, at + min(GAP + waits.value, LOOKAHEAD // 2))
        index = None
        with claims.get_lock():
            for i in range(start, min(count, at + LOOKAHEAD)):
                if claims[i] == _FREE:
                    claims[i], index = _SECOND, i
                    break
        if index is None:
            if at + LOOKAHEAD >= count and all(c != _FREE for c in claims[start:count]):
                return  # nothing left to render
            time.sleep(0.002)  # far enough ahead: let the engine catch up
            continue
        start = index + 1
        body = None
        with contextlib.suppress(Exception):  # the engine renders it again, and reports
            body = render(pages[index])
        results.put((index, body))
