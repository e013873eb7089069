"""The punctuality page and `coalition status`: figures a reader can recompute from the records."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from textwrap import dedent
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

from coalition_portal.checks.punctuality import Figures, median
from portal import AS_OF, REPO, coalition, make_portal

AS_OF_2025 = "2025-03-20"


def meeting(date: str, published: str | None = None, status: str = "held", extra: str = "") -> str:
    text = dedent(f"""\
        date: {date}
        start: "18:00"
        kind: regular
        status: {status}
        location: City Hall, Room 4
        """)
    if status == "cancelled":
        return text + "status_reason: Flooded streets.\n"
    if published:
        text += dedent(f"""\
            minutes:
              status: {"corrected" if extra else "draft"}
              published: {published}
              body: The members met.
            """)
    return text + dedent(extra)


MEETINGS = {
    "meetings/2024-03-14-regular.yml": meeting("2024-03-14", "2024-03-30"),  # lag 16, late
    "meetings/2024-04-11-regular.yml": meeting("2024-04-11", status="cancelled"),
    "meetings/2024-05-16-regular.yml": meeting("2024-05-16", "2024-05-23"),  # lag 7: on time
    "meetings/2024-06-13-regular.yml": meeting("2024-06-13", "2024-06-14", extra="""\
        corrections:
          - date: 2024-07-01
            what: The attendance of the Parks Department was corrected.
        """),
    "meetings/2025-01-16-regular.yml": meeting("2025-01-16", "2025-01-27"),  # lag 11, late
    "meetings/2025-02-13-regular.yml": meeting("2025-02-13", "2025-02-17"),  # lag 4
    "meetings/2025-03-15-regular.yml": meeting("2025-03-15"),  # pending: due 2025-03-22
    "meetings/2025-04-10-regular.yml": meeting("2025-04-10", status="scheduled"),
}


@pytest.fixture
def portal(tmp_path):
    portal = make_portal(tmp_path)
    for name, text in MEETINGS.items():
        portal.write(name, text)
    mkdocs_yml = portal.root / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text().replace(AS_OF, AS_OF_2025))
    return portal


def records(content: Path, as_of: dt.date, target: int = 7) -> list[dict]:
    """Every meeting that owes minutes, read straight from the YAML files."""
    out = []
    for path in sorted((content / "meetings").glob("*.yml")):
        m = yaml.safe_load(path.read_text())
        day = _date(m["date"])
        if m["status"] in ("cancelled", "postponed") or day > as_of:
            continue
        published = _date((m.get("minutes") or {}).get("published"))
        out.append({"id": path.stem, "date": day, "published": published,
                    "lag": (published - day).days if published else None,
                    "due": day + dt.timedelta(days=target)})
    return out


def _date(value) -> dt.date | None:
    return None if value in (None, "") else dt.date.fromisoformat(str(value))


def expected_row(label: str, rows: list[dict], as_of: dt.date, target: int = 7) -> list[str]:
    lags = [r["lag"] for r in rows if r["lag"] is not None]
    on_time = sum(1 for lag in lags if lag <= target)
    median = statistics.median(lags)
    pending = sum(1 for r in rows if r["lag"] is None and as_of <= r["due"])
    overdue = sum(1 for r in rows if r["lag"] is None and as_of > r["due"])
    return [label, f"{on_time} of {len(lags)}", f"{math.floor(100 * on_time / len(lags) + 0.5)}%",
            f"{median:g}", str(max(lags)), str(pending), str(overdue)]


def cells(row) -> list[str]:
    return [" ".join(c.text_content().split()) for c in row.xpath("./th|./td")]


def test_figures_on_the_page_are_those_of_the_records(portal):
    result = portal.build()
    assert result.returncode == 0, result.stderr
    doc = lxml_html.fromstring((portal.site / "punctuality/index.html").read_text())
    as_of = dt.date.fromisoformat(AS_OF_2025)
    rows = records(portal.content, as_of)
    table = doc.xpath("//table[caption[starts-with(., 'Punctuality per year')]]")[0]
    years = sorted({r["date"].year for r in rows})
    assert [cells(tr) for tr in table.xpath("./tbody/tr")] == [
        expected_row(str(y), [r for r in rows if r["date"].year == y], as_of) for y in years]
    assert cells(table.xpath("./tfoot/tr")[0]) == expected_row("All years", rows, as_of)
    # by hand, so the recomputation itself is checked: lags 2, 4, 16, 7, 1 | 11, 4
    assert cells(table.xpath("./tbody/tr")[1]) == ["2025", "1 of 2", "50%", "7.5", "11", "1", "0"]
    assert "5 of 7 meetings with published minutes kept that promise (71%)" in \
        " ".join(doc.xpath("//p[@class='cp-lead']")[0].text_content().split())


def test_definitions_late_list_pending_and_corrections_are_on_the_page(portal):
    assert portal.build().returncode == 0
    page = (portal.site / "punctuality/index.html").read_text()
    doc = lxml_html.fromstring(page)
    text = " ".join(doc.text_content().split())
    for words in ("in whole days", "Lag of at most 7 days", "grouped by the year of the meeting",
                  "the mean of the two middle lags when their number is even"):
        assert words in text
    late = doc.xpath("//table[caption[starts-with(., 'Minutes published after')]]")[0]
    assert [cells(tr)[3] for tr in late.xpath("./tbody/tr")] == ["11", "16"]  # newest first
    waiting = doc.xpath("//table[caption[starts-with(., 'Meetings whose minutes')]]")[0]
    (row,) = waiting.xpath("./tbody/tr")
    assert cells(row)[2] == "22 March 2025" and "pending" in cells(row)[3]
    corrections = doc.xpath("//section[@class='cp-correction']")[0]
    words = " ".join(corrections.text_content().split())
    assert "Minutes first published 14 June 2024." in words  # a correction does not reset it
    assert "1 July 2024: The attendance of the Parks Department was corrected." in words


def test_the_chart_is_an_inline_svg_with_its_figures_in_a_table(portal):
    assert portal.build().returncode == 0
    doc = lxml_html.fromstring((portal.site / "punctuality/index.html").read_text())
    (svg,) = doc.xpath("//svg[@id='lag-chart']")
    assert svg.get("role") == "img"
    labelled = svg.get("aria-labelledby").split()
    assert svg.xpath("./title")[0].get("id") in labelled
    assert "dashed line marks the target of 7 days" in svg.xpath("./desc")[0].text_content()
    assert len(svg.xpath(".//circle")) == 5 and len(svg.xpath(".//polygon")) == 2  # late: 2
    assert svg.xpath(".//line[@class='target']")
    assert not doc.xpath("//script[contains(., 'chart')]")
    data = doc.xpath("//details[@class='cp-chart-data']//table/tbody/tr")
    assert [cells(tr)[3] for tr in data] == ["2", "4", "16", "7", "1", "11", "4"]


def test_the_same_records_give_the_same_page(portal):
    assert portal.build().returncode == 0
    first = (portal.site / "punctuality/index.html").read_bytes()
    assert portal.build().returncode == 0
    assert (portal.site / "punctuality/index.html").read_bytes() == first


def test_status_prints_the_figures_and_fails_when_minutes_are_overdue(portal):
    ok = portal.coalition("status", "content", "--as-of", AS_OF_2025)
    assert ok.returncode == 0, ok.stderr
    assert "All years: 5 of 7 on time (71%), median lag 4 days, worst 16 days" in ok.stdout
    assert "2024: 4 of 5 on time (80%), median lag 4 days, worst 16 days" in ok.stdout
    assert "2025: 1 of 2 on time (50%), median lag 7.5 days, worst 11 days" in ok.stdout
    overdue = portal.coalition("status", "content", "--as-of", "2025-03-25")
    assert overdue.returncode == 1
    assert "content/meetings/2025-03-15-regular.yml  2025-03-15  due 2025-03-22, 3 days overdue" \
        in overdue.stdout
    assert "All years: 5 of 7 on time (71%)" in overdue.stdout


def test_the_minimal_portal_links_the_page_from_the_navigation(tmp_path):
    portal = make_portal(tmp_path)
    assert portal.build().returncode == 0
    home = (portal.site / "index.html").read_text()
    assert 'href="punctuality/"' in home and 'href="vital-signs/"' in home


@pytest.mark.skipif(not (REPO / "content" / "coalition.yml").exists(), reason="no demo content")
def test_the_demo_punctuality_figures_are_those_of_its_records(demo_site):
    site = demo_site
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text().replace("!!python", "#"))
    plugin = next(p["coalition"] for p in config["plugins"] if isinstance(p, dict)
                  and "coalition" in p)
    as_of = dt.date.fromisoformat(plugin["as_of"])
    target = yaml.safe_load((REPO / "content/coalition.yml").read_text()).get(
        "publication_target_days", 7)
    doc = lxml_html.fromstring((site / "punctuality/index.html").read_text())
    rows = records(REPO / "content", as_of, target)
    table = doc.xpath("//table[caption[starts-with(., 'Punctuality per year')]]")[0]
    assert cells(table.xpath("./tfoot/tr")[0]) == expected_row("All years", rows, as_of, target)
    assert doc.xpath("//svg[@role='img']")


@pytest.mark.skipif(not (REPO / "content" / "coalition.yml").exists(), reason="no demo content")
def test_demo_status_as_of_a_day_with_overdue_minutes_exits_non_zero():
    ok = coalition("status", "content", "--as-of", "2026-11-16", cwd=REPO)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    late = coalition("status", "content", "--as-of", "2026-11-25", cwd=REPO)
    assert late.returncode == 1
    assert "Overdue: 1" in late.stdout
    # the same figures as the punctuality page, which counts only published minutes
    assert "All years: " in late.stdout and "Back-dated" not in late.stdout


@given(st.lists(st.integers(min_value=0, max_value=400), max_size=60))
def test_the_median_is_the_ordinary_median(lags):
    assert median(lags) == (statistics.median(lags) if lags else None)


@pytest.mark.parametrize("on_time, counted, shown", [(5, 8, "63%"), (1, 8, "13%"), (2, 3, "67%"),
                                                     (1, 2, "50%"), (0, 0, "—"), (7, 7, "100%")])
def test_rates_round_halves_up(on_time, counted, shown):
    assert Figures("x", counted, on_time, None, None).percent == shown
