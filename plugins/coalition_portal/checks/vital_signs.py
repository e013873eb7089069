"""The vital signs of a living coalition (section 8 of the reference), computed at build time.

Each sign is named for what it checks ("Bottlenecks"), never for the healthy outcome, so that
its state reads as the state of that check ("Bottlenecks in roles and chairing: warning").

Seven signs, each with a state (healthy / watch / warning), the figure behind it
and the records behind the figure:

1. the decision log is public within the target;
2. meetings record their decisions (none without, none added after the minutes);
3. no single member is the bottleneck (holding most roles or chairing most meetings);
4. the platform is renegotiated (not left alone for 18 months);
5. time since founding against the replant horizon;
6. members who left, and whether the platform was renegotiated after;
7. new members who endorsed the platform and then proposed amendments.

Recent signs (1–3) look at a window of months before ``as_of``; the thresholds
are options with the reference's values as defaults.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ..content.load import Content
from ..content.model import MeetingKind, MeetingStatus, StrEnum
from ..settings import Thresholds
from .publication import Publication, State


class SignState(StrEnum):
    healthy = "healthy"
    watch = "watch"
    warning = "warning"


@dataclass(frozen=True)
class Ref:
    """A record behind a sign: its kind, id and a few words on why it is listed."""

    kind: str  # meeting | decision | member | platform | amendment | endorsement
    id: str
    note: str = ""


@dataclass(frozen=True)
class Sign:
    key: str  # anchor on the vital-signs page
    name: str
    watches: str  # what the sign looks for, after the reference
    state: SignState
    figure: str
    records: tuple[Ref, ...] = ()
    rule: str = ""  # how the state is set, with the thresholds in use


def _d(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from ``start`` to ``end``."""
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, 28))


def compute(content: Content, publications: dict[str, Publication], as_of: dt.date,
            target_days: int, thresholds: Thresholds = Thresholds()) -> tuple[Sign, ...]:
    start = months_before(as_of, thresholds.window_months)
    return (
        decision_log(content, publications, start, target_days, thresholds),
        decisions_recorded(content, publications, as_of, start, thresholds),
        bottleneck(content, as_of, start, thresholds),
        renegotiation(content, as_of, thresholds),
        replant(content, as_of, thresholds),
        departures(content, as_of, thresholds),
        inheritance(content, as_of),
    )


def _in_window(meeting_date: dt.date, start: dt.date) -> bool:
    return meeting_date > start


def _portion(share: float) -> str:
    return "half" if share == 0.5 else f"{round(100 * share)}%"


def _years(n: int) -> str:
    return "year" if n == 1 else f"{n} years"


def _window_words(t: Thresholds) -> str:
    return f"the last {t.window_months} months"


def decision_log(content, publications, start, target_days, t: Thresholds) -> Sign:
    recent = [p for p in publications.values() if _in_window(p.meeting_date, start)
              and p.state not in (State.upcoming, State.no_minutes_owed)]
    counted = [p for p in recent if p.counted]
    on_time = sum(1 for p in counted if p.state is State.on_time)
    overdue = [p for p in publications.values() if p.state is State.overdue]
    late = [p for p in counted if p.state is State.late]
    rate = on_time / len(counted) if counted else None
    if overdue or (rate is not None and rate < t.on_time_warning):
        state = SignState.warning
    elif late:
        state = SignState.watch
    else:
        state = SignState.healthy
    figure = (f"{on_time} of {len(counted)} meetings in {_window_words(t)} had their minutes "
              f"public within {target_days} days" if counted
              else f"no minutes were published in {_window_words(t)}")
    if overdue:
        figure += f"; {len(overdue)} meeting{'s are' if len(overdue) != 1 else ' is'} overdue"
    refs = [Ref("meeting", p.meeting_id, f"overdue since {_d(p.due)}") for p in overdue]
    refs += [Ref("meeting", p.meeting_id, f"published {p.lag} days after the meeting")
             for p in late]
    return Sign("decision-log", "Minutes published on time",
                "The decision log is public and updated within the target after each meeting: "
                "transparency is current, not retrospective.", state, figure + ".", tuple(refs),
                f"Warning when any minutes are overdue or fewer than "
                f"{round(100 * t.on_time_warning)}% of the minutes of {_window_words(t)} were on "
                f"time; watch when any of them were late.")


