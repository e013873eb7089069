"""RSS 2.0 and Atom feeds, made with feedgen from the site model.

Every entry is something that became public on a given day: minutes published,
a decision recorded (with its vote), a platform version adopted, an amendment
proposed or settled, a member joining or leaving, an endorsement given or
withdrawn, a role taken.  The entry's date is that day, never the meeting
date, the clock or git; its id is the record's permanent absolute URL.

Feeds: everything, minutes, decisions, votes, platform, membership, and one per
member (their votes, attendance, roles, endorsements, joins and departures).
The same content gives byte-identical files: feedgen stamps ``lastBuildDate``
and ``updated`` with the clock, so both are set from the newest entry.

Every feed file stays within ``FEED_BUDGET`` (issue 17: minutes of long transcripts
made a 9 MB feed): an entry whose content would not fit its share of the budget carries
its summary and its link instead, and says so (:mod:`.feed_budget`).
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import nh3
from markupsafe import escape

from ..content.model import AttendanceStatus, VoteChoice
from ..settings import BY_NAME
from ..site import urls
from ..site.catalogue import KIND_FEEDS, FeedInfo, catalogue
from ..site.model import Site
from ..site.render import (
    MINUTES_ATTRIBUTES,
    MINUTES_TAGS,
    STYLE_PROPERTIES,
    URL_SCHEMES,
    long_date,
    plain,
    render_markdown,
)
from ..site.urls import meeting_url, member_url
from ..site.views import DecisionView, MeetingView
from . import feed_stylesheet
from .feed_budget import FEED_BUDGET, budgeted

DEFAULT_LENGTH = BY_NAME["feed_length"].default


@dataclass(frozen=True)
class Entry:
    """One thing that became public.  URLs are absolute; ``content`` is sanitized HTML."""

    id: str
    link: str
    title: str
    summary: str
    html: str  # escaped and sanitized pieces, links possibly relative to ``link``; or
    # SUMMARY_ONLY: the feed entry has no content
    day: dt.date
    feeds: frozenset[str]  # slugs of the feeds it appears in (member feeds included)
    seq: int  # record order, so entries of one day keep a stable order
    updated: dt.date | None = None  # the day it last changed (a correction), if after ``day``
    full: str = ""  # what its link leads to when a feed shortens it: "the full minutes
    # (3,120 words) are"; empty: "the full entry is"

    @property
    def last_change(self) -> dt.date:
        """Feeds list entries by the day they last changed: a corrected entry comes back up."""
        return self.updated or self.day

    @property
    def content(self) -> str:
        # computed only for the entries a feed writes: most of a long archive never is
        return absolute_html(self.html, self.link)

    @property
    def shortened(self) -> str:
        """The content when the whole is too long for its feed (:mod:`.feed_budget`): the
        summary, the link, and a sentence saying so."""
        link = escape(self.link)
        full = self.full or "the full entry is"
        return absolute_html(f"<p>{escape(self.summary)}</p><p>This entry is shortened: "
                             f'{escape(full)} at <a href="{link}">{link}</a>.</p>', self.link)


# --- entries ---------------------------------------------------------------------------------


class _Collector:
    """Gathers entries with absolute links; one pass over the site model."""

    def __init__(self, site: Site, base: str, keep: int | None = None) -> None:
        self.site, self.base = site, base
        self.entries: list[Entry] = []
        self.keep = keep  # entries past the newest `keep` of every feed they are in go
        self.prune_at = PRUNE_AT
        self.seq = 0
        # with `keep`: for each member, the newest `keep` entries of its feed alone (a vote
        # cast, a meeting attended), as a heap of (day, seq, write, args)
        self._own: dict[str, list[tuple]] = {}

    def abs(self, url: str) -> str:
        return urls.absolute(self.base, url)

    def meeting_title(self, d: DecisionView | MeetingView) -> str:
        """'the Regular meeting, 15 February 2024'; a custom title gets its date added."""
        view = self.site.meetings[d.meeting_id if isinstance(d, DecisionView) else d.id]
        if view.meeting.title is None:  # the default title already carries the date
            return f"the {view.title}"
        return f"the {view.title} ({long_date(view.meeting.date)})"

    def name(self, member_id: str) -> str:
        return plain(self.site.members[member_id].member.name)

    def link(self, url: str, text: str) -> str:
        return f'<a href="{escape(self.abs(url))}">{escape(text)}</a>'

    def add(self, id_url: str, link_url: str, title: str, summary: str, html: str,
            day: dt.date | None, feeds: Iterable[str], updated: dt.date | None = None,
            full: str = "") -> None:
        if day is None or day > self.site.as_of:
            return  # not public yet
        page = self.abs(link_url)
        self.entries.append(Entry(self.abs(id_url), page, plain(title), plain(summary),
                                  html, day, frozenset(feeds), self.seq,
                                  updated if updated and updated > day else None, full))
        self.seq += 1
        self._prune()

    def add_later(self, day: dt.date | None, feeds: frozenset[str], write, *args) -> None:
        """An entry whose texts ``write(c, *args, later)`` makes only if a feed keeps it
        (:func:`newest`): a decision, a vote cast, a meeting attended -- most of a long
        archive's entries are dropped unread from feeds that keep their newest ``keep``."""
        if day is None or day > self.site.as_of:
            return
        self.entries.append(_Later(day, feeds, self.seq, write, args))
        self.seq += 1
        self._prune()

    def add_own(self, day: dt.date | None, member_id: str, write, *args) -> None:
        """:meth:`add_later` for an entry of one member's feed alone: a vote cast, a
        meeting attended.  With ``keep``, only the newest ``keep`` of each member's own
        entries are held (no older one can be among the newest ``keep`` of the feed): a
        ten-year archive has a million, and holding and pruning them all was four fifths
        of collecting the entries.  The same entries come out."""
        if day is None or day > self.site.as_of:
            return
        seq, self.seq = self.seq, self.seq + 1
        if self.keep is None:
            feeds = _one_feed(urls.member_feed_slug(member_id))
            self.entries.append(_Later(day, feeds, seq, write, args))
            return
        heap = self._own.get(member_id)
        if heap is None:
            heap = self._own[member_id] = []
        if len(heap) < self.keep:
            heapq.heappush(heap, (day, seq, write, args))  # (seq is unique: never compared
        elif (day, seq) > heap[0][:2]:  # past it)
            heapq.heapreplace(heap, (day, seq, write, args))

    def gathered(self) -> list[Entry]:
        """Every entry kept so far (the members' own newest included)."""
        own = [_Later(day, _one_feed(urls.member_feed_slug(member_id)), seq, write, args)
               for member_id, heap in self._own.items() for day, seq, write, args in heap]
        return self.entries + own

    def _prune(self) -> None:
        if self.keep is not None and len(self.entries) >= self.prune_at:
            self.entries = newest(self.entries, self.keep)
            self.prune_at = max(PRUNE_AT, 4 * len(self.entries))

    def entry(self, id_url: str, link_url: str, title: str, summary: str, later: _Later,
              html: str = "") -> Entry:
        """The entry ``later`` stands for (``html`` empty: SUMMARY_ONLY, no content)."""
        return Entry(self.abs(id_url), self.abs(link_url), plain(title), plain(summary),
                     html, later.day, later.feeds, later.seq)


