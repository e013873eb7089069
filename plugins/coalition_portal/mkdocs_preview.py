"""The MkDocs adapter's quick preview: a save under the content folder served in a blink.

``mkdocs serve`` notices a change by polling (every half second), waits a tenth of a
second for the changes to stop, loads ``mkdocs.yml`` again and runs a whole build: every
page read, keyed and (when kept) skipped -- most of a reload for one edited meeting.  Two
things here, both set up by the plugin's ``on_serve``:

- :class:`ContentWatcher`: the content folder watched by the system's own notifications
  (inotify, through watchdog's native observer), waking MkDocs' build loop as its own
  watcher does; the loop's settling delay is shortened, and still gathers the several
  events of one save;
- :class:`QuickPreview`: MkDocs' serve builder wrapped.  When what changed can only be
  content (``mkdocs.yml``, the docs folder and the theme's files are as the last build
  had them, no other plugin is configured), the core is built again (with the preview's
  caches) and, when the engine sees the same site (the same pages in the same order, the
  same navigation, footer, feeds, options and build date), only the pages whose output
  key changed are laid out again -- the page read and keyed as MkDocs' build does it,
  then laid out with the last build's Jinja environment and navigation as
  ``mkdocs.commands.build`` lays out a page -- and moved into the served folder; the
  feeds, the calendar, the open data, the search index and the links check then settle
  in the background as after any preview build (:mod:`.publish.preview_site`).
  Anything else -- pages added, removed or renamed, another title in the navigation, the
  configuration changed, invalid content, an error of any kind -- takes MkDocs' own
  rebuild, as before.  The keys are those of the plugin's ``_preview_keys``: a page
  whose key is unchanged has the same output, so once settled the served folder equals
  a clean build (tests/publish/test_preview_quick.py).
"""

from __future__ import annotations

import functools
import logging
import os
import time
from pathlib import Path

import watchdog.events
import watchdog.observers
from mkdocs.commands.build import get_context
from mkdocs.utils import write_file

from . import portal
from .checks.pipeline import EPOCH_ENV
from .content.findings import ContentError
from .outputs.background import Writing
from .publish import staging as publish
from .publish.preview import NoKey, digest, folder_digest
from .settings import ConfigurationError
from .site.urls import SiteUrlMissing

log = logging.getLogger("mkdocs.plugins.coalition")
SETTLE_S = 0.03  # the build loop's wait for a save's events to stop (MkDocs: 0.1 s)
WATCHED = {watchdog.events.EVENT_TYPE_CREATED, watchdog.events.EVENT_TYPE_DELETED,
           watchdog.events.EVENT_TYPE_MOVED, watchdog.events.EVENT_TYPE_MODIFIED,
           watchdog.events.EVENT_TYPE_CLOSED}  # not opened/read: the build reads the files


class ContentWatcher:
    """The content folder, watched by the system's notifications (see the module)."""

    def __init__(self, server, folder: Path) -> None:
        self.server, self.folder = server, folder
        self.observer = None

    def start(self) -> bool:
        """Watch; False when the server has not MkDocs' build loop as this module knows it
        (the caller then lets the server poll the folder)."""
        server = self.server
        if not (hasattr(server, "_rebuild_cond") and hasattr(server, "_want_rebuild")):
            return False
        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = self._changed
        try:
            observer = watchdog.observers.Observer()
            observer.schedule(handler, str(self.folder), recursive=True)
            observer.start()
        except OSError as exc:  # no inotify (limits reached): MkDocs' polling
            log.debug(f"content folder not watched natively: {exc}")
            return False
        self.observer = observer
        if getattr(server, "build_delay", 0) > SETTLE_S:
            server.build_delay = SETTLE_S
        return True

    def _changed(self, event) -> None:
        if event.event_type not in WATCHED or (
                event.is_directory and event.event_type == watchdog.events.EVENT_TYPE_MODIFIED):
            return
        log.debug(str(event))
        with self.server._rebuild_cond:  # as MkDocs' own watcher wakes its build loop
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join()
            self.observer = None


