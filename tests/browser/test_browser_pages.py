"""Every page kind at 1280 and 375 px: a screenshot for the reviewer, axe, no sideways scroll."""

from __future__ import annotations

import re

import pytest

from inspect_page import describe_violations
from site_under_test import WIDTHS


@pytest.mark.parametrize("width", WIDTHS)
def test_page_kind_has_no_serious_accessibility_violation(page_kind, width, visit):
    name, url = page_kind
    seen = visit(name, url, width)
    assert not seen.violations, (f"axe: {len(seen.violations)} serious/critical violation(s) "
                                 f"on /{url} at {width} px:\n{describe_violations(seen.violations)}")
    assert seen.script_errors == [], f"script errors on /{url}: {seen.script_errors}"


def test_page_kind_does_not_scroll_sideways_at_375(page_kind, visit):
    name, url = page_kind
    seen = visit(name, url, 375)
    assert seen.overflow <= 0, f"/{url} ({name}) is {seen.overflow} px wider than a 375 px screen"


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_of_other_kinds_pass_axe(built_site, width, visit):
    """Pages under URLs no kind names (a diff, a year index...) are checked the same way."""
    others = built_site.other_pages()
    if not others:
        pytest.skip(f"the {built_site.source} site has no page beyond the listed kinds")
    problems = []
    for url in others:
        seen = visit("other-" + (re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-")), url, width)
        if seen.violations:
            problems.append(f"/{url}:\n{describe_violations(seen.violations)}")
        if width == 375 and seen.overflow > 0:
            problems.append(f"/{url}: {seen.overflow} px wider than a 375 px screen")
        if seen.script_errors:
            problems.append(f"/{url}: script errors {seen.script_errors}")
    assert not problems, f"{len(others)} other page(s) checked:\n" + "\n".join(problems)


def test_requests_off_this_machine_are_blocked(open_page, server):
    page = open_page("", 1280)
    outcome = page.evaluate("""() => fetch('https://example.org/').then(
        () => 'reached the network', () => 'blocked')""")
    assert outcome == "blocked"
    assert "https://example.org/" in server.blocked