def decisions_recorded(content, publications, as_of, start, t: Thresholds) -> Sign:
    held = [(mid, m) for mid, m in content.meetings.items()
            if m.status is MeetingStatus.held and _in_window(m.date, start)
            and publications[mid].counted]
    empty = [mid for mid, m in held if not m.decisions]
    # decisions added after their minutes stay on the record: all are listed, recent ones count
    retro = [(mid, d) for mid, m in content.meetings.items() for d in m.decisions
             if d.added is not None and m.minutes is not None and m.minutes.published is not None
             and d.added > m.minutes.published and d.added <= as_of]
    recent = [(mid, d) for mid, d in retro if _in_window(d.added, start)]
    share = len(empty) / len(held) if held else 0
    if share >= t.no_decisions_warning or len(recent) >= t.added_decisions_warning:
        state = SignState.warning
    elif empty or recent:
        state = SignState.watch
    else:
        state = SignState.healthy
    figure = (f"In {_window_words(t)}, {len(empty)} of {len(held)} meetings with published "
              f"minutes recorded no decision, and {len(recent)} decision"
              f"{'s were' if len(recent) != 1 else ' was'} added after the minutes were published")
    if len(retro) > len(recent):
        figure += f" ({len(retro)} in the whole record)"
    refs = [Ref("meeting", mid, "no decision recorded") for mid in empty]
    refs += [Ref("decision", d.id, f"added {_d(d.added)}, after the minutes published "
                 f"{_d(content.meetings[mid].minutes.published)}") for mid, d in retro]
    return Sign("decisions-recorded", "Decisions recorded in the minutes",
                "Meetings that record no decisions, or decisions that appear after the minutes "
                "were published, mean the platform is becoming theater.",
                state, figure + ".", tuple(refs),
                f"Watch when a meeting of {_window_words(t)} with published minutes recorded no "
                "decision, or a decision was added after its minutes were published in that "
                f"time; warning when {_portion(t.no_decisions_warning)} of those meetings "
                f"recorded none, or {t.added_decisions_warning} decision"
                f"{'s' if t.added_decisions_warning != 1 else ''} or more were added afterwards.")


def bottleneck(content, as_of, start, t: Thresholds) -> Sign:
    roles = content.roles.roles
    holding = Counter(term.member for term in content.roles.terms
                      if term.from_ <= as_of and (term.to is None or as_of <= term.to))
    chairs = Counter(m.chair for m in content.meetings.values()
                     if m.chair and m.status is MeetingStatus.held and _in_window(m.date, start))
    chaired = sum(chairs.values())
    # held meetings whose chair was not recorded (imported history): the share is of the others
    unknown_chair = sum(1 for m in content.meetings.values()
                        if not m.chair and m.status is MeetingStatus.held
                        and _in_window(m.date, start))
    top_roles = holding.most_common(1)[0] if holding else (None, 0)
    top_chair = chairs.most_common(1)[0] if chairs else (None, 0)
    role_share = top_roles[1] / len(roles) if roles else 0
    chair_share = top_chair[1] / chaired if chaired else 0
    if (len(roles) > 1 and role_share > t.bottleneck_share) or \
            (chaired > 1 and chair_share > t.bottleneck_share):
        state = SignState.warning
    elif (len(roles) > 1 and role_share >= t.bottleneck_share) or \
            (chaired > 1 and chair_share >= t.bottleneck_share):
        state = SignState.watch
    else:
        state = SignState.healthy

    def name(member_id):
        return content.members[member_id].display_name

    parts = []
    if top_roles[1] > 1:
        parts.append(f"{name(top_roles[0])} holds {top_roles[1]} of the {len(roles)} roles now")
    elif roles:
        parts.append(f"no member holds more than one of the {len(roles)} roles now")
    if top_chair[0]:
        parts.append(f"{name(top_chair[0])} chaired {top_chair[1]} of the {chaired} meetings "
                     f"held in {_window_words(t)}"
                     + (f" with a recorded chair ({unknown_chair} more without one)"
                        if unknown_chair else ""))
    figure = "; ".join(parts) if parts else "no roles are held and no meetings were chaired"
    figure = figure[0].upper() + figure[1:]
    refs = []
    if top_roles[1] > 1 or (top_roles[0] and role_share > t.bottleneck_share):
        refs.append(Ref("member", top_roles[0], f"{top_roles[1]} of {len(roles)} roles"))
    if top_chair[0]:
        refs.append(Ref("member", top_chair[0], f"chaired {top_chair[1]} of {chaired} meetings"))
    return Sign("bottleneck", "Bottlenecks in roles and chairing",
                "A single member holding most roles or chairing most meetings means distributed "
                "accountability has collapsed back into dependency.",
                state, figure + ".", tuple(dict.fromkeys(refs)),
                f"Warning when one member holds more than {_portion(t.bottleneck_share)} of the roles now or chaired "
                f"more than {_portion(t.bottleneck_share)} of the meetings of {_window_words(t)}; watch at exactly "
                f"{_portion(t.bottleneck_share)}.")