class _Later:
    """An entry not written yet (:meth:`_Collector.add_later`): what sorting and pruning
    read of it (never changed after its day), and how to write it.  A plain class with
    slots: a long archive makes nearly a million of them."""

    __slots__ = ("day", "last_change", "feeds", "seq", "write", "args")

    def __init__(self, day: dt.date, feeds: frozenset[str], seq: int, write, args: tuple):
        self.day = self.last_change = day
        self.feeds, self.seq, self.write, self.args = feeds, seq, write, args

    def written(self, c: _Collector) -> Entry:
        return self.write(c, *self.args, self)


@functools.lru_cache(maxsize=1024)
def _one_feed(slug: str) -> frozenset[str]:
    return frozenset((slug,))


@functools.lru_cache(maxsize=8192)
def absolute_html(html: str, page_url: str) -> str:
    """Sanitize entry HTML once more and make every link absolute (feed readers have no base)."""
    def absolutize(tag: str, attribute: str, value: str) -> str | None:
        return urljoin(page_url, value) if attribute in ("href", "src") else value

    return nh3.clean(html, tags=MINUTES_TAGS, attributes=MINUTES_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel="nofollow noopener noreferrer",
                     strip_comments=True, attribute_filter=absolutize,
                     filter_style_properties=STYLE_PROPERTIES)


