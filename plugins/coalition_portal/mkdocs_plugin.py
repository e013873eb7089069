"""The MkDocs adapter: a thin layer over the core.

- ``on_config``: load, validate and run the publication check before MkDocs
  touches ``site_dir``; build into a staging folder so that a build failing at
  any later step leaves the last good site as it was.
- ``on_files``: add one generated page per page of the site model.
- ``on_page_markdown`` / ``on_page_context``: give each generated page its
  (escaped) title and its HTML, rendered by the core just before its template
  (and let go once written, so memory does not grow with the archive); untrusted
  text never passes through MkDocs' own Markdown.
- ``on_page_context``: the search plugin indexes each generated page without the
  regions its template marks search-exclude (long vote and attendance tables).
- ``on_post_build``: report the minutes' broken links and images (warnings), write feeds,
  the calendar, the open data and the meetings' attachments into the staging folder, check
  the published links, then swap it into place (``publish``; a failed export leaves the
  last good site as it was).
- ``on_serve``: watch the content folder, so ``mkdocs serve`` rebuilds on any change;
  while serving, invalid content is reported and the last valid content stays served.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from markupsafe import escape
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from . import portal
from .checks.pipeline import EPOCH_ENV, source_date_epoch
from .content.findings import ContentError, notes, warnings
from .outputs import feeds
from .outputs.write import (
    ExportError,
    copy_attachments,
    write_outputs,
    write_robots,
)
from .publish import staging as publish
from .settings import OPTIONS, ConfigurationError, Settings
from .site.catalogue import OutputOptions
from .site.describe import describe
from .site.model import Page, Site
from .site.render import overrides_dir, plain, render_page, search_view
from .site.toc import toc_tokens, with_title_anchor
from .site.urls import SiteUrlMissing

log = logging.getLogger("mkdocs.plugins.coalition")
MARKER = "<!-- coalition-portal generated page -->\n"

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
        self._full_html: dict[str, str] = {}  # pages shown to the search plugin trimmed

    def on_startup(self, command, dirty) -> None:
        # Defining on_startup makes MkDocs keep this instance across `mkdocs serve`
        # rebuilds, so a rebuild with invalid content can fall back on the last good site.
        self.serving = command == "serve"

    def settings(self) -> Settings:
        """The plugin's options in mkdocs.yml, checked."""
        return Settings.from_options(dict(self.config), "plugin 'coalition':")

    def on_config(self, config):
        try:
            settings = self.settings()
            content_dir = Path(config.config_file_path or ".").resolve().parent / settings.content_dir
            self.build = portal.build(content_dir, settings, config.site_url)
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
        for finding in warnings(self.build.findings):
            log.warning(str(finding))
        for finding in notes(self.build.findings):
            log.info(str(finding))
        self._pin_build_date(self.build.prepared.as_of)
        config.extra["coalition_feeds"] = self.build.autodiscovery
        if not config.site_description:  # every page's fallback <meta name="description">
            config.site_description = str(escape(plain(
                self.site.content.coalition.shared_interest)))
        self.pages = {page.src_uri: page for page in self.site.pages}
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0,
                                 str(overrides_dir()))
        if not config.nav:
            config.nav = [{title: uri} for title, uri in self.build.nav]
            # records are reached from their section pages, not listed in the navigation
            config.validation.nav.omitted_files = logging.DEBUG
        self._stage(config)
        return config

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
        for uri in self.pages:
            existing = files.get_file_from_path(uri)
            if existing is not None:
                raise PluginError(f"docs/{uri} would hide the portal's generated page of the same "
                                  "name; rename or remove it")
            files.append(File.generated(config, uri, content=MARKER))
        return files

    def on_page_markdown(self, markdown: str, page, config, files):
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta["title"] = str(escape(plain(generated.title)))
            description = describe(generated, self.site)  # the theme writes it unescaped
            if description:
                page.meta["description"] = str(escape(description))
            if generated.feed:
                page.meta["coalition_feeds"] = feeds.page_autodiscovery(
                    generated.feed, generated.title)
        return markdown

    def on_page_content(self, html: str, page, config, files):
        # MkDocs reads every page before it writes any: holding every rendered page until
        # then grew with the archive (half a gigabyte at 5x), so a generated page is
        # rendered just before its template (on_page_context) and let go once written.
        return html

    def _render(self, page, generated: Page) -> None:
        body = render_page(generated.template, generated.url, **generated.context)
        body = with_title_anchor(body)
        page.toc = get_toc(toc_tokens(body))
        page.content = body

    @event_priority(100)  # before the search plugin indexes the page
    def _search_sees_trimmed_page(self, context, page, config, nav):
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            self._render(page, generated)
            trimmed = search_view(page.content)
            if trimmed != page.content:
                self._full_html[page.file.src_uri] = page.content
                page.content = trimmed
        return context

    @event_priority(-100)  # after it: the page itself keeps everything
    def _page_keeps_everything(self, context, page, config, nav):
        full = self._full_html.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        return context

    on_page_context = CombinedEvent(_search_sees_trimmed_page, _page_keeps_everything)

    def on_post_page(self, output: str, page, config) -> str:
        if page.file.src_uri in self.pages:
            page.content = None  # written: no need to hold it until the build ends
        return output

    def on_post_build(self, config) -> None:
        staging, final = Path(config.site_dir), self.final_site_dir
        # the minutes were rendered with their pages: a relative link or image naming no
        # file is a warning (so `mkdocs build --strict` aborts below, before the swap)
        for finding in self.site.minutes_findings():
            log.warning(str(finding))
        try:
            write_outputs(self.site, staging, self.outputs)
            write_robots(staging, self.outputs)
            copy_attachments(self.site, staging)
        except ExportError as exc:
            raise PluginError(f"plugin 'coalition': {exc}; the previous site was left as "
                              "it was") from None
        self._keep_published_links(staging, config)
        if _strict_build_will_abort(config):
            return  # MkDocs aborts after this hook; on_build_error removes the staging folder
        publish.publish_site(staging, final)
        config.site_dir = str(final)

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
        # content/ is outside docs_dir, so MkDocs would not rebuild when a record changes
        server.watch(str(Path(config.config_file_path or ".").resolve().parent
                         / self.settings().content_dir))
        return server

    def on_build_error(self, error) -> None:
        if self.final_site_dir is not None:
            publish.discard_staging(self.final_site_dir)


def _strict_build_will_abort(config) -> bool:
    """In --strict mode MkDocs aborts after on_post_build when anything warned; don't swap then."""
    if not config.strict:
        return False
    return any(getattr(handler, "get_counts", lambda: [])()
               for handler in logging.getLogger("mkdocs").handlers)
