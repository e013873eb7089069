"""Walking a built site like a reader: every internal link and anchor must lead somewhere."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html

LINK_ATTRIBUTES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"))


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _ids(path: Path, cache: dict) -> set[str]:
    if path not in cache:
        tree = lxml_html.fromstring(path.read_bytes())
        cache[path] = {e.get("id") for e in tree.iter() if e.get("id")} | \
                      {e.get("name") for e in tree.iter("a") if e.get("name")}
    return cache[path]


def broken_links(site: Path) -> list[str]:
    """Every internal href/src that does not resolve to a file (or an id in it), as text."""
    problems, ids = [], {}
    for page in pages(site):
        tree = lxml_html.fromstring(page.read_bytes())
        here = "/" + page.relative_to(site).as_posix()
        for tag, attribute in LINK_ATTRIBUTES:
            for element in tree.iter(tag):
                url = element.get(attribute)
                if not url:
                    continue
                parts = urlsplit(url)
                if parts.scheme or parts.netloc:
                    continue  # external: not ours to check
                if parts.path:
                    target = posixpath.normpath(posixpath.join(posixpath.dirname(here),
                                                               unquote(parts.path)))
                    if parts.path.endswith("/"):
                        target += "/index.html"
                    file = site / target.lstrip("/")
                    if file.is_dir():
                        file = file / "index.html"
                else:
                    file = page
                if not file.is_file():
                    problems.append(f"{here}: {url} -> missing {file.relative_to(site)}")
                elif parts.fragment and file.suffix == ".html" and \
                        unquote(parts.fragment) not in _ids(file, ids):
                    problems.append(f"{here}: {url} -> no #{parts.fragment} in "
                                    f"{file.relative_to(site)}")
    return problems


def roll_call(page_html: str, decision_id: str) -> dict[str, str]:
    """Member name -> vote, as the roll call under the decision's tally reads: its table of
    one row per member (the member's name, linked, then the vote)."""
    doc = lxml_html.fromstring(page_html)
    tally = next(p for p in doc.iter("p") if " ".join(p.text_content().split())
                 .startswith(f"Vote on {decision_id}:"))
    table = tally.getnext()
    assert table.tag == "table" and "cp-rollcall" in table.get("class"), table.tag
    votes = {}
    for row in table.find("tbody").iter("tr"):
        member, vote = row.findall("td")
        assert member.find("a") is not None, "each member's name links to their page"
        votes[" ".join(member.text_content().split())] = vote.text_content().strip()
    return votes
