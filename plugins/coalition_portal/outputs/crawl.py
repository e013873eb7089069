"""What crawlers and browsers ask a site for besides its pages: robots.txt and a sitemap
beside the feeds.

``robots.txt`` lets every crawler in and names the site's sitemap (the engine's
``sitemap.xml`` at the root).  Each folder that holds feeds gets a ``sitemap.xml`` of its
own, listing the feeds (and the calendar) in it: every page advertises feeds with
``<link rel="alternate">``, and the theme's script asks for ``sitemap.xml`` beside each such
link (Material reads it for language alternates); without one, every page load logged a
404 per feed link in the browser's console.  Both are made from the site model alone, so
the same content gives the same bytes.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from xml.sax.saxutils import escape

from ..site import urls
from ..site.catalogue import catalogue
from ..site.model import Site

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def robots_txt(base: str) -> bytes:
    """Everything may be crawled; the sitemap is the engine's, at the site's root."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute(base, urls.SITEMAP)}\n".encode()


def feed_sitemaps(site: Site, base: str) -> dict[str, bytes]:
    """Site-relative path -> bytes of a ``sitemap.xml`` in every folder of feeds; nothing
    without an absolute ``base`` (a sitemap lists absolute addresses)."""
    if not base:
        return {}
    files = [urls.CALENDAR]
    for info in catalogue(site):
        files += [info.rss, info.atom]
    by_folder: dict[str, list[str]] = defaultdict(list)
    for path in files:
        by_folder[posixpath.dirname(path) + "/"].append(path)
    return {urls.folder_sitemap(folder): _sitemap(base, sorted(paths))
            for folder, paths in sorted(by_folder.items())}


def _sitemap(base: str, paths: list[str]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    lines += [f"<url><loc>{escape(urls.absolute(base, path))}</loc></url>" for path in paths]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")

