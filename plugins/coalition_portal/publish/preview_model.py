"""A preview's page bodies, each kept under exactly what it read of the site model.

A page's body (:func:`..site.wayfinding.page_body`) is a function of its page (template,
URL, title, place, context) and of what its template reads of the site model, which is a
function of what :func:`..portal.build` read: the checked content, the build date, git's
proof of the published dates, the attachments, the settings and the output options.
:class:`ModelState` digests that in parts:

- ``rest``: everything that is not a meeting's, nor derived from the meetings: the
  coalition, members, roles, platforms, amendments, endorsements, build date, settings,
  output options and templates; every body depends on it;
- one digest per record read (:meth:`ModelState.read`, the reads of :mod:`..site.reads`):
  a meeting (its record but the minutes' text, its publication, attachments, title, its
  decisions' rules, counts and supersessions, and where the ids its rationales mention
  link), its minutes (their text, where the ids they mention link, and the site's pages
  when they may link to one), a decision (its meeting), a year's meetings, a member's
  record with every meeting it derives from (votes, attendance, chaired meetings) or
  only its count of votes by year, an id Markdown may link, whether a page exists, an
  attribute of the site, of its checked content or of its preparation (by its value, a
  record's view by that record's digest), the ids of a mapping, and ``("all", "")``:
  everything.

A page's key (:meth:`ModelState.page_key`) digests ``rest`` and the page itself, its
context by value: a meeting or decision view by its record's digest, so a list of them
(the latest decisions, a year's log) stands for its records and their order; a member's
view by its id (the page reads it through :class:`..site.reads.MemberReads`), and anything
else holding the whole site for everything.  While it is
rendered, the page's reads of ``site`` are recorded (:mod:`..site.reads`); its body is kept
under its key and the digest of each of those reads, and reused while all are unchanged.
So an edit of a decision's title renders again its meeting's page, the pages listing
that meeting or its decisions (its year, the decision log of that year, the home page
if it is among the latest), and the pages of the members whose record it is part of; not
the other meetings, years, nor the platform and about pages.

The digests are canonical: pydantic records by their data, dataclasses by their fields,
mappings in their order (the order the pages list them in).  A value it cannot tell
apart from another of different state (an object known only by its address) raises
:class:`.preview.NoKey`: the state is then unknown (every page is rendered), or the page
that holds it is rendered and not kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import html
import json
import re
import types
from collections import Counter
from pathlib import Path, PurePath
from typing import Any, Callable
from urllib.parse import urlsplit

import pydantic_core
from pydantic import BaseModel

from ..site.links_in_minutes import SitePages
from ..site.model import Page, Site
from ..site.reads import MEMBER_LISTS, MEMBER_OWN, MemberReads, SiteReads
from ..site.render import LinkTargets
from ..site.views import DecisionView, MeetingView, MemberView
from .preview import NoKey

# the parts of the content and its preparation that are the meetings' or derived from them:
# not in ``rest``, each read as it is (``content.<name>``, ``prepared.<name>``)
MEETING_CONTENT = ("meetings", "sources", "invalid", "links")  # links: a meeting renamed
MEETING_PREPARED = ("content", "publications", "findings", "proof", "punctuality",
                    "vital_signs", "attachments")
ABSENT = "absent"


def model_state(build, code: str, last: ModelState | None = None) -> ModelState:
    """The state of ``build`` (a :class:`..portal.Build`); ``code`` names the code and
    templates that render it; ``last`` is the last build's, whose bodies it may reuse.
    Raises NoKey when a part is not known for sure."""
    return ModelState(build.site, build.outputs, code, last)


class ModelState:
    """One build's digests (see the module), and the page bodies it kept."""

    def __init__(self, site: Site, outputs, code: str, last: ModelState | None) -> None:
        self.site, self.prepared = site, site.prepared
        _RECORD_JSON.roll()  # the records' JSON the last state used, by identity
        self._digests: dict[tuple[str, Any], str | None] = {}
        self._keys: dict[str, str | None] = {}
        self.rest = _digest([code, encode(outputs), self._rest()])
        pages = {page.src_uri for page in site.pages}
        kept = {**last._kept, **last._made} if last is not None else {}
        self._kept = {uri: body for uri, body in kept.items() if uri in pages}
        self._made: dict[str, tuple] = {}

    # --- page bodies -----------------------------------------------------------------

    def body(self, page: Page) -> tuple[str, list[dict], str] | None:
        """The body, its table-of-contents tokens and its digest kept for ``page``, while
        its key and every read it made are unchanged."""
        kept = self._kept.get(page.src_uri)
        if kept is None or kept[0] != self.page_key(page):
            return None
        if any(self.read(kind, key) != seen for (kind, key), seen in kept[1].items()):
            return None
        self._made[page.src_uri] = kept
        return kept[2], kept[3], kept[4]  # the tokens are only read (get_toc)

    def keep(self, page: Page, seen: set[tuple[str, Any]], body: str, tokens: list[dict],
             body_digest: str) -> None:
        """A body rendered from this state, having read ``seen`` (:mod:`..site.reads`)."""
        key = self.page_key(page)
        if key is None:
            return  # the page is not known for sure: never kept
        digests = {}
        for kind, name in seen:
            digests[kind, name] = self.read(kind, name)
            if digests[kind, name] is None:
                return  # something it read is not known for sure: never kept
        self._made[page.src_uri] = (key, digests, body, tokens, body_digest)

    @staticmethod
    def reading(page: Page) -> Page:
        """``page`` with its ``site`` seen through :class:`..site.reads.SiteReads` (in its
        context, and as an argument of a function there)."""
        site = page.context.get("site")
        if not isinstance(site, Site):
            return page
        return dataclasses.replace(
            page, context=_through(page.context, site, SiteReads(site), MemberReads))

    def page_key(self, page: Page) -> str | None:
        """The digest of ``rest`` and of the page: its context by value (see the module)."""
        if page.src_uri not in self._keys:
            try:
                # the site, where reading() shows it through SiteReads, is read as recorded
                context = _through(page.context, self.site, _SITE_READ, _member_read) \
                    if page.context.get("site") is self.site else page.context
                refs: dict[tuple[str, str], None] = {}  # each record's digest, once
                encoded = encode([page.place, context], functools.partial(self._page_ref, refs))
                self._keys[page.src_uri] = _digest([
                    self.rest, page.url, page.title, page.template, page.feed, page.withdrawn,
                    encoded, [[kind, rid, self._known(kind, rid)] for kind, rid in refs]])
            except NoKey:
                self._keys[page.src_uri] = None
        return self._keys[page.src_uri]

    # --- reads -----------------------------------------------------------------------

    def read(self, kind: str, key: Any) -> str | None:
        """The digest of one read (:mod:`..site.reads`); None when not known for sure."""
        found = self._digests.get((kind, key), _UNREAD)
        if found is _UNREAD:
            reader = READERS.get(kind)
            try:
                value = reader(self, key) if reader is not None else None
                found = None if value is None else _digest(value)
            except (NoKey, AttributeError, TypeError):
                found = None
            self._digests[kind, key] = found
        return found

    def encode(self, value: Any) -> Any:
        """``value`` as canonical data, a record's view by the digest of its record."""
        return encode(value, self._ref)

    def _ref(self, value: Any) -> Any:
        kind = _VIEWS.get(type(value))
        if kind is not None:
            return [kind, value.id, self._known(kind, value.id)]
        if type(value) is tuple and len(value) == 2 and type(value[0]) in _VIEWS \
                and isinstance(value[1], enum.Enum):  # a vote, an attendance: many of them
            first = value[0]
            kind = _VIEWS[type(first)]
            return ["pair", kind, first.id, self._known(kind, first.id),
                    type(value[1]).__qualname__, encode(value[1].value)]
        if not isinstance(value, _SPECIAL):
            return NotImplemented
        if isinstance(value, (Site, SiteReads)):
            return ["Site", self._known("all", "")]
        if isinstance(value, LinkTargets):
            return ["LinkTargets", sorted(value.urls.items())]
        if isinstance(value, SitePages):
            return ["SitePages", sorted(value.urls)]
        if isinstance(value, functools.partial):
            return ["partial", self.encode(value.func), self.encode(list(value.args)),
                    self.encode(value.keywords)]
        return ["function", value.__module__, value.__qualname__]

    def _page_ref(self, refs: dict, value: Any) -> Any:
        """:meth:`_ref` for a page's key: a record's view by its id, its digest in ``refs``."""
        kind = _VIEWS.get(type(value))
        if kind is not None:
            refs[kind, value.id] = None
            return [kind, value.id]
        if type(value) is tuple and len(value) == 2 and type(value[0]) in _VIEWS \
                and isinstance(value[1], enum.Enum):  # a vote, an attendance: many of them
            first = value[0]
            kind = _VIEWS[type(first)]
            refs[kind, first.id] = None
            return ["pair", kind, first.id, type(value[1]).__qualname__, encode(value[1].value)]
        return self._ref(value)

    def _known(self, kind: str, key: Any) -> str:
        found = self.read(kind, key)
        if found is None:
            raise NoKey(f"{kind} {key!r}")
        return found

    def _rest(self) -> list:
        content, prepared = self.prepared.content, self.prepared
        return [[[f.name, encode(getattr(content, f.name))] for f in dataclasses.fields(content)
                 if f.name not in MEETING_CONTENT],
                [[f.name, encode(getattr(prepared, f.name))] for f in dataclasses.fields(prepared)
                 if f.name not in MEETING_PREPARED],
                ]

    def _meeting(self, mid: str) -> Any:
        view = self.site.meetings.get(mid)
        if view is None:
            return ABSENT
        source = self.prepared.content.sources.get(("meeting", mid))
        # its decisions' rules and counts are the record's and rest's (coalition.yml, the
        # members): only what other meetings give them is added
        return [_record_json(view.meeting, _NO_MINUTES),
                encode(view.publication), encode(view.files), view.title,
                [[d.id, list(d.superseded_by), self._mentioned(d.decision.rationale)]
                 for d in view.decisions],
                [source.path, encode(source.cut)] if source is not None else None]

    def _minutes(self, mid: str) -> Any:
        view = self.site.meetings.get(mid)
        if view is None:
            return ABSENT
        body = view.meeting.minutes.body if view.meeting.minutes is not None else None
        if not body:
            return [body]
        # a relative link to a page of the site is kept as such, or said to lead nowhere
        pages = self.read("pages", "") if _MAY_LINK.search(body) else None
        return [body, self._mentioned(body), pages]

    def _mentioned(self, text: str | None) -> list:
        """The ids ``text`` may mention, each with the URL it links to (None: no link) and
        whether the site has that page.

        Markdown links the ids (markdown_html's ``_ID``) in each piece of text and each code
        span; the words are looked for in the text as written and with its entities and
        backslash escapes undone (a superset of what a page looks up, :func:`_words`)."""
        if not text:
            return []
        urls, pages = self.site.link_targets.urls, self.site.page_urls.urls
        out = []
        for word in _words(text):
            url = urls.get(word)
            if url is None:
                out.append([word, None])
                continue
            # the minutes keep a relative link to a page of the site (links_in_minutes)
            path = urlsplit(url).path
            out.append([word, url, [variant in pages for variant in
                                    (path, path.rstrip("/") + "/", path.rstrip("/"))]])
        return out

    def _target(self, target: str) -> Any:
        return [self.site.link_targets.urls.get(target)]

    def _pages(self, _key) -> Any:
        return sorted(self.site.page_urls.urls)

    def _page(self, url: str) -> Any:
        return [self.site.has_page(url)]

    def _any_target(self, _key) -> Any:
        return [bool(self.site.link_targets.urls)]

    def _decision(self, did: str) -> Any:
        view = self.site.decisions.get(did)
        if view is None:
            return ABSENT
        return [view.meeting_id, self._known("meeting", view.meeting_id)]

    def _year(self, year: int) -> Any:
        views = self.site.years.get(year)
        if views is None:
            return ABSENT
        return [[view.id, self._known("meeting", view.id)] for view in views]

    def _member(self, member_id: str) -> Any:
        """A member's own record, and the meetings its votes, attendance and chairs come
        from, in order (each meeting's digest covers the member's votes and attendance)."""
        view = self.site.members.get(member_id)
        if view is None:
            return ABSENT
        return [self._member_own(view),
                [[mid, self._known("meeting", mid)]
                 for mid in self._members_meetings[0].get(member_id, ())]]

    @staticmethod
    def _member_own(view: MemberView) -> list:
        """A member's own record and parts (MEMBER_OWN, not what meetings give it)."""
        return [[name, encode(getattr(view, name))] for name in sorted(_MEMBER_OWN)]

    def _member_years(self, member_id: str) -> Any:
        """How many votes the member cast each year, newest year first (MemberView.vote_years)."""
        if member_id not in self.site.members:
            return ABSENT
        years = self._members_meetings[1]
        return [[year, years[year][member_id]] for year in sorted(years, reverse=True)
                if years[year][member_id]]

    @functools.cached_property
    def _members_meetings(self) -> tuple[dict[str, list[str]], dict[int, Counter]]:
        """Each member's meetings (it voted, is in the attendance or chaired), in meeting
        order, and each year's votes by member: one pass over the meetings (model._members)."""
        meetings: dict[str, list[str]] = {}
        years: dict[int, Counter] = {}
        for mid, view in self.site.meetings.items():
            meeting = view.meeting
            seen = {entry.member for entry in meeting.attendance}
            if meeting.chair:
                seen.add(meeting.chair)
            votes = years.setdefault(meeting.date.year, Counter())  # DecisionView.year
            for decision in view.decisions:
                if decision.decision.vote:
                    seen.update(decision.decision.vote)
                    votes.update(decision.decision.vote.keys())
            for member in seen:
                meetings.setdefault(member, []).append(mid)
        return meetings, years

    def _ids(self, kind: str) -> Any:
        items = {"meeting": self.site.meetings, "decision": self.site.decisions,
                 "year": self.site.years, "member": self.site.members,
                 "target": self.site.link_targets.urls}[kind]
        if kind == "decision":
            return [[did, view.meeting_id] for did, view in items.items()]
        return list(items)

    def _site_attribute(self, name: str) -> Any:
        site = self.site
        if name == "comparison_rows":
            return self.encode(site.comparison_rows())
        if name == "amendments_against":
            return self.encode(site.amendments)
        if name in MEMBER_LISTS:  # read through MemberReads: the members' own parts
            return [self._member_own(view) for view in getattr(site, name)]
        value = getattr(site, name)
        if callable(value):  # a method reading who knows what
            return self._everything(None)
        return self.encode(value)

    def _prepared(self, name: str) -> Any:
        return self.encode(getattr(self.prepared, name))

    def _content(self, name: str) -> Any:
        if name in ("meetings", "sources"):
            return self._everything(None)
        return self.encode(getattr(self.prepared.content, name))

    def _everything(self, _key) -> Any:
        """Every input of the model: ``rest``, every meeting and its minutes, and the parts
        of the content and preparation derived from the meetings."""
        prepared, content = self.prepared, self.prepared.content
        meetings = list(content.meetings)
        return [self.rest, meetings, [self._known("meeting", mid) for mid in meetings],
                [self._known("minutes", mid) for mid in meetings],
                [[name, encode(getattr(prepared, name))] for name in MEETING_PREPARED
                 if name != "content"],
                encode(content.invalid), encode(content.links),
                self._ref(self.site.link_targets), self._ref(self.site.page_urls),
                [[list(key), source.path, encode(source.cut)]
                 for key, source in content.sources.items()]]


