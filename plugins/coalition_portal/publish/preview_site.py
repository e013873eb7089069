"""A preview's site folder: only what changed is written, the rest settles in the background.

``mkdocs serve`` rebuilds the site on every save.  A clean build stages the whole site and
swaps it in (:mod:`.staging`); a preview does the same for its first build, and then:

- the pages: the engine writes into an empty staging folder only the pages whose output
  changed (and its own small files: theme assets, sitemap, 404 page); :meth:`ServedSite.
  publish_pages` moves them into the served folder and removes the pages the build no
  longer has.  The staging folder is filled completely before anything moves, so a build
  failing before then leaves the served site as it was;
- the rest (:class:`Settling`, in the background a moment after the pages are served, so
  that the reloaded page is sent first): the garbage of the last builds is collected; the
  feeds, the calendar, the open data and the attachments (written by a second process
  into a folder of their own, :mod:`..outputs.background`) are moved in place of the
  last ones; then the search index of the served pages (Pagefind, in a process of its
  own, swapped in whole); then the published-links check and its redirect pages.

The preview has *settled* when that background work is done: the served folder then
holds exactly what a clean build of the same content writes (tests/publish/
test_preview_incremental.py).  A new build first stops the background work of the last
one (its results would be stale) and the next settling writes everything again, so an
interrupted one leaves nothing behind.  Files move in with ``os.replace``: a reader gets
the old file or the new one, never half of one.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from typing import Callable

from ..outputs.background import OutputsFailed, Writing
from ..outputs.search_index import SearchIndexError, write_search_index
from ..outputs.write import ExportError
from ..site import urls
from . import staging as publish

log = logging.getLogger("mkdocs.plugins.coalition")
OUTPUTS_SUFFIX = ".coalition-outputs"
SEARCH_PREFIX = urls.SEARCH_INDEX.rstrip("/") + "/"
PAUSE_S = 0.25  # from serving a build's pages to its background work (which holds the GIL)


def files_under(folder: Path) -> set[str]:
    """Every file under ``folder``, by its path relative to it."""
    if not folder.is_dir():
        return set()
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() or p.is_symlink()}


def _move_in(source: Path, final: Path, names: set[str]) -> None:
    for name in sorted(names):
        target = final / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source / name, target)


def _remove(final: Path, names: set[str]) -> None:
    folders = set()
    for name in names:
        (final / name).unlink(missing_ok=True)
        folders.update((final / name).parents)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        if folder != final and final in folder.parents:
            try:
                folder.rmdir()  # only once empty
            except OSError:
                pass


class ServedSite:
    """The served folder of one preview, and what its last build put there."""

    def __init__(self) -> None:
        self.pages: set[str] | None = None  # the pages' layer: what the engine wrote or kept
        self.settling: Settling | None = None

    def outputs_dir(self, final: Path) -> Path:
        """Where this build's feeds, calendar, open data and attachments are written."""
        folder = final.with_name(final.name + OUTPUTS_SUFFIX)
        shutil.rmtree(folder, ignore_errors=True)
        return folder

    def publish_pages(self, staging: Path, final: Path, kept: set[str]) -> None:
        """Put what ``staging`` holds in place; ``kept`` are the unchanged files the build
        did not write again (already served)."""
        staged = files_under(staging)
        if self.pages is None or not final.is_dir():  # the first build: the whole folder
            publish.publish_site(staging, final, remove_old_later=True)
            self.pages = staged
            return
        _move_in(staging, final, staged)
        shutil.rmtree(staging, ignore_errors=True)
        new = staged | kept
        _remove(final, self.pages - new)
        self.pages = new

    def replace_pages(self, staging: Path, final: Path) -> None:
        """Pages written again, the site's pages being the same: what ``staging`` holds
        moved in place of the served files."""
        staged = files_under(staging)
        _move_in(staging, final, staged)
        shutil.rmtree(staging, ignore_errors=True)
        self.pages = (self.pages or set()) | staged

    def settle(self, writing: Writing | Callable[[], Writing], outputs: Path, final: Path,
               check_links: Callable[[Path], None]) -> None:
        """Start the background work of a build whose pages are in place; ``writing`` may
        be what starts it (then started in the background too: the fork of a process
        holding two site models takes a while)."""
        self.settling = Settling(self, writing, outputs, final, check_links)

    def stop(self) -> None:
        """Stop the last build's background work (a new build starts)."""
        if self.settling is not None:
            self.settling.stop()
            self.settling = None

    def wait(self) -> None:
        """Until the last build's background work is done: the preview has settled."""
        if self.settling is not None:
            self.settling.hurry.set()  # someone waits: no pause for a browser's request
            self.settling.thread.join()


