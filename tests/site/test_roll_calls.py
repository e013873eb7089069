"""Issue 16: how did member X vote on Y?  The demo's built pages, read as a reader would.

Each decision's place (its anchor on the meeting page) holds its full roll call, one linked
row per member; a member page leads with a vote summary and a filter over tables that carry
the decision's class; meeting pages put decisions and minutes before the bookkeeping, link
the ids their texts mention, and never skip a heading level.
"""

from __future__ import annotations

import posixpath

from lxml import html as lxml_html

from coalition_portal.content.load import load
from coalition_portal.site.render import ROLL_CALL_ORDER

from portal import REPO
from site_links import roll_call

CONTENT = REPO / "content"


def tree(site, url: str):
    return lxml_html.fromstring((site / url / "index.html").read_bytes())


def text(element) -> str:
    return " ".join(element.text_content().split())


def article(doc):
    return doc.xpath("//article")[0]


def resolves(site, page_url: str, href: str) -> str:
    """The site URL (with its #fragment) a relative link on ``page_url`` leads to."""
    path, _, fragment = href.partition("#")
    target = posixpath.normpath(posixpath.join("/" + page_url, path or "."))
    target = target.lstrip("/") + ("/" if path.endswith("/") or not path else "")
    return target.replace("//", "/") + (f"#{fragment}" if fragment else "")


def test_every_recorded_vote_has_a_roll_call_of_one_linked_row_per_member(demo_site):
    content = load(CONTENT)
    names = {mid: m.name for mid, m in content.members.items()}
    checked = 0
    for meeting_id, meeting in content.meetings.items():
        voted = [d for d in meeting.decisions if d.vote]
        if not voted:
            continue
        page_url = f"meetings/{meeting_id}/"
        page = (demo_site / page_url / "index.html").read_text(encoding="utf-8")
        doc = lxml_html.fromstring(page)
        for decision in voted:
            # the decision's own anchor holds its roll call
            section = doc.get_element_by_id(decision.id).getparent()
            table = section.get_element_by_id(f"roll-call-{decision.id}")
            assert table.tag == "table"
            expected = {names[mid]: choice.value for mid, choice in decision.vote.items()}
            assert roll_call(page, decision.id) == expected
            rows = table.find("tbody").findall("tr")
            assert len(rows) == len(decision.vote)
            for row in rows:  # each name links to that member's page
                link = row.find("td/a")
                member_id = next(mid for mid, n in names.items() if n == text(link))
                assert resolves(demo_site, page_url, link.get("href")) == f"members/{member_id}/"
            # sorted by vote (yes, no, abstain, recused, absent), then by name
            order = [(ROLL_CALL_ORDER.index(text(r[1])), text(r[0]).casefold()) for r in rows]
            assert order == sorted(order)
            checked += 1
    assert checked > 20


def test_a_meeting_page_puts_decisions_and_minutes_first_and_the_record_last(demo_site):
    doc = tree(demo_site, "meetings/2022-10-20-regular/")
    sections = [h.get("id") for h in article(doc).iter("h2")]
    assert sections[:3] == ["decisions", "minutes", "agenda"]
    assert sections[-1] == "record"
    assert sections.index("attendance") > sections.index("minutes")


def test_minutes_headings_never_skip_a_level(demo_site):
    for path in sorted((demo_site / "meetings").glob("*/index.html")):
        levels = [int(h.tag[1]) for h in article(lxml_html.fromstring(path.read_bytes())).iter(
            "h1", "h2", "h3", "h4", "h5", "h6")]
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, (path, levels)


def test_ids_in_rationales_and_agendas_link_to_their_records(demo_site):
    # a rationale naming an amendment (2023-09-21) and an agenda naming one (2026-12-17)
    for url, amendment in (("meetings/2023-09-21-regular/", "a-recovery-first"),
                           ("meetings/2026-12-17-regular/", "a-community-chairs")):
        doc = tree(demo_site, url)
        links = [a for a in article(doc).iter("a") if text(a) == amendment]
        assert links, (url, amendment)
        assert resolves(demo_site, url, links[0].get("href")) == \
            f"platform/amendments/#amendment-{amendment}"
        amendments = tree(demo_site, "platform/amendments/")
        assert amendments.get_element_by_id(f"amendment-{amendment}") is not None
    # a decision's permanent link is its own anchor
    doc = tree(demo_site, "meetings/2022-10-20-regular/")
    assert doc.xpath("//a[@href='#d-2022-10-1']/code")


def test_a_member_page_leads_with_a_vote_summary_and_a_filter(demo_site):
    content = load(CONTENT)
    member_id = "sanitation"
    votes = [(meeting.date.year, decision, decision.vote[member_id])
             for meeting in content.meetings.values() for decision in meeting.decisions
             if decision.vote and member_id in decision.vote]
    doc = tree(demo_site, f"members/{member_id}/")
    body = article(doc)
    assert [h.get("id") for h in body.iter("h2")][0] == "votes"
    lead = text(body.xpath(".//p[contains(@class, 'cp-lead')]")[0])
    assert lead.startswith(f"{len(votes)} votes on record: ")
    summary = body.xpath(".//table[contains(@class, 'cp-vote-summary')]")[0]
    for row in summary.find("tbody").iter("tr"):
        cells = [text(c) for c in row]
        year = int(cells[0])
        of_year = [v for v in votes if v[0] == year]
        assert int(cells[1]) == len(of_year)
        for word, cell in zip(ROLL_CALL_ORDER, cells[2:]):
            assert int(cell) == sum(1 for v in of_year if v[2].value == word), (year, word)
        href = row.find("th/a").get("href")
        assert href == f"./#votes-{year}"
        assert doc.get_element_by_id(f"votes-{year}") is not None
    form = body.xpath(".//form[@data-cp-vote-filter]")[0]
    assert form.get("hidden") is not None  # shown by coalition.js; the tables stand alone
    assert {s.get("name") for s in form.iter("select")} == {"year", "class", "vote"}
    classes = [o.get("value") for o in form.xpath(".//select[@name='class']/option")][1:]
    assert sorted(classes, key=str.lower) == classes
    assert set(classes) == {d.class_ for _, d, _ in votes}
    # every vote is in a table: date, decision (linked to it), class, vote, outcome
    rows = body.xpath(".//table[contains(@class, 'cp-votes')]/tbody/tr")
    assert len(rows) == len(votes)
    by_id = {d.id: (d, choice) for _, d, choice in votes}
    for row in rows:
        decision, choice = by_id[row.get("id").removeprefix("vote-")]
        cells = [text(c) for c in row]
        assert cells[1:] == [decision.title, decision.class_, choice.value,
                             decision.outcome.value]
        assert row.find("td/a").get("href").endswith(f"#{decision.id}")
    # the summary comes before the tables, and the membership after them
    order = [e.get("id") for e in body.iter() if e.get("id") in ("votes", "membership")]
    assert order == ["votes", "membership"]
