"""Feeds as a watchdog's reader sees them: parsed by feedparser from a real build."""

from __future__ import annotations

import html
import posixpath
import re
import time
from pathlib import Path

import feedparser
import pytest

from portal import MKDOCS_YML, make_portal
from watchdog_portal import HOSTILE_NAME, SITE_URL, make_watchdog_portal, outputs_digest

KINDS = ("everything", "minutes", "decisions", "votes", "platform", "membership")
MEMBERS = ("parks", "health", "food-bank", "ana-ruiz")


def feed_files(site: Path) -> list[Path]:
    """Every RSS and Atom file (not the sitemap.xml beside them: see test_crawl.py)."""
    feeds = site / "feeds"
    return sorted([*feeds.rglob("*.rss.xml"), *feeds.rglob("*.atom.xml")])


def parse(path: Path):
    feed = feedparser.parse(path.read_bytes())
    assert feed.bozo == 0, f"{path}: {feed.get('bozo_exception')}"
    return feed


def entry_by_link_end(feed, ending: str):
    found = [e for e in feed.entries if e.link.endswith(ending)]
    assert len(found) == 1, [e.link for e in feed.entries]
    return found[0]


def unresolved(site: Path, base: str, urls: set[str]) -> list[str]:
    """Links into the portal that lead to no built file, or to no such anchor in it."""
    from lxml import html as lxml_html

    problems = []
    for url in sorted(u for u in urls if u.startswith(base)):
        path, _, fragment = url.removeprefix(base).partition("#")
        file = site / path / "index.html" if path == "" or path.endswith("/") else site / path
        if not file.is_file():
            problems.append(f"{url}: no {file.relative_to(site)}")
        elif fragment:
            ids = {e.get("id") for e in lxml_html.fromstring(file.read_bytes()).iter()}
            if fragment not in ids:
                problems.append(f"{url}: no #{fragment} in {file.relative_to(site)}")
    return problems


def feed_links(site: Path) -> set[str]:
    links = set()
    for path in feed_files(site):
        for entry in parse(path).entries:
            links.add(entry.link)
            body = entry.content[0].value if "content" in entry else ""
            links.update(re.findall(r'href="([^"]*)"', body))
    return links


def test_every_feed_is_written_in_both_formats(watchdog):
    names = {p.relative_to(watchdog.site / "feeds").as_posix() for p in feed_files(watchdog.site)}
    for slug in KINDS + tuple(f"members/{m}" for m in MEMBERS):
        assert f"{slug}.rss.xml" in names and f"{slug}.atom.xml" in names


def day(parsed) -> str:
    return time.strftime("%Y-%m-%d", parsed)


def test_every_feed_parses_with_unique_ids_absolute_links_newest_first(watchdog):
    for path in feed_files(watchdog.site):
        feed = parse(path)
        assert feed.version in ("rss20", "atom10"), path
        ids = [e.id for e in feed.entries]
        assert len(ids) == len(set(ids)), path
        assert all(i.startswith(SITE_URL) for i in ids), path
        if feed.version == "atom10":
            # newest first by the day an entry last changed: corrected minutes come back up
            days = [day(e.updated_parsed) for e in feed.entries]
            assert days == sorted(days, reverse=True), path
            assert all(day(e.published_parsed) <= day(e.updated_parsed) for e in feed.entries)
        else:  # RSS has no <updated>: the same entries in the same order as the Atom feed
            atom = parse(path.with_name(path.name.replace(".rss.", ".atom.")))
            assert ids == [e.id for e in atom.entries], path
        for entry in feed.entries:
            assert entry.link.startswith(SITE_URL), (path, entry.link)
            body = entry.content[0].value if "content" in entry else entry.summary
            for href in re.findall(r'(?:href|src)="([^"]*)"', body):
                assert href.startswith(("https://", "http://", "mailto:")), (path, href)


def test_every_link_in_the_feeds_leads_to_a_page_and_anchor(watchdog):
    assert unresolved(watchdog.site, SITE_URL, feed_links(watchdog.site)) == []