def _current_platform(content, as_of):
    adopted = [(vid, v) for vid, v in content.platforms.items() if v.adopted <= as_of]
    return adopted[-1] if adopted else (None, None)


def renegotiation(content, as_of, t: Thresholds) -> Sign:
    vid, version = _current_platform(content, as_of)
    if version is None:
        return Sign("renegotiation", "Time since the platform was revised",
                    _renegotiation_words(t), SignState.warning, "No platform version has been adopted yet.")
    months = months_between(version.adopted, as_of)
    if months >= t.renegotiation_months:
        state = SignState.warning
    elif months >= t.renegotiation_watch_months:
        state = SignState.watch
    else:
        state = SignState.healthy
    open_amendments = [aid for aid, a in content.amendments.items()
                       if str(a.status) == "proposed" and a.proposed_on <= as_of]
    figure = (f"Version {version.number} was adopted on {_d(version.adopted)}, {months} month"
              f"{'s' if months != 1 else ''} ago (threshold {t.renegotiation_months} months)")
    if open_amendments:
        figure += f"; {len(open_amendments)} amendment{'s' if len(open_amendments) != 1 else ''} " \
                  "awaiting a decision"
    refs = [Ref("platform", vid, f"adopted {_d(version.adopted)}")]
    refs += [Ref("amendment", aid, "proposed, not yet decided") for aid in open_amendments]
    return Sign("renegotiation", "Time since the platform was revised", _renegotiation_words(t), state,
                figure + ".", tuple(refs),
                f"Watch {t.renegotiation_watch_months} months after the current platform version "
                f"was adopted; warning after {t.renegotiation_months} months.")


def _renegotiation_words(t: Thresholds) -> str:
    return (f"A platform not revised in {t.renegotiation_months} months or more, despite changed "
            "circumstances, is rigid, not alive: it will break when tested.")


def replant(content, as_of, t: Thresholds) -> Sign:
    horizon = t.replant_years or content.coalition.replant_horizon_years
    founded = content.coalition.founded
    months = months_between(founded, as_of)
    if months >= horizon * 12:
        state = SignState.warning
    elif months >= (horizon - t.replant_watch_years) * 12:
        state = SignState.watch
    else:
        state = SignState.healthy
    years, rest = divmod(months, 12)
    figure = (f"Founded on {_d(founded)}: {years} year{'s' if years != 1 else ''} and {rest} "
              f"month{'s' if rest != 1 else ''} ago; the members meant to decide after "
              f"{horizon} years whether to go on")
    if state is SignState.warning:
        figure += "; time to decide together whether to go on, start afresh or close"
    refs = []
    formation = [mid for mid, m in content.meetings.items()
                 if m.kind is MeetingKind.formation_circle and m.status is MeetingStatus.held]
    if formation:
        refs.append(Ref("meeting", formation[0], "formation circle"))
    reviews = [mid for mid, m in content.meetings.items()
               if m.kind is MeetingKind.annual_review and m.status is MeetingStatus.held
               and m.date <= as_of]
    if reviews:
        refs.append(Ref("meeting", reviews[-1], "latest annual review"))
    return Sign("replant", "Time since founding",
                "Coalitions are seasons, not permanent mergers: after the years they set "
                "themselves, the members decide together whether to go on, start afresh in a new "
                "form, or close.",
                state, figure + ".", tuple(refs),
                f"Watch in the last {_years(t.replant_watch_years)} before those {horizon} years "
                "are up; warning after them.")