# A long archive has an entry per vote cast (765,000 at 5x); holding them all took
# gigabytes, so collecting for the feeds drops, now and then, entries no feed will show
# (when the list has grown to four times what the last pruning kept: most entries are
# small _Later ones, and each pruning sorts them all).
PRUNE_AT = 20_000


def newest(entries: list[Entry], keep: int) -> list[Entry]:
    """The entries among the newest ``keep`` of at least one of their feeds, newest first."""
    taken: dict[str, int] = defaultdict(int)
    out = []
    for entry in sorted(entries, key=lambda e: (e.last_change, e.seq), reverse=True):
        wanted = [slug for slug in entry.feeds if taken[slug] < keep]
        for slug in wanted:
            taken[slug] += 1
        if wanted:
            out.append(entry)
    return out


def collect(site: Site, base: str, keep: int | None = None) -> list[Entry]:
    """Every entry of every feed, newest first (with ``keep``: only the newest ``keep``
    of each feed)."""
    c = _Collector(site, base, keep)
    for view in site.meetings.values():
        _minutes(c, view)
        for decision in view.decisions:
            _decision(c, decision)
            _votes_cast(c, decision)
        _attendance(c, view)
    _platform(c)
    _membership(c)
    _roles(c)
    gathered = c.gathered()
    entries = (newest(gathered, keep) if keep is not None  # newest first
               else sorted(gathered, key=lambda e: (e.last_change, e.seq), reverse=True))
    return [e.written(c) if isinstance(e, _Later) else e for e in entries]


def _minutes(c: _Collector, view: MeetingView) -> None:
    minutes = view.meeting.minutes
    day = view.minutes_published
    if minutes is None or day is None:
        return
    status = (f"status now: {minutes.status}" if minutes.status is not None
              else f"approval {view.unrecorded_words}")
    decisions = len(view.decisions)
    summary = (f"Minutes of {c.meeting_title(view)} published on {long_date(day)}, "
               f"{_days((day - view.meeting.date).days)} after the meeting; "
               f"{status}; {decisions} decision{'s' if decisions != 1 else ''}.")
    if view.source_words is not None:  # where the published date can be checked
        summary += f" Imported from {view.source_words}."
    proven = view.minutes_published_per_git
    if proven is not None:  # the entry keeps the record's date; the text says what git shows
        summary += (f" Back-dated: git first shows them on {long_date(proven)}, "
                    f"{_days(view.publication.lag)} after the meeting.")
    # a correction updates this entry (same id, Atom <updated>); it never moves <published>
    corrections = [(n, k) for n, k in enumerate(view.meeting.corrections, start=1)
                   if k.date <= c.site.as_of]
    if corrections:
        latest = max((k for _, k in corrections), key=lambda k: k.date)
        summary += (f" Corrected {_times(len(corrections))}"
                    f", last on {long_date(latest.date)}: {_clause(latest.what)}.")
    parts = [f"<p>{escape(summary)}</p>", str(view.minutes_html)]
    if view.decisions:
        items = "".join(f"<li>{c.link(d.url, f'{d.id}: {plain(d.decision.title)}')} "
                        f"({d.decision.outcome})</li>" for d in view.decisions)
        parts.append(f"<p>Decisions:</p><ul>{items}</ul>")
    if corrections:
        items = "".join(f"<li>{c.link(urls.correction_url(view.id, n), long_date(k.date))}: "
                        f"{escape(_clause(k.what))}.</li>" for n, k in corrections)
        parts.append(f"<p>Corrections (the published date stays {escape(long_date(day))}):"
                     f"</p><ul>{items}</ul>")
    # the status is today's (approved, corrected), not necessarily the one of that day
    words = len(minutes.body.split())
    c.add(view.url, view.url, f"Minutes published: {view.title}", summary,
          "".join(parts), day, {"everything", "minutes"},
          updated=max((k.date for _, k in corrections), default=None),
          full=f"the full minutes ({words:,} word{'s' if words != 1 else ''}) are")


