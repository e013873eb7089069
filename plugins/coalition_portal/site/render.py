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
    linked_text,
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
_EXCLUDE_START, _EXCLUDE_END = "<!-- search-exclude -->", "<!-- /search-exclude -->"
_SEARCH_EXCLUDED = re.compile(f"{_EXCLUDE_START}.*?{_EXCLUDE_END}", re.S)  # (search_view)


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


@pass_context
def _linked_filter(context, text: str) -> Markup:
    """``{{ text | linked }}``: one line of untrusted text, escaped, with the decision,
    clause and amendment ids it mentions linked (ids the site knows, nothing else)."""
    site = context.get("site")
    targets = getattr(site, "link_targets", NO_TARGETS)
    return linked_text(plain(text), targets, context["link"])


def search_view(html: str) -> str:
    """The page as the search index sees it: without the regions marked search-exclude.

    Content cannot forge a marker: Markdown is sanitized without comments and text is
    escaped.  Leaving the votes out keeps the index a phone downloads small, and spares
    the indexer (outputs/search_index.py) tens of thousands of table rows.
    """
    # what _SEARCH_EXCLUDED.sub("", html) gives, by str.find: the regions are most of an
    # archive's pages (70 MB of vote rows at 1x), and the regular expression's lazy scan
    # through them was a tenth of the build's main process
    kept, at = [], 0
    while (start := html.find(_EXCLUDE_START, at)) >= 0:
        end = html.find(_EXCLUDE_END, start + len(_EXCLUDE_START))
        if end < 0:
            break
        kept.append(html[at:start])
        at = end + len(_EXCLUDE_END)
    if not kept:
        return html
    kept.append(html[at:])
    return "".join(kept)


def long_date(day: dt.date | None) -> str:
    if day is None:
        return ""
    return f"{day.day} {day:%B %Y}"


def time_tag(day: dt.date) -> Markup:
    """A date as readers read it, in ``<time datetime>`` so that programs (and coalition.js,
    to keep "pending, due ..." true) read it too."""
    return Markup('<time datetime="%s">%s</time>') % (day.isoformat(), long_date(day))


# A ten-year archive records 150,000 votes, each shown twice (its meeting's roll call,
# its member's table): these globals write them with plain string formatting, each
# untrusted value escaped once (:func:`_text`, cached: a member's name or a decision's
# title recurs on thousands of rows) instead of a Jinja macro or a ``Markup %`` per row;
# the vote's cell is coloured like its badge (coalition.css ``cp-v-*``).
ROLL_CALL_ORDER = ("yes", "no", "abstain", "recused", "absent")
_CHOICE_RANK = {choice: rank for rank, choice in enumerate(ROLL_CALL_ORDER)}


@functools.lru_cache(maxsize=65536)
def _text(value: str) -> str:
    """One line of untrusted text as HTML: bidi overrides removed, escaped."""
    return str(escape(plain(value)))


@functools.lru_cache(maxsize=65536)
def _attr(value: str) -> str:
    """A value (an id, a URL made by :mod:`.urls`) escaped for an attribute or a cell."""
    return str(escape(value))


@functools.lru_cache(maxsize=4096)
def _sort_name(name: str) -> str:
    return plain(name).casefold()


@functools.lru_cache(maxsize=64)
def _choice_cells(choice: str) -> str:
    """The end of a roll call's row: the vote, coloured like its badge."""
    value = _attr(choice)
    return f'<td class="cp-v-{value}">{value}</td></tr>'


def roll_call(decision_id: str, vote: dict, names: dict[str, str], link) -> Markup:
    """A recorded vote as its roll call: one table row per member, linked to the member's
    page, sorted by vote (yes, no, abstain, recused, absent) and then by name.

    Written here rather than by a Jinja macro: a ten-year archive records 150,000 votes.
    ``names`` maps member ids to their (untrusted) names; ``link`` (the page's
    :class:`PageLinks`) makes site URLs relative to the page.  coalition.js lets a reader
    re-sort it by member or by vote.
    """
    rows = sorted((_CHOICE_RANK[choice.value], _sort_name(names[member_id]), member_id,
                   choice.value) for member_id, choice in vote.items())
    did = _attr(decision_id)
    parts = [f'<table class="cp-log cp-rollcall" id="roll-call-{did}" data-cp-sortable>'
             f'<caption>Roll call on {did}: how each member voted</caption>'
             '<thead><tr><th scope="col">Member</th>'
             '<th scope="col" aria-sort="ascending" data-cp-order="'
             f'{_attr(" ".join(ROLL_CALL_ORDER))}">Vote</th></tr></thead><tbody>']
    parts.extend(f'<tr><td><a href="{link.attr(urls.member_url(member_id))}">'
                 f'{_text(names[member_id])}</a></td>{_choice_cells(choice)}'
                 for _, _, member_id, choice in rows)
    parts.append("</tbody></table>")
    return Markup("".join(parts))


