"""Minutes render as GitHub renders them, at any length (issue 15, item 3).

Examples after the GFM spec (https://github.github.com/gfm/), one meeting page built with
all of them: each becomes its element, none stays literal Markdown; headings keep distinct
levels and enter the page's table of contents; decision and clause ids link to their
records.  Pathological text renders in linear time (a subprocess with a generous timeout:
a quadratic renderer would take hours).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from lxml import html as lxml_html

from coalition_portal.site.render import LinkTargets, render_markdown
from portal import REPO, make_portal

FORMATION = "meetings/2024-01-10-formation.yml"
TITLE = "Formation circle meeting, 10 January 2024"  # the page title (the default one)


def _nested_agenda(size: int) -> str:
    """A long nested agenda as real minutes have them (`* topic: … [#1234](…)`)."""
    lines, n = [], 0
    while sum(map(len, lines)) < size:
        n += 1
        lines.append(f"* topic {n}: compost routes [#{1000 + n}](https://git.example/issues/{n})")
        lines.append(f"    * owner: team {n % 7}, due week {n % 52}")
        lines.append(f"        * note {n}: ~~postponed~~ moved to the *next* meeting")
    return "\n".join(lines)


AGENDA = _nested_agenda(16_000)
MINUTES = f"""\
# {TITLE}

## Release status
Release status:
* the beta is out
* the docs follow

### Links and ids
See https://example.org/report and www.example.com, or mail info@example.org.
Adopted as d-2024-02-1, under clause `nn-rationale` and del-messaging; d-2099-01-1 is no record.
A file name like render.py stays text.

#### Table

| Item | Owner | Due |
|:-----|:-----:|----:|
| Routes | Parks | May |
| Bins | ~~Health~~ Food bank | June |

##### Code

```make
all:
\tmkdocs build
```

###### Deepest
- [ ] open task
- [x] done task

