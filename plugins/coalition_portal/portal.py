"""The core in one call: a content folder and the settings -> what an engine publishes.

:func:`build` is what the MkDocs adapter's ``on_config`` calls: load and check the content
(:func:`.checks.pipeline.prepare`), then the site model with every page (:func:`build_site`:
the views of :mod:`.site.model`, every page of :mod:`.site.pages`, the open-data page
listing the files the outputs stage writes), the output options, the navigation and the
feeds every page advertises.  The CLI builds its sites with :func:`build_site` too, so
every front end makes the same pages.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from dataclasses import dataclass
from pathlib import Path

from .checks.pipeline import Prepared, prepare
from .content.findings import Finding
from .content.load import forget_texts
from .content.parse_cache import ParsedFiles
from .outputs import feeds
from .outputs.write import open_data
from .settings import Settings
from .site import urls
from .site.catalogue import OutputOptions
from .site.model import Site, build_model
from .site.pages import site_pages
from .site.render import plain
from .site.urls import base_url
from .site.wayfinding import NavEntry, site_nav


def build_site(prepared: Prepared, options: OutputOptions | None = None) -> Site:
    """The site with its pages.  Without ``options`` (only the site's addresses are wanted,
    as by ``coalition links``), those of ``prepared.settings`` with no base URL."""
    site = build_model(prepared)
    site.pages = site_pages(site, options or OutputOptions.of(prepared.settings), _open_data())
    # the minutes may link to any page, and to any meeting's attachments
    site.page_urls.urls.update(page.url for page in site.pages)
    site.page_urls.urls.update(url for url, _ in site.attachment_files())
    return site


@functools.lru_cache(maxsize=1)
def _open_data():
    """The open data's files and dictionary: read from the export's models (the code), so
    made once per process (a preview's rebuilds ask again)."""
    return open_data()


@dataclass(frozen=True)
class Build:
    """One build's core results, for an engine to publish."""

    prepared: Prepared
    site: Site  # with every page
    outputs: OutputOptions  # the feeds' and the calendar's options, with the absolute base URL

    @property
    def findings(self) -> list[Finding]:
        """Warnings and notes of the checks (errors raised ContentError)."""
        return self.prepared.findings

    @property
    def nav(self) -> list[NavEntry]:
        """The navigation: (title, page source) of each section page, or (title, [entries])
        of a group of them, in order."""
        return site_nav(self.site)

    @property
    def footer(self) -> dict:
        """What every page's footer says of the coalition: its name, its contact address
        (``contact`` in coalition.yml, or None) and where the About page is."""
        coalition = self.site.content.coalition
        return {"name": plain(coalition.name), "contact": coalition.contact,
                "about": urls.ABOUT_PAGE if self.site.has_page(urls.ABOUT_PAGE) else None}

    @property
    def autodiscovery(self) -> list[dict]:
        """The feeds every page advertises with ``<link rel="alternate">``."""
        return feeds.autodiscovery()


def build(content_dir: str | Path, settings: Settings, engine_site_url: str | None = None, *,
          parsed: ParsedFiles | None = None) -> Build:
    """Load and check ``content_dir``, and make the site with every page.

    With ``parsed`` (a preview's, :mod:`.publish.preview`), a file whose bytes it knows is
    not parsed again.

    Raises ContentError (every problem of the content), ConfigurationError (a setting) or
    SiteUrlMissing (no absolute address: coalition.yml's ``site_url`` wins over the engine's).
    """
    prepared = prepare(content_dir, settings, parsed=parsed)
    forget_texts(prepared.content)  # checked: only the link ledger is reported on later
    outputs = OutputOptions.of(settings, base_url(prepared.content.coalition.site_url,
                                                  engine_site_url))
    return Build(prepared, build_site(prepared, outputs), outputs)


@contextlib.contextmanager
def collector_paused():
    """Build the site model without Python's cyclic garbage collector, then freeze it.

    The model is millions of objects that live as long as the build; the collector walked
    them again and again while they were made (a third of building the 5x archive's
    model, growing faster than the archive) and would walk them again while the pages
    render.  Frozen, they are left alone (objects without cycles are still freed as usual);
    the next build (a preview's rebuild) unfreezes the last one's, so that they can go.
    """
    gc.unfreeze()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
