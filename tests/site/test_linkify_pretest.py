"""The quick pretest before linkify-it's (markdown_html._MAY_LINK) never hides a link: it
matches every text linkify-it's own pretest matches, so the rendered HTML is the same."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from linkify_it import LinkifyIt

from coalition_portal.site.markdown_html import _MAY_LINK, markdown_html

ORIGINAL = LinkifyIt()
PIECES = st.sampled_from(["http:", "HTTPS://", "ftp:", "mailto:", "//", "@", "www.", "WWW.",
                          "localhost", "LocalHost", ".org", ".com", ".1.", ".рф", ". ", ".",
                          "example", " ", "\n", "x", "ſ", "K", ":", "/", "-", "_", "é"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(PIECES | st.text(max_size=6), max_size=12).map("".join))
def test_whatever_linkify_may_link_the_quick_pretest_lets_through(text):
    if ORIGINAL.pretest(text):
        assert _MAY_LINK.search(text), text


def test_links_are_found_as_before():
    html = markdown_html("See https://example.org/a, www.example.org and a@b.org. "
                         "Plain words, no link. render.py is not linked.")
    assert html.count("<a ") == 3
    assert "render.py is not linked" in html