def entry_addresses(site: Path) -> set[str]:
    """Every entry's id and link, in every feed."""
    return {url for path in feed_files(site) for e in parse(path).entries for url in (e.id, e.link)}


def test_every_entry_id_and_link_leads_to_an_element_of_its_page(watchdog):
    """Entry ids are permanent addresses: each one's #fragment is an id in the page it names."""
    addresses = entry_addresses(watchdog.site)
    fragments = {a.partition("#")[2].rsplit("-", 1)[0] for a in addresses if "#" in a}
    # the kinds of fragment the member, roles, endorsement and amendment pages must carry
    for kind in ("vote-d-2024-01", "attendance-2024-01-10", "joined-2024-03", "left-2024-04",
                 "role-documentation-2024-01", "endorsement-food-bank-v1"):
        assert kind in fragments, (kind, sorted(fragments))
    assert unresolved(watchdog.site, SITE_URL, addresses) == []
    page = (watchdog.site / "members/food-bank/index.html").read_text("utf-8")
    row = re.search(r'<tr id="vote-d-2024-01-1">(.*?)</tr>', page, re.S)
    assert row and "Adopt the platform, version 1" in row.group(1) and ">no<" in row.group(1)
    row = re.search(r'<tr id="attendance-2024-02-15-regular">(.*?)</tr>', page, re.S)
    assert row and "absent" in row.group(1)


def test_kind_feeds_hold_records(watchdog):
    counts = {k: len(parse(watchdog.site / f"feeds/{k}.atom.xml").entries) for k in KINDS}
    assert all(counts.values()), counts
    assert counts["everything"] >= sum(counts[k] for k in ("minutes", "decisions", "platform",
                                                          "membership"))


def test_a_vote_appears_in_the_votes_feed_and_in_the_members_feed(watchdog):
    votes = parse(watchdog.site / "feeds/votes.rss.xml")
    entry = entry_by_link_end(votes, "/meetings/2024-01-10-formation/#d-2024-01-1")
    assert "Adopt the platform, version 1" in entry.title
    assert entry.id == f"{SITE_URL}meetings/2024-01-10-formation/#d-2024-01-1"
    content = entry.content[0].value
    assert re.search(r"Eastside Food Bank</a></td><td>no</td>", content), content
    assert re.search(r"Parks Department</a></td><td>yes</td>", content), content
    # the day its minutes were published, not the meeting day
    assert time.strftime("%Y-%m-%d", entry.published_parsed) == "2024-01-12"

    mine = parse(watchdog.site / "feeds/members/food-bank.atom.xml")
    titles = [e.title for e in mine.entries]
    assert "Eastside Food Bank voted no on d-2024-01-1: Adopt the platform, version 1" in titles
    assert "Eastside Food Bank was absent for the vote on d-2024-02-1: Start a compost pilot" \
        in titles
    vote = next(e for e in mine.entries if e.title.startswith("Eastside Food Bank voted no"))
    # the sentence says it all: no HTML copy of it; the link goes to the decision
    assert "content" not in vote and vote.summary.startswith(vote.title + ". The decision was")
    assert vote.link == f"{SITE_URL}meetings/2024-01-10-formation/#d-2024-01-1"
    parks = [e.title for e in parse(watchdog.site / "feeds/members/parks.rss.xml").entries]
    assert "Parks Department voted yes on d-2024-01-1: Adopt the platform, version 1" in parks
    assert not any("Eastside Food Bank" in t for t in parks)


def test_member_feed_has_attendance_roles_endorsements_and_membership(watchdog):
    titles = [e.title for e in parse(watchdog.site / "feeds/members/food-bank.rss.xml").entries]
    assert "Eastside Food Bank was absent from the Regular meeting, 15 February 2024" in titles
    assert "Eastside Food Bank endorsed platform v1" in titles
    assert "Eastside Food Bank withdrew its endorsement of platform v1" in titles
    # the handover of 2025 is not public news on 2024-06-20
    assert not any("took the Documentation role" in t for t in titles)
    parks = [e.title for e in parse(watchdog.site / "feeds/members/parks.rss.xml").entries]
    assert "Parks Department took the Documentation role" in parks
    ana = parse(watchdog.site / "feeds/members/ana-ruiz.atom.xml")
    assert [e.title for e in ana.entries] == [
        "Ana Ruiz rejoined the coalition",
        "Ana Ruiz left the coalition: Moved away for a year",
        "Ana Ruiz joined the coalition",
    ]