class Settling:
    """The feeds, the calendar, the open data and the search index of a served build."""

    def __init__(self, served: ServedSite, writing: Writing | Callable[[], Writing],
                 outputs: Path, final: Path, check_links: Callable[[Path], None]) -> None:
        self.served, self.outputs, self.final = served, outputs, final
        self._start_writing = writing if not isinstance(writing, Writing) else lambda: writing
        self.writing: Writing | None = None
        self._lock = threading.Lock()
        self.check_links = check_links
        self.stopped = threading.Event()
        self.hurry = threading.Event()  # set by ServedSite.wait(): the pause is skipped
        self._search: int | None = None  # the process making the search index
        self.thread = threading.Thread(target=self._run, name="coalition-preview-settling",
                                       daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        self.hurry.set()  # out of the pause at once
        with self._lock:
            writing = self.writing
        if writing is not None:
            writing.stop()  # this thread's wait() reaps it (or its cancel())
        pid = self._search
        if pid is not None:
            try:
                os.killpg(pid, signal.SIGTERM)
            except (ProcessLookupError, PermissionError):
                pass
        self.thread.join()
        shutil.rmtree(self.outputs, ignore_errors=True)

    def _run(self) -> None:
        try:
            # the reloaded page is asked for first (a browser's, at once), then the garbage of
            # the last builds goes (even when saves come faster than the outputs settle)
            self.hurry.wait(PAUSE_S)
            if self.stopped.is_set() or not self._tidy_memory():
                return
            writing = self._start_writing()
            with self._lock:
                self.writing = writing
            for step in (self._outputs, self._search_index, self._links):
                if self.stopped.is_set() or not step():
                    return
            if not self.stopped.is_set():
                log.info("preview: settled (feeds, calendar, open data and search index "
                         "written)")
        except Exception as exc:  # noqa: BLE001 - a preview reports and keeps serving
            if not self.stopped.is_set():
                log.error(f"the preview could not finish writing the site: {exc}")
        finally:
            if self.writing is not None:
                self.writing.cancel()  # not waited for (stopped): reaped here
            shutil.rmtree(self.outputs, ignore_errors=True)

    def _outputs(self) -> bool:
        try:
            self.writing.wait()
        except (ExportError, OutputsFailed) as exc:
            if not self.stopped.is_set():
                log.error(f"plugin 'coalition': the feeds and open data could not be written; "
                          f"the preview still serves the last good ones:\n{exc}")
            return False
        if self.stopped.is_set():
            return False
        written = files_under(self.outputs)
        _move_in(self.outputs, self.final, written)
        pages = self.served.pages or set()
        stale = {name for name in files_under(self.final) - pages - written
                 if not name.startswith(SEARCH_PREFIX)}
        _remove(self.final, stale)
        return True

    @staticmethod
    def _tidy_memory() -> bool:
        """Collect the last builds' garbage now, and leave what is alive out of the next
        build's collections: a preview holds two site models and its caches, and the
        collector walking them all, again and again while the next build makes its
        model, was half of a reload.  (The next build unfreezes them before it forks.)"""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        return True

    def _links(self) -> bool:
        self.check_links(self.final)
        return True

    def _search_index(self) -> bool:
        """Pagefind on hard links of the served pages, in a process group of its own (so
        that a new build can stop it), then its index swapped in whole."""
        shadow = Path(tempfile.mkdtemp(prefix=self.final.name + ".search.",
                                       dir=self.final.parent))
        try:
            for name in files_under(self.final):
                if self.stopped.is_set():
                    return False
                if name.endswith(".html") and not name.startswith(SEARCH_PREFIX):
                    (shadow / name).parent.mkdir(parents=True, exist_ok=True)
                    os.link(self.final / name, shadow / name)
            if not self._in_child(lambda: write_search_index(shadow)):
                return False
            index, served = shadow / urls.SEARCH_INDEX, self.final / urls.SEARCH_INDEX
            old = shadow / "old-index"
            if served.exists():
                served.rename(old)
            if index.exists():
                index.rename(served)
            return True
        finally:
            shutil.rmtree(shadow, ignore_errors=True)

    def _in_child(self, work: Callable[[], None]) -> bool:
        pid = os.fork()
        if pid == 0:
            status = 0
            try:
                os.setpgid(0, 0)
                work()
            except SearchIndexError as exc:
                os.write(2, f"{exc}\n".encode())
                status = 2
            except BaseException:  # noqa: BLE001 - the parent says it failed
                status = 1
            finally:
                os._exit(status)
        try:
            os.setpgid(pid, pid)  # as the child does: whichever runs first
        except OSError:
            pass
        self._search = pid
        if self.stopped.is_set():  # stopped while this forked: stop() saw no process to end
            try:
                os.killpg(pid, signal.SIGTERM)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            _, status = os.waitpid(pid, 0)
        finally:
            self._search = None
        if status != 0 and not self.stopped.is_set():
            log.error("plugin 'coalition': the search index could not be made; the preview "
                      "still serves the last one")
        return status == 0
