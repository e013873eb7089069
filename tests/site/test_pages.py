"""The public portal's pages, read from real `mkdocs build --strict` output like a reader would."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
from lxml import html as lxml_html

from coalition_portal.site.platform_diff import word_diff
from coalition_portal.site.endorse import SCHEMA_LINE, new_file_link
from pages_fixture import RICH
from portal import REPO, make_portal, mkdocs_build
from site_links import broken_links, pages, roll_call

SECTIONS = ("", "platform/", "platform/changes/v1-v2/", "platform/amendments/", "meetings/",
            "meetings/2024/", "decisions/", "members/", "voting-agreement/", "roles/",
            "endorse/", "about/")


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    portal = make_portal(tmp_path_factory.mktemp("rich"), RICH)
    result = portal.build("--strict")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return portal


def read(portal, url: str) -> str:
    return (portal.site / url / "index.html").read_text(encoding="utf-8")


def tree(portal, url: str):
    return lxml_html.fromstring(read(portal, url))


def article(doc):
    """The page's own content, without Material's header, navigation and footer."""
    return doc.xpath("//article")[0]


def text(element) -> str:
    return " ".join(element.text_content().split())


def table_rows(doc, caption_start: str) -> list[list[str]]:
    table = next(t for t in doc.iter("table")
                 if text(t.find("caption")).startswith(caption_start))
    return [[text(cell) for cell in row if cell.tag in ("td", "th")]
            for row in table.find("tbody").iter("tr")]


def test_every_section_page_exists_with_one_h1(rich):
    for url in SECTIONS:
        doc = tree(rich, url)
        assert len(article(doc).findall(".//h1")) == 1, url


def test_every_member_and_meeting_has_a_page(rich):
    for name in (rich.content / "members").glob("*.yml"):
        assert (rich.site / "members" / name.stem / "index.html").is_file(), name.stem
    for name in (rich.content / "meetings").glob("*.yml"):
        assert (rich.site / "meetings" / name.stem / "index.html").is_file(), name.stem


def test_no_internal_link_or_anchor_is_broken(rich):
    assert len(pages(rich.site)) >= 25
    assert broken_links(rich.site) == []


def test_the_link_checker_finds_a_broken_link(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">ok</a><a href="b/">no</a>'
                                         '<a href="a/#here">ok</a><a href="a/#gone">no</a>')
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2>')
    assert broken_links(tmp_path) == ["/index.html: b/ -> missing b/index.html",
                                      "/index.html: a/#gone -> no #gone in a/index.html"]


def test_headings_have_ids_and_tables_have_captions_and_header_scopes(rich):
    for url in SECTIONS + ("meetings/2024-03-21-regular/", "members/market/"):
        body = article(tree(rich, url))
        for heading in body.iter("h2", "h3"):
            assert heading.get("id"), (url, text(heading))
        for table in body.iter("table"):
            assert table.find("caption") is not None, url
            assert all(th.get("scope") in ("col", "row") for th in table.iter("th")), url


def test_roll_call_on_a_meeting_shows_each_members_vote(rich):
    votes = roll_call(read(rich, "meetings/2024-05-16-regular/"), "d-2024-05-1")
    assert votes == {"Parks Department": "yes", "Public Health Department": "abstain",
                     "Eastside Food Bank": "no", "Harbor Farmers Market Alliance": "yes"}


def test_meeting_shows_record_completeness_and_whats_missing(rich):
    doc = tree(rich, "meetings/2024-05-16-regular/")
    rows = {r[0]: r for r in table_rows(doc, "What of this meeting's record is public")}
    assert rows["Minutes"][1] == "public" and rows["Minutes"][2].startswith("20 May 2024")
    assert rows["Approved minutes"][1] == "missing"
    assert rows["Agenda"][1] == "missing"
    assert rows["Votes"][2].endswith("2 of 3 decisions with a recorded vote")
    title = text(doc.xpath("//*[contains(@class, 'admonition-title')]")[0])
    assert title == ("Still missing: the agenda, approved minutes, "
                     "a recorded vote for 1 decision")
    complete = tree(rich, "meetings/2024-03-21-regular/")
    assert "The record of this meeting is complete" in text(complete)
    pending = text(tree(rich, "meetings/2024-06-18-regular/"))
    # written by hand without a chair: the chair is missing too (an imported meeting's
    # would be "not recorded in the source archive", tests/site/test_unrecorded.py)
    assert "Still missing: the chair, the minutes" in pending and "due 25 June 2024" in pending


def test_cancelled_meeting_is_listed_and_labelled(rich):
    page = text(tree(rich, "meetings/2024-04-18-regular/"))
    assert "This meeting was cancelled" in page and "The room was unavailable." in page
    rows = table_rows(tree(rich, "meetings/2024/"), "Meetings in 2024")
    assert ["2024-04-18", "Regular meeting, 18 April 2024", "cancelled", "no minutes owed",
            "0"] in rows
    assert len(rows) == 7


def test_platform_diff_marks_changed_added_and_removed_clauses(rich):
    doc = tree(rich, "platform/changes/v1-v2/")
    changed = doc.get_element_by_id("clause-del-messaging").getparent()
    ins = [text(e) for e in changed.iter("ins")]
    assert ins == ["[added: and press releases]"]
    assert list(changed.iter("del")) == []
    assert "Each member words its own public statements" in text(changed)
    assert doc.get_element_by_id("clause-dis-sunset").getparent().get("class").endswith("added")
    removed = doc.get_element_by_id("clause-del-events").getparent()
    assert "Each member organizes its own events" in text(next(removed.iter("del")))
    assert "1 clause added, 1 removed, 1 changed, 1 unchanged" in text(doc)
    assert "what changed in version 2" in read(rich, "platform/")
    assert "by decision d-2024-01-1. This is not the current version" in text(
        tree(rich, "platform/v1/"))


def test_the_current_version_is_also_served_at_its_permanent_address(rich):
    """Feeds and exports cite platform/v2/: it stays the version's address once v3 is adopted."""
    doc = tree(rich, "platform/v2/")
    assert text(article(doc).find(".//h1")) == "Platform version 2"
    note = doc.get_element_by_id("current-version")
    assert "This is the current version" in text(note)
    assert [a.get("href") for a in note.iter("a")] == ["../"]
    assert "clause-del-messaging" in {e.get("id") for e in doc.iter()}
    assert "This is not the current version" not in text(doc)
    current = tree(rich, "platform/")
    assert text(article(current).find(".//h1")) == "Platform"
    assert "current-version" not in {e.get("id") for e in current.iter()}


