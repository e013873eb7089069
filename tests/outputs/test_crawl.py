"""robots.txt and the sitemaps beside the feeds, as a crawler and the theme's script read them.

Every page advertises feeds with ``<link rel="alternate">``; Material's script fetches
``sitemap.xml`` beside each such link, so a folder of feeds without one made every page
log 404s in the browser's console (benchmarks/lighthouse.py counts them).
"""

from __future__ import annotations

import posixpath
import re

from lxml import etree

from portal import make_portal
from watchdog_portal import SITE_URL

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ALTERNATE = re.compile(r'<link rel="alternate" type="application/(?:rss|atom)\+xml"'
                       r' title="[^"]+" href="([^"]+)">')


def advertised(site, page: str) -> list[str]:
    """Site-relative paths of the feeds a page advertises."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return [posixpath.normpath(posixpath.join(page, href)) for href in ALTERNATE.findall(html)]


def locations(path) -> list[str]:
    tree = etree.fromstring(path.read_bytes(), etree.XMLParser(resolve_entities=False,
                                                                no_network=True))
    assert tree.tag == f"{SITEMAP}urlset"
    return [loc.text for loc in tree.iter(f"{SITEMAP}loc")]


def test_robots_txt_lets_crawlers_in_and_names_the_sitemap(watchdog):
    robots = (watchdog.site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots and "Disallow" not in robots
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots.splitlines()
    assert (watchdog.site / "sitemap.xml").is_file()


def test_beside_every_advertised_feed_is_a_sitemap_of_its_folder(watchdog):
    feeds = set(advertised(watchdog.site, ".")) | set(advertised(watchdog.site, "members/parks"))
    folders = {posixpath.dirname(feed) + "/" for feed in feeds}
    assert folders == {"feeds/", "feeds/members/"}
    for folder in folders:
        listed = locations(watchdog.site / folder / "sitemap.xml")
        assert listed == sorted(set(listed)), folder
        assert all(loc.startswith(SITE_URL + folder) and "/" not in loc[len(SITE_URL + folder):]
                   for loc in listed), listed
        for loc in listed:  # each names a file the site has
            assert (watchdog.site / loc[len(SITE_URL):]).is_file(), loc
        files = {f"{SITE_URL}{folder}{p.name}" for p in (watchdog.site / folder).iterdir()
                 if p.name.endswith((".rss.xml", ".atom.xml", ".ics"))}
        assert set(listed) == files, folder  # and every feed of the folder is listed
    assert f"{SITE_URL}feeds/members/parks.atom.xml" in locations(
        watchdog.site / "feeds/members/sitemap.xml")


def test_a_robots_txt_of_the_site_itself_is_kept(tmp_path):
    portal = make_portal(tmp_path / "portal")
    (portal.root / "docs" / "robots.txt").write_text("User-agent: *\nDisallow: /drafts/\n",
                                                     encoding="utf-8")
    result = portal.build()
    assert result.returncode == 0, result.stderr
    assert (portal.site / "robots.txt").read_text(encoding="utf-8") == (
        "User-agent: *\nDisallow: /drafts/\n")
    assert (portal.site / "feeds" / "sitemap.xml").is_file()