def _vote_words(d: DecisionView) -> str:
    return f" ({d.count.summary()})" if d.count is not None else ""


_DECISION_FEEDS = frozenset({"everything", "decisions"})
_VOTE_FEEDS = _DECISION_FEEDS | {"votes"}


def _decision(c: _Collector, d: DecisionView) -> None:
    c.add_later(d.public_date, _VOTE_FEEDS if d.decision.vote else _DECISION_FEEDS,
                _decision_entry, d)


def _decision_entry(c: _Collector, d: DecisionView, later: _Later) -> Entry:
    decision = d.decision
    outcome = str(decision.outcome)
    title = f"{outcome.capitalize()} {d.id}: {plain(decision.title)}{_vote_words(d)}"
    summary = (f"{plain(decision.title)} — {outcome} at {c.meeting_title(d)}"
               f"{_vote_words(d)}. Rationale: "
               f"{plain(decision.rationale)}")
    parts = [f"<p>{escape(outcome.capitalize())} at "
             f"{c.link(meeting_url(d.meeting_id), c.meeting_title(d))}, "
             f"class {escape(decision.class_)}; rule: {escape(d.rule_words)}.</p>",
             "<p>Rationale:</p>", str(d.rationale_html)]
    if decision.vote:
        rows = "".join(f"<tr><td>{c.link(member_url(mid), c.name(mid))}</td>"
                       f"<td>{escape(str(choice))}</td></tr>"
                       for mid, choice in sorted(decision.vote.items()))
        parts.append(f"<table><caption>Vote{escape(_vote_words(d))}</caption><thead><tr>"
                     f"<th scope=\"col\">Member</th><th scope=\"col\">Vote</th></tr></thead>"
                     f"<tbody>{rows}</tbody></table>")
    return c.entry(d.url, d.url, title, summary, later, "".join(parts))


VOTE_PHRASES = {
    VoteChoice.yes: "voted yes on",
    VoteChoice.no: "voted no on",
    VoteChoice.abstain: "abstained on",
    VoteChoice.absent: "was absent for the vote on",
    VoteChoice.recused: "was recused from the vote on",
}


# The html of an entry whose summary says it all: a vote cast, a meeting attended.  These
# are nine in ten of a member feed's entries; a copy of the sentence with a link in it
# doubled the feeds (the entry's own link goes to the same place).
SUMMARY_ONLY = ""


def _votes_cast(c: _Collector, d: DecisionView) -> None:
    day = d.public_date
    for member_id, choice in sorted((d.decision.vote or {}).items()):
        c.add_own(day, member_id, _vote_cast, d, member_id, choice)


def _vote_cast(c: _Collector, d: DecisionView, member_id: str, choice: VoteChoice,
               later: _Later) -> Entry:
    title = f"{c.name(member_id)} {VOTE_PHRASES[choice]} {d.id}: {plain(d.decision.title)}"
    summary = (f"{title}. The decision was {d.decision.outcome}{_vote_words(d)} at "
               f"{c.meeting_title(d)}.")
    return c.entry(urls.member_event_url(member_url(member_id), f"vote-{d.id}"), d.url,
                   title, summary, later)