def vote_rows(votes, link) -> Markup:
    """The rows of a member's vote table (date, decision, class, vote, outcome), each with
    the id ``vote-<decision id>`` that :meth:`.views.MemberView.vote_url` links to.

    Written here rather than by a Jinja loop: a member page lists up to 1,200 votes and
    the loop was a third of the site's rendering.  A decision's row is the same on every
    member's page but for the link (relative to the page) and the vote: its other parts
    are made once (:func:`vote_row_parts`, kept by the decision's view).  The filter of
    coalition.js reads the cells themselves, so the rows carry no extra attributes.
    """
    return Markup("".join(
        f'{head}{link.attr(url)}{middle}{_vote_cell(choice._value_)}{tail}'
        for (url, head, middle, tail), choice in ((d.vote_row, c) for d, c in votes)))


def vote_row_parts(d) -> tuple[str, str, str, str]:
    """A decision's row in a member's vote table, but for its link and its vote: the
    decision's URL, the row up to its link's address, from there to the vote, and after
    the vote."""
    return (d.url,
            f'<tr id="vote-{_attr(d.id)}"><td>{d.meeting.date.isoformat()}</td><td><a href="',
            f'">{_text(d.decision.title)}</a></td><td>{_text(d.decision.class_)}</td>',
            f'<td>{_attr(d.decision.outcome._value_)}</td></tr>\n')
    # (_value_: an enum's value, without its property's cost)


@functools.lru_cache(maxsize=64)
def _vote_cell(choice: str) -> str:
    """A member's vote, coloured like its badge."""
    value = _attr(choice)
    return f'<td class="cp-v-{value}">{value}</td>'


def attendance_rows(attendance, link) -> Markup:
    """A member's attendance, newest first: one row per meeting (date, meeting, status),
    with the id ``attendance-<meeting id>`` the member's feed links to."""
    return Markup("".join(
        f'<tr id="attendance-{_attr(view.id)}"><td>{view.meeting.date.isoformat()}</td>'
        f'<td><a href="{link.attr(view.url)}">{_text(view.title)}</a></td>'
        f'<td>{_status(status._value_)}</td></tr>\n'
        for view, status in reversed(attendance)))


def attendance_list(attendance, members, link) -> Markup:
    """A meeting's attendance: one row per member (linked name, status), as recorded."""
    return Markup("".join(
        f'<tr><td><a href="{link.attr(members[a.member].url)}">'
        f'{_text(members[a.member].member.name)}</a></td>'
        f'<td>{_status(a.status._value_)}</td></tr>\n' for a in attendance))


@functools.lru_cache(maxsize=64)
def _status(value: str) -> str:
    """An attendance status as the tables word it ("not-recorded": "not recorded")."""
    return _attr(value.replace("-", " "))


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
    env.filters["linked"] = _linked_filter
    env.filters["long_date"] = long_date
    env.filters["plain"] = plain
    env.globals["escape"] = escape
    env.globals["anchor"] = anchor
    env.globals["time_tag"] = time_tag
    env.globals["roll_call"] = roll_call
    env.globals["vote_rows"] = vote_rows
    env.globals["attendance_rows"] = attendance_rows
    env.globals["attendance_list"] = attendance_list
    env.globals["vote_choices"] = ROLL_CALL_ORDER
    env.globals["urls"] = urls  # every URL a template links to is made there
    return env


class PageLinks:
    """``link(url)``: links from the page at ``page_url`` to site URLs; ``link.attr(url)``,
    the same escaped for an attribute.  Each path is made and escaped once per page: a
    meeting's roll calls link its members once per decision, a member's votes link each
    meeting once per decision taken there (``meetings/<id>/#<decision>``)."""

    __slots__ = ("page_url", "_links", "_attrs")

    def __init__(self, page_url: str) -> None:
        self.page_url = page_url
        self._links: dict[str, str] = {}
        self._attrs: dict[str, str] = {}

    def __call__(self, url: str) -> str:
        path, _, fragment = url.partition("#")
        link = self._links.get(path)
        if link is None:
            link = self._links[path] = relative_url(self.page_url, path)
        return f"{link}#{fragment}" if fragment else link

    def attr(self, url: str) -> str:
        path, _, fragment = url.partition("#")
        link = self._attrs.get(path)
        if link is None:
            link = self._attrs[path] = _attr(self(path))
        return f"{link}#{_attr(fragment)}" if fragment else link


def render_page(template: str, page_url: str, **context) -> str:
    """Render one page body; ``link(url)`` in templates gives a link relative to the page."""
    env = environment()
    return env.get_template(template).render(
        link=PageLinks(page_url), page_url=page_url, **context
    )