def test_word_diff_gives_back_both_texts():
    old, new = "The quick brown fox jumps.", "The slow brown fox leaps, quickly."
    segments = word_diff(old, new)
    assert "".join(t for op, t in segments if op in ("equal", "delete")) == old
    assert "".join(t for op, t in segments if op in ("equal", "insert")) == new
    assert ("delete", "quick") in segments and ("insert", "slow") in segments


def test_amendments_show_proposer_date_status_and_deciding_decision(rich):
    doc = tree(rich, "platform/amendments/")
    adopted = text(doc.get_element_by_id("amendment-press-releases").getparent())
    assert "adopted" in adopted and "Eastside Food Bank" in adopted
    assert "20 February 2024" in adopted and "d-2024-03-2" in adopted
    proposed = text(doc.get_element_by_id("amendment-budget-clause").getparent())
    assert "proposed" in proposed and "not yet decided" in proposed


def test_decision_log_lists_everything_without_script_and_has_a_filter(rich):
    doc = tree(rich, "decisions/")
    rows = doc.get_element_by_id("cp-decision-log").find("tbody").findall("tr")
    assert [r.get("data-year") for r in rows] == ["2024"] * 7
    assert all(not r.get("hidden") for r in rows)  # without script, every decision shows
    first = text(rows[0])
    assert "Move meetings to Saturdays" in first  # newest first
    assert rows[0].get("data-class") == "operational" and rows[0].get("data-outcome") == "rejected"
    assert "rejected 1 yes, 2 no, 0 abstain, 1 absent" in first
    superseded = text(next(r for r in rows if "Start a compost pilot" in text(r)))
    assert "superseded by d-2024-03-1" in superseded and "clause nn-rationale" in superseded
    form = doc.xpath("//form[@data-cp-filter='cp-decision-log']")[0]
    assert form.get("hidden") is not None  # shown by the script only
    assert {s.get("name") for s in form.iter("select")} == {"class", "outcome"}  # one year
    options = [o.get("value") for o in form.xpath(".//select[@name='class']/option")]
    assert options == ["", "operational", "platform"]
    html = read(rich, "decisions/")
    assert 'src="../assets/coalition.js"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html.split("<article")[1]
                         .split("</article>")[0])  # no inline script in our content
    script = (rich.site / "assets/coalition.js").read_text()
    assert "data-cp-filter" in script