ATTENDANCE_PHRASES = {
    AttendanceStatus.present: "was present at",
    AttendanceStatus.absent: "was absent from",
    AttendanceStatus.excused: "was excused from",
}


def _attendance(c: _Collector, view: MeetingView) -> None:
    day = view.minutes_published
    for entry in view.meeting.attendance:
        phrase = ATTENDANCE_PHRASES.get(entry.status)
        if phrase is None:  # not recorded: nothing to report
            continue
        c.add_own(day, entry.member, _attended, view, entry.member, phrase, day)


def _attended(c: _Collector, view: MeetingView, member_id: str, phrase: str, day: dt.date,
              later: _Later) -> Entry:
    title = f"{c.name(member_id)} {phrase} {c.meeting_title(view)}"
    return c.entry(urls.member_event_url(member_url(member_id), f"attendance-{view.id}"),
                   view.url, title,
                   f"{title} (recorded in the minutes published {long_date(day)}).", later)


def _platform(c: _Collector) -> None:
    site = c.site
    for vid, view in site.platforms.items():
        version = view.version
        title = f"Platform version {version.number} adopted"
        summary = f"{title} on {long_date(version.adopted)}" + (
            f" by decision {version.adopted_by}" if version.adopted_by else "") + (
            f": {plain(version.summary)}" if version.summary else ".")
        clauses = "".join(f"<li><strong>{escape(plain(cl.title))}</strong> "
                          f"({escape(str(cl.kind))})</li>" for cl in version.clauses)
        html = f"<p>{escape(summary)}</p><ol>{clauses}</ol>"
        # the id is the version's permanent page; the link is where it is read today
        c.add(urls.platform_version_url(vid), view.url, title, summary,
              html, version.adopted, {"everything", "platform"})
    for aid, amendment in site.content.amendments.items():
        who = c.name(amendment.proposed_by)
        member_feed = urls.member_feed_slug(amendment.proposed_by)
        title = f"{who} proposed an amendment to platform {amendment.against}: " \
                f"{plain(amendment.title)}"
        changes = "".join(f"<li>{escape(str(ch.op))} clause {escape(ch.clause)}</li>"
                          for ch in amendment.changes)
        html = (f"<p>{escape(title)}.</p><p>Rationale:</p>"
                f"{render_markdown(amendment.rationale)}<ul>{changes}</ul>")
        c.add(urls.amendment_url(aid), urls.amendment_url(aid), title,
              f"{title}. Status: {amendment.status}.", html, amendment.proposed_on,
              {"everything", "platform", member_feed})
        decision = site.decisions.get(amendment.decided_by or "")
        if decision is not None and str(amendment.status) in ("adopted", "rejected"):
            settled = f"Amendment {aid} {amendment.status}: {plain(amendment.title)}"
            c.add(urls.amendment_url(aid) + "-" + str(amendment.status), decision.url,
                  settled, f"{settled} by decision {decision.id}{_vote_words(decision)}.",
                  f"<p>{escape(settled)} by decision "
                  f"{c.link(decision.url, decision.id)}.</p>",
                  decision.public_date, {"everything", "platform"})


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _clause(text: str) -> str:
    """Untrusted text to go inside our own sentence: without its closing full stop."""
    return plain(text).strip().rstrip(".")


