"""The seven vital signs: states, figures and the records behind them, on built sites."""

from __future__ import annotations

from lxml import html as lxml_html

from portal import MARCH_HELD, MINIMAL, REPO, derive, make_portal

SIGNS = ("decision-log", "decisions-recorded", "bottleneck", "renegotiation", "replant",
         "departures", "inheritance")


def lively(portal) -> None:
    """A coalition where every sign has something to show."""
    portal.edit("members/food-bank.yml", "- joined: 2024-01-10",
                "- joined: 2024-01-10\n    left: 2024-03-01\n    reason: Lost its funding.")
    portal.write("members/growers.yml", """\
        name: Harbor Growers Collective
        kind: organization
        constituency: Community organization
        memberships:
          - joined: 2024-03-01
        """)
    portal.write("endorsements/growers-v1.yml", """\
        endorser:
          member: growers
        platform: v1
        date: 2024-03-01
        signer:
          name: Ana Ruiz
          title: Coordinator
        """)
    portal.write("platform/v2.yml", MINIMAL["platform/v1.yml"].replace("number: 1", "number: 2")
                 .replace("adopted: 2024-01-10", "adopted: 2024-04-11")
                 .replace("adopted_by: d-2024-01-1", "summary: Reopened after the food bank left."))
    portal.write("amendments/co-sign.yml", """\
        title: Members may co-sign statements
        proposed_by: growers
        proposed_on: 2024-04-20
        against: v2
        rationale: Joint statements reach further.
        changes:
          - clause: del-messaging
            op: replace
            text: Members word their own statements and may co-sign joint ones.
        status: proposed
        """)
    # chaired by parks, published 16 days late, no decision recorded
    portal.write("meetings/2024-03-14-regular.yml", derive(
        MARCH_HELD, ("2024-03-18", "2024-03-30"),
        ("Sorting at the source was discussed.", "A discussion, nothing decided.")))
    # a decision added to the record after its minutes were published (2024-02-19)
    portal.edit("meetings/2024-02-15-regular.yml", "    platform_clauses: [nn-rationale]",
                "    platform_clauses: [nn-rationale]\n    added: 2024-02-25")


def signs_on(page: str) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """key -> (state, [(link, text) of each record])."""
    doc = lxml_html.fromstring(page)
    out = {}
    for section in doc.xpath("//section[@class='cp-sign']"):
        key = section.get("aria-labelledby")
        state = section.xpath(".//span[contains(@class, 'cp-badge')]")[0].text_content()
        links = [(a.get("href"), " ".join(a.text_content().split()))
                 for a in section.xpath(".//li/a")]
        out[key] = (state, links)
    return out


def lively_page(tmp_path, **options):
    """The lively portal built with these plugin options, and its vital-signs page."""
    portal = make_portal(tmp_path)
    lively(portal)
    mkdocs_yml = portal.root / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text() + "".join(f"      {k}: {v}\n"
                                                           for k, v in options.items()))
    result = portal.build()
    assert result.returncode == 0, result.stderr
    return portal, (portal.site / "vital-signs/index.html").read_text()


def test_each_sign_shows_its_state_and_links_to_its_records(tmp_path):
    portal, page = lively_page(tmp_path, renegotiation_months=2, renegotiation_watch_months=1,
                       replant_horizon_years=1)
    signs = signs_on(page)
    assert list(signs) == list(SIGNS)
    states = {key: state for key, (state, _) in signs.items()}
    assert states == {
        "decision-log": "warning",  # 2 of 3 on time: below 75%
        "decisions-recorded": "watch",  # 1 of 3 meetings without a decision; 1 added later
        "bottleneck": "warning",  # parks chaired 2 of the 3 meetings
        "renegotiation": "warning",  # v2 adopted 2 months ago; threshold set to 2
        "replant": "watch",  # 5 months old; horizon set to 1 year
        "departures": "healthy",  # the food bank left; v2 adopted after
        "inheritance": "healthy",  # the growers endorsed, then proposed an amendment
    }
    links = {key: [href for href, _ in records] for key, (_, records) in signs.items()}
    assert "../meetings/2024-03-14-regular/" in links["decision-log"]
    assert "../meetings/2024-03-14-regular/" in links["decisions-recorded"]
    assert "../meetings/2024-02-15-regular/#d-2024-02-1" in links["decisions-recorded"]
    assert "../members/parks/" in links["bottleneck"]
    assert "../platform/" in links["renegotiation"]
    assert "../members/food-bank/" in links["departures"]
    assert any("growers" in href or "co-sign" in href for href in links["inheritance"])
    for key, hrefs in links.items():
        for href in hrefs:  # every record link leads to a page of the site
            target = (portal.site / "vital-signs" / href.split("#")[0]).resolve() / "index.html"
            assert target.is_file(), (key, href)