_UNREAD = object()
# a view is encoded as its record: (the read's kind, its id) and that read's digest
_VIEWS = {MeetingView: "meeting", DecisionView: "decision", MemberView: "member"}
_SPECIAL = (Site, SiteReads, LinkTargets, SitePages, functools.partial, types.FunctionType,
            types.BuiltinFunctionType)
_MEMBER_OWN = MEMBER_OWN - {"url", "vote_year_url"}  # its own parts (its URLs are its id's)

READERS: dict[str, Callable[[ModelState, Any], Any]] = {
    "meeting": ModelState._meeting,
    "minutes": ModelState._minutes,
    "decision": ModelState._decision,
    "year": ModelState._year,
    "member": ModelState._member,
    "member-years": ModelState._member_years,
    "ids": ModelState._ids,
    "target": ModelState._target,
    "targets": ModelState._any_target,
    "page": ModelState._page,
    "pages": ModelState._pages,
    "site": ModelState._site_attribute,
    "prepared": ModelState._prepared,
    "content": ModelState._content,
    "all": ModelState._everything,
}


# what may be a relative link in Markdown: [text](url), a reference's [label]: url, raw HTML
_MAY_LINK = re.compile(r"\]\s*[(:]|<")
# the words an id may be: each longest run of a slug's characters (a match of markdown_html's
# _ID is one, and so is a slug a code span holds, which Markdown looks up as it is)
_RUN = re.compile(r"[a-z0-9][a-z0-9-]*")
_SITE_READ = "the site, its reads recorded"  # stands for SiteReads in a page's key