class QuickPreview:
    """A preview's rebuild of only the changed pages, when only content changed."""

    def __init__(self, plugin) -> None:
        self.plugin = plugin
        self.engine = None  # the last build's (config, files, env), from its on_env
        self.seen: tuple | None = None  # what the last good build saw (see _engine_state)
        self.quick = 0  # rebuilds that took this path (reported in the log)
        self.inputs: dict = {}  # the last quick rebuild's pages: (metadata, body digest)

    # --- what the last build saw --------------------------------------------------

    def saw(self, config, files, env) -> None:
        """A build of MkDocs' reached its pages' layout (on_env)."""
        self.engine, self.seen, self.inputs = (config, files, env), None, {}

    def published(self, config) -> None:
        """The last build's pages are served: what a quick rebuild compares with."""
        if self.engine is None or self.engine[0] is not config:
            self.seen = None
            return
        try:
            self.seen = (self._sources(config), self._engine_state(self.plugin.build),
                         self.plugin._layout)
        except (OSError, NoKey):
            self.seen = None

    @staticmethod
    def _sources(config) -> str:
        """The engine's own inputs: mkdocs.yml, the docs folder, the theme's files."""
        path = config.config_file_path
        yml = Path(path).read_bytes() if path else b""
        if b"INHERIT" in yml or config.watch:
            raise NoKey("mkdocs.yml inherits, or more is watched: not known here")
        return digest(yml.decode("utf-8", "surrogateescape"),
                      folder_digest([config.docs_dir]), folder_digest(config.theme.dirs))

    @staticmethod
    def _engine_state(build) -> str:
        """What the engine takes of the core's build for every page: the pages in order,
        the navigation, the footer, the feeds, the output options, the description of the
        coalition, the build date."""
        site = build.site
        return digest([page.src_uri for page in site.pages], build.nav, build.footer,
                      build.autodiscovery, build.outputs, build.prepared.as_of,
                      site.content.coalition.shared_interest)

    # --- the builder ------------------------------------------------------------------

    def wrap(self, server) -> None:
        """MkDocs' serve builder, tried the quick way first."""
        original = server.builder

        def builder(config=None):
            if config is None and self.rebuild():
                return
            original(config) if config is not None else original()

        server.builder = builder

    def rebuild(self) -> bool:
        """The quick rebuild; False (nothing served changed) when MkDocs must rebuild."""
        plugin, seen = self.plugin, self.seen
        if seen is None or self.engine is None or plugin.preview is None:
            return False
        config, files, env = self.engine
        if set(config.plugins) != {"coalition"}:
            return False  # another plugin or hook may read or change anything
        try:
            if self._sources(config) != seen[0]:
                return False
        except (OSError, NoKey):
            return False
        start = time.monotonic()
        log.info("Building documentation (content changed)...")
        plugin._served.stop()  # the last build's background work would be stale
        plugin.preview.start()
        try:
            done = self._rebuild(config, files, env, seen, start, time.monotonic())
        except (ContentError, ConfigurationError, SiteUrlMissing):
            done = False  # MkDocs' rebuild reports it, and keeps the last good site
        except Exception as exc:  # noqa: BLE001 - MkDocs' own rebuild then decides
            log.debug(f"quick rebuild not possible: {exc!r}")
            done = False
        if not done:
            plugin.preview.abandon()
            self.seen, self.inputs = None, {}
        return done

    def _rebuild(self, config, files, env, seen, start: float, stopped: float) -> bool:
        plugin = self.plugin
        previous = plugin.build
        settings = plugin.settings()
        content_dir = plugin.content_dir(config, settings)
        with portal.collector_paused():
            build = portal.build(content_dir, settings, config.site_url,
                                 parsed=plugin.preview.parsed)
        times = [stopped, time.monotonic()]
        if self._engine_state(build) != seen[1]:
            return False  # other pages, another navigation or footer: MkDocs' rebuild
        plugin.build = build
        plugin._rendered, plugin._skipped, plugin._body_digests = {}, set(), {}
        plugin._preview_state(previous)
        plugin.pages = {page.src_uri: page for page in build.site.pages}
        times.append(time.monotonic())
        plugin.report_findings()
        final = Path(config.site_dir)
        staging = publish.start_staging(final)  # where this config's pages are written
        config.site_dir = str(staging)  # as in the build that made the keys
        pages = [f.page for f in files.documentation_pages()
                 if f.src_uri in plugin.pages and f.page is not None]
        for page in pages:  # read as MkDocs' build reads a page
            _read(page, config, files)
        times.append(time.monotonic())
        layout = layout_key(config, plugin._nav)
        if layout is None or layout != seen[2]:
            return False  # the navigation's titles changed: every page is laid out again
        changed, inputs = [], {}
        plugin._keys, plugin._kept = {}, {}
        for page in pages:
            uri = page.file.src_uri
            # the same layout, the same page object read again: its key can differ from the
            # last quick rebuild's only by its metadata and its body (its table of contents
            # is made of the body); unchanged, its output is kept without a digest
            inputs[uri] = (dict(page.meta), plugin._body_digests.get(uri))
            if inputs[uri][1] is not None and self.inputs.get(uri) == inputs[uri] \
                    and plugin.preview.carry_output(uri):
                plugin._rendered.pop(uri, None)
                continue
            key = plugin._output_key(layout, page)
            if plugin.preview.output(uri, key) is None:
                plugin._keys[uri] = key
                changed.append(page)
            else:
                plugin._rendered.pop(uri, None)
        times.append(time.monotonic())
        for finding in plugin.site.minutes_findings():
            log.warning(str(finding))
        doc_files = files.documentation_pages()
        for page in changed:  # into the staging folder, as MkDocs' build writes a page
            output = _lay_out(page, config, plugin._nav, doc_files, env)
            write_file(output.encode("utf-8", errors="xmlcharrefreplace"),
                       page.file.abs_dest_path)
        plugin._served.replace_pages(staging, final)
        config.site_dir = str(final)
        times.append(time.monotonic())
        log.debug("quick rebuild: " + ", ".join(
            f"{what} {b - a:.3f} s" for what, a, b in zip(
                ("background work stopped", "core", "model state", "pages read", "keys",
                 "layout"), [start, *times], times)))
        plugin.preview.finish()
        self.inputs = inputs
        self.quick += 1
        log.info(f"preview: {len(changed)} page(s) laid out, {plugin.preview.reused} kept "
                 f"from the last build; {plugin.preview.rendered} page body(ies) rendered "
                 f"(content only: a quick rebuild)")
        log.info(f"Documentation built in {time.monotonic() - start:.2f} seconds")
        outputs = plugin._served.outputs_dir(final)
        writing = functools.partial(Writing, plugin.site, outputs, plugin.outputs)
        plugin._served.settle(writing, outputs, final,
                              lambda served: plugin._keep_published_links(served, config))
        return True