def test_decision_log_has_a_page_per_year_and_the_index_shows_the_newest(rich):
    year_page = tree(rich, "decisions/2024/")
    rows = year_page.get_element_by_id("cp-decision-log").find("tbody").findall("tr")
    index = tree(rich, "decisions/").get_element_by_id("cp-decision-log").find("tbody")
    assert [text(r) for r in rows] == [text(r) for r in index.findall("tr")]
    years = tree(rich, "decisions/").xpath("//nav[@aria-label='Decisions by year']//a")
    assert [(a.get("href"), text(a)) for a in years] == [("2024/", "2024")]
    meeting = tree(rich, "meetings/2024-05-16-regular/")
    assert "../../decisions/2024/" in [a.get("href") for a in meeting.iter("a")]


def test_member_page_shows_periods_roles_votes_endorsements_and_amendments(rich):
    doc = tree(rich, "members/market/")
    periods = table_rows(doc, "Periods of membership")
    assert periods == [["1", "25 March 2024", "10 April 2024",
                        "Paused its membership during the market season."],
                       ["2", "1 May 2024", "still a member", "Rejoined after the season opened."]]
    page = text(doc)
    assert "Communications: 1 April 2024 onwards" in page
    assert "A shared budget for outreach: proposed 10 May 2024, proposed" in page
    assert "0% attendance" in page and "excused from 1" in page
    votes = table_rows(doc, "Votes Harbor Farmers Market Alliance cast in 2024")
    assert votes == [["2024-05-16", "Move meetings to Saturdays", "operational", "absent",
                      "rejected"],
                     ["2024-05-16", "Hold a public food-waste fair", "operational", "yes",
                      "adopted"]]
    chefs = text(tree(rich, "members/parks/"))
    assert "Endorsed platform version 2 on 28 March 2024" in chefs


def test_members_index_lists_current_and_former(rich):
    doc = tree(rich, "members/")
    def names(list_id):
        return [text(li.find(".//a")) for li in doc.get_element_by_id(list_id).iter("li")]
    assert "Harbor Farmers Market Alliance" in names("cp-current-members")
    assert names("cp-former-members") == ["Harbor Youth Council"]
    market = text(doc.get_element_by_id("cp-current-members"))
    assert "member 25 March 2024 – 10 April 2024; again 1 May 2024 – now" in market


def test_voting_agreement_counts_shared_votes_per_pair_and_class(rich):
    doc = tree(rich, "voting-agreement/")
    pairs = table_rows(doc, "Pairs of members by agreement, all kinds of decision")
    # health and parks took part together in 6 votes and differed in 2 (d-2024-03-1 no/yes,
    # d-2024-05-1 abstain/yes)
    assert ["Public Health Department and Parks Department", "4", "6", "67%"] in pairs
    assert pairs[0] == ["Market Alliance and Parks Department", "1", "1", "100%"]
    matrix = table_rows(doc, "Agreement between members, platform decisions")
    parks = next(r for r in matrix if r[0] == "Parks Department")
    assert "100% 2/2" in parks and "50% 1/2" in parks  # with health; with the food bank
    assert "Market" not in " ".join(r[0] for r in matrix)  # took part in no platform vote


def test_roles_show_current_holder_history_and_next_handover(rich):
    doc = tree(rich, "roles/")
    now = {r[0]: r for r in table_rows(doc, "Current role holders")}
    assert now["Documentation"][1:] == ["Parks Department", "10 January 2024",
                                        "1 July 2024 to Public Health Department"]
    assert now["Communications"][1] == "Harbor Farmers Market Alliance"
    history = table_rows(doc, "Rotation history: Communications")
    assert [r[0] for r in history] == ["Harbor Farmers Market Alliance now",
                                       "Eastside Food Bank"]


def test_endorse_page_lists_endorsers_and_shows_withdrawal_reason(rich):
    doc = tree(rich, "endorse/")
    withdrawn = [text(li) for li in doc.get_element_by_id("cp-withdrawn-endorsements").iter("li")]
    assert withdrawn == ["Harbor Chefs Guild withdrawn Endorsed platform version 2 on 2 April 2024; signed by "
                         "Lee Park, Chair. Withdrawn 2 May 2024. Reason: Our board asked us to "
                         "wait for the budget clause."]
    current = [text(li) for li in doc.get_element_by_id("cp-current-endorsements").iter("li")]
    assert [c.split(" Endorsed")[0] for c in current] == ["Parks Department"]
    earlier = [text(li) for li in doc.get_element_by_id("cp-earlier-endorsements").iter("li")]
    assert earlier[0].startswith("Eastside Food Bank endorsed version 1; current is version 2 ")
    assert "We stand behind every clause." in earlier[0]
    page = text(doc)
    assert 'coalition endorse \\ --org "Your organization\'s name"' in page
    template = doc.get_element_by_id("cp-endorsement-template").text_content()
    assert "platform: v2\n" in template and "date: 2024-06-20  # the day this page" in template
    assert doc.xpath("//button[@data-cp-copy='cp-endorsement-template']")


