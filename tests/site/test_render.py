"""Rendering helpers: links relative to the page, Markdown sanitized."""

from __future__ import annotations

import itertools

import pytest
from coalition_portal.site.markdown_html import _relative_path, _relpath
from coalition_portal.site.render import PageLinks, relative_url, render_markdown
from markupsafe import escape


@pytest.mark.parametrize("page, target, expected", [
    ("", "meetings/x/", "meetings/x/"),
    ("", "", "./"),
    ("meetings/x/", "members/y/", "../../members/y/"),
    ("meetings/x/", "meetings/x/#d-1", "./#d-1"),
    ("platform/", "", "../"),
    ("meetings/x/", "feeds/all.xml", "../../feeds/all.xml"),
])
def test_relative_url(page, target, expected):
    assert relative_url(page, target) == expected


def test_relative_links_are_those_posixpath_gives_for_any_path():
    """Links are made by splitting the paths, not by posixpath.relpath; for every path of
    up to three parts, empty, ".", ".." included, with and without a closing slash, both
    ways give the same link."""
    parts = ["a", "b", "", ".", ".."]
    paths = sorted({"/".join(t) + end for n in range(4)
                    for t in itertools.product(parts, repeat=n) for end in ("", "/")})
    wrong = [(page, target) for page in paths for target in paths
             if _relative_path.__wrapped__(page, target) != _relpath(page, target)]
    assert len(paths) > 250 and wrong == []


@pytest.mark.parametrize("page", ["", "members/a-b/", "meetings/x/", "feeds/all.xml"])
def test_a_pages_links_are_its_relative_urls_made_once_and_escaped_for_attributes(page):
    link = PageLinks(page)
    for url in ["meetings/x/#d-1", "meetings/x/#d-2", "meetings/x/", "members/a-b/", "",
                "#top", "meetings/x/#q\"<&'", "feeds/all.xml", "members/a-b/#votes"]:
        expected = relative_url(page, url)
        assert link(url) == expected and link(url) == expected  # (the second from the cache)
        assert link.attr(url) == str(escape(expected))


def test_markdown_keeps_formatting_and_drops_what_could_run():
    html = render_markdown(
        "# Report\n\n**Compost** [site](https://a.example) [x](javascript:alert(1)) "
        "<img src=x onerror=alert(1)> <script>alert(1)</script>\n"
    )
    assert '<h3 id="md-report">Report</h3>' in html and "<strong>Compost</strong>" in html
    assert 'href="https://a.example"' in html
    # markdown-it (like GitHub) leaves a javascript: link as the text it is, never a link
    assert "[x](javascript:alert(1))" in html and 'href="javascript' not in html
    assert "onerror" not in html and "<script" not in html
    assert "<img" not in html


def test_markdown_removes_bidi_overrides():
    assert "\u202e" not in render_markdown("evil\u202etxt.exe")
