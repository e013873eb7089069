"""The search index a phone downloads: minutes and decisions, not every vote again."""

from __future__ import annotations

import json


def _index(portal) -> list[dict]:
    return json.loads((portal.site / "search" / "search_index.json").read_text())["docs"]


def test_minutes_and_decisions_are_searchable_but_vote_tables_are_not(portal):
    result = portal.build()
    assert result.returncode == 0, result.stderr
    docs = _index(portal)
    meeting = [d for d in docs if d["location"].startswith("meetings/2024-02-15-regular/")]
    text = " ".join(d["title"] + " " + d["text"] for d in meeting)
    assert "Compost pilot discussed." in text  # the minutes
    assert "The pilot tests collection before a citywide rollout." in text  # a rationale
    assert "Vote on d-2024-02-1" not in text  # the vote table is left out of the index
    member = [d for d in docs if d["location"].startswith("members/food-bank/")]
    assert member and "Eastside Food Bank" in " ".join(d["title"] for d in member)
    assert "Votes Eastside Food Bank cast in" not in " ".join(d["text"] for d in member)
    # the pages themselves keep everything
    page = (portal.site / "meetings/2024-02-15-regular/index.html").read_text()
    assert "Vote on d-2024-02-1" in page
    assert "Votes Eastside Food Bank cast in 2024" in (
        portal.site / "members/food-bank/index.html").read_text()
