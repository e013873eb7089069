"""The MkDocs adapter: a thin layer over the core.

- ``on_config``: load, validate and run the publication check before MkDocs
  touches ``site_dir``; build into a staging folder so that a build failing at
  any later step leaves the last good site as it was.
- ``on_files``: add one generated page per page of the site model.
- ``on_page_markdown`` / ``on_page_context``: give each generated page its
  (escaped) title and its HTML, rendered by the core just before its template
  (and let go once written, so memory does not grow with the archive); untrusted
  text never passes through MkDocs' own Markdown.
- ``on_post_build``: report the minutes' broken links and images (warnings), write feeds,
  the calendar, the open data and the meetings' attachments into the staging folder, index
  the written pages for the search box (``outputs.search_index``, Pagefind), check the
  published links, then swap it into place (``publish``; a failed export leaves the last
  good site as it was).
- ``on_serve``: watch the content folder (by the system's notifications), so ``mkdocs
  serve`` rebuilds on any change, a save of content alone without MkDocs' rebuild
  (:mod:`.mkdocs_preview`); while serving, invalid content is reported and the last valid
  content stays served.
- a preview (``mkdocs serve``) keeps, from one rebuild to the next, what did not change
  (:mod:`.publish.preview`, keyed by digests): the parsed files, each page's body (kept
  while what it read of the model, per record, is unchanged, :mod:`.publish.
  preview_model`), each page laid out in the theme (a page whose key is unchanged gets a
  one-line template and its kept output) and the search entries of each page (the
  ``_preview_*`` methods below).  Only the pages whose output changed are written; the
  feeds, calendar, open data and search index follow in the background once the pages
  are served (:mod:`.publish.preview_site`; ``settle()`` waits for them).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache
from markupsafe import escape
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc
from mkdocs.utils import normalize_url

from . import portal
from .checks.pipeline import EPOCH_ENV, source_date_epoch
from .content.findings import ContentError, notes, warnings
from .mkdocs_preview import (
    ContentWatcher,
    QuickPreview,
    layout_key,
    output_key,
    toc_state,
)
from .outputs import feeds
from .outputs.background import OutputsFailed, Writing
from .outputs.search_index import PART_BYTES, SearchIndex, SearchIndexError, page_order
from .outputs.write import ExportError, write_robots
from .publish import staging as publish
from .publish.preview import NoKey, PreviewCache, digest, folder_digest
from .publish.preview_model import ModelState, model_state
from .publish.preview_site import ServedSite
from .settings import OPTIONS, ConfigurationError, Settings
from .site import reads
from .site.ahead import Ahead
from .site.catalogue import OutputOptions
from .site.describe import describe
from .site.model import Page, Site, source_name
from .site.render import environment as render_environment
from .site.render import overrides_dir, plain, templates_dir
from .site.toc import toc_tokens, with_title_anchor
from .site.urls import SiteUrlMissing
from .site.wayfinding import NavEntry, page_body, trail_html
from .template_cache import CompiledAhead
from .theme_nav import NavCache

log = logging.getLogger("mkdocs.plugins.coalition")
MARKER = "<!-- coalition-portal generated page -->\n"
KEPT_TEMPLATE = "coalition-preview-kept.html"  # a preview's page whose output is kept

# The plugin's options are settings.OPTIONS, declared once there: to MkDocs each is only a
# name it accepts (unknown names still warn); Settings.from_options checks types, bounds and
# choices and applies the defaults.
CoalitionConfig = type("CoalitionConfig", (Config,), {
    "__doc__": "The `coalition` plugin's options (settings.OPTIONS).",
    **{option.name: opt.Optional(opt.Type(object)) for option in OPTIONS}})


class CoalitionPlugin(BasePlugin[CoalitionConfig]):
    def __init__(self) -> None:
        self.build: portal.Build | None = None  # the last good build (kept while serving)
        self.pages: dict[str, Page] = {}
        self.final_site_dir: Path | None = None
        self._pinned_epoch: str | None = None  # the SOURCE_DATE_EPOCH this plugin set, if any
        self.serving = False
        self.preview: PreviewCache | None = None  # while serving: what rebuilds reuse
        self._rendered: dict[str, tuple[str, object]] = {}  # preview: page -> (html, toc)
        self._keys: dict[str, str | None] = {}  # preview: page -> key of its output
        self._kept: dict[str, str] = {}  # preview: page -> its kept output
        self._nav = None
        self._writing: Writing | None = None  # the outputs, written while the pages render
        self._ahead: Ahead | None = None  # page bodies, rendered ahead by a second process
        self._search: SearchIndex | None = None  # the search index, made as pages are written
        self._listed: dict[int, int] | None = None  # the files' order, as MkDocs listed them
        self._compiled: CompiledAhead | None = None  # templates compiled by a second process
        self._nav_pages: dict = {}  # page source name -> the engine's navigation page
        self._marked = None  # the navigation page marked current for a record page
        self._served: ServedSite | None = None  # preview: the served folder, updated in place
        self._state: ModelState | None = None  # preview: the model's digests (bodies' keys)
        self._skipped: set[str] = set()  # preview: pages not written again (already served)
        self._body_digests: dict[str, str] = {}  # preview: page -> SHA-256 of its body
        self._skip_writing = False  # preview: whether a kept page may be left unwritten

    def on_startup(self, command, dirty) -> None:
        # Defining on_startup makes MkDocs keep this instance across `mkdocs serve`
        # rebuilds, so a rebuild with invalid content can fall back on the last good site.
        self.serving = command == "serve"
        # MkDocs keeps one instance per process: a new command starts from nothing
        self.build, self.pages = None, {}
        self.preview = PreviewCache() if self.serving else None
        self._served = ServedSite() if self.serving else None
        self._bytecode = _MemoryBytecodeCache()
        self._state = None
        self._quick = QuickPreview(self) if self.serving else None  # content-only rebuilds
        self._watcher: ContentWatcher | None = None
        if self.serving:
            _quiet_skipped_pages(self)

    def settings(self) -> Settings:
        """The plugin's options in mkdocs.yml, checked."""
        return Settings.from_options(dict(self.config), "plugin 'coalition':")

    @staticmethod
    def content_dir(config, settings: Settings) -> Path:
        """The content folder, beside mkdocs.yml."""
        return Path(config.config_file_path or ".").resolve().parent / settings.content_dir

    def report_findings(self) -> None:
        """The last good build's warnings and notes, in the log."""
        for finding in warnings(self.build.findings):
            log.warning(str(finding))
        for finding in notes(self.build.findings):
            log.info(str(finding))

    def on_config(self, config):
        try:
            settings = self.settings()
            content_dir = self.content_dir(config, settings)
            if self.preview is not None:
                self._served.stop()  # the last build's background work would be stale
                self.preview.start()
                self._rendered, self._skipped, self._body_digests = {}, set(), {}
            previous = self.build
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(overrides_dir()))
            self._compile_ahead(config)
            with portal.collector_paused():
                self.build = portal.build(content_dir, settings, config.site_url,
                                          parsed=self.preview.parsed if self.preview else None)
            if self.preview is not None:
                self._preview_state(previous)
        except ContentError as exc:
            if not (self.serving and self.build is not None):
                raise PluginError(f"the coalition's content has {len(exc.findings)} problem(s); "
                                  f"the previous site was left as it was:\n{exc.report()}") from None
            # a failed rebuild would leave `mkdocs serve` stalling every request
            # (mkdocs/livereload waits for a good build); keep serving the last good one
            log.error(f"the coalition's content has {len(exc.findings)} problem(s); still "
                      f"showing the last valid content:\n{exc.report()}")
        except (ConfigurationError, SiteUrlMissing) as exc:
            raise PluginError(f"plugin 'coalition': {exc}") from None
        self.report_findings()
        self._pin_build_date(self.build.prepared.as_of)
        config.extra["coalition_feeds"] = self.build.autodiscovery
        if any(name in config.plugins for name in ("search", "material/search")):
            log.info("the header's search box uses the portal's own index (pagefind/); "
                     "Material's `search` plugin only adds search/search_index.json, which no "
                     "page loads: it can be removed from mkdocs.yml")
        config.extra["coalition_footer"] = self.build.footer
        if not config.site_description:  # every page's fallback <meta name="description">
            config.site_description = str(escape(plain(
                self.site.content.coalition.shared_interest)))
        self.pages = {page.src_uri: page for page in self.site.pages}
        if not config.nav:
            config.nav = _engine_nav(self.build.nav)
            # records are reached from their section pages, not listed in the navigation
            config.validation.nav.omitted_files = logging.DEBUG
        self._stage(config)
        return config

    def _compile_ahead(self, config) -> None:
        """A build: a second process compiles the theme's templates and the portal's while
        this one loads and checks the content (template_cache); not when another plugin
        may change the theme's environment."""
        self._compiled = None
        if self.preview is None and not _other_plugins_handle(
                config, ("on_config", "on_pre_build", "on_files", "on_nav", "on_env")):
            self._compiled = CompiledAhead(lambda: [
                (render_environment(), render_environment().list_templates()),
                (config.theme.get_env(), ["main.html", "404.html", "sitemap.xml"])])

    @property
    def site(self) -> Site | None:
        return self.build.site if self.build is not None else None

    @property
    def outputs(self) -> OutputOptions | None:
        return self.build.outputs if self.build is not None else None

    def _pin_build_date(self, as_of) -> None:
        """MkDocs stamps the sitemap and its gzip with SOURCE_DATE_EPOCH, else the clock.

        Without one set by the caller, use as_of, so builds are reproducible by default.
        """
        epoch = str(source_date_epoch(as_of))
        if os.environ.get(EPOCH_ENV) in (None, self._pinned_epoch):
            os.environ[EPOCH_ENV] = self._pinned_epoch = epoch

    def _stage(self, config) -> None:
        """Build into a sibling folder; on_post_build moves it into place."""
        final = Path(config.site_dir)
        self.final_site_dir = final
        config.site_dir = str(publish.start_staging(final))

    def on_files(self, files: Files, config) -> Files:
        self._listed = None
        for uri in self.pages:
            existing = files.get_file_from_path(uri)
            if existing is not None:
                raise PluginError(f"docs/{uri} would hide the portal's generated page of the same "
                                  "name; rename or remove it")
            files.append(File.generated(config, uri, content=MARKER))
        if self.preview is None:
            files = self._in_page_order(files)
        # the site folder is clean now; the feeds, calendar and open data need only the
        # site model: a second process writes them while MkDocs renders the pages; both
        # need the minutes' HTML, rendered once, before the fork.  A third renders page
        # bodies ahead of MkDocs' layout.  (A preview renders its bodies before the layout,
        # see on_page_markdown, and has the outputs written once its pages are served, into
        # a folder of their own, then moved in: publish/preview_site.py.)
        if self.preview is None:
            # the templates cannot change during a build: Jinja need not check each one's
            # file again at every include of every body (a preview's can: they key its state)
            render_environment().auto_reload = False
            if self._compiled is not None:  # the page bodies' templates, compiled ahead:
                body_templates = render_environment()  # loaded before the forks share them
                body_templates.bytecode_cache = self._compiled
                for name in body_templates.list_templates():
                    body_templates.get_template(name)
                body_templates.bytecode_cache = None
            self.site.render_minutes(shared=True)  # (half by a forked copy meanwhile)
            self._writing = Writing(self.site, Path(config.site_dir), self.outputs)
            order = [self.pages[f.src_uri] for f in files.documentation_pages()
                     if f.src_uri in self.pages]
            self._ahead = Ahead(order, self._page_html)
            # after the forks (threads of its own): Pagefind indexes each page as it is
            # written, unless another plugin may still change a page after on_post_page; if
            # the minutes alone are more than one part of the index holds, the index comes
            # in parts, made once every page is written
            minutes = sum(len(view.minutes_html) for view in self.site.meetings.values())
            if not _other_plugins_handle(config, ("on_post_page",)):
                self._search = self._search_index(Path(config.site_dir),
                                                  stream=minutes <= PART_BYTES)
        return files

    def _in_page_order(self, files: Files) -> Files:
        """The pages written in the order the search index holds them (by path, see
        outputs.search_index.page_order), so that Pagefind indexes each as it is written;
        the sitemap still lists them in MkDocs' order (on_template_context)."""
        every = list(files)
        self._listed = {id(file): at for at, file in enumerate(every)}
        slots = [at for at, file in enumerate(every) if file.is_documentation_page()]
        pages = sorted((every[at] for at in slots), key=lambda f: page_order(f.dest_uri))
        for at, file in zip(slots, pages):
            every[at] = file
        return Files(every)

    def on_template_context(self, context, template_name, config):
        if template_name == "sitemap.xml" and self._listed is not None and context.get("pages"):
            last = len(self._listed)  # (a file another plugin added since: after them)
            context["pages"] = sorted(context["pages"],
                                      key=lambda f: self._listed.get(id(f), last))
        return context

    def on_page_markdown(self, markdown: str, page, config, files):
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta["title"] = str(escape(plain(generated.title)))
            page.meta["coalition_trail"] = trail_html(generated)  # main.html, above the page
            description = describe(generated, self.site)  # the theme writes it unescaped
            if description:
                page.meta["description"] = str(escape(description))
            if generated.feed:
                page.meta["coalition_feeds"] = feeds.page_autodiscovery(
                    generated.feed, generated.title)
            if self.preview is not None:  # rendered now: the output's key needs its HTML
                body, toc = self._body(generated)
                self._rendered[page.file.src_uri] = (body, toc)
            # nothing for Markdown to do (the page's body is the portal's, given it in
            # on_page_context): MkDocs is spared making a Markdown instance for each page
            page.render = functools.partial(_marker_only, page)
        return markdown

    def on_page_content(self, html: str, page, config, files):
        # MkDocs reads every page before it writes any: holding every rendered page until
        # then grew with the archive (half a gigabyte at 5x), so a generated page is
        # rendered just before its template (on_page_context) and let go once written.
        return html

    def _render(self, page, generated: Page) -> None:
        rendered = self._rendered.pop(page.file.src_uri, None)
        if rendered is None and self._ahead is not None:
            body = self._ahead.take(page.file.src_uri)  # rendered by the second process
            if body is not None:
                rendered = body, get_toc(toc_tokens(body))
        body, page.toc = rendered if rendered is not None else self._body(generated)
        page.content = body

    @staticmethod
    def _page_html(generated: Page) -> str:
        return with_title_anchor(page_body(generated))

    def _body(self, generated: Page):
        if self.preview is None:
            body = self._page_html(generated)
            return body, get_toc(toc_tokens(body))
        state = self._state
        kept = state.body(generated) if state is not None else None
        if kept is None:
            with reads.recording() as seen:  # what it reads of the site (publish/preview_model)
                body = self._page_html(ModelState.reading(generated))
            kept = body, toc_tokens(body), hashlib.sha256(body.encode("utf-8", "surrogatepass")
                                                          ).hexdigest()
            self.preview.rendered += 1
            log.debug("preview: body of %s rendered", generated.src_uri)
            if state is not None:
                state.keep(generated, seen, *kept)
        self._body_digests[generated.src_uri] = kept[2]  # the layout's key reads it
        return kept[0], get_toc(kept[1])

    def _close_ahead(self) -> None:
        render_environment().auto_reload = True  # (see on_files)
        if self._ahead is not None:
            self._ahead.close()
            log.debug(f"{self._ahead.taken} of {len(self.pages)} page bodies rendered by the "
                      f"second process ({self._ahead.waited} waits)")
            self._ahead = None

    def _mark_section(self, page, generated: Page) -> None:
        """A record page is not in the navigation: mark its section's entry current (the
        active tab, the open branch of the sidebar) while the page is written."""
        section = generated.place.section
        entry = self._nav_pages.get(source_name(section)) if section is not None else None
        if entry is not None and entry is not page:
            entry.active = True
            self._marked = entry

    def on_page_context(self, context, page, config, nav):
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            self._mark_section(page, generated)
            self._render(page, generated)
        return context

    @event_priority(100)  # a preview's kept output, before any other plugin sees it
    def on_post_page(self, output: str, page, config) -> str:
        if self._marked is not None:
            self._marked.active = False
            self._marked = None
        if page.file.src_uri in self.pages:
            page.content = None  # written: no need to hold it until the build ends
            if self.preview is not None:
                output = self._preview_output(page, output)
        if self._search is not None and output.strip():  # (MkDocs skips an empty page)
            self._search.add(page.file.dest_uri, output)
        return output

    @event_priority(-100)  # last: what other plugins write at the end is staged with the site
    def on_post_build(self, config) -> None:
        staging, final = Path(config.site_dir), self.final_site_dir
        # the minutes were rendered with their pages: a relative link or image naming no
        # file is a warning (so `mkdocs build --strict` aborts below, before the swap)
        for finding in self.site.minutes_findings():
            log.warning(str(finding))
        self._close_ahead()
        if self._compiled is not None:
            self._compiled.close()
        if self.preview is not None:
            return self._preview_publish(staging, final, config)
        if self._search is not None:  # Pagefind makes the index while what is left of the
            self._search.pages_written()  # outputs is written (on the other core)
        writing, self._writing = self._writing, None
        try:
            writing.wait()
            write_robots(staging, self.outputs)
        except ExportError as exc:
            raise PluginError(f"plugin 'coalition': {exc}; the previous site was left as "
                              "it was") from None
        except OutputsFailed as exc:
            raise PluginError(f"plugin 'coalition': writing the feeds and open data failed; "
                              f"the previous site was left as it was:\n{exc}") from None
        self._write_search_index(staging)
        self._keep_published_links(staging, config)
        if _strict_build_will_abort(config):
            return  # MkDocs aborts after this hook; on_build_error removes the staging folder
        # a preview's reload need not wait for the old site's removal
        publish.publish_site(staging, final, remove_old_later=self.preview is not None)
        config.site_dir = str(final)
        if self.preview is not None:
            self.preview.finish()
            log.info(f"preview: {self.preview.laid_out} page(s) laid out, "
                     f"{self.preview.reused} kept from the last build")

    def _search_index(self, staging: Path, stream: bool = True) -> SearchIndex:
        try:
            return SearchIndex(staging, stream=stream)
        except SearchIndexError as exc:
            raise PluginError(f"plugin 'coalition': {exc}; the previous site was left as "
                              "it was") from None

    def _write_search_index(self, staging: Path) -> None:
        """The search box's index of the written pages: those Pagefind indexed as they were
        written, and any other (outputs.search_index.SearchIndex.finish)."""
        index, self._search = self._search, None
        if index is None:
            index = self._search_index(staging, stream=False)
        try:
            index.finish()
        except SearchIndexError as exc:
            raise PluginError(f"plugin 'coalition': {exc}; the previous site was left as "
                              "it was") from None
        finally:
            index.cancel()

    def settle(self) -> None:
        """A preview: until the last build's feeds, calendar, open data and search index are
        written (publish/preview_site.py); the served folder then equals a clean build."""
        if self._served is not None:
            self._served.wait()

    def _keep_published_links(self, staging: Path, config) -> None:
        """Fail when a URL of content/links.yml would die; write the declared redirect pages."""
        try:
            missing = publish.keep_published_links(
                self.site, staging, self.site.withdrawn,
                self.outputs.base_url if self.outputs else config.site_url)
        except publish.LinksWouldBreak as exc:
            count, report = len(exc.findings), exc.report()
            if self.serving:  # a preview: say so, but keep serving
                log.error(f"the build would break {count} published link(s):\n{report}")
                return
            raise PluginError(f"the build would break {count} published link(s); the "
                              f"previous site was left as it was:\n{report}") from None
        if missing:
            log.info(f"{len(missing)} published address(es) are not in links.yml yet; run "
                     f"`coalition links update`: {', '.join(missing[:5])}")

    def on_serve(self, server, config, builder):
        # content/ is outside docs_dir, so MkDocs would not rebuild when a record changes;
        # watched by the system's notifications, a save is seen at once (mkdocs_preview)
        content = self.content_dir(config, self.settings())
        if self._watcher is not None:
            self._watcher.stop()
        self._watcher = ContentWatcher(server, content)
        if not self._watcher.start():
            self._watcher = None
            server.watch(str(content))
        if self._quick is not None:
            self._quick.wrap(server)  # a save of content only: only its pages laid out
        return server

    def on_shutdown(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        if self._served is not None:
            self._served.stop()

    def on_build_error(self, error) -> None:
        self._close_ahead()
        if self._compiled is not None:
            self._compiled.close()
        if self._search is not None:
            self._search.cancel()
            self._search = None
        if self._writing is not None:
            self._writing.cancel()
            self._writing = None
        if self.final_site_dir is not None:
            publish.discard_staging(self.final_site_dir)
        if self.preview is not None:
            self.preview.abandon()

    # --- a preview (`mkdocs serve`): keep what did not change (publish/preview.py) -------

    def on_nav(self, nav, config, files):
        self._nav = nav  # a preview's layout key reads it
        self._nav_pages = {item.file.src_uri: item for item in nav.pages}
        return nav

    def on_env(self, env, config, files):
        # every page is read (titles, metadata, tables of contents): the sidebar navigation
        # can be kept by state (theme_nav, overrides/main.html), the outputs' keys are known
        # before any page is laid out
        env.globals["coalition_nav"] = NavCache.of(config, self._nav, normalize_url)
        if self.preview is None:
            # the theme's templates cannot change during a build: Jinja need not check each
            # one's file again at every include of every page
            env.auto_reload = False
            if self._compiled is not None:
                env.bytecode_cache = self._compiled  # compiled while the content loaded
        if self.preview is not None:
            # MkDocs makes a new environment for each build: the theme's templates are
            # compiled once per preview (Jinja checks each one's source against its code)
            env.bytecode_cache = self._bytecode
            self._quick.saw(config, files, env)
            self._preview_keys(config, files)
            self._preview_search(config)
        return env

    def _preview_keys(self, config, files) -> None:
        """Each generated page's output key; a page whose output is kept gets a one-line
        template (its kept output replaces it in on_post_page)."""
        self._keys, self._kept, self._layout = {}, {}, None
        self._skip_writing = not _other_plugins_handle(config, ("on_post_page",))
        if _other_plugins_change_pages(config):
            return  # what they do to a page is not in its key: every page is laid out
        layout = self._layout = layout_key(config, self._nav)
        if layout is None:
            return  # nothing known for sure: every page is laid out
        for file in files.documentation_pages():
            uri, page = file.src_uri, file.page
            if uri not in self.pages or page is None or uri not in self._rendered:
                continue
            self._keys[uri] = self._output_key(layout, page)
        for uri, key in self._keys.items():
            kept = self.preview.output(uri, key)
            if kept is not None:
                self._kept[uri] = kept
                files.get_file_from_path(uri).page.meta["template"] = KEPT_TEMPLATE

    def _output_key(self, layout: str, page) -> str | None:
        """The key of a generated page's output (its body rendered: ``self._rendered``)."""
        body, toc = self._rendered[page.file.src_uri]
        return output_key(layout, page, self._body_digests.get(page.file.src_uri) or body, toc)

    def _preview_output(self, page, output: str) -> str:
        """A kept output is served already: it is not written again (an empty output makes
        MkDocs skip the page), unless another plugin post-processes pages."""
        uri = page.file.src_uri
        kept = self._kept.pop(uri, None)
        if kept is not None:
            if self._skip_writing:
                self._skipped.add(page.file.dest_uri)
                return ""
            return kept
        self.preview.keep_output(uri, self._keys.pop(uri, None), output)
        return output

    def _preview_state(self, previous: portal.Build | None) -> None:
        """The digests keying each page's body (preview_model: the bodies of the last
        build are kept in them); the minutes of an unchanged meeting keep the HTML the last
        build made of them (the same inputs: its record, its minutes and ``rest``)."""
        last = self._state
        try:
            state = model_state(self.build, folder_digest([templates_dir()]), last)
        except NoKey:
            state = None
        if state is not None and last is not None and previous is not None \
                and previous is not self.build and state.rest == last.rest:
            for mid, view in self.site.meetings.items():
                old = previous.site.meetings.get(mid)
                made = vars(old).get("_minutes") if old is not None else None
                if made is not None and all(
                        last.read(kind, mid) == state.read(kind, mid) is not None
                        for kind in ("meeting", "minutes")):
                    vars(view).setdefault("_minutes", made)
        self._state = state

    def _preview_publish(self, staging: Path, final: Path, config) -> None:
        """A preview: the written pages in place now, the rest in the background."""
        try:
            write_robots(staging, self.outputs)
        except ExportError as exc:
            raise PluginError(f"plugin 'coalition': {exc}; the previous site was left as "
                              "it was") from None
        if _strict_build_will_abort(config):
            return
        self._served.publish_pages(staging, final, self._skipped)
        config.site_dir = str(final)
        self.preview.finish()
        log.info(f"preview: {self.preview.laid_out} page(s) laid out, "
                 f"{self.preview.reused} kept from the last build; "
                 f"{self.preview.rendered} page body(ies) rendered, "
                 f"{len(self._skipped)} page(s) not written again")
        self._quick.published(config)
        outputs = self._served.outputs_dir(final)
        writing = functools.partial(Writing, self.site, outputs, self.outputs)  # forked later
        self._served.settle(writing, outputs, final,
                            lambda served: self._keep_published_links(served, config))

    def _preview_search(self, config) -> None:
        """Material's search plugin: a page's entries are kept under a digest of what it
        reads of the page, and not parsed again.  (Another search engine, run on the built
        site, is not concerned.)"""
        index = None
        for name in ("material/search", "search"):
            plugin = config.plugins.get(name)
            index = getattr(plugin, "search_index", None) if plugin is not None else None
            if index is not None and hasattr(index, "add_entry_from_context"):
                break
        else:
            return
        cache, add = self.preview, type(index).add_entry_from_context

        def add_entry(page):
            try:
                key = digest(page.url, str(page.title), page.content, toc_state(page.toc),
                             [page.meta.get(k) for k in ("title", "tags", "search")])
            except NoKey:
                return add(index, page)
            kept = cache.entries(key)
            if kept is not None:
                index.entries.extend(kept)
                return None
            before = len(index.entries)
            add(index, page)
            cache.keep_entries(key, index.entries[before:])
            return None

        index.add_entry_from_context = add_entry


# what a plugin may do to a page or its template between our key and its output
PAGE_EVENTS = ("on_pre_page", "on_page_markdown", "on_page_content", "on_page_context",
               "on_env", "on_page_read_source")
KNOWN_PLUGINS = ("coalition", "search", "material/search")  # search only reads the page


def _other_plugins_change_pages(config) -> bool:
    """Whether a plugin (or hook) besides ours and search handles a page event."""
    return _other_plugins_handle(config, PAGE_EVENTS)


def _other_plugins_handle(config, events) -> bool:
    """Whether a plugin (or hook) besides ours and search handles one of ``events``."""
    def handles(plugin, event) -> bool:  # a plugin's own method, or a hooks module's function
        own = getattr(plugin, event, None)
        return own is not None and getattr(own, "__func__", own) is not getattr(BasePlugin, event, None)
    return any(handles(plugin, event) for name, plugin in config.plugins.items()
               if name not in KNOWN_PLUGINS for event in events)


def _marker_only(page, config, files) -> None:
    """What MkDocs' Markdown makes of a generated page's source (MARKER), without it."""
    page.content, page.toc = MARKER.strip(), get_toc([])
    page.present_anchor_ids, page.links_to_anchors = set(), {}


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates in memory, for one process (Jinja reloads a changed template)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class _SkippedPages(logging.Filter):
    """MkDocs says "Page skipped" of each page a preview did not write again: not news."""

    def __init__(self, plugin: CoalitionPlugin) -> None:
        super().__init__()
        self.plugin = plugin

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("Page skipped: '") and self.plugin.serving
                    and message[len("Page skipped: '"):].split("'", 1)[0] in self.plugin.pages)


def _quiet_skipped_pages(plugin: CoalitionPlugin) -> None:
    target = logging.getLogger("mkdocs.commands.build")
    target.filters = [f for f in target.filters if not isinstance(f, _SkippedPages)]
    target.addFilter(_SkippedPages(plugin))


def _engine_nav(entries: list[NavEntry]) -> list[dict]:
    """The core's navigation as mkdocs.yml writes one: ``{title: page}`` or ``{title: [...]}``."""
    return [{title: target if isinstance(target, str) else _engine_nav(target)}
            for title, target in entries]


def _strict_build_will_abort(config) -> bool:
    """In --strict mode MkDocs aborts after on_post_build when anything warned; don't swap then."""
    if not config.strict:
        return False
    return any(getattr(handler, "get_counts", lambda: [])()
               for handler in logging.getLogger("mkdocs").handlers)
