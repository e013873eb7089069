"""Turning the site model into HTML: one Jinja environment, sanitized Markdown.

Every string from content is untrusted.  Templates autoescape; Markdown bodies
are rendered as GitHub does and cleaned with nh3's allow-list (:mod:`.markdown_html`),
so links are limited to http, https, mailto and relative ones and no script or handler
survives.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from . import urls
from .markdown_html import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    MINUTES_ATTRIBUTES,
    MINUTES_TAGS,
    NO_TARGETS,
    STYLE_PROPERTIES,
    URL_SCHEMES,
    LinkTargets,
    markdown_html,
    relative_url,
)

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "MINUTES_ATTRIBUTES", "MINUTES_TAGS",
           "LinkTargets", "NO_TARGETS", "STYLE_PROPERTIES", "URL_SCHEMES", "relative_url",
           "render_markdown"]

# Bidirectional overrides can make text read differently from how it is stored.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
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


def render_markdown(text: str, targets: LinkTargets = NO_TARGETS, page_url: str = "",
                    title: str = "", top: int = 3, id_prefix: str = "md-",
                    images: bool = False) -> Markup:
    """Markdown from content -> sanitized HTML (see :mod:`.markdown_html`); its headings
    start at ``h{top}`` inside a page, ids in ``targets`` link to their records; with
    ``images`` (the minutes) ``<img>`` is kept."""
    return markdown_html(plain(text), targets, page_url, plain(title), top, id_prefix, images)


@pass_context
def _markdown_filter(context, text: str, top: int = 3, id_prefix: str = "md-") -> Markup:
    """``{{ text | markdown }}`` in a template: ids link from the page being rendered."""
    site = context.get("site")
    targets = getattr(site, "link_targets", NO_TARGETS)
    return render_markdown(text, targets, context.get("page_url", ""), "", top, id_prefix)


def search_view(html: str) -> str:
    """The page as the search index sees it: without the regions marked search-exclude.

    Content cannot forge a marker: Markdown is sanitized without comments and text is
    escaped.  Leaving the votes out keeps the index a phone downloads small, and spares
    the indexer (outputs/search_index.py) tens of thousands of table rows.
    """
    return _SEARCH_EXCLUDED.sub("", html)


def long_date(day: dt.date | None) -> str:
    if day is None:
        return ""
    return f"{day.day} {day:%B %Y}"


def time_tag(day: dt.date) -> Markup:
    """A date as readers read it, in ``<time datetime>`` so that programs (and coalition.js,
    to keep "pending, due ..." true) read it too."""
    return Markup('<time datetime="%s">%s</time>') % (day.isoformat(), long_date(day))


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


def vote_rows(votes, link) -> Markup:
    """The rows of a member's vote table (``_member_votes.html``): one per decision, its
    date, its title linked (``link``: the page's relative links), the vote, the outcome.

    A member page holds up to 1,200 of them; a Jinja loop spent a third of the
    member pages' rendering on its attribute lookups.
    """
    rows = []
    for d, choice in votes:
        decision = d.decision
        rows.append(f'<tr id="vote-{escape(d.id)}"><td>{d.meeting.date.isoformat()}</td>'
                    f'<td><a href="{escape(link(d.url))}">{escape(plain(decision.title))}</a>'
                    f'</td>{vote_cell(choice)}<td>{escape(decision.outcome.value)}</td></tr>\n')
    return Markup("".join(rows))


ROLL_CALL_ORDER = ("yes", "no", "abstain", "recused", "absent")


@functools.lru_cache(maxsize=4096)
def _roll_call_name(name: str) -> str:
    return f"<li>{escape(plain(name))}</li>"


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
            parts.append(f"<dt>{_badge(choice, VOTE_BADGE_KINDS[choice])} {len(who)}</dt>"
                         "<dd><ul>")
            parts.extend(_roll_call_name(name) for name in who)
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
    env.filters["markdown"] = _markdown_filter
    env.filters["long_date"] = long_date
    env.filters["plain"] = plain
    env.globals["escape"] = escape
    env.globals["anchor"] = anchor
    env.globals["time_tag"] = time_tag
    env.globals["roll_call"] = roll_call
    env.globals["vote_cell"] = vote_cell
    env.globals["vote_rows"] = vote_rows
    env.globals["urls"] = urls  # every URL a template links to is made there
    return env


def render_page(template: str, page_url: str, **context) -> str:
    """Render one page body; ``link(url)`` in templates gives a link relative to the page."""
    env = environment()
    return env.get_template(template).render(
        link=functools.partial(relative_url, page_url), page_url=page_url, **context
    )