def test_entry_dates_are_the_day_records_became_public(watchdog):
    minutes = parse(watchdog.site / "feeds/minutes.rss.xml")
    entry = entry_by_link_end(minutes, "/meetings/2024-02-15-regular/")
    assert time.strftime("%Y-%m-%d", entry.published_parsed) == "2024-02-19"
    assert "published on 19 February 2024" in entry.summary
    membership = parse(watchdog.site / "feeds/membership.atom.xml")
    withdrawal = [e for e in membership.entries if "withdrew" in e.title][0]
    assert time.strftime("%Y-%m-%d", withdrawal.published_parsed) == "2024-04-02"
    assert "Our board asked to review the compost clause first" in withdrawal.summary
    # the feed's own date is its newest entry's, not the build's clock
    assert membership.feed.updated.startswith("2024-06-01")


@pytest.mark.parametrize("slug", ["minutes", "everything"])
def test_a_correction_updates_the_minutes_entry_without_moving_its_published_date(watchdog,
                                                                                   slug):
    url = f"{SITE_URL}meetings/2024-01-10-formation/"
    atom = parse(watchdog.site / f"feeds/{slug}.atom.xml")
    mine = [e for e in atom.entries if e.id.startswith(url)]
    assert [e.id for e in mine if "Minutes" in e.title] == [url]  # one entry, not two
    entry = mine[0] if mine[0].id == url else [e for e in mine if e.id == url][0]
    assert day(entry.published_parsed) == "2024-01-12"  # the minutes' published date
    assert day(entry.updated_parsed) == "2024-01-25"  # the day of the correction
    assert "Corrected once, last on 25 January 2024: Fixed the spelling" in entry.summary
    body = entry.content[0].value
    assert "the published date stays 12 January 2024" in body
    assert re.search(rf'<li><a href="{re.escape(url)}#correction-1"[^>]*>25 January 2024</a>: '
                     r"Fixed the spelling of the Eastside Food Bank's name\.</li>",
                     html.unescape(body)), body
    # the corrected entry comes back up: after the endorsement of 20 January, not before it
    ids = [e.id for e in atom.entries]
    if slug == "everything":
        endorsement = f"{SITE_URL}endorse/#endorsement-food-bank-v1"
        assert ids.index(url) < ids.index(endorsement)
    rss = parse(watchdog.site / f"feeds/{slug}.rss.xml")
    same = [e for e in rss.entries if e.id == url]
    assert len(same) == 1 and day(same[0].published_parsed) == "2024-01-12"
    assert not any("#correction" in e.id for e in rss.entries + atom.entries)
    # the meeting page shows the correction at the anchor the entry links to
    page = (watchdog.site / "meetings/2024-01-10-formation/index.html").read_text("utf-8")
    assert re.search(r'<li id="correction-1">25 January 2024: Fixed the spelling', page)
    assert "Public since 12 January 2024." in page


def test_entry_html_is_sanitized_and_links_made_absolute(watchdog):
    minutes = parse(watchdog.site / "feeds/minutes.atom.xml")
    body = entry_by_link_end(minutes, "/meetings/2024-02-15-regular/").content[0].value
    assert f'href="{SITE_URL}members/parks/"' in body
    assert "<script" not in body and "onerror" not in body and "<img" not in body


def test_markup_in_names_stays_text_in_every_feed(hostile):
    for path in feed_files(hostile.site):
        raw = path.read_text(encoding="utf-8")
        assert "<script" not in raw, path
        feed = parse(path)
        for entry in feed.entries:
            body = entry.content[0].value if "content" in entry else ""
            assert "<script" not in body, path
    parks = parse(hostile.site / "feeds/members/parks.atom.xml")
    assert parks.feed.title == f"Harbor Test Coalition: {HOSTILE_NAME}"
    assert f"{HOSTILE_NAME} voted yes on d-2024-01-1: Adopt the platform, version 1" in [
        e.title for e in parks.entries]