## Agenda
{AGENDA}
"""


def _indented(text: str, by: int) -> str:
    return "".join((" " * by + line) if line.strip() else "\n"
                   for line in text.splitlines(keepends=True))


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    portal = make_portal(tmp_path_factory.mktemp("markdown"))
    portal.edit(FORMATION, "    ## Shared interest\n    The members agreed on a shared interest: "
                "less food waste.\n", _indented(MINUTES, 4))
    result = portal.build()
    assert result.returncode == 0, result.stdout + result.stderr
    text = (portal.site / "meetings/2024-01-10-formation/index.html").read_text("utf-8")
    return lxml_html.fromstring(text)


def _minutes(page):
    (minutes,) = page.xpath("//div[@class='cp-minutes']")
    return minutes


def test_every_block_is_its_element(page):
    minutes = _minutes(page)
    items = [li.text_content() for li in minutes.xpath(".//ul/li")]
    assert any(item.startswith("the beta is out") for item in items)  # list right after a line
    assert len(minutes.xpath(".//ul//ul//ul//li")) >= 100  # the nested agenda, all of it
    assert "topic 100: compost routes #1100" in minutes.text_content()
    (table,) = minutes.xpath(".//table")
    assert [th.text_content() for th in table.xpath(".//thead//th")] == ["Item", "Owner", "Due"]
    assert table.xpath(".//tbody//td//del")[0].text == "Health"
    assert minutes.xpath(".//ul//li//del")[0].text == "postponed"
    (code,) = minutes.xpath(".//pre/code")
    assert code.text == "all:\n\tmkdocs build\n"
    boxes = [li.text_content() for li in minutes.xpath(".//li") if li.text_content()[:1] in "☐☑"]
    assert boxes == ["☐ open task", "☑ done task"]


def test_no_markdown_syntax_is_left_as_text(page):
    text = _minutes(page).text_content()
    for literal in ("* ", "## ", "```", "|---", "|:--", "~~", "[#", "](", "[ ]", "[x]"):
        assert literal not in text, literal


def test_bare_urls_are_links_as_github_makes_them(page):
    hrefs = {a.get("href") for a in _minutes(page).xpath(".//a")}
    assert {"https://example.org/report", "http://www.example.com",
            "mailto:info@example.org", "https://git.example/issues/7"} <= hrefs
    assert not any("render.py" in href for href in hrefs)


def test_decision_and_clause_ids_link_to_their_records(page):
    links = {a.text_content(): a.get("href") for a in _minutes(page).xpath(".//a")}
    assert links["d-2024-02-1"] == "../2024-02-15-regular/#d-2024-02-1"
    assert links["nn-rationale"] == "../../platform/#clause-nn-rationale"
    assert links["del-messaging"] == "../../platform/#clause-del-messaging"
    assert "d-2099-01-1" not in links  # no such record: no link


def test_headings_keep_distinct_levels_below_the_page_and_drop_the_repeated_title(page):
    minutes = _minutes(page)
    levels = {}
    for element in minutes.iter():
        if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            levels[element.text_content()] = int(element.tag[1])
        elif element.get("role") == "heading":
            levels[element.text_content()] = int(element.get("aria-level"))
    assert levels == {"Release status": 3, "Links and ids": 4, "Table": 5, "Code": 6,
                      "Deepest": 7, "Agenda": 3}
    assert TITLE not in minutes.text_content()  # the page's h1 says it already
    assert page.xpath("//h1")[0].text_content() == TITLE


def test_the_minutes_headings_are_in_the_table_of_contents(page):
    toc = page.xpath("//nav[contains(@class, 'md-nav--secondary')]")[0]
    entries = {a.get("href"): " ".join(a.text_content().split()) for a in toc.xpath(".//a")}
    assert entries["#minutes-release-status"] == "Release status"
    assert entries["#minutes-links-and-ids"] == "Links and ids"
    assert entries["#minutes-agenda"] == "Agenda"
    for anchor in ("minutes-release-status", "minutes-links-and-ids", "minutes-agenda"):
        assert len(page.xpath(f"//*[@id='{anchor}']")) == 1  # each entry lands on its heading


def test_the_same_text_renders_once_and_the_same():
    targets = LinkTargets({"d-2024-02-1": "meetings/m/#d-2024-02-1"})
    first = render_markdown("Adopted (d-2024-02-1).", targets, "meetings/x/")
    assert render_markdown("Adopted (d-2024-02-1).", targets, "meetings/x/") is first
    assert '<a href="../m/#d-2024-02-1"' in first
    assert "<a" not in render_markdown("Adopted (d-2024-02-1).")  # no targets: no link


PATHOLOGICAL = textwrap.dedent("""\
    import sys
    from coalition_portal.site.render import render_markdown
    texts = {
        "brackets": "[" * 400_000,
        "images": "![" * 100_000,
        "link openers": "[a](" * 100_000,
        "quotes 50,000 deep": ">" * 50_000 + " the end",
        "lists 300 deep": "".join("  " * i + f"- item {i}\\n" for i in range(300)) + "the end",
        "a 300 KB list": "".join(f"- item {i} *em* [l](https://x.example/{i})\\n"
                                 for i in range(7_000)) + "\\nthe end",
        "emphasis": "*a **b " * 60_000 + "the end",
        "backticks": "`a ``b " * 60_000 + "the end",
        "table": "| a | b |\\n|---|---|\\n" + "| x | y |\\n" * 30_000 + "\\nthe end",
    }
    for name, text in texts.items():
        html = render_markdown(text)
        assert "<script" not in html
        if "the end" in text:
            assert "the end" in html, name  # nothing dropped, however deep
    print("rendered", len(texts))
""")


def test_pathological_text_renders_in_linear_time():
    """Each text takes seconds at most; a renderer quadratic in any of them takes hours."""
    result = subprocess.run([sys.executable, "-c", PATHOLOGICAL], capture_output=True, text=True,
                            timeout=240, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "rendered 9" in result.stdout
