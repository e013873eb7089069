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

from . import urls

MARKDOWN_EXTENSIONS = ("tables", "sane_lists", "fenced_code", "smarty")
ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub",
    "sup", "code", "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "a", "h3", "h4",
    "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "caption", "abbr", "q", "cite",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"},
                      "td": set(), "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
# The minutes may embed images; site.links_in_minutes then resolves each src (an attachment,
# or an https image shown or made a link per the third_party_images option).
MINUTES_TAGS = ALLOWED_TAGS | {"img"}
MINUTES_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "img": {"src", "alt", "title", "width", "height"}}
# Bidirectional overrides can make text read differently from how it is stored.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_HEADING = re.compile(r"<(/?)h([1-6])\b")
# Templates wrap long tables that repeat what other pages say (every vote, every
# attendance) in these markers; the search index leaves them out (see search_view).
_SEARCH_EXCLUDED = re.compile(r"<!-- search-exclude -->.*?<!-- /search-exclude -->", re.S)


def templates_dir() -> Path:
    """The Jinja templates of the generated pages, inside the package."""
    return Path(__file__).resolve().parent / "templates"


def overrides_dir() -> Path:
    """The theme overrides (Material's ``custom_dir``), inside the package."""
    return Path(__file__).resolve().parent / "overrides"


def plain(text: str) -> str:
    """Untrusted one-line text made safe to show: bidi overrides removed."""
    return _BIDI_CONTROLS.sub("", text)


# Python-Markdown takes time quadratic (or worse) in some shapes of text: thousands of '['
# (hours for a 400 KiB file of them), long lists, long runs of quotes or emphasis, deep nesting.
# So long text is rendered in chunks split at blank lines, and a chunk of a shape that would
# stall the build is shown as plain paragraphs instead: rendering time stays linear.
MARKDOWN_CHUNK = 10_000  # characters
MAX_MARKDOWN_BRACKETS = 400  # '[' per chunk
MAX_MARKDOWN_NESTING = 12  # leading '>' / list markers / 4-space indents on one line
_NESTING = re.compile(r"^(?:(?:>|[-*+]|\d+[.)]|    |\t)[ \t]*){%d}" % MAX_MARKDOWN_NESTING, re.M)
_FENCE = re.compile(r"^\s*(```|~~~)", re.M)


def too_costly_for_markdown(chunk: str) -> bool:
    return (len(chunk) > MARKDOWN_CHUNK or chunk.count("[") > MAX_MARKDOWN_BRACKETS
            or _NESTING.search(chunk) is not None)


def markdown_chunks(text: str) -> list[str]:
    """``text`` in pieces of at most MARKDOWN_CHUNK characters, cut at blank lines outside
    fenced code (a single block longer than that stays whole)."""
    if len(text) <= MARKDOWN_CHUNK:
        return [text]
    pieces = re.split(r"(\n[ \t]*\n)", text)  # blocks, with the blank lines between them
    units = ["".join(pieces[i:i + 2]) for i in range(0, len(pieces), 2)]
    chunks, current, fenced = [], "", False
    for unit in units:
        if current and not fenced and len(current) + len(unit) > MARKDOWN_CHUNK:
            chunks.append(current)
            current = ""
        current += unit
        fenced ^= len(_FENCE.findall(unit)) % 2 == 1
    return [c for c in chunks + [current] if c.strip()]


def _plain_paragraphs(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)


@functools.lru_cache(maxsize=4096)
def render_markdown(text: str, images: bool = False) -> Markup:
    """Markdown from content -> sanitized HTML; headings start at h3 inside a page.

    With ``images`` (the minutes), ``<img>`` is kept (src: http, https or relative)."""
    return Markup("\n".join(_render_chunk(chunk, images)
                            for chunk in markdown_chunks(plain(text))))


@functools.lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    # Building a Markdown instance (extensions, processors, patterns) cost as much as
    # rendering a decision's rationale; one instance, reset between texts, renders the same.
    return markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), output_format="html")


def _render_chunk(text: str, images: bool = False) -> str:
    if too_costly_for_markdown(text):
        return _plain_paragraphs(text)
    html = _markdown().reset().convert(text)
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}", html)
    clean = nh3.clean(html, tags=MINUTES_TAGS if images else ALLOWED_TAGS,
                      attributes=MINUTES_ATTRIBUTES if images else ALLOWED_ATTRIBUTES,
                      url_schemes=URL_SCHEMES, link_rel="nofollow noopener noreferrer",
                      strip_comments=True)
    return clean


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


# A ten-year archive records 150,000 votes, each shown twice (its meeting's roll call,
# its member's table): these globals write them at a fraction of a Jinja macro call.
VOTE_BADGE_KINDS = {"yes": "ok", "no": "bad", "abstain": "muted", "absent": "muted",
                    "recused": "muted"}


@functools.lru_cache(maxsize=None)
def _badge(word: str, kind: str) -> Markup:
    return Markup('<span class="cp-badge cp-badge--%s">%s</span>') % (kind, word)


@functools.lru_cache(maxsize=None)
def vote_cell(choice) -> Markup:
    """A vote choice as a table cell coloured like its badge (coalition.css ``cp-v-*``).

    Lighter than a cell holding a badge: a member's votes are most of a member page.
    """
    return Markup('<td class="cp-v-%s">%s</td>') % (choice.value, choice.value)


ROLL_CALL_ORDER = ("yes", "no", "abstain", "recused", "absent")


def roll_call(vote: dict, names: dict[str, str]) -> Markup:
    """A recorded vote as its roll call: the members who voted each way, by name.

    One list per way rather than a table row per member: a ten-year archive's meeting
    pages carried 150,000 rows (half their size), and a list reads as the minutes do.
    ``names`` maps member ids to their (untrusted) names.
    """
    groups: dict[str, list[str]] = {}
    for member_id, choice in vote.items():
        groups.setdefault(choice.value, []).append(names[member_id])
    parts = ['<dl class="cp-rollcall">']
    for choice in ROLL_CALL_ORDER:
        who = groups.get(choice)
        if who:
            parts.append(Markup("<dt>%s %d</dt><dd><ul>") % (
                _badge(choice, VOTE_BADGE_KINDS[choice]), len(who)))
            parts.extend(Markup("<li>%s</li>") % plain(name) for name in who)
            parts.append("</ul></dd>")
    parts.append("</dl>")
    return Markup("".join(parts))


def anchor(href: str, text: str) -> Markup:
    """``<a href>`` around one-line untrusted text (like the `member_link` macro)."""
    return Markup('<a href="%s">%s</a>') % (href, plain(text))


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
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
    env.globals["anchor"] = anchor
    env.globals["roll_call"] = roll_call
    env.globals["vote_cell"] = vote_cell
    env.globals["urls"] = urls  # every URL a template links to is made there
    return env


def render_page(template: str, page_url: str, **context) -> str:
    """Render one page body; ``link(url)`` in templates gives a link relative to the page."""
    env = environment()
    return env.get_template(template).render(
        link=functools.partial(relative_url, page_url), page_url=page_url, **context
    )