@functools.lru_cache(maxsize=1 << 16)  # every text of a large archive, once per process
def _words(text: str) -> tuple[str, ...]:
    """The words of ``text`` that may be ids (see ModelState._mentioned), sorted: every
    run of ``_RUN`` with a hyphen (the site links only such ids)."""
    variants = {text}
    if "\\" in text:
        variants.add(text.replace("\\", ""))
    if "&" in text:
        variants.update([html.unescape(variant) for variant in variants])
    seen: set[str] = set()
    for variant in variants:
        seen.update(word for word in _RUN.findall(variant) if "-" in word)
    return tuple(sorted(seen))


def _through(context: dict, site: Site, proxy: Any, member: Callable[[MemberView], Any]) -> dict:
    """``context`` with ``proxy`` for ``site``, as a value and as a function's argument,
    and each member's view (a value, or in a list or tuple of them) as ``member`` makes it."""
    def swap(value):
        if value is site:
            return proxy
        kind = type(value)
        if kind is MemberView:
            return member(value)
        if kind is list or kind is tuple:
            swapped = None
            for i, item in enumerate(value):
                if type(item) in _SWAPPED or item is site:
                    new = swap(item)
                    if new is not item:
                        swapped = swapped or list(value)
                        swapped[i] = new
            return value if swapped is None else kind(swapped)
        if kind is functools.partial and any(a is site for a in value.args):
            return functools.partial(value.func, *[proxy if a is site else a for a in value.args],
                                     **value.keywords)
        return value
    return {key: swap(value) for key, value in context.items()}