def _read(page, config, files) -> None:
    """A page read again, as ``mkdocs.commands.build`` reads it (events and all)."""
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page,
                                                        config=config, files=files)
        page.render(config, files)
        page.content = config.plugins.on_page_content(page.content, page=page, config=config,
                                                      files=files)
    finally:
        config._current_page = None


def _lay_out(page, config, nav, doc_files, env) -> str:
    """A page laid out in the theme, as ``mkdocs.commands.build`` lays it out."""
    config._current_page = page
    try:
        page.active = True
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = template.render(context)
        return config.plugins.on_post_page(output, page=page, config=config)
    finally:
        page.active = False
        config._current_page = None


# --- the output keys (the plugin's _preview_keys and the quick rebuild use the same) ------

def layout_key(config, nav) -> str | None:
    """The digest of what every page's layout reads besides the page (None: unknown)."""
    try:
        return digest(config_state(config), folder_digest(config.theme.dirs),
                      nav_state(nav.items), os.environ.get(EPOCH_ENV))
    except NoKey:
        return None


def output_key(layout: str, page, body: str, toc) -> str | None:
    """The key of a page's output: the layout's, the page's own state, its body (or the
    body's digest) and its table of contents (None: unknown)."""
    try:
        return digest(layout, page_state(page), body, toc_state(toc))
    except NoKey:
        return None


def config_state(config) -> list:
    """What the layout may read of MkDocs' configuration (plugins by name and options)."""
    state = [(key, value) for key, value in sorted(config.items())
             if key not in ("plugins", "theme")]
    state.append(("theme", sorted(dict(config.theme).items()), list(config.theme.dirs)))
    state.append(("plugins", [(name, sorted(dict(getattr(plugin, "config", None) or {}).items()))
                              for name, plugin in config.plugins.items()]))
    return state


def nav_state(items) -> list:
    return [(type(item).__name__, str(item.title), getattr(item, "url", None),
             getattr(item, "meta", None), nav_state(getattr(item, "children", None) or []))
            for item in items]


def toc_state(toc) -> list:
    return [(item.title, item.id, item.url, item.level, toc_state(item.children))
            for item in toc or []]


def page_state(page) -> list:
    """What the layout may read of a page besides its HTML and table of contents."""
    def place(other):
        return None if other is None else (str(other.title), getattr(other, "url", None))
    skip = {"markdown", "content", "toc", "file", "parent", "previous_page", "next_page",
            "active", "render"}  # render: a preview's own (_marker_only)
    own = sorted((k, v) for k, v in vars(page).items() if k not in skip)
    return [own, str(page.title), page.file.src_uri, page.file.dest_uri,
            place(page.parent), place(page.previous_page), place(page.next_page),
            [place(a) for a in page.ancestors]]