def _membership(c: _Collector) -> None:
    site = c.site
    for mid, view in site.members.items():
        name = plain(view.member.name)
        own = urls.member_feed_slug(mid)
        history = urls.member_event_url(view.url, "membership")
        for period in view.member.memberships:
            again = period is not view.member.memberships[0]
            title = f"{name} {'rejoined' if again else 'joined'} the coalition"
            c.add(urls.member_event_url(member_url(mid), f"joined-{period.joined}"), history,
                  title,
                  f"{title} on {long_date(period.joined)}.",
                  f"<p>{c.link(view.url, name)} {'rejoined' if again else 'joined'} the "
                  f"coalition on {long_date(period.joined)}.</p>",
                  period.joined, {"everything", "membership", own})
            if period.left is not None:
                reason = f": {_clause(period.reason)}" if period.reason else ""
                title = f"{name} left the coalition{reason}"
                c.add(urls.member_event_url(member_url(mid), f"left-{period.left}"), history,
                      title,
                      f"{name} left the coalition on {long_date(period.left)}{reason}.",
                      f"<p>{c.link(view.url, name)} left the coalition on "
                      f"{long_date(period.left)}{escape(reason)}.</p>",
                      period.left, {"everything", "membership", own})
    for eid, endorsement in site.content.endorsements.items():
        endorser = endorsement.endorser
        name = c.name(endorser.member) if endorser.member else plain(endorser.organization)
        feeds = {"everything", "membership"} | (
            {urls.member_feed_slug(endorser.member)} if endorser.member else set())
        title = f"{name} endorsed platform {endorsement.platform}"
        signer = f"signed by {plain(endorsement.signer.name)}, {plain(endorsement.signer.title)}"
        html = f"<p>{escape(title)} on {long_date(endorsement.date)}, {escape(signer)}.</p>"
        if endorsement.statement:
            html += str(render_markdown(endorsement.statement))
        c.add(urls.endorsement_url(eid), urls.endorsement_url(eid), title,
              f"{title} on {long_date(endorsement.date)}, {signer}.", html, endorsement.date,
              feeds)
        if endorsement.withdrawn is not None:
            w = endorsement.withdrawn
            title = f"{name} withdrew its endorsement of platform {endorsement.platform}"
            c.add(urls.endorsement_url(eid) + "-withdrawn", urls.endorsement_url(eid), title,
                  f"{title} on {long_date(w.date)}: {_clause(w.reason)}.",
                  f"<p>{escape(title)} on {long_date(w.date)}.</p>{render_markdown(w.reason)}",
                  w.date, feeds)


def took_role(who: str, role: str, previous: str | None, member_id: str) -> str:
    """'X took the Documentation role', or 'began a new term' when X held it already."""
    if previous == member_id:
        return f"{who} began a new term in the {role} role"
    return f"{who} took the {role} role"


def _roles(c: _Collector) -> None:
    names = {role.id: plain(role.name) for role in c.site.content.roles.roles}
    for term, previous in c.site.handovers:
        who, role = c.name(term.member), names[term.role]
        title = took_role(who, role, previous, term.member)
        until = f" until {long_date(term.to)}" if term.to else ""
        after = f", after {c.name(previous)}" if previous and previous != term.member else ""
        c.add(urls.term_url(term.role, term.from_), urls.role_url(term.role), title,
              f"{title} on {long_date(term.from_)}{until}{after}.",
              f"<p>{escape(title)} on {long_date(term.from_)}{until}{escape(after)}: see "
              f"{c.link(urls.role_url(term.role), 'the rotation of the ' + role + ' role')} and "
              f"{c.link(member_url(term.member), who)}.</p>",
              term.from_, {"everything", urls.member_feed_slug(term.member)})


# --- writing ---------------------------------------------------------------------------------


def _at_midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone)


