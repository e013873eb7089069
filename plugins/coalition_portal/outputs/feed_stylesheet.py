"""Feeds read in a browser: the stylesheet every feed names, and the line that names it.

A feed is for a feed reader, but people click feed links too; a browser then showed raw XML.
Each feed starts with ``<?xml-stylesheet type="text/xsl" href="…/feed.xsl"?>`` (a relative
address, so a preview or a mirror uses its own copy), and ``feeds/feed.xsl`` turns the feed
into a page that says what a feed is, how to subscribe, and lists the latest entries.
Browsers are dropping XSLT (Chromium 156 warns of it), so a second line names
``feeds/feed.css``: where XSLT no longer runs, the feed's own XML is styled to say the same
(its title, how to subscribe, each entry's title and date).  Feed readers ignore both lines;
the feed's bytes stay the same for the same content.
"""

from __future__ import annotations

from pathlib import Path

from ..site import urls
from ..site.render import relative_url

_HERE = Path(__file__).resolve().parent


def stylesheets() -> dict[str, bytes]:
    """Site-relative path -> bytes of the stylesheets every feed names."""
    return {urls.FEED_STYLESHEET: (_HERE / "feed.xsl").read_bytes(),
            urls.FEED_CSS: (_HERE / "feed.css").read_bytes()}


def with_stylesheet(feed: bytes, feed_path: str) -> bytes:
    """``feed`` (XML from feedgen, starting with its declaration) naming the stylesheet;
    ``feed_path`` is its site-relative path (``feeds/members/<id>.rss.xml``)."""
    xsl = relative_url(feed_path, urls.FEED_STYLESHEET)
    css = relative_url(feed_path, urls.FEED_CSS)
    declaration, newline, rest = feed.partition(b"\n")
    if not declaration.startswith(b"<?xml "):
        declaration, newline, rest = b"", b"", feed
    lines = (f'<?xml-stylesheet type="text/xsl" href="{xsl}"?>\n'
             f'<?xml-stylesheet type="text/css" href="{css}"?>\n').encode("ascii")
    return declaration + newline + lines + rest
