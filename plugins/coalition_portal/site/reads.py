"""What a page reads of the records while it is rendered, for a preview to key it by.

A preview (``mkdocs serve``, :mod:`..publish.preview_model`) keeps each page's body from
one rebuild to the next while everything the page read is unchanged.  Inside
:func:`recording`, each read adds a ``(kind, key)``:

- ``("minutes", meeting id)``: a meeting's minutes (:attr:`.views.MeetingView.minutes_html`
  and ``minutes_findings`` say so);
- through :class:`SiteReads`, the site model as a template sees it (``site`` in a page's
  context): ``("site", name)`` for an attribute of the site (for its lists of current and
  former members, their own parts: each view in them is a :class:`MemberReads`),
  ``("prepared", name)`` and ``("content", name)`` for one of its checked content,
  ``("meeting", id)``,
  ``("decision", id)`` and ``("year", year)`` for one entry of ``site.meetings``,
  ``site.decisions`` and ``site.years`` (asked for by key, or tested with ``in``),
  ``("ids", name)`` for the keys of one of them (iterated, counted), and ``("member", id)``
  for what a member's view derives from the meetings (votes, attendance, chaired meetings;
  its name, terms and the like are not a read of any meeting; the years listed on its page
  or a page of their own, ``("member-years", id)``), ``("target", id)`` for an
  id Markdown or a line of text may link (``site.link_targets``), ``("targets", "any")``
  for whether there is any, ``("page", URL)`` for whether the site has that page
  (``site.has_page``).

What a read means (the digest it stands for) is the preview's business.  Outside a
recording, :func:`read` does nothing, and nothing here is used by a build.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import contextmanager
from typing import Any, Iterator

_recordings: list[set[tuple[str, str]]] = []


def read(kind: str, key: Any) -> None:
    """A part of the model was read (``kind``, ``key``)."""
    for seen in _recordings:
        seen.add((kind, key))


@contextmanager
def recording() -> Iterator[set[tuple[str, str]]]:
    """The reads made inside the block (nested recordings each see them)."""
    seen: set[tuple[str, str]] = set()
    _recordings.append(seen)
    try:
        yield seen
    finally:
        _recordings.remove(seen)


# --- the site model as a page reads it ------------------------------------------------

# a member view's parts that derive from no meeting (the member's own record, its terms,
# endorsements and amendments): reading them is no read of a meeting
MEMBER_OWN = frozenset({"id", "member", "current", "terms", "endorsements", "amendments",
                        "roles_held", "url", "vote_year_url"})
# the parts that derive only from how many votes it cast each year: a read ("member-years", id)
MEMBER_YEARS = frozenset({"votes_on_page", "vote_year_pages"})
# the site's lists of members (who is a member on as_of, by name): a read ("site", name) of
# the members' own parts; each view is a MemberReads, what it derives from the meetings read
# as ("member", id) when a page reads it (the voting-agreement page shows only names)
MEMBER_LISTS = frozenset({"current_members", "former_members"})


class SiteReads:
    """``site`` as a page's template sees it, each read recorded (see the module).

    The values are the site's own (a record's view is the same object), but for
    ``meetings``, ``decisions``, ``years`` and ``members``, each a :class:`Entries`, and
    ``prepared`` and ``content``, each an :class:`Attributes`.
    """

    __slots__ = ("_site",)

    def __init__(self, site) -> None:
        object.__setattr__(self, "_site", site)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._site, name)
        if name in ("meetings", "decisions", "years"):
            return Entries(name[:-1], value)
        if name == "members":
            return Entries("member", value, MemberReads)
        if name in MEMBER_LISTS:
            read("site", name)
            return [MemberReads(view) for view in value]
        if name == "link_targets":
            return TargetReads(value)
        if name == "has_page":  # whether one page is there: a read ("page", its URL)
            return _has_page(value)
        if name in ("prepared", "content"):
            return Attributes(name, value)
        read("site", name)
        return value


def _has_page(has_page):
    def reading(url: str) -> bool:
        read("page", url)
        return has_page(url)
    return reading


class Attributes:
    """An object whose attributes are each a read ``(kind, name)``; ``prepared.content``
    is read as ``content`` is."""

    __slots__ = ("_kind", "_value")

    def __init__(self, kind: str, value) -> None:
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_value", value)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._value, name)
        if self._kind == "prepared" and name == "content":
            return Attributes("content", value)
        read(self._kind, name)
        return value


class Entries(Mapping):
    """A mapping of the site (meetings, decisions, years, members) whose entries are read
    one by one: ``(kind, key)`` for one entry (present or not), ``("ids", kind)`` for its
    keys.  Members: their ids are the members' records, no read; each view is a
    :class:`MemberReads`."""

    __slots__ = ("_kind", "_items", "_wrap")

    def __init__(self, kind: str, items: Mapping, wrap=None) -> None:
        self._kind, self._items, self._wrap = kind, items, wrap

    def _entry(self, key):
        if self._wrap is None:
            read(self._kind, key)
            return self._items[key]
        return self._wrap(self._items[key])

    def __getitem__(self, key):
        return self._entry(key)

    def __contains__(self, key) -> bool:
        if self._wrap is None:
            read(self._kind, key)
        return key in self._items

    def _keys(self):
        if self._wrap is None:
            read("ids", self._kind)
        return self._items.keys()

    def __iter__(self):
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())

    def keys(self):
        return list(self._keys())

    def values(self):
        return [self._entry(key) for key in self._keys()]

    def items(self):
        return [(key, self._entry(key)) for key in self._keys()]

    def get(self, key, default=None):
        return self._entry(key) if key in self else default


class MemberReads:
    """A member's view: what it derives from the meetings is read as ``("member", id)``
    (a page's context shows each member's view so, the site's ``members`` too)."""

    __slots__ = ("_view",)

    def __init__(self, view) -> None:
        object.__setattr__(self, "_view", view)

    def __getattr__(self, name: str) -> Any:
        if name in MEMBER_YEARS:
            read("member-years", self._view.id)
        elif name not in MEMBER_OWN:
            read("member", self._view.id)
        return getattr(self._view, name)


class TargetReads:
    """The site's :class:`.render.LinkTargets` as a page's text reads them: each id looked
    up is a read ``("target", id)``.  (A new one for each page: Markdown's cache, keyed by
    the targets' identity, then renders each page's text for itself, and records its reads.)"""

    __slots__ = ("urls",)

    def __init__(self, targets) -> None:
        self.urls = _TargetUrls(targets.urls)


class _TargetUrls(Mapping):
    __slots__ = ("_urls",)

    def __init__(self, urls: Mapping[str, str]) -> None:
        self._urls = urls

    def __getitem__(self, key: str) -> str:
        read("target", key)
        return self._urls[key]

    def __contains__(self, key) -> bool:
        read("target", key)
        return key in self._urls

    def get(self, key, default=None):
        read("target", key)
        return self._urls.get(key, default)

    def __bool__(self) -> bool:
        read("targets", "any")
        return bool(self._urls)

    def __iter__(self):
        read("ids", "target")
        return iter(self._urls)

    def __len__(self) -> int:
        read("ids", "target")
        return len(self._urls)
