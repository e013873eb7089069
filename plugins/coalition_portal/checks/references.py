"""Checks across records: every reference resolves and the record agrees with itself.

``check(content, as_of)`` returns findings (errors) about references, votes,
memberships, role terms, platform versions, amendments and endorsements.  The
publication check (overdue and late minutes) is in ``publication``.

The content may hold what is left of records that failed their model (``content.salvage``):
a reference to a record that failed says where it failed (``not_valid``), never that it does
not exist, and a check that judges an absence first asks whether the part was cut
(``Source.known``): a part cut is unknown, not missing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

from ..content.findings import Finding
from ..content.load import Content, gc_paused
from ..content.model import (
    AmendmentStatus,
    ChangeOp,
    Decision,
    DecisionRule,
    MeetingStatus,
    MinutesStatus,
)
from .votes import count


def check(content: Content, as_of: dt.date) -> list[Finding]:
    findings: list[Finding] = []
    with gc_paused():
        for checker in (_check_members, _check_roles, _check_platforms, _check_meetings,
                        _check_amendments, _check_endorsements):
            findings.extend(checker(content, as_of))
    return _fold_not_valid(sorted(findings))


_NOT_VALID = " is not valid, see "
_SHOWN_LINES = 8


def not_valid(content: Content, kind: str, record_id: str) -> str | None:
    """"<id> is not valid, see <file>:<line>" when the record referred to failed its model."""
    where = content.failed(kind, record_id)
    return f"{record_id}{_NOT_VALID}{where}" if where else None


def _fold_not_valid(findings: list[Finding]) -> list[Finding]:
    """A file's references to one record that failed, as one finding at the first of them
    that names the lines of the others: the record's own problem is the one to fix, and
    a member named in every vote of a year must not bury it under hundreds of lines."""
    first: dict[tuple[str, str], int] = {}
    others: dict[int, list[int]] = defaultdict(list)
    out: list[Finding] = []
    for finding in findings:
        if _NOT_VALID not in finding.message:  # (ids have no spaces: only not_valid's words)
            out.append(finding)
            continue
        key = (finding.path, finding.message)
        if key in first:
            others[first[key]].append(finding.line)
            continue
        first[key] = len(out)
        out.append(finding)
    for index, lines in others.items():
        shown = ", ".join(str(line) for line in lines[:_SHOWN_LINES])
        more = f" and {len(lines) - _SHOWN_LINES} more" if len(lines) > _SHOWN_LINES else ""
        finding = out[index]
        out[index] = dataclasses.replace(finding, message=(
            f"{finding.message} (also named on line{'s' if len(lines) > 1 else ''} "
            f"{shown}{more})"))
    return out


def decision_index(content: Content) -> dict[str, tuple[str, Decision]]:
    """Every decision by id, with the id of its meeting."""
    return {d.id: (mid, d) for mid, m in content.meetings.items() for d in m.decisions}


def rule_of(content: Content, decision: Decision) -> DecisionRule | None:
    return decision.rule or content.coalition.decision_rules.get(decision.class_)


def members_on(content: Content, day: dt.date) -> list[str]:
    return [mid for mid, m in content.members.items() if m.is_member_on(day)]


def members_by_day(content: Content) -> dict[dt.date, list[str]]:
    """``members_on`` for every meeting date, in one sweep over the membership periods.

    A scan of every member for every meeting (or every vote) grows with the square of
    the archive; this grows with its size.
    """
    changes: list[tuple[dt.date, int, str]] = []
    for member_id, member in content.members.items():
        for period in member.memberships:
            changes.append((period.joined, 1, member_id))
            if period.left is not None and period.left < dt.date.max:
                changes.append((period.left + dt.timedelta(days=1), -1, member_id))
    changes.sort()
    active: dict[str, int] = defaultdict(int)
    out: dict[dt.date, list[str]] = {}
    position = 0
    for day in sorted({m.date for m in content.meetings.values()}):
        while position < len(changes) and changes[position][0] <= day:
            _, step, member_id = changes[position]
            active[member_id] += step
            position += 1
        out[day] = sorted(mid for mid, periods in active.items() if periods > 0)
    return out


def _member_ref(content: Content, member_id: str, day: dt.date | None, where, loc,
                what: str) -> list[Finding]:
    """A member reference must resolve and, when ``day`` is given, be a member then."""
    member = content.members.get(member_id)
    if member is not None and (day is None or (member.is_member_on(day)
                                               and not _periods_unknown(content, member_id))):
        return []
    failed = not_valid(content, "member", member_id)  # what is left of it cannot tell
    if failed:
        return [where.finding(loc, failed)]
    if member is None:
        return [where.finding(loc, f"'{member_id}' is not a member: there is no "
                                   f"members/{member_id}.yml")]
    return [where.finding(loc, f"{member.name} ({member_id}) was not a member of the "
                               f"coalition on {day}, so cannot be {what}")]


def _periods_unknown(content: Content, member_id: str) -> bool:
    """The member failed its model and its membership periods with it (or it is lost)."""
    return content.failed("member", member_id) is not None and (
        member_id not in content.members
        or not content.source("member", member_id).known("memberships"))


def unsure_members(content: Content) -> frozenset[str]:
    """The members of whom it is not known on which days they were members: each vote
    and attendance is checked without them, and a vote naming one is not tallied."""
    return frozenset(member_id for kind, member_id in content.invalid
                     if kind == "member" and _periods_unknown(content, member_id))


def _check_members(content: Content, as_of: dt.date) -> list[Finding]:
    out = []
    for member_id, member in content.members.items():
        src = content.source("member", member_id)
        periods = member.memberships if src.known("memberships") else []
        for i in range(1, len(periods)):
            before, after = periods[i - 1], periods[i]
            if before.left is None or after.joined <= before.left:
                end = "no end" if before.left is None else f"ends {before.left}"
                out.append(src.finding(("memberships", i, "joined"),
                    f"this membership starts {after.joined} but the one before {end}; "
                    "periods must follow each other without overlapping"))
        for i, period in enumerate(periods):
            if period.joined > as_of:
                out.append(src.finding(("memberships", i, "joined"),
                                       f"{period.joined} is in the future (after {as_of})"))
    return out


def _check_roles(content: Content, as_of: dt.date) -> list[Finding]:
    if ("roles", "") not in content.sources:  # roles.yml failed as a whole: nothing to check
        return []
    src = content.source("roles")
    role_ids = [r.id for r in content.roles.roles]
    out = [src.finding(("roles", i, "id"), f"the role '{r.id}' is listed twice")
           for i, r in enumerate(content.roles.roles) if r.id in role_ids[:i]]
    by_role: dict[str, list[int]] = defaultdict(list)
    for i, term in enumerate(content.roles.terms):
        if term.role not in role_ids:
            out.append(src.finding(("terms", i, "role"), not_valid(content, "role", term.role)
                or f"'{term.role}' is not a role listed under roles: ({', '.join(role_ids)})"))
        out.extend(_member_ref(content, term.member, term.from_, src, ("terms", i, "member"),
                               "given a role"))
        by_role[term.role].append(i)
    for indices in by_role.values() if src.known("terms") else ():
        ordered = sorted(indices, key=lambda i: content.roles.terms[i].from_)
        for a, b in zip(ordered, ordered[1:]):
            first, second = content.roles.terms[a], content.roles.terms[b]
            if first.to is None or second.from_ <= first.to:
                out.append(src.finding(("terms", b, "from"),
                    f"this {second.role} term starts {second.from_} while the term of "
                    f"{first.member} (line {src.line('terms', a)}) still runs; "
                    "terms of one role must not overlap"))
    return out


def _check_platforms(content: Content, as_of: dt.date) -> list[Finding]:
    out = []
    decisions = decision_index(content)
    clause_kinds: dict[str, tuple[str, str]] = {}
    # a version that failed its model leaves a gap that is not one
    lost = any(kind == "platform" and vid not in content.platforms for kind, vid in content.invalid)
    for expected, (version_id, version) in enumerate(content.platforms.items(), start=1):
        src = content.source("platform", version_id)
        if version_id != f"v{version.number}":
            out.append(src.finding(("number",),
                f"version {version.number} must be in the file v{version.number}.yml"))
        elif version.number != expected and not lost:
            out.append(src.finding(("number",),
                f"platform versions are numbered 1, 2, 3…; v{expected}.yml is missing"))
        if version.adopted > as_of:
            out.append(src.finding(("adopted",), f"{version.adopted} is in the future"))
        if version.adopted_by and version.adopted_by not in decisions:
            out.append(src.finding(("adopted_by",), _no_decision(content, version.adopted_by)))
        seen = set()
        for i, clause in enumerate(version.clauses):
            if clause.id in seen:
                out.append(src.finding(("clauses", i, "id"),
                                       f"the clause id '{clause.id}' is used twice in this version"))
            seen.add(clause.id)
            first = clause_kinds.setdefault(clause.id, (clause.kind, version_id))
            if first[0] != clause.kind:
                out.append(src.finding(("clauses", i, "kind"),
                    f"clause '{clause.id}' is {first[0]} in {first[1]}; a clause id keeps "
                    "its kind — give a clause of another kind a new id"))
    return out


def _check_meetings(content: Content, as_of: dt.date) -> list[Finding]:
    out = []
    decisions = decision_index(content)
    clause_ids = {c.id for v in content.platforms.values() for c in v.clauses}
    seen_decisions: dict[str, str] = {}
    on_day = members_by_day(content)
    unsure = unsure_members(content)
    for meeting_id, meeting in content.meetings.items():
        src = content.source("meeting", meeting_id)
        out.extend(_check_meeting_dates(meeting_id, meeting, as_of, src))
        if meeting.chair:
            out.extend(_member_ref(content, meeting.chair, meeting.date, src, ("chair",),
                                   "chair of this meeting"))
        listed = set()
        eligible = [m for m in on_day[meeting.date] if m not in unsure] if unsure \
            else on_day[meeting.date]
        members_then = set(eligible)
        for i, entry in enumerate(meeting.attendance):
            if entry.member not in members_then:  # only a stranger needs the worded check
                out.extend(_member_ref(content, entry.member, meeting.date, src,
                                       ("attendance", i, "member"), "in the attendance"))
            if entry.member in listed:
                out.append(src.finding(("attendance", i, "member"),
                                       f"{entry.member} is listed twice in the attendance"))
            listed.add(entry.member)
        for i, decision in enumerate(meeting.decisions):
            loc = ("decisions", i)
            if decision.id in seen_decisions:
                out.append(src.finding(loc + ("id",),
                    f"the decision id '{decision.id}' is already used in "
                    f"{seen_decisions[decision.id]}; decision ids must be unique"))
            seen_decisions.setdefault(decision.id, src.path)
            out.extend(_check_decision(content, meeting, decision, src, loc, decisions,
                                       clause_ids, eligible, members_then))
    return out


def _check_meeting_dates(meeting_id, meeting, as_of, src) -> list[Finding]:
    out = []
    if not meeting_id.startswith(meeting.date.isoformat()):
        out.append(src.finding(("date",),
            f"the file name should start with the meeting date ({meeting.date}-…yml)"))
    owes_nothing = meeting.status in (MeetingStatus.cancelled, MeetingStatus.postponed)
    if meeting.date > as_of and meeting.status is MeetingStatus.held:
        out.append(src.finding(("status",),
            f"a meeting on {meeting.date} cannot have been held yet (as of {as_of})"))
    if (owes_nothing or meeting.date > as_of) and meeting.decisions:
        out.append(src.finding(("decisions",),
            f"a {meeting.status if owes_nothing else 'future'} meeting cannot record decisions"))
    if meeting.end is not None and meeting.start is None and src.known("start"):
        out.append(src.finding(("end",),
            "an end time without a start time; write the start time too, or leave both out "
            "when they were not recorded"))
    minutes = meeting.minutes
    if minutes is None:
        return out
    if minutes.approved is not None and minutes.status is None and src.known("minutes", "status"):
        out.append(src.finding(("minutes", "approved"),
            "an approval date without a status; write status: approved (or corrected)"))
    if owes_nothing or meeting.date > as_of:
        if minutes.published:
            out.append(src.finding(("minutes", "published"),
                "minutes cannot be published for a meeting that did not take place"))
    if minutes.published is not None:
        if minutes.published < meeting.date:
            out.append(src.finding(("minutes", "published"),
                f"{minutes.published} is before the meeting itself ({meeting.date})"))
        if minutes.published > as_of:
            out.append(src.finding(("minutes", "published"),
                f"{minutes.published} is in the future (the build is as of {as_of})"))
        if not minutes.body.strip() and src.known("minutes", "body"):
            out.append(src.finding(("minutes", "body"), "published minutes need a body"))
    published_known = src.known("minutes", "published")
    if minutes.approved is not None and published_known and (
            minutes.published is None or minutes.approved < minutes.published):
        out.append(src.finding(("minutes", "approved"),
            "minutes are approved on or after the day they are published"))
    if minutes.status is MinutesStatus.corrected and not meeting.corrections \
            and src.known("corrections"):
        out.append(src.finding(("minutes", "status"),
            "corrected minutes list what was corrected under corrections:"))
    for i, correction in enumerate(meeting.corrections):
        if not published_known:
            continue
        if minutes.published is None or correction.date < minutes.published:
            out.append(src.finding(("corrections", i, "date"),
                "a correction is dated on or after the minutes' publication"))
        elif correction.date > as_of:
            out.append(src.finding(("corrections", i, "date"), f"{correction.date} is in the future"))
    return out


def _no_decision(content: Content, decision_id: str) -> str:
    return _not_found(content, "decision", decision_id,
                      f"no meeting records a decision '{decision_id}'")


def _not_found(content: Content, kind: str, inner_id: str, words: str) -> str:
    """A decision (or clause) that is not there: it failed, or a file that could not be
    read may hold it, or it is nowhere."""
    unread = content.failed(kind, "")
    return not_valid(content, kind, inner_id) or words + (
        f" (but {unread} could not be read, and may)" if unread else "")


def _check_decision(content, meeting, decision, src, loc, decisions, clause_ids, eligible,
                    eligible_set):
    out = []
    rule = rule_of(content, decision)
    if rule is None:
        classes = ", ".join(content.coalition.decision_rules)
        out.append(src.finding(loc + ("class",), not_valid(content, "class", decision.class_)
            or f"'{decision.class_}' is not a decision class of coalition.yml ({classes})"))
    for j, clause in enumerate(decision.platform_clauses):
        if clause not in clause_ids:
            out.append(src.finding(loc + ("platform_clauses", j),
                _not_found(content, "clause", clause,
                           f"no platform version has a clause '{clause}'")))
    for j, earlier in enumerate(decision.supersedes):
        found = decisions.get(earlier)
        if found is None:
            out.append(src.finding(loc + ("supersedes", j), _no_decision(content, earlier)))
        elif content.meetings[found[0]].date >= meeting.date:
            out.append(src.finding(loc + ("supersedes", j),
                f"'{earlier}' was not taken before this meeting, so it cannot be superseded here"))
    if decision.added is not None and decision.added < meeting.date:
        out.append(src.finding(loc + ("added",), "a decision is added on or after its meeting"))
    if decision.vote is not None and rule is not None:
        # the tally is judged only when the vote, the rule and who could vote are all known
        countable = all(src.known(*loc, part) for part in ("vote", "rule", "outcome"))
        out.extend(_check_vote(content, meeting, decision, rule, src, loc, eligible,
                               eligible_set, countable))
    return out


def _check_vote(content, meeting, decision, rule, src, loc, eligible,
                eligible_set, countable) -> list[Finding]:
    """Every name in the vote is a member on the day, every member is named, and the
    tally of the members' votes gives the recorded outcome.

    A vote naming someone who was not a member is still counted, without that vote (no
    one else's tally changes); one that leaves a member out, or names a member whose
    record failed (``eligible`` leaves out those of ``unsure_members``), cannot be.
    """
    out = []
    strangers = [m for m in decision.vote if m not in eligible_set]
    for member_id in strangers:  # only a stranger needs the slower, worded check
        out.extend(_member_ref(content, member_id, meeting.date, src,
                               loc + ("vote", member_id), "counted in this vote"))
    if not countable:
        return out
    missing = [m for m in eligible if m not in decision.vote]
    if missing:
        out.append(src.finding(loc + ("vote",),
            f"the vote does not record {', '.join(missing)}; list every member of the "
            f"coalition on {meeting.date} (use absent for those who did not vote)"))
    if missing or any(content.failed("member", m) for m in strangers):
        return out
    votes = {m: c for m, c in decision.vote.items() if m in eligible_set} if strangers \
        else decision.vote
    result = count(votes, rule, len(eligible))
    if result.outcome is not decision.outcome:
        if not result.quorum_met:
            why = (f"quorum not met: {result.taking_part} of {result.eligible} members took part, "
                   f"{result.needed_for_quorum} needed, so the outcome can only be deferred")
        else:
            why = (f"the tally ({result.summary()}) under {rule.kind}"
                   f"{' ' + rule.threshold if rule.threshold else ''} gives {result.outcome}")
        if strangers:
            why += f" (not counting {', '.join(strangers)}, who could not vote)"
        out.append(src.finding(loc + ("outcome",),
                               f"the outcome says {decision.outcome} but {why}"))
    return out


def _check_amendments(content: Content, as_of: dt.date) -> list[Finding]:
    out = []
    decisions = decision_index(content)
    for amendment_id, amendment in content.amendments.items():
        src = content.source("amendment", amendment_id)
        out.extend(_member_ref(content, amendment.proposed_by, amendment.proposed_on, src,
                               ("proposed_by",), "the proposer of an amendment"))
        version = content.platforms.get(amendment.against)
        if version is None:
            out.append(src.finding(("against",), not_valid(content, "platform", amendment.against)
                or f"there is no platform version '{amendment.against}' (platform/{amendment.against}.yml)"))
        elif version.adopted > amendment.proposed_on:
            out.append(src.finding(("against",),
                f"{amendment.against} was adopted {version.adopted}, after this amendment "
                f"was proposed ({amendment.proposed_on})"))
        if amendment.proposed_on > as_of:
            out.append(src.finding(("proposed_on",), f"{amendment.proposed_on} is in the future"))
        if version is not None:
            existing = {c.id for c in version.clauses}
            for i, change in enumerate(amendment.changes):
                if change.op is ChangeOp.add and change.clause in existing:
                    out.append(src.finding(("changes", i, "clause"),
                        f"'{change.clause}' already exists in {amendment.against}; use replace"))
                if change.op is not ChangeOp.add and change.clause not in existing:
                    out.append(src.finding(("changes", i, "clause"),
                        not_valid(content, "clause", change.clause)
                        or f"{amendment.against} has no clause '{change.clause}' to {change.op}"))
        if amendment.decided_by and amendment.decided_by not in decisions:
            out.append(src.finding(("decided_by",), _no_decision(content, amendment.decided_by)))
        if amendment.status is AmendmentStatus.proposed and amendment.decided_by:
            out.append(src.finding(("status",),
                "an amendment still proposed has no deciding decision yet; set its status"))
    return out


def _check_endorsements(content: Content, as_of: dt.date) -> list[Finding]:
    out = []
    for endorsement_id, endorsement in content.endorsements.items():
        src = content.source("endorsement", endorsement_id)
        if endorsement.endorser.member:
            out.extend(_member_ref(content, endorsement.endorser.member, None, src,
                                   ("endorser", "member"), "an endorser"))
        version = content.platforms.get(endorsement.platform)
        if version is None:
            out.append(src.finding(("platform",), not_valid(content, "platform", endorsement.platform)
                or f"there is no platform version '{endorsement.platform}'"))
        elif version.adopted > endorsement.date:
            out.append(src.finding(("platform",),
                f"{endorsement.platform} was adopted {version.adopted}; it cannot be endorsed "
                f"on {endorsement.date}, before it existed"))
        if endorsement.date > as_of:
            out.append(src.finding(("date",), f"{endorsement.date} is in the future"))
        withdrawn = endorsement.withdrawn
        if withdrawn and (withdrawn.date < endorsement.date or withdrawn.date > as_of):
            out.append(src.finding(("withdrawn", "date"),
                "a withdrawal is dated between the endorsement and today"))
    return out