def test_entry_html_keeps_only_safe_absolute_links():
    from coalition_portal.outputs.feeds import absolute_html

    body = absolute_html('<a href="javascript:alert(1)">a</a><a href="../../members/x/">b</a>'
                         '<a href="mailto:sec@example.org">c</a><img src="x.png">'
                         '<img src="javascript:alert(2)" onerror="alert(3)">',
                         f"{SITE_URL}meetings/2024-01-10-formation/#d-2024-01-1")
    assert "javascript" not in body and "onerror" not in body
    # the minutes' images (their attachments) stay, with absolute addresses
    assert f'<img src="{SITE_URL}meetings/2024-01-10-formation/x.png">' in body
    assert f'href="{SITE_URL}members/x/"' in body and 'href="mailto:sec@example.org"' in body


def test_upcoming_meetings_and_future_terms_are_not_in_feeds(watchdog):
    everything = parse(watchdog.site / "feeds/everything.atom.xml")
    days = [time.strftime("%Y-%m-%d", e.published_parsed) for e in everything.entries]
    assert max(days) <= "2024-06-20"


def test_feeds_page_lists_every_feed_and_explains_subscribing(watchdog):
    page = (watchdog.site / "feeds/index.html").read_text(encoding="utf-8")
    for path in feed_files(watchdog.site):
        relative = path.relative_to(watchdog.site / "feeds").as_posix()
        assert f'href="{relative}"' in page or f'href="../feeds/{relative}"' in page, relative
    assert 'href="meetings.ics"' in page
    assert "feed reader" in page and "calendar app" in page


def test_every_page_carries_autodiscovery_and_member_pages_their_own(watchdog):
    """The hrefs are relative to the page: a copy read from another host (a preview, a
    mirror) advertises its own feeds, and Material's script, which fetches sitemap.xml
    beside every ``link rel=alternate``, never asks the configured host."""
    alternate = re.compile(r'<link rel="alternate" type="application/(?:rss|atom)\+xml"'
                           r' title="[^"]+" href="([^"]+)">')

    def advertised(page: str) -> list[str]:
        html = (watchdog.site / page / "index.html").read_text(encoding="utf-8")
        hrefs = alternate.findall(html)
        assert hrefs and not [h for h in hrefs if "//" in h], hrefs
        return [posixpath.normpath(posixpath.join(page, h)) for h in hrefs]

    home = advertised(".")
    assert "feeds/everything.atom.xml" in home
    assert "feeds/votes.rss.xml" in home
    assert "feeds/everything.atom.xml" in advertised("meetings/2024-01-10-formation")
    member = advertised("members/parks")
    assert member[:2] == ["feeds/members/parks.rss.xml", "feeds/members/parks.atom.xml"]
    for href in set(home + member):  # every advertised feed exists
        assert (watchdog.site / href).is_file(), href


def test_two_builds_give_byte_identical_feeds_calendar_and_data(watchdog, tmp_path):
    again = make_watchdog_portal(tmp_path / "again")
    result = again.build()
    assert result.returncode == 0, result.stderr
    first, second = outputs_digest(watchdog.site), outputs_digest(again.site)
    assert len(first) > 30
    assert first == second


