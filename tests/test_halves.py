"""Work shared with a forked copy of the process (halves.py): each item done once,
the results in the items' order, the same as done alone (issue 17: the minutes of a
build are rendered by two processes)."""

from __future__ import annotations

import os

import pytest

from coalition_portal.halves import _split, in_two


def test_the_results_come_in_order_and_the_child_did_its_share():
    items = list(range(40))
    done = in_two(items, lambda n: (n * n, os.getpid()))
    assert [square for square, _ in done] == [n * n for n in items]
    assert {pid for _, pid in done[:20]} == {os.getpid()}
    assert os.getpid() not in {pid for _, pid in done[20:]}


def test_the_share_follows_the_weight():
    assert _split([1, 1, 1, 1], lambda w: w) == 2
    assert _split([100, 1, 1, 1], lambda w: w) == 1  # the heavy first alone
    assert _split([1, 1, 1, 100], lambda w: w) == 3
    assert _split([5], lambda w: w) in (0, 1)  # one item: no fork


def test_a_failing_child_leaves_its_share_to_the_parent():
    parent = os.getpid()

    def work(n):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return n + 1

    assert in_two(list(range(10)), work) == list(range(1, 11))


def test_a_failure_is_raised_here_as_when_done_alone():
    def work(n):
        if n == 7:
            raise ValueError("item 7")
        return n

    with pytest.raises(ValueError, match="item 7"):
        in_two(list(range(10)), work)
    with pytest.raises(ValueError, match="item 7"):
        in_two(list(range(10))[::-1], work)  # (7 is then the parent's)


def test_a_builds_minutes_rendered_by_two_processes_are_those_rendered_by_one(watchdog,
                                                                              monkeypatch):
    from coalition_portal import portal as core
    from coalition_portal.settings import Settings
    from coalition_portal.site import model
    from watchdog_portal import SITE_URL

    from portal import AS_OF

    def rendered(shared: bool):
        built = core.build(watchdog.content, Settings.from_options({"as_of": AS_OF}, "x"),
                           SITE_URL)
        built.site.render_minutes(shared=shared)
        return [(str(view.minutes_html), [str(f) for f in view.minutes_findings])
                for view in built.site.meetings.values()]

    alone = rendered(False)
    monkeypatch.setattr(model, "SHARED_MINUTES", 0)
    assert rendered(True) == alone
    assert any(html for html, _ in alone) and any(findings for _, findings in alone)
