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

from ..site.catalogue import OutputOptions
from ..site.model import Site
from .write import ExportError, copy_attachments, write_outputs

NICENESS = 10  # the child's, added to the build's (see Writing._fork)


class OutputsFailed(Exception):
    """An unexpected error in the process writing the outputs (a bug): its traceback."""


def _write(site: Site, site_dir: Path, options: OutputOptions) -> None:
    write_outputs(site, site_dir, options)
    copy_attachments(site, site_dir)


class Writing:
    """The outputs being written; :meth:`wait` once the pages are.

    The child writes them at a lower priority than the build's (``NICENESS``): the pages
    come first on the cores, and the outputs take what the pages leave (issue 17: this
    beat holding the feeds back until the pages were written, to share the build's end
    with Pagefind, at 1x and at 5x).
    """

    def __init__(self, site: Site, site_dir: Path, options: OutputOptions) -> None:
        self._args = (site, Path(site_dir), options)
        self._pid: int | None = None
        self._read: int | None = None
        if hasattr(os, "fork"):
            self._fork()

    def _fork(self) -> None:
        read, write = os.pipe()
        frozen = gc.get_freeze_count()  # the caller may have frozen the model: keep it so
        gc.freeze()  # the model's objects stay shared pages: the collector would touch them
        pid = os.fork()
        if pid == 0:  # the child: write, report, and leave without running the parent's exits
            os.close(read)
            status = 0
            try:
                _write(*self._args)
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
        # the pages wait for nothing it writes: while they are laid out, the engine's
        # process (and the one rendering bodies ahead of it) come first on the cores
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid,
                           min(19, os.getpriority(os.PRIO_PROCESS, 0) + NICENESS))
        self._pid, self._read = pid, read

    def wait(self) -> None:
        """Until the outputs are written; raise :class:`ExportError` or
        :class:`OutputsFailed` as the writing did."""
        if self._pid is None:
            _write(*self._args)
            return
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
