"""A preview renders again only the page bodies that read what an edit changed.

A preview (`mkdocs serve`) keeps each page's body under a digest of the page itself (its
context by value: a meeting's, decision's or member's view by the digest of its record)
and the digest of each record its template read of the site model (publish/preview_model.py,
site/reads.py).  Here a copy of the demo portal goes through an edit of each kind of a
meeting file -- its minutes, a decision's title, a vote, an outcome, the attendance, the
date, the meeting's type -- then a member's name, an added and a deleted meeting.  After
every step the served folder must hold exactly what a clean `mkdocs build` writes; and an
edit of one meeting must render fewer bodies than the site has, among them the pages that
show what changed, and not the pages that show nothing of that meeting.

The preview is driven by MkDocs' own serve builder in this process, as in
test_preview_incremental.py (see there); which bodies were rendered, the plugin's debug log
says ("preview: body of <page> rendered").
"""

from __future__ import annotations

import logging
import re

from coalition_portal.content.model.fields import SLUG_PATTERN
from coalition_portal.publish.preview_model import _words
from coalition_portal.site import reads
from coalition_portal.site.markdown_html import linked_text
from coalition_portal.site.reads import TargetReads
from coalition_portal.site.render import LinkTargets, render_markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from test_preview_incremental import (  # noqa: F401 - demo is a fixture
    Preview,
    add_to_minutes,
    assert_clean_builds_equal,
    demo,
    inputs,
    rename_meeting,
)

MEETING = "meetings/2024-02-15-regular.yml"
PAGE = "meetings/2024-02-15-regular.md"
NEW_MEETING = "meetings/2026-12-30-special-year-end.yml"
# pages that show nothing of the February 2024 meeting
UNRELATED = ("about.md", "platform.md", "roles.md", "endorse.md", "meetings/2023.md",
             "decisions/2023.md", "meetings/2023-05-18-regular.md",
             "meetings/2025-03-20-regular.md")


def rendered(caplog) -> set[str]:
    """The pages whose bodies the last rebuild rendered (the plugin's debug log)."""
    return set(re.findall(r"preview: body of (\S+) rendered", caplog.text))


def rendered_count(caplog) -> int:
    """What the last rebuild's summary line says it rendered."""
    found = re.findall(r"(\d+) page body\(ies\) rendered", caplog.text)
    assert found, caplog.text[-2000:]
    return int(found[-1])


def new_meeting(portal) -> str:
    """A special meeting at the end of 2026 (the demo's last year), still to come."""
    text = (portal.content / "meetings/2026-12-17-regular.yml").read_text(encoding="utf-8")
    text = text.replace("title: Regular meeting — December 2026",
                        "title: Special meeting — year-end food rescue")
    text = text.replace("date: 2026-12-17", "date: 2026-12-30").replace("kind: regular",
                                                                        "kind: special")
    assert "2026-12-30" in text and "special" in text
    return text


def reject_second_decision(portal) -> None:
    """The meeting's second decision rejected (its outcome, and the votes that make it so)."""
    text = (portal.content / MEETING).read_text(encoding="utf-8")
    head, second = text.split("  - id: d-2024-02-2\n")
    assert second.count("outcome: adopted") == 1
    second = second.replace("outcome: adopted", "outcome: rejected").replace(": yes", ": no")
    portal.write(MEETING, head + "  - id: d-2024-02-2\n" + second)


