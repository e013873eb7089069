"""A large site's search index comes in parts (issue 17): one Pagefind at a time on a share
of the pages, so that indexing holds a bounded amount of text in memory, and nothing is
left out of the search.

Read back as the reader's browser reads it: ``pagefind/parts.json`` names the parts after
the first, each part's fragments are the pages it holds.  The browser test
(tests/browser/test_browser_search_parts.py) searches them through the one search box.
"""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coalition_portal.outputs.search_index import (PAGE_BYTES, partitions, search_document,
                                                   write_search_index)

import search_parts_portal
from pagefind_index import index_parts, indexed_pages
from search_parts_portal import LATE_PHRASE, LONG_MEETING, PART_BYTES, indexed_pages_of


@pytest.fixture(scope="module")
def parts_portal(tmp_path_factory):
    return search_parts_portal.build(tmp_path_factory.mktemp("search-parts"))


def searchable_pages(site) -> dict[str, int]:
    """Site-relative URL -> bytes the index counts, of every built page with content."""
    out = {}
    for path in sorted(site.rglob("*.html")):
        document = search_document(path.read_text(encoding="utf-8"))
        if document is None or path.name == "404.html":
            continue
        url = path.relative_to(site).parent.as_posix() + "/"
        out["" if url == "./" else url] = len(document.encode("utf-8")) + PAGE_BYTES
    return out


def tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_page_is_in_exactly_one_part_and_no_part_is_over_the_bound(parts_portal):
    site = parts_portal.site
    folders = index_parts(site)
    assert len(folders) >= 3, "the test portal should need several parts"
    assert json.loads((site / "pagefind/parts.json").read_text())["indexes"] == [
        f"part-{n}/" for n in range(2, len(folders) + 1)]
    held = [indexed_pages_of(folder) for folder in folders]
    pages = searchable_pages(site)
    assert sorted(url for part in held for url in part) == sorted(pages)  # each page once
    for folder, part in zip(folders, held):
        size = sum(pages[url] for url in part)
        assert size <= PART_BYTES or len(part) == 1, (folder.name, size, sorted(part))


def test_only_the_first_part_carries_pagefinds_program(parts_portal):
    first, *others = index_parts(parts_portal.site)
    assert (first / "pagefind.js").exists() and list(first.glob("wasm.*.pagefind"))
    for folder in others:
        names = {p.name for p in folder.iterdir()}
        assert "pagefind-entry.json" in names and {"index", "fragment"} <= names, names
        assert not [n for n in names if n.endswith(".js") or n.startswith("wasm.")], names


def test_a_phrase_said_late_in_a_300_kb_transcript_is_searchable(parts_portal):
    page = indexed_pages(parts_portal.site)[f"meetings/{LONG_MEETING}/"]
    assert len(page["content"]) > 290_000
    assert page["content"].index(LATE_PHRASE) > 0.95 * len(page["content"])  # said last


def test_the_parts_are_the_same_for_the_same_pages(parts_portal, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(parts_portal.site, site)
    write_search_index(site, PART_BYTES)
    assert tree(site / "pagefind") == tree(parts_portal.site / "pagefind")


def test_a_site_within_the_bound_keeps_its_one_index(portal):
    assert portal.build().returncode == 0
    index = portal.site / "pagefind"
    assert json.loads((index / "parts.json").read_text()) == {"indexes": []}
    assert not list(index.glob("part-*"))
    assert set(indexed_pages(portal.site)) == set(searchable_pages(portal.site))


sizes_of_pages = st.dictionaries(st.from_regex(r"[a-z]{1,3}(/[a-z]{1,3}){0,2}/", fullmatch=True),
                                 st.integers(0, 5_000), max_size=40)


@given(sizes_of_pages, st.integers(1, 8_000))
def test_partitions_hold_each_page_once_within_the_bound(sizes, bound):
    parts = partitions(sizes, bound)
    assert sorted(name for part in parts for name in part) == sorted(sizes)
    assert all(part == sorted(part) for part in parts)
    for part in parts:
        assert sum(sizes[name] for name in part) <= bound or len(part) == 1
    if sizes and sum(sizes.values()) <= bound:
        assert len(parts) == 1
    # the same pages, whatever order they were found in, give the same parts
    assert partitions(dict(reversed(list(sizes.items()))), bound) == parts