def departures(content, as_of, t: Thresholds) -> Sign:
    versions = [(vid, v) for vid, v in content.platforms.items() if v.adopted <= as_of]
    left = sorted(((p.left, mid) for mid, m in content.members.items() for p in m.memberships
                   if p.left is not None and p.left <= as_of), reverse=True)
    renegotiated, unanswered, refs = [], [], []
    for day, member_id in left:
        after = next(((vid, v) for vid, v in versions if v.adopted > day), None)
        if after is not None:
            renegotiated.append(member_id)
            refs.append(Ref("member", member_id, f"left {_d(day)}; platform version "
                            f"{after[1].number} adopted {_d(after[1].adopted)}"))
        else:
            overdue = months_between(day, as_of) >= t.renegotiation_months
            unanswered.append((member_id, overdue))
            refs.append(Ref("member", member_id, f"left {_d(day)}; platform not revised since"))
    if any(overdue for _, overdue in unanswered):
        state = SignState.warning
    elif renegotiated and not unanswered:
        state = SignState.healthy
    else:
        state = SignState.watch
    if not left:
        figure = "No member has left yet, so this sign of life has not been shown."
    else:
        figure = (f"{len(left)} departure{'s' if len(left) != 1 else ''}; the platform was "
                  f"revised after {len(renegotiated)} of them.")
    return Sign("departures", "Members who left, and platform revisions",
                "When a member leaves and the others revise the platform rather than "
                "dissolve, the coalition is living, not frozen.", state, figure, tuple(refs),
                "Healthy when every departure was followed by a new platform version; warning "
                f"when a departure has gone {t.renegotiation_months} months without one; watch "
                "otherwise, including when no member has left yet.")


def inheritance(content, as_of) -> Sign:
    founded = content.coalition.founded
    newcomers = [mid for mid, m in content.members.items()
                 if m.memberships[0].joined > founded and m.memberships[0].joined <= as_of]
    endorsed = {e.endorser.member: (eid, e) for eid, e in sorted(
        content.endorsements.items(), key=lambda kv: kv[1].date, reverse=True)
        if e.endorser.member and e.date <= as_of}
    refs, both, without = [], [], []
    for mid in newcomers:
        if mid not in endorsed:
            without.append(mid)
            continue
        eid, endorsement = endorsed[mid]
        amended = [aid for aid, a in content.amendments.items()
                   if a.proposed_by == mid and endorsement.date <= a.proposed_on <= as_of]
        if amended:
            both.append(mid)
            refs.append(Ref("endorsement", eid, f"{content.members[mid].display_name} endorsed "
                            f"version {endorsement.platform} on {_d(endorsement.date)}"))
            refs += [Ref("amendment", aid, f"then proposed on "
                          f"{_d(content.amendments[aid].proposed_on)}") for aid in amended]
    refs += [Ref("member", mid, "joined without endorsing the platform") for mid in without]
    state = SignState.healthy if both else SignState.watch
    figure = (f"{len(newcomers)} member{'s' if len(newcomers) != 1 else ''} joined after the "
              f"founding; {len(both)} endorsed the platform and then proposed amendments")
    if without:
        figure += f"; {len(without)} joined without endorsing it"
    return Sign("inheritance", "New members: endorsing, then proposing changes",
                "New members join by endorsing the existing platform, then propose amendments: "
                "the platform is proving useful enough to inherit.", state, figure + ".",
                tuple(refs),
                "Healthy when a member who joined after the founding endorsed the platform and "
                "then proposed an amendment; watch otherwise.")