_SWAPPED = (MemberView, list, tuple, functools.partial)  # what _through looks into


def _member_read(view: MemberView) -> list:
    """A member's view in a page's key, where the page reads it through MemberReads."""
    return ["MemberReads", view.id]


def _digest(value: Any) -> str:
    """SHA-256 of ``value``'s JSON (canonical data, see :func:`encode`; pydantic-core's
    writer, a third of the time of the json module's)."""
    try:
        text = pydantic_core.to_json(value, fallback=_refuse)
    except NoKey:
        raise
    except (ValueError, TypeError) as exc:  # e.g. a lone surrogate: not known for sure
        raise NoKey(str(exc)[:200]) from None
    return hashlib.sha256(text).hexdigest()


class _RecordJson:
    """Each record's JSON, by the record's identity (a record is frozen; a preview keeps
    the record of an unchanged file from one build to the next, content.load.Records):
    what the last state used, and what this one uses."""

    def __init__(self) -> None:
        self.last: dict[tuple[int, Any], tuple[BaseModel, str]] = {}
        self.now: dict[tuple[int, Any], tuple[BaseModel, str]] = {}

    def roll(self) -> None:
        self.last, self.now = self.now or self.last, {}

    def get(self, record: BaseModel, exclude: Any) -> str:
        key = (id(record), exclude)
        found = self.now.get(key) or self.last.get(key)
        if found is None or found[0] is not record:
            text = record.model_dump_json(exclude=_EXCLUDES[exclude])
            found = (record, text)
        self.now[key] = found
        return found[1]


