"""Feeds read in a browser: the stylesheet every feed names, and the line that names it.

A feed is for a feed reader, but people click feed links too; a browser then showed raw XML.
Each feed starts with ``<?xml-stylesheet type="text/xsl" href="…/feed.xsl"?>`` (a relative
address, so a preview or a mirror uses its own copy), and ``feeds/feed.xsl`` turns the feed
into a page that says what a feed is, how to subscribe, and lists the latest entries.  Feed
readers ignore the line; the feed's bytes stay the same for the same content.
"""

from __future__ import annotations

from pathlib import Path

from ..site import urls
from ..site.render import relative_url

_XSL = Path(__file__).resolve().parent / "feed.xsl"


def stylesheet() -> bytes:
    """The bytes of ``feeds/feed.xsl``."""
    return _XSL.read_bytes()


def with_stylesheet(feed: bytes, feed_path: str) -> bytes:
    """``feed`` (XML from feedgen, starting with its declaration) naming the stylesheet;
    ``feed_path`` is its site-relative path (``feeds/members/<id>.rss.xml``)."""
    href = relative_url(feed_path, urls.FEED_STYLESHEET)
    declaration, newline, rest = feed.partition(b"\n")
    if not declaration.startswith(b"<?xml "):
        declaration, newline, rest = b"", b"", feed
    line = f'<?xml-stylesheet type="text/xsl" href="{href}"?>\n'.encode("ascii")
    return declaration + newline + line + rest
