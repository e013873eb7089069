"""Write the outputs in a second process while the pages are rendered (issue 17).

The feeds, the calendar and the open data depend on the site model, not on the rendered
pages, so :func:`start` forks once the model is built and the (staging) site folder is
clean: the child writes them with :func:`..write.write_outputs` and
:func:`..write.copy_attachments` while the parent renders the pages, using the second
core.  :meth:`Writing.wait` joins it and raises what the child raised (an
:class:`..write.ExportError` with its message, as when written in-process); nothing is
published before that, so a failure still leaves the last good site as it was.

Where ``os.fork`` is missing (not Linux or macOS), the outputs are written in-process at
:meth:`Writing.wait`, as before.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import traceback
from pathlib import Path
from typing import Callable

from ..site.catalogue import OutputOptions
from ..site.model import Site
from .write import ExportError, copy_attachments, write_outputs

NICENESS = 10  # the child's, added to the build's (see Writing._fork)


class OutputsFailed(Exception):
    """An unexpected error in the process writing the outputs (a bug): its traceback."""


def _write(site: Site, site_dir: Path, options: OutputOptions,
           before_feeds: Callable[[], None] | None = None) -> None:
    write_outputs(site, site_dir, options, before_feeds=before_feeds)
    copy_attachments(site, site_dir)


class Writing:
    """The outputs being written; :meth:`wait` once the pages are.

    With ``feeds_later``, the child writes the calendar and the open data at once, but the
    feeds only once :meth:`pages_written` says so: the build's end (its search index, made
    by Pagefind on one core) leaves the other core to them, which the pages, their bodies
    and their search index would share with them.
    """

    def __init__(self, site: Site, site_dir: Path, options: OutputOptions, *,
                 feeds_later: bool = False) -> None:
        self._args = (site, Path(site_dir), options)
        self._pid: int | None = None
        self._read: int | None = None
        self._go: int | None = None  # the pipe on which the feeds wait (feeds_later)
        if hasattr(os, "fork"):
            self._fork(feeds_later)

    def pages_written(self) -> None:
        """The feeds may be written now (with ``feeds_later``)."""
        if self._go is not None:
            with contextlib.suppress(OSError):
                os.write(self._go, b"\n")
            os.close(self._go)
            self._go = None

    def _fork(self, feeds_later: bool) -> None:
        go_read, go_write = os.pipe() if feeds_later else (None, None)
        read, write = os.pipe()
        frozen = gc.get_freeze_count()  # the caller may have frozen the model: keep it so
        gc.freeze()  # the model's objects stay shared pages: the collector would touch them
        pid = os.fork()
        if pid == 0:  # the child: write, report, and leave without running the parent's exits
            # the pages wait for nothing it writes: while they are laid out, the engine's
            # process (and the one rendering bodies ahead of it) come first on the cores
            with contextlib.suppress(OSError):
                os.nice(NICENESS)
            os.close(read)
            status = 0
            wait = None
            if go_read is not None:
                os.close(go_write)

                def wait() -> None:  # until pages_written() (or the parent is gone)
                    with contextlib.suppress(OSError):
                        os.read(go_read, 1)
            try:
                _write(*self._args, wait)
                report = None
            except ExportError as exc:
                report = ("export", str(exc))
            except BaseException:  # noqa: BLE001 - reported to the parent, raised there
                report = ("bug", traceback.format_exc())
                status = 1
            try:
                with os.fdopen(write, "wb") as out:
                    out.write(pickle.dumps(report))
            finally:
                os._exit(status)
        if not frozen:
            gc.unfreeze()
        os.close(write)
        if go_read is not None:
            os.close(go_read)
        self._pid, self._read, self._go = pid, read, go_write

    def wait(self) -> None:
        """Until the outputs are written; raise :class:`ExportError` or
        :class:`OutputsFailed` as the writing did."""
        if self._pid is None:
            _write(*self._args)
            return
        self.pages_written()
        with os.fdopen(self._read, "rb") as source:
            data = source.read()
        self._read = None
        pid, self._pid = self._pid, None  # (stop() from another thread: no longer ours)
        _, status = os.waitpid(pid, 0)
        report = pickle.loads(data) if data else ("bug", f"the process writing the outputs "
                                                         f"ended with status {status}")
        if report is None:
            return
        kind, message = report
        raise ExportError(message) if kind == "export" else OutputsFailed(message)

    def stop(self) -> None:
        """Stop the child from another thread while one waits: :meth:`wait` then raises
        :class:`OutputsFailed` (it reaps the child and closes the pipe itself)."""
        pid = self._pid
        if pid is not None:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def cancel(self) -> None:
        """The build failed elsewhere: stop the child (its files go with the staging folder)."""
        if self._go is not None:
            os.close(self._go)
            self._go = None
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGTERM)
                os.waitpid(self._pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self._pid = None
        if self._read is not None:
            os.close(self._read)
            self._read = None
