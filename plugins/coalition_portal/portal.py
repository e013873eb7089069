"""The core in one call: validated content and the options -> the site model with every page.

The MkDocs plugin and the CLI both build the site here, so they make the same pages:
the site model's views (:mod:`.site.model`), then every page (:mod:`.site.pages`),
the open-data page listing the files the outputs stage writes (:mod:`.outputs.write`).
"""

from __future__ import annotations

from .checks.pipeline import Prepared
from .outputs.write import open_data
from .site.catalogue import OutputOptions
from .site.model import Site, build_model
from .site.pages import site_pages


def build_site(prepared: Prepared, options: OutputOptions | None = None) -> Site:
    """The site with its pages.  Without ``options`` (only the site's addresses are wanted,
    as by ``coalition links``), those of ``prepared.settings`` with no base URL."""
    site = build_model(prepared)
    site.pages = site_pages(site, options or OutputOptions.of(prepared.settings), open_data())
    # the minutes may link to any page, and to any meeting's attachments
    site.page_urls.urls.update(page.url for page in site.pages)
    site.page_urls.urls.update(url for url, _ in site.attachment_files())
    return site