_RECORD_JSON = _RecordJson()
_NO_MINUTES = "minutes' body"
_EXCLUDES = {None: None, _NO_MINUTES: {"minutes": {"body"}}}


def _record_json(record: BaseModel, exclude: str | None = None) -> str:
    return _RECORD_JSON.get(record, exclude)


def encode(value: Any, ref: Callable[[Any], Any] | None = None) -> Any:
    """``value`` as canonical JSON data (see the module); NoKey when it cannot be.
    ``ref`` may encode a value its own way (anything but NotImplemented)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if ref is not None:
        special = ref(value)
        if special is not NotImplemented:
            return special
    if isinstance(value, BaseModel):
        return [type(value).__qualname__, _record_json(value)]
    if isinstance(value, enum.Enum):
        return [type(value).__qualname__, encode(value.value)]
    if isinstance(value, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return [type(value).__qualname__, str(value)]
    if isinstance(value, PurePath):
        return ["path", str(value)]
    names = _field_names(type(value))
    if names is not None:
        return [type(value).__qualname__, [[name, encode(getattr(value, name), ref)]
                                           for name in names]]
    if isinstance(value, dict):
        return ["dict", [[encode(k, ref), encode(v, ref)] for k, v in value.items()]]
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [encode(v, ref) for v in value]]
    if isinstance(value, (set, frozenset)):
        return ["set", sorted(json.dumps(encode(v, ref), sort_keys=True) for v in value)]
    raise NoKey(f"{type(value).__qualname__}: {value!r}"[:200])


@functools.lru_cache(maxsize=None)
def _field_names(kind: type) -> tuple[str, ...] | None:
    """The fields of a dataclass (None for any other type), once per type."""
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(f.name for f in dataclasses.fields(kind))


def _refuse(value: Any) -> Any:
    raise NoKey(repr(value)[:200])


def code_state(folders: list[Path]) -> str:
    """What renders the model: the portal's code and templates (see preview.folder_digest)."""
    from .preview import folder_digest
    return folder_digest(folders)