def render_feed(site: Site, base: str, info: FeedInfo, chosen: list[Entry], fmt: str,
                budget: int = FEED_BUDGET) -> bytes:
    """One feed as RSS 2.0 (``fmt='rss'``) or Atom (``fmt='atom'``) of ``chosen``, in order,
    in at most ``budget`` bytes (see :func:`budgeted`)."""
    coalition = site.content.coalition
    zone = ZoneInfo(coalition.timezone)
    # the feed changes when its newest entry appears; an empty feed dates from the founding
    newest = _at_midnight(chosen[0].last_change if chosen else coalition.founded, zone)
    self_url = urls.absolute(base, urls.feed_url(info.slug, fmt))
    home = urls.absolute(base, member_url(info.member_id) if info.member_id else "")
    # feedgen (and lxml) loaded where feeds are made (see outputs.write)
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.id(self_url)
    fg.title(f"{plain(coalition.name)}: {info.title}")
    fg.author({"name": plain(coalition.name)})
    # feedgen takes the RSS <link> from the last link set: the alternate goes last
    fg.link(href=self_url, rel="self")
    fg.link(href=home, rel="alternate")
    # the channel description is plain text (feedgen escapes it for XML); only an item's
    # description is HTML in RSS
    fg.description(info.description)
    fg.language("en")
    fg.generator("Coalition Portal")
    fg.updated(newest)
    fg.lastBuildDate(newest)
    for entry, content in zip(chosen, budgeted(chosen, budget)):
        when = _at_midnight(entry.day, zone)
        fe = fg.add_entry(order="append")
        fe.id(entry.id)
        fe.title(entry.title)
        fe.link(href=entry.link)
        # RSS readers render <description> as HTML: the plain summary goes in escaped
        fe.summary(str(escape(entry.summary)) if fmt == "rss" else entry.summary)
        if content is not None:
            fe.content(content, type="html")
        fe.published(when)
        fe.updated(_at_midnight(entry.last_change, zone))
    if fmt == "rss":
        return fg.rss_str(pretty=True)
    return fg.atom_str(pretty=True)


def render_feeds(site: Site, base: str, length: int = DEFAULT_LENGTH) -> dict[str, bytes]:
    """Site-relative path -> bytes, for every feed in both formats."""
    return dict(iter_feeds(site, base, length))


def iter_feeds(site: Site, base: str,
               length: int = DEFAULT_LENGTH) -> Iterator[tuple[str, bytes]]:
    """(site-relative path, bytes) of the feeds' browser stylesheets, then of every feed in
    both formats, one at a time: a long archive has a feed per member, too many to hold all
    of them until they are written."""
    by_feed: dict[str, list[Entry]] = defaultdict(list)
    for entry in collect(site, base, length):  # newest first: a feed keeps its first `length`
        for slug in entry.feeds:
            if len(by_feed[slug]) < length:
                by_feed[slug].append(entry)
    yield from feed_stylesheet.stylesheets().items()  # each feed names them
    for info in catalogue(site):
        for fmt in ("rss", "atom"):
            path = urls.feed_url(info.slug, fmt)
            yield path, feed_stylesheet.with_stylesheet(
                render_feed(site, base, info, by_feed[info.slug], fmt), path)


def _alternate(title: str, url: str) -> dict[str, str]:
    kind = "application/atom+xml" if url.endswith(".atom.xml") else "application/rss+xml"
    return {"title": title, "href": url, "type": kind}


def autodiscovery() -> list[dict[str, str]]:
    """``<link rel="alternate">`` data for every page: the main feeds.

    The hrefs are site-relative (the page template makes them relative to the page), not
    absolute: Material's script fetches ``sitemap.xml`` beside every ``link rel=alternate``
    it finds, so an absolute href would send each reader's browser to the configured host
    even when the site is read from another one (a preview, a mirror, a local copy).
    """
    out = [_alternate("Everything (Atom)", urls.feed_url("everything", "atom"))]
    out += [_alternate(f"{info.title} (RSS)", info.rss) for info in KIND_FEEDS]
    return out


def page_autodiscovery(rss_url: str, title: str) -> list[dict[str, str]]:
    """A page's own feed (``Page.feed``, the RSS URL) in both formats, site-relative."""
    atom = rss_url.removesuffix(".rss.xml") + ".atom.xml"
    return [_alternate(f"{plain(title)} (RSS)", rss_url),
            _alternate(f"{plain(title)} (Atom)", atom)]