def steps(portal):
    """(what, the change, pages that must be rendered again, whether one meeting changed)."""
    voters = ("members/sanitation.md", "members/parks-dept.md")
    yield ("its minutes", lambda: add_to_minutes(portal, MEETING, "A typo was fixed."),
           {PAGE}, True)
    yield ("a decision's title", lambda: portal.edit(
        MEETING, "title: Open 30 days of public comment",
        "title: Open thirty days of public comment"),
        {PAGE, "decisions/2024.md", "meetings/2024.md", *voters}, True)
    yield ("a vote", lambda: portal.edit(
        MEETING, "      sanitation: yes\n      economic-development: yes\n      planning: yes\n"
        "      school-nutrition: yes\n      sustainability-office: yes\n"
        "      eastside-food-bank: yes\n      growers-collective: yes\n      tenant-union: yes\n"
        "    platform_clauses:\n      - del-pilots",
        "      sanitation: no\n      economic-development: yes\n      planning: yes\n"
        "      school-nutrition: yes\n      sustainability-office: yes\n"
        "      eastside-food-bank: yes\n      growers-collective: yes\n      tenant-union: yes\n"
        "    platform_clauses:\n      - del-pilots"),
        {PAGE, "members/sanitation.md", "voting-agreement.md"}, True)
    yield ("an outcome", lambda: reject_second_decision(portal),
           {PAGE, "decisions/2024.md", *voters}, True)
    yield ("the attendance", lambda: portal.edit(
        MEETING, "  - member: tenant-union\n    status: present",
        "  - member: tenant-union\n    status: excused"),
        {PAGE, "members/tenant-union.md"}, True)
    yield ("the date (the file renamed to match, with its redirect)", lambda: (
        portal.edit(MEETING, "date: 2024-02-15", "date: 2024-02-13"),
        rename_meeting(portal, "2024-02-15-regular", "2024-02-13-regular")),
        {"meetings/2024-02-13-regular.md", "meetings/2024.md", "decisions/2024.md", *voters},
        True)
    yield ("a member's name", lambda: portal.edit(
        "members/growers-collective.yml", "name: Lakeport Urban Growers Collective",
        "name: Lakeport Growers Collective"),
        {"meetings/2024-02-13-regular.md", "members/growers-collective.md"}, False)
    yield ("an added meeting", lambda: portal.write(NEW_MEETING, new_meeting(portal)),
           {"meetings/2026-12-30-special-year-end.md", "meetings/2026.md"}, False)
    yield ("a deleted meeting", lambda: (portal.content / NEW_MEETING).unlink(),
           {"meetings/2026.md"}, False)


def test_an_edit_renders_again_the_pages_that_read_it(demo, tmp_path, caplog):
    caplog.set_level(logging.DEBUG, logger="mkdocs.plugins.coalition")
    served_dir = tmp_path / "served"
    preview = Preview(demo.root, served_dir)
    every = rendered_count(caplog)
    assert every == len(preview.plugin.pages) and rendered(caplog) == set(preview.plugin.pages)
    caplog.clear()
    preview.rebuild()  # nothing changed: nothing is rendered again
    assert rendered_count(caplog) == 0 and not rendered(caplog)

    done = []
    for what, change, shown, one_meeting in steps(demo):
        change()
        caplog.clear()
        served = preview.rebuild()
        assert "still showing the last valid content" not in caplog.text, what
        bodies = rendered(caplog)
        assert rendered_count(caplog) == len(bodies), what
        assert shown <= bodies, (what, sorted(shown - bodies))
        if what == "a decision's title":  # it shows the members' names, not their meetings
            assert "voting-agreement.md" not in bodies
        if one_meeting:
            assert len(bodies) < every / 3, (what, len(bodies), sorted(bodies))
            assert not bodies & set(UNRELATED), (what, sorted(bodies & set(UNRELATED)))
        done.append((what, inputs(demo), served))
    page = done[1][2]["meetings/2024-02-15-regular/index.html"].decode()
    assert "Open thirty days of public comment" in page

    assert_clean_builds_equal(demo, tmp_path, [(f"an edit of {what}", state, served)
                                               for what, state, served in done])


PIECES = ["d-1", "a-b", "ab-cd-9", "d--1", "a-", "-b", "x", "2024", "-", "_", " ", "\n", "\n\n", "`", "``", "*", "**",
          "\\", "\\-", "&#45;", "&#x2d;", "&amp;", "&", "[", "](", ")", "<", ">", "#", "~", "|"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=24).map("".join))
def test_the_words_a_text_is_keyed_by_hold_every_id_it_may_link(text):
    """A body is kept while the ids its texts may link still lead where they did
    (preview_model._mentioned): the words looked for must hold every id that rendering
    the text as Markdown, or as a line of text, looks up."""
    targets = TargetReads(LinkTargets({"d-1": "meetings/m/#d-1", "a-b": "platform/#a-b",
                                       "d--1": "meetings/m/#d--1"}))
    with reads.recording() as seen:
        render_markdown(text, targets, "meetings/m/")
        linked_text(text, targets, lambda url: url)
    # an id the site links is a slug with a hyphen (site/model.py's link_targets)
    looked_up = {key for kind, key in seen if kind == "target" and "-" in key
                 and re.fullmatch(SLUG_PATTERN, key)}
    assert looked_up <= set(_words(text)), (text, looked_up - set(_words(text)))
