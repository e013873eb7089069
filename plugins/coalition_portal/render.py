"""Turning the site model into HTML: one Jinja environment, sanitized Markdown.

Every string from content is untrusted.  Templates autoescape; Markdown bodies
are rendered with a fixed extension set and cleaned with nh3's allow-list, so
links are limited to http, https and mailto and no script or handler survives.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from pathlib import Path

import markdown
import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

MARKDOWN_EXTENSIONS = ("tables", "sane_lists", "fenced_code", "smarty")
ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub",
    "sup", "code", "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "a", "h3", "h4",
    "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "caption", "abbr", "q", "cite",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"},
                      "td": set(), "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Bidirectional overrides can make text read differently from how it is stored.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_HEADING = re.compile(r"<(/?)h([1-6])\b")
# Templates wrap long tables that repeat what other pages say (every vote, every
# attendance) in these markers; the search index leaves them out (see search_view).
_SEARCH_EXCLUDED = re.compile(r"<!-- search-exclude -->.*?<!-- /search-exclude -->", re.S)


def site_template_dir() -> Path:
    """``site_template/`` beside the repository, or inside the installed package."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "site_template", here.parent.parent / "site_template"):
        if (candidate / "pages").is_dir():
            return candidate
    raise FileNotFoundError("site_template/ not found next to the coalition_portal package")


def plain(text: str) -> str:
    """Untrusted one-line text made safe to show: bidi overrides removed."""
    return _BIDI_CONTROLS.sub("", text)


@functools.lru_cache(maxsize=4096)
def render_markdown(text: str) -> Markup:
    """Markdown from content -> sanitized HTML; headings start at h3 inside a page."""
    html = markdown.markdown(plain(text), extensions=list(MARKDOWN_EXTENSIONS),
                             output_format="html")
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}", html)
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                      url_schemes=URL_SCHEMES, link_rel="nofollow noopener noreferrer",
                      strip_comments=True)
    return Markup(clean)


def search_view(html: str) -> str:
    """The page as the search index sees it: without the regions marked search-exclude.

    Content cannot forge a marker: Markdown is sanitized without comments and text is
    escaped.  Leaving the votes out keeps the index a phone downloads small, and spares
    the search plugin from parsing tens of thousands of table rows.
    """
    return _SEARCH_EXCLUDED.sub("", html)


def long_date(day: dt.date | None) -> str:
    if day is None:
        return ""
    return f"{day.day} {day:%B %Y}"


def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url`` (both site-relative, '' is home)."""
    to_path, _, fragment = to_url.partition("#")
    return _relative_path(from_url, to_path) + (f"#{fragment}" if fragment else "")


# A page links to the same pages many times (a member in every vote, a meeting for each of
# its decisions); pages render one after another, so a small cache spares most relpath calls.
@functools.lru_cache(maxsize=65536)
def _relative_path(from_url: str, to_path: str) -> str:
    base = "/" + from_url
    if not base.endswith("/"):
        base = posixpath.dirname(base) + "/"
    rel = posixpath.relpath("/" + to_path, base)
    if to_path.endswith("/") or to_path == "":
        rel = "./" if rel == "." else rel + "/"
    return rel


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(site_template_dir() / "pages")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = render_markdown
    env.filters["long_date"] = long_date
    env.filters["plain"] = plain
    env.globals["escape"] = escape
    return env


def render_page(template: str, page_url: str, **context) -> str:
    """Render one page body; ``link(url)`` in templates gives a link relative to the page."""
    env = environment()
    return env.get_template(template).render(
        link=functools.partial(relative_url, page_url), page_url=page_url, **context
    )