def test_endorse_link_opens_the_template_as_a_new_file(rich):
    doc = tree(rich, "endorse/")
    template = doc.get_element_by_id("cp-endorsement-template").text_content()
    link = doc.get_element_by_id("route-change").find(".//a").get("href")
    parts = urllib.parse.urlsplit(link)
    assert (parts.scheme, parts.netloc) == ("https", "github.com")
    assert parts.path == "/harbor-food/coalition/new/main/content/endorsements"
    query = urllib.parse.parse_qs(parts.query, strict_parsing=True)
    assert query == {"filename": ["your-organization.yml"], "value": [SCHEMA_LINE + template]}
    assert " " not in link and "\n" not in link and "'" not in link


@pytest.mark.parametrize("repo, expected", [
    ("https://gitlab.com/group/sub/repo", "https://gitlab.com/group/sub/repo/-/new/main/"
                                          "content/endorsements?file_name=x.yml&content=a%3A%20b%0A"),
    ("https://codeberg.org/o/r.git", "https://codeberg.org/o/r/_new/main/content/endorsements/"
                                     "?filename=x.yml&value=a%3A%20b%0A"),
    ("https://github.com/o/r/", "https://github.com/o/r/new/main/content/endorsements"
                                "?filename=x.yml&value=a%3A%20b%0A"),
    ("https://example.org/o/r", None),
    ("https://github.com/o", None),
    (None, None),
])
def test_new_file_link_per_forge(repo, expected):
    assert new_file_link(repo, "content/endorsements", "x.yml", "a: b\n") == expected


def test_about_page_states_target_data_and_rules(rich):
    page = text(tree(rich, "about/"))
    assert "within 7 days of the meeting" in page
    assert "supermajority: adopted when yes is at least 2/3 of yes and no" in page
    assert "adopted when every member taking part votes yes" in page  # every rule defined
    assert "content/ folder" in page


def test_home_shows_pending_minutes_next_meeting_and_vital_signs_place(rich):
    doc = tree(rich, "")
    page = text(doc)
    assert "Regular meeting, 18 July 2024" in page  # next meeting
    due = table_rows(doc, "Meetings whose minutes are not yet public")
    # the due date and the day the figures are as of: true after the due date too (issue 16)
    assert due == [["Regular meeting, 18 June 2024", "pending not yet published; due 25 June "
                     "2024; figures as of 20 June 2024"]]
    assert doc.get_element_by_id("vital-signs") is not None
    assert "Regular meeting, 18 April 2024 — cancelled no minutes owed" in page


def test_navigation_lists_sections_not_records(rich):
    links = tree(rich, "").xpath("//nav[contains(@class, 'md-nav--primary')]"
                                 "//*[contains(@class, 'md-nav__link')]")  # a group's label too
    titles = [text(a) for a in links]
    for section in ("Platform", "Meetings", "Decisions", "Members", "Roles", "Endorse", "About"):
        assert section in titles
    assert not any("Regular meeting" in t for t in titles)


@pytest.mark.skipif(not (REPO / "content" / "coalition.yml").is_file(),
                    reason="the demo content has not landed yet")
def test_demo_builds_strict_with_every_record_and_no_broken_link(tmp_path):
    import shutil
    site = tmp_path / "site"
    result = mkdocs_build("--strict", "-d", str(site), cwd=REPO)
    assert result.returncode == 0, result.stderr
    for kind in ("members", "meetings"):
        for name in (REPO / "content" / kind).glob("*.yml"):
            assert (site / kind / name.stem / "index.html").is_file(), name
    for url in SECTIONS:
        assert (site / url / "index.html").is_file(), url
    assert broken_links(site) == []
    shutil.rmtree(site, ignore_errors=True)


def test_search_indexes_meetings_decisions_and_members(rich):
    from pagefind_index import indexed_pages, sections
    pages = indexed_pages(rich.site)
    assert "meetings/2024-05-16-regular/#d-2024-05-1" in sections(
        pages["meetings/2024-05-16-regular/"])
    assert "members/market/" in pages and "decisions/" in pages