def test_default_thresholds_follow_the_reference(tmp_path):
    _, page = lively_page(tmp_path)
    signs = signs_on(page)
    assert signs["renegotiation"][0] == "healthy" and signs["replant"][0] == "healthy"
    assert "warning after 18 months" in page
    assert "before those 4 years are up" in page  # coalition.yml's replant_horizon_years


def test_recorded_decisions_and_replant_thresholds_are_options(tmp_path):
    _, page = lively_page(tmp_path, no_decisions_warning=0.3, added_decisions_warning=5,
                       replant_watch_years=4)
    signs = signs_on(page)
    # 1 of 3 meetings recorded no decision: watch by default, a warning from 30%
    assert signs["decisions-recorded"][0] == "warning"
    # 5 months old against a 4-year horizon: healthy by default, watch 4 years ahead
    assert signs["replant"][0] == "watch"
    text = " ".join(lxml_html.fromstring(page).text_content().split())
    assert "warning when 30% of those meetings recorded none, or 5 decisions or more" in text
    assert "Watch in the last 4 years before those 4 years are up" in text


def test_the_home_page_shows_the_signs_in_short(tmp_path):
    portal = make_portal(tmp_path)
    lively(portal)
    assert portal.build().returncode == 0
    doc = lxml_html.fromstring((portal.site / "index.html").read_text())
    items = doc.xpath("//ul[@class='cp-vital-signs']/li")
    assert [li.xpath("./a")[0].get("href") for li in items] == \
        [f"vital-signs/#{key}" for key in SIGNS]
    states = [li.xpath("./span")[0].text_content() for li in items]
    assert states == ["warning", "watch", "warning", "healthy", "healthy", "healthy", "healthy"]


def test_every_sign_has_a_demo_record_behind_it(demo_site):
    signs = signs_on((demo_site / "vital-signs/index.html").read_text())
    assert list(signs) == list(SIGNS)
    for key, (state, records) in signs.items():
        assert records, f"the demo has no record behind {key}"
        for href, _ in records:
            target = (demo_site / "vital-signs" / href.split("#")[0]).resolve() / "index.html"
            assert target.is_file(), (key, href)
    # the decay signs show decay in the demo, the signs of life show life
    states = {key: state for key, (state, _) in signs.items()}
    assert states["inheritance"] == "healthy"
    assert all(states[key] != "healthy" for key in ("decision-log", "decisions-recorded",
                                                    "bottleneck", "renegotiation", "replant"))


def test_demo_figures_are_those_of_its_records(demo_site):
    import datetime as dt

    import yaml

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    plugin = next(p["coalition"] for p in config["plugins"] if isinstance(p, dict))
    as_of = dt.date.fromisoformat(plugin["as_of"])
    coalition = yaml.safe_load((REPO / "content/coalition.yml").read_text())
    versions = [yaml.safe_load(p.read_text()) for p in (REPO / "content/platform").glob("*.yml")]
    current = max((v for v in versions if _day(v["adopted"]) <= as_of), key=lambda v: v["number"])

    def months(a, b):
        return (b.year - a.year) * 12 + b.month - a.month - (b.day < a.day)

    def long(day):
        return f"{day.day} {day:%B %Y}"

    adopted, founded = _day(current["adopted"]), _day(coalition["founded"])
    doc = lxml_html.fromstring((demo_site / "vital-signs/index.html").read_text())
    text = {s.get("aria-labelledby"): " ".join(s.text_content().split())
            for s in doc.xpath("//section[@class='cp-sign']")}
    assert (f"Version {current['number']} was adopted on {long(adopted)}, "
            f"{months(adopted, as_of)} months ago") in text["renegotiation"]
    age = months(founded, as_of)
    assert f"Founded on {long(founded)}: {age // 12} years and {age % 12} month" in text["replant"]
    assert (f"decide after {coalition.get('replant_horizon_years', 5)} years whether to go on"
            in text["replant"])


def _day(value):
    import datetime as dt

    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
