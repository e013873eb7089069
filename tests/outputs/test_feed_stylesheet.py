"""Feeds opened in a browser (issue 16): each names feeds/feed.xsl, which makes it a page.

The stylesheet is applied here with lxml's XSLT (libxslt, as browsers use): the page it
makes from a real build's feeds has the feed's title as its heading, says what a feed is
and how to subscribe (with the feed's own address), and lists the entries as links; the
feeds stay valid for feed readers (feedparser, no bozo), byte-identical for the same content.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import feedparser
from lxml import etree, html

from watchdog_portal import HOSTILE_NAME, SITE_URL

PI = b'<?xml-stylesheet type="text/xsl" href="'
CSS_PI = b'<?xml-stylesheet type="text/css" href="'


def feeds(site: Path) -> list[Path]:
    """Every RSS and Atom feed (the sitemaps beside them are for crawlers, not readers)."""
    return sorted(path for path in (site / "feeds").rglob("*.xml")
                  if path.name.endswith((".rss.xml", ".atom.xml")))


def stylesheet_href(raw: bytes, kind: bytes = PI) -> str:
    """The address the feed's XSLT line (or, with CSS_PI, its CSS line) names."""
    declaration, xsl, css, _ = raw.split(b"\n", 3)
    assert declaration.startswith(b"<?xml version="), declaration
    line = xsl if kind == PI else css
    assert line.startswith(kind) and line.endswith(b'"?>'), line
    return line[len(kind):-3].decode("ascii")


def styled(site: Path, path: Path):
    """The page a browser shows for the feed at ``path``: (its HTML tree, the feed parsed)."""
    raw = path.read_bytes()
    href = stylesheet_href(raw)
    xsl = (path.parent / href).resolve()
    assert xsl == (site / "feeds" / "feed.xsl").resolve(), (path, href)
    transform = etree.XSLT(etree.parse(str(xsl)))
    page = html.fromstring(str(transform(etree.fromstring(raw))))
    return page, feedparser.parse(raw)


def test_every_feed_names_the_stylesheet_and_stays_valid(watchdog):
    site = watchdog.site
    paths = feeds(site)
    assert len(paths) > 12 and (site / "feeds" / "feed.xsl").is_file()
    assert (site / "feeds" / "feed.css").is_file()
    for path in paths:
        raw = path.read_bytes()
        relative = path.relative_to(site).as_posix()
        folder = posixpath.dirname(relative)
        assert stylesheet_href(raw) == posixpath.relpath("feeds/feed.xsl", folder)
        assert stylesheet_href(raw, CSS_PI) == posixpath.relpath("feeds/feed.css", folder)
        parsed = feedparser.parse(raw)
        assert parsed.bozo == 0, f"{relative}: {parsed.get('bozo_exception')}"
        assert parsed.version in ("rss20", "atom10"), relative


def test_a_feed_in_a_browser_says_what_it_is_and_how_to_subscribe(watchdog):
    site = watchdog.site
    for name in ("everything.rss.xml", "decisions.atom.xml", "members/food-bank.rss.xml",
                 "members/food-bank.atom.xml"):
        path = site / "feeds" / name
        page, parsed = styled(site, path)
        assert page.findtext(".//h1") == parsed.feed.title, name
        assert page.findtext(".//title") == f"{parsed.feed.title} (feed)"
        subscribe = page.get_element_by_id("subscribe")
        assert "subscribe" in subscribe.text_content()
        box = subscribe.getparent().text_content()
        assert "feed reader" in box and "copy this page's address" in box
        assert page.findtext(".//code") == f"{SITE_URL}feeds/{name}"
        links = [a.get("href") for a in page.findall(".//ol/li/a")]
        assert links == [entry.link for entry in parsed.entries], name
        titles = [a.text_content() for a in page.findall(".//ol/li/a")]
        assert titles == [entry.title for entry in parsed.entries], name
        assert page.find(".//script") is None and not page.xpath("//@*[starts-with(name(), 'on')]")


def test_markup_in_a_feed_is_shown_as_text_on_its_page(hostile):
    """A member's name holding markup reaches the styled page as text, never as elements."""
    site = hostile.site
    path = next(p for p in feeds(site) if p.name == "parks.atom.xml")
    page, parsed = styled(site, path)
    assert HOSTILE_NAME in page.findtext(".//h1")
    assert page.find(".//script") is None and page.find(".//img") is None
    assert not page.xpath("//@*[starts-with(name(), 'on')]")


def test_the_feeds_page_says_a_feed_opens_in_the_browser(watchdog):
    text = html.fromstring((watchdog.site / "feeds/index.html").read_bytes()).text_content()
    assert "opened in a browser" in text
