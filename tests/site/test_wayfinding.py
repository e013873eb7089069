"""Readers find what they came for (issue 16): the grouped navigation, breadcrumbs, the
current section, previous and next meeting, due dates that stay true, a helpful 404 and the
small things (the home title, members by name, the footer's contact), in the built demo."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from coalition_portal.content.load import load
from portal import REPO, make_portal

GROUPS = ["Home", "The record", "The platform", "Accountability", "Follow", "About"]


def page(site, url: str):
    return lxml_html.fromstring((site / url / "index.html").read_bytes())


def text(element) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()


def trail(doc) -> list[str]:
    return [text(li).rstrip(" ›") for li in doc.xpath("//nav[@class='cp-trail']//li")]


def active_tab(doc) -> str:
    (tab,) = doc.xpath("//li[contains(@class, 'md-tabs__item--active')]")
    return text(tab)


@pytest.fixture(scope="module")
def demo():
    return load(REPO / "content")


def test_tabs_are_the_groups_and_the_drawer_nests_them(demo_site):
    doc = page(demo_site, "")
    assert [text(a) for a in doc.xpath("//a[@class='md-tabs__link']")] == GROUPS
    drawer = doc.xpath("//nav[contains(@class, 'md-nav--primary')]")[0]
    top = [text(item.xpath("./a|./label")[0]) for item in drawer.xpath("./ul/li")]
    assert top == GROUPS  # the phone menu: six groups, not a flat list of twelve
    # every section page is in it, Amendments and Voting agreement too
    links = {a.get("href") for a in drawer.xpath(".//a")}
    for url in ("meetings/", "decisions/", "members/", "roles/", "platform/",
                "platform/amendments/", "endorse/", "punctuality/", "vital-signs/",
                "voting-agreement/", "feeds/", "data/", "about/"):
        assert url in links, url


def test_meeting_years_and_decision_years_are_in_the_sidebar(demo_site, demo):
    doc = page(demo_site, "meetings/")
    hrefs = {a.get("href") for a in doc.xpath("//nav[contains(@class, 'md-nav--primary')]//a")}
    years = {m.date.year for m in demo.meetings.values()}
    assert {f"{y}/" for y in years} <= hrefs
    assert {f"../decisions/{y}/" for y in years if any(
        m.decisions for m in demo.meetings.values() if m.date.year == y)} <= hrefs


def test_a_meeting_has_breadcrumbs_its_year_marked_and_its_neighbours(demo_site, demo):
    ids = sorted(demo.meetings, key=lambda i: (demo.meetings[i].date, i))
    mid = "2024-11-21-regular"
    doc = page(demo_site, f"meetings/{mid}")
    title = text(doc.xpath("//h1")[0]).rstrip("¶").strip()
    assert trail(doc) == ["Meetings", "2024", title]
    assert [a.get("href") for a in doc.xpath("//nav[@class='cp-trail']//a")] == \
        ["../", "../2024/"]
    assert doc.xpath("//nav[@class='cp-trail']//li[@aria-current='page']")
    # above the article, as Material's own breadcrumbs: the skip link lands on the content
    assert doc.xpath("//div[@class='md-content']/nav[@class='cp-trail']")
    assert not doc.xpath("//article//nav[@class='cp-trail']")
    assert active_tab(doc) == "The record"
    (year,) = doc.xpath("//li[contains(@class, 'md-nav__item--active')]"
                        "[not(contains(@class, 'nested'))]/a")
    assert text(year) == "2024" and year.get("href") == "../2024/"
    before, after = ids[ids.index(mid) - 1], ids[ids.index(mid) + 1]
    prev, = doc.xpath("//nav[@class='cp-neighbours']/a[@rel='prev']")
    nxt, = doc.xpath("//nav[@class='cp-neighbours']/a[@rel='next']")
    assert prev.get("href") == f"../{before}/" and nxt.get("href") == f"../{after}/"
    assert text(prev).startswith("← Previous meeting") and text(nxt).startswith("Next meeting")
    # the first meeting has no previous one, the last no next one
    first, last = page(demo_site, f"meetings/{ids[0]}"), page(demo_site, f"meetings/{ids[-1]}")
    assert not first.xpath("//a[@rel='prev']") and first.xpath("//a[@rel='next']")
    assert not last.xpath("//a[@rel='next']") and last.xpath("//a[@rel='prev']")


@pytest.mark.parametrize("url, crumbs, tab", [
    ("meetings/2024/", ["Meetings", "Meetings in 2024"], "The record"),
    ("decisions/2024/", ["Decisions", "Decisions in 2024"], "The record"),
    ("members/parks-dept/", ["Members", None], "The record"),
    ("platform/v1/", ["Platform", "Platform version 1"], "The platform"),
    ("platform/changes/v1-v2/", ["Platform", None], "The platform"),
    ("platform/changes/v1-v3/", ["Platform", None], "The platform"),  # not only neighbours
    ("platform/amendments/", ["Platform", "Platform amendments"], "The platform"),
    ("voting-agreement/", [], "Accountability"),
    ("punctuality/", [], "Accountability"),
])
def test_every_page_kind_has_its_tab_and_its_trail(demo_site, url, crumbs, tab):
    doc = page(demo_site, url)
    assert active_tab(doc) == tab
    found = trail(doc)
    assert len(found) == len(crumbs)
    assert all(want is None or want == got for want, got in zip(crumbs, found)), found
    # the sidebar is never empty: it lists the tab's pages
    assert doc.xpath("//nav[contains(@class, 'md-nav--primary')]//li"
                     "[contains(@class, 'md-nav__item--active')]//a")


def test_breadcrumbs_stay_out_of_the_search_index(demo_site):
    from pagefind_index import indexed_pages
    meeting = indexed_pages(demo_site)["meetings/2024-11-21-regular/"]
    assert "Previous meeting" not in meeting["content"] and "›" not in meeting["content"]


def test_pending_minutes_say_their_due_date_and_as_of_in_machine_readable_dates(demo_site):
    home = page(demo_site, "")
    (line,) = home.xpath("//table[caption='Meetings whose minutes are not yet public']"
                         "//span[@class='cp-due']")
    assert line.get("data-cp-due") == "2026-11-19" and line.get("data-cp-as-of") == "2026-11-16"
    assert text(line) == ("pending not yet published; due 19 November 2026; figures as of "
                          "16 November 2026")
    assert [t.get("datetime") for t in line.xpath(".//time")] == ["2026-11-19", "2026-11-16"]
    for url in ("meetings/2026-11-12-regular", "punctuality"):
        assert page(demo_site, url).xpath("//span[@class='cp-due'][@data-cp-due='2026-11-19']"), url
    assert not home.xpath("//article//script")  # the script is coalition.js, nothing inline


def test_the_404_page_offers_search_and_every_section(demo_site):
    doc = lxml_html.fromstring((demo_site / "404.html").read_bytes())
    assert doc.findtext(".//title").strip() == "Page not found - Lakeport Food Policy Coalition"
    assert text(doc.xpath("//h1")[0]) == "Page not found"
    assert doc.xpath("//button[@data-cp-search]")
    links = {a.get("href") for a in doc.xpath("//nav[@class='cp-sitemap']//a")}
    assert {"/meetings/", "/decisions/", "/members/", "/platform/amendments/",
            "/voting-agreement/", "/about/"} <= links


def test_home_title_names_the_site_once(demo_site):
    assert page(demo_site, "").findtext(".//title").strip() == "Lakeport Food Policy Coalition"
    assert page(demo_site, "members").findtext(".//title").strip() == \
        "Members - Lakeport Food Policy Coalition"


def test_members_are_listed_by_name(demo_site):
    doc = page(demo_site, "members")
    names = [text(a) for a in doc.xpath("//div[@id='cp-current-members']//strong/a")]
    assert len(names) > 3 and names == sorted(names, key=str.casefold)


def test_footer_names_the_coalition_and_its_contact(demo_site):
    (footer,) = page(demo_site, "meetings").xpath("//p[@class='cp-footer-contact']")
    assert "Lakeport Food Policy Coalition" in text(footer)
    mail, about = footer.xpath(".//a")
    assert mail.get("href") == "mailto:secretary@food-coalition.lakeport.example"
    assert about.get("href") == "../about/"


def test_a_coalition_without_contact_shows_none_and_a_bad_one_is_refused(tmp_path):
    portal = make_portal(tmp_path / "portal")
    result = portal.build()
    assert result.returncode == 0, result.stderr
    (footer,) = page(portal.site, "").xpath("//p[@class='cp-footer-contact']")
    assert "mailto:" not in lxml_html.tostring(footer).decode() and "About" in text(footer)
    portal.edit("coalition.yml", "timezone:", "contact: info@x.org?cc=all@x.org\ntimezone:")
    result = portal.build()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "coalition.yml" in result.stderr and "contact" in result.stderr


@pytest.mark.parametrize("url", ["", "members", "data", "about", "roles", "vital-signs",
                                 "voting-agreement", "punctuality"])
def test_the_day_figures_are_as_of_is_machine_readable(demo_site, url):
    doc = page(demo_site, url)
    days = {t.get("datetime") for t in doc.xpath("//article//time")}
    assert "2026-11-16" in days, url  # the demo's as_of