def test_feed_length_bounds_every_feed(tmp_path):
    portal = make_watchdog_portal(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(
        MKDOCS_YML.replace('as_of: "2024-06-20"', 'as_of: "2024-06-20"\n      feed_length: 3'
                           '\n      calendar_past_days: 30'),
        encoding="utf-8")
    result = portal.build()
    assert result.returncode == 0, result.stderr
    everything = parse(portal.site / "feeds/everything.rss.xml")
    assert [e.title for e in everything.entries] == [
        "Ana Ruiz rejoined the coalition",
        "Ana Ruiz left the coalition: Moved away for a year",
        "Eastside Food Bank withdrew its endorsement of platform v1",
    ]
    assert all(len(parse(p).entries) <= 3 for p in feed_files(portal.site))
    # the feeds page states the configured length and calendar window, not the defaults
    page = " ".join((portal.site / "feeds/index.html").read_text("utf-8").split())
    assert "Each feed holds the 3 latest entries; the calendar covers the past 30 days" in page
    assert "meetings from the past 30 days (since 21 May 2024)" in page
    assert "50 latest" not in page and "past 365 days" not in page


def test_the_feeds_page_states_the_default_length_and_window(watchdog):
    page = " ".join((watchdog.site / "feeds/index.html").read_text("utf-8").split())
    assert "Each feed holds the 50 latest entries; the calendar covers the past 365 days" in page
    assert "meetings from the past 365 days (since 21 June 2023)" in page


@pytest.mark.parametrize("site_url_in", ["coalition.yml", "mkdocs.yml"])
def test_site_url_from_either_file_is_enough(tmp_path, site_url_in):
    portal = make_portal(tmp_path)
    if site_url_in == "mkdocs.yml":
        portal.edit("coalition.yml", "site_url: https://coalition.example.org/\n", "")
    else:
        (tmp_path / "mkdocs.yml").write_text(
            MKDOCS_YML.replace("site_url: https://coalition.example.org/\n", ""), "utf-8")
    result = portal.build()
    assert result.returncode == 0, result.stderr
    feed = parse(portal.site / "feeds/everything.rss.xml")
    assert feed.entries and all(e.link.startswith(SITE_URL) for e in feed.entries)


def test_missing_site_url_fails_the_build_and_keeps_the_last_site(tmp_path):
    portal = make_portal(tmp_path)
    assert portal.build().returncode == 0
    before = (portal.site / "feeds/everything.rss.xml").read_bytes()
    portal.edit("coalition.yml", "site_url: https://coalition.example.org/\n", "")
    (tmp_path / "mkdocs.yml").write_text(
        MKDOCS_YML.replace("site_url: https://coalition.example.org/\n", ""), encoding="utf-8")
    result = portal.build()
    assert result.returncode != 0
    assert "site_url is not set" in result.stderr
    assert "content/coalition.yml" in result.stderr
    assert "Traceback" not in result.stderr
    assert (portal.site / "feeds/everything.rss.xml").read_bytes() == before
    assert not (tmp_path / "site.coalition-staging").exists()


def test_demo_feeds_parse_with_unique_ids(demo):
    paths = feed_files(demo.site)
    assert len(paths) >= 2 * (len(KINDS) + 1)
    for path in paths:
        feed = parse(path)
        ids = [e.id for e in feed.entries]
        assert len(ids) == len(set(ids)), path
        assert all(e.link.startswith(("https://", "http://")) for e in feed.entries), path


def test_demo_vote_is_in_the_votes_feed_and_each_voters_feed(demo):
    """The newest public vote of the demo, checked against its record."""
    from coalition_portal.checks.pipeline import prepare
    from coalition_portal.outputs.feeds import VOTE_PHRASES
    from coalition_portal.portal import build_site
    from coalition_portal.settings import portal_settings

    portal = portal_settings(demo.root / "mkdocs.yml")  # the build's options, as_of pinned
    site = build_site(prepare(portal.content_dir, portal.settings))
    public = [d for d in site.decisions.values()
              if d.decision.vote and d.public_date is not None]
    decision = max(public, key=lambda d: d.public_date)
    votes = parse(demo.site / "feeds/votes.atom.xml")
    entry = entry_by_link_end(votes, f"/{decision.url}")
    assert decision.id in entry.title and decision.decision.title in entry.title
    for member_id, choice in decision.decision.vote.items():
        name = site.members[member_id].member.name
        assert f"{name}</a></td><td>{choice}</td>" in html.unescape(entry.content[0].value)
        mine = parse(demo.site / f"feeds/members/{member_id}.rss.xml")
        expected = f"{name} {VOTE_PHRASES[choice]} {decision.id}: {decision.decision.title}"
        assert expected in [e.title for e in mine.entries], (member_id, expected)


def test_demo_feed_links_lead_to_pages_and_anchors(demo):
    base = parse(demo.site / "feeds/everything.atom.xml").feed.link
    assert unresolved(demo.site, base, feed_links(demo.site)) == []


def test_demo_entry_ids_and_links_lead_to_elements_of_their_pages(demo):
    base = parse(demo.site / "feeds/everything.atom.xml").feed.link
    addresses = entry_addresses(demo.site)
    assert len(addresses) > 500
    assert unresolved(demo.site, base, addresses) == []


def test_collecting_only_the_newest_entries_of_each_feed_keeps_the_same_feeds():
    """A long archive's feeds are collected with old entries dropped as they pile up; each
    feed must still get exactly the entries it would have had (issue 9)."""
    import datetime as dt
    import random

    from coalition_portal.outputs.feeds import Entry, newest

    rng = random.Random(9)
    slugs = ["everything", "votes", "members/a", "members/b", "members/c"]
    entries = [Entry(f"id-{i}", "l", "t", "s", "h",
                     dt.date(2020, 1, 1) + dt.timedelta(rng.randrange(900)),
                     frozenset(rng.sample(slugs, rng.randrange(1, 3))), i) for i in range(3000)]

    def feeds_of(chosen, keep):
        out = {slug: [] for slug in slugs}
        for entry in sorted(chosen, key=lambda e: (e.last_change, e.seq), reverse=True):
            for slug in entry.feeds:
                if len(out[slug]) < keep:
                    out[slug].append(entry.id)
        return out

    pruned = []
    for start in range(0, 3000, 700):  # pruned now and then, as the collector does
        pruned = newest(pruned + entries[start:start + 700], 25)
    assert feeds_of(pruned, 25) == feeds_of(entries, 25)
    assert len(pruned) <= 25 * len(slugs)


# --- the feeds as the W3C feed validator reads them: no text escaped twice ----------------------

ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
ATOM, CONTENT = "{http://www.w3.org/2005/Atom}", "{http://purl.org/rss/1.0/modules/content/}"


def _is_html_field(element) -> bool:
    """Fields whose text is HTML: an RSS item's description and content:encoded, and
    Atom text constructs of type html.  Everything else is plain text."""
    if element.tag.startswith(ATOM):
        return element.get("type") == "html"
    parent = element.getparent()
    return element.tag == f"{CONTENT}encoded" or (
        element.tag == "description" and parent is not None and parent.tag == "item")


def escaped_twice(path: Path) -> list[str]:
    """Every text node and attribute of the feed that still holds an escaped entity once
    parsed; HTML fields are parsed as HTML and their text nodes and attributes checked."""
    from lxml import etree
    from lxml import html as lxml_html

    found = []

    def check(where: str, text: str | None) -> None:
        if text and ENTITY.search(text):
            found.append(f"{path.name}: {where}: {text[:160]!r}")

    for element in etree.parse(str(path)).iter(etree.Element):
        name = etree.QName(element).localname
        for attribute, value in element.attrib.items():
            check(f"<{name} {attribute}>", value)
        check(f"tail of <{name}>", element.tail)
        if not _is_html_field(element):
            check(f"<{name}>", element.text)
            continue
        if not (element.text or "").strip():
            continue
        for node in lxml_html.fragment_fromstring(element.text, create_parent="div").iter():
            check(f"<{name}> as HTML, <{node.tag}>", node.text)
            check(f"<{name}> as HTML, after <{node.tag}>", node.tail)
            for attribute, value in node.attrib.items():
                check(f"<{name}> as HTML, <{node.tag} {attribute}>", value)
    return found


def test_no_feed_text_is_escaped_twice(hostile, watchdog):
    """Markup, '&' and quotes in names and titles reach every field once escaped: a feed
    reader shows ``Parks <script>… & "Rec"`` and never ``&amp;#34;`` or ``&lt;``."""
    problems = []
    for portal in (hostile, watchdog):
        for path in feed_files(portal.site):
            problems += escaped_twice(path)
    assert not problems, f"{len(problems)} field(s) escaped twice:\n" + "\n".join(problems[:20])
    # the check reads the hostile text where it is: in a channel description and an entry
    parks = (hostile.site / "feeds/members/parks.rss.xml").read_text(encoding="utf-8")
    assert "<description>Parks &lt;script&gt;alert(1)&lt;/script&gt; &amp; \"Rec\"" in parks
