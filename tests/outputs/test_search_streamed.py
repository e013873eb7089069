"""The search index made while the pages are written (issue 17): each page goes to a
Pagefind of its own as MkDocs writes it (in path order), so that indexing overlaps the
layout.  It is the index Pagefind makes of the finished site: the same pages, in path
order, give the same bytes, whether sent as written or read back afterwards; pages written
otherwise, or in another order, are indexed all the same; a site over the bound still
comes in parts.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coalition_portal.outputs.search_index import (_EXCLUDE, SearchIndex, SearchIndexError,
                                                   search_document, site_order,
                                                   write_search_index)
from coalition_portal.site.render import _SEARCH_EXCLUDED, search_view

from pagefind_index import index_parts, indexed_pages


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def built(portal, tmp_path):
    """The portal built (its index made as its pages were written), and a copy of its site
    without the index."""
    result = portal.build()
    assert result.returncode == 0, result.stderr
    copy = tmp_path / "copy"
    shutil.copytree(portal.site, copy)
    shutil.rmtree(copy / "pagefind")
    return portal, copy


def test_the_index_made_while_writing_is_pagefinds_index_of_the_finished_site(built):
    portal, copy = built
    write_search_index(copy)
    assert tree(copy / "pagefind") == tree(portal.site / "pagefind")


def test_its_pages_are_those_pagefinds_own_program_finds_in_the_site(built, tmp_path):
    """Pagefind's command line on the pages' search copies, as the index was made before:
    the same page fragments (text, title, sections), byte for byte."""
    portal, _ = built
    pages = tmp_path / "pages"
    for path in portal.site.rglob("*.html"):
        name = path.relative_to(portal.site).as_posix()
        document = search_document(path.read_text(encoding="utf-8"))
        if document is None or name == "404.html" or name.startswith("pagefind/"):
            continue
        (pages / name).parent.mkdir(parents=True, exist_ok=True)
        (pages / name).write_text(document, encoding="utf-8")
    out = tmp_path / "cli-index"
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path",
                    str(out), "--exclude-selectors", _EXCLUDE, "--quiet"], check=True)
    assert tree(out / "fragment") == tree(portal.site / "pagefind/fragment")
    assert len(list((out / "fragment").iterdir())) == len(indexed_pages(portal.site)) > 10


def test_pages_are_indexed_in_path_order_folder_by_folder(built):
    _, copy = built
    order = site_order(copy)
    assert order[0] == "about/index.html"
    assert order.index("meetings/2024/index.html") < order.index(
        "meetings/2024-02-15-regular/index.html")  # "2024" before "2024-02-15-regular"
    assert "404.html" not in order and not [name for name in order if "pagefind" in name]
    assert sorted(order) == sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*.html")
                                   if p.name != "404.html")


def test_mkdocs_writes_the_pages_in_that_order_and_its_sitemap_lists_them_as_before(built):
    """Pagefind indexes each page as MkDocs writes it: MkDocs writes them in path order;
    the sitemap keeps MkDocs' own order (the engine's pages, then the portal's)."""
    portal, copy = built
    locs = re.findall(r"<loc>https://coalition.example.org/([^<]*)</loc>",
                      (portal.site / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs[0] == ""  # the home page first, as the portal lists its pages
    assert [loc + "index.html" for loc in locs] != site_order(copy)
    assert sorted(loc + "index.html" for loc in locs) == sorted(site_order(copy))


def test_pages_sent_out_of_order_or_missing_are_indexed_as_the_site_is(built, tmp_path):
    portal, copy = built
    order = site_order(copy)
    for sent in (order[::-1], order[:5], [order[3], order[1]], []):
        index = SearchIndex(copy)
        for name in sent:
            index.add(name, (copy / name).read_text(encoding="utf-8"))
        index.finish()
        assert tree(copy / "pagefind") == tree(portal.site / "pagefind"), sent[:3]


def test_a_page_added_then_removed(portal):
    assert portal.build().returncode == 0
    assert "notes/" not in indexed_pages(portal.site)
    notes = portal.root / "docs/notes.md"
    notes.parent.mkdir(exist_ok=True)
    notes.write_text("# Notes\n\nThe quillwort depot opens on Mondays.\n", encoding="utf-8")
    assert portal.build().returncode == 0
    assert "quillwort" in indexed_pages(portal.site)["notes/"]["content"]
    notes.unlink()
    assert portal.build().returncode == 0
    assert "notes/" not in indexed_pages(portal.site)


def test_over_the_bound_the_index_comes_in_the_same_parts_either_way(built, tmp_path):
    portal, copy = built
    bound = 20_000  # the minimal portal's pages come to several times this
    write_search_index(copy, bound)
    parts = index_parts(copy)
    assert len(parts) >= 3
    expected = tree(copy / "pagefind")
    index = SearchIndex(copy, bound)  # sent as written: the parts are dealt at the end
    for name in site_order(copy):
        index.add(name, (copy / name).read_text(encoding="utf-8"))
    index.finish()
    assert tree(copy / "pagefind") == expected
    assert set(indexed_pages(copy)) == set(indexed_pages(portal.site))


def test_over_the_bound_the_parts_are_made_from_the_last_page_on(built, tmp_path):
    """A build over the bound keeps its pages as they are written and has the parts made
    once the last is (pages_written), beside the feeds: the same parts; a page written
    after that, or out of order, and the site is indexed again, all the same."""
    portal, copy = built
    bound = 20_000
    write_search_index(copy, bound)
    expected = tree(copy / "pagefind")
    order = site_order(copy)
    for sent, late in ((order, []), (order[:-2], order[-2:]), (order[::-1], [])):
        index = SearchIndex(copy, bound, stream=False)
        for name in sent:
            index.add(name, (copy / name).read_text(encoding="utf-8"))
        index.pages_written()
        for name in late:  # (another plugin's page, written after the engine's)
            index.add(name, (copy / name).read_text(encoding="utf-8"))
        index.finish()
        assert tree(copy / "pagefind") == expected, (sent[:2], late)


def test_a_failed_build_stops_the_parts_being_made(built):
    portal, copy = built
    index = SearchIndex(copy, 20_000, stream=False)
    for name in site_order(copy):
        index.add(name, (copy / name).read_text(encoding="utf-8"))
    index.pages_written()
    index.cancel()  # returns once its Pagefind is stopped
    assert index._early is None


def test_without_pagefind_the_build_fails_and_keeps_the_last_site(portal, monkeypatch):
    assert portal.build().returncode == 0
    before = tree(portal.site)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(portal.root / "no-such-pagefind"))
    portal.edit("coalition.yml", "name: ", "name: Renamed ")
    result = portal.build()
    assert result.returncode != 0
    assert "the search index could not be made" in result.stderr
    assert "the previous site was left as it was" in result.stderr
    assert tree(portal.site) == before
    with pytest.raises(SearchIndexError, match="could not be made"):
        write_search_index(portal.site)


pieces = st.sampled_from(["<!-- search-exclude -->", "<!-- /search-exclude -->", "<td>yes</td>",
                          "<!-- search", "-exclude -->", "text ", "\n", "<!-- /search-exclude"])


@given(st.lists(pieces, max_size=30).map("".join))
def test_the_regions_left_out_of_the_index_are_those_of_the_markers(html):
    """search_view finds the marked regions with str.find: what the regular expression (the
    first end marker after each start) left out, and nothing else."""
    assert search_view(html) == _SEARCH_EXCLUDED.sub("", html)
