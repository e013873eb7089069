"""The search index a phone downloads: minutes and decisions, not every vote again."""

from __future__ import annotations

from pagefind_index import indexed_pages, sections


def test_minutes_and_decisions_are_searchable_but_vote_tables_are_not(portal):
    result = portal.build()
    assert result.returncode == 0, result.stderr
    pages = indexed_pages(portal.site)
    meeting = pages["meetings/2024-02-15-regular/"]
    text = meeting["meta"]["title"] + " " + meeting["content"]
    assert "Compost pilot discussed." in text  # the minutes
    assert "The pilot tests collection before a citywide rollout." in text  # a rationale
    assert "Vote on d-2024-02-1" not in text  # the vote table is left out of the index
    assert "meetings/2024-02-15-regular/#d-2024-02-1" in sections(meeting)  # a result links there
    member = pages["members/food-bank/"]
    assert member["meta"]["title"] == "Eastside Food Bank"
    assert "Votes Eastside Food Bank cast in" not in member["content"]
    # the pages themselves keep everything
    page = (portal.site / "meetings/2024-02-15-regular/index.html").read_text()
    assert "Vote on d-2024-02-1" in page
    assert "Votes Eastside Food Bank cast in 2024" in (
        portal.site / "members/food-bank/index.html").read_text()


def test_snippets_read_as_text_not_as_run_together_labels(portal):
    """A meeting's facts are a definition list: the index reads it "Date: 15 February 2024."
    (it read "Date15 February 2024 Kindregular Statusheld"), without the links back up."""
    assert portal.build().returncode == 0
    content = indexed_pages(portal.site)["meetings/2024-02-15-regular/"]["content"]
    assert "Date: 15 February 2024" in content and "Kind: regular." in content
    assert "Status: held." in content
    assert "Date15" not in content and "Kindregular" not in content
    assert "All meetings in 2024" not in content  # the crumbs are navigation, not text


def test_the_index_is_the_same_for_the_same_pages(portal, tmp_path):
    import shutil
    assert portal.build().returncode == 0
    first = {p.relative_to(portal.site): p.read_bytes()
             for p in sorted((portal.site / "pagefind").rglob("*")) if p.is_file()}
    shutil.rmtree(portal.site)
    assert portal.build().returncode == 0
    second = {p.relative_to(portal.site): p.read_bytes()
              for p in sorted((portal.site / "pagefind").rglob("*")) if p.is_file()}
    assert first.keys() == second.keys() and first == second
    # only what the search box uses is published: not Pagefind's own interfaces
    assert not [name for name in first if "-ui" in str(name) or "highlight" in str(name)]
