"""The secretary's edits: new meetings, publications, endorsements, amendments, memberships
and role handovers, each validated as a whole before anything is written (:func:`commit`
in :mod:`.files`)."""


from __future__ import annotations

import datetime as dt
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.tokens import CommentToken

from ..checks.references import members_on
from ..content.load import Content
from ..content.model import ChangeOp, ClauseKind, MeetingKind, MeetingStatus, MemberKind
from .files import (
    AuthoringError,
    Result,
    append_item,
    commit,
    current,
    dump,
    free_id,
    notes_for,
    prose,
    record_path,
    round_trip,
    scalar,
    schema_line,
    slugify,
    today,
    yaml_text,
)

# --- coalition new meeting -------------------------------------------------------------


def new_meeting(content_dir: Path, *, date: dt.date, kind: str = "regular",
                chair: str | None = None, time: str | None = None, location: str | None = None,
                title: str | None = None, slug: str | None = None) -> Result:
    """A meeting file: attendance of the members on ``date`` (not-recorded), draft minutes.

    The start time and location are the ones given, else the latest earlier meeting's
    that recorded them; with neither, the field is left out (not recorded: never an
    invented value) and a note says to add it."""
    prepared = current(content_dir)
    content = prepared.content
    kind = MeetingKind(kind).value
    meeting_id = f"{date.isoformat()}-{slug or kind}"
    previous = [m for m in content.meetings.values() if m.date <= date]
    start = time or next((m.start for m in reversed(previous) if m.start), None)
    where = location or next((m.location for m in reversed(previous) if m.location), None)
    held = date <= today(content)
    lines = [schema_line("meeting", 2)]
    if title:
        lines.append(f"title: {scalar(title)}\n")
    lines.append(f"date: {date.isoformat()}\n")
    lines.append(f"start: {start}\n" if start else
                 "# start: HH:MM  (left out: not recorded yet; add it when it is known)\n")
    lines += [f"kind: {kind}\n", f"status: {'held' if held else 'scheduled'}\n",
              "public: true\n"]
    lines.append(f"location: {scalar(where)}\n" if where else
                 "# location: …  (left out: not recorded yet; add it when it is known)\n")
    if chair:
        lines.append(f"chair: {chair}\n")
    present = members_on(content, date)
    if present:
        lines.append("# Mark each member present, absent or excused; not-recorded means "
                     "nobody noted it.\nattendance:\n")
        lines += [f"  - member: {m}\n    status: not-recorded\n" for m in present]
    else:
        lines.append("attendance: []\n")
    lines.append("agenda: []\n")
    # draft minutes even before a scheduled meeting: the site shows no body until published
    lines += ["minutes:\n", "  status: draft\n",
              "  # Write the minutes in Markdown, e.g.  body: |  then the text indented\n"
              f"  # below it; then run: coalition publish {meeting_id}\n",
              "  body: \"\"\n"]
    lines += [f"# Each decision: id (e.g. d-{date:%Y-%m}-1), title, class (a key of decision_rules\n"
              "# in coalition.yml), rationale (never empty), outcome (adopted, rejected or\n"
              "# deferred), optionally vote and platform_clauses.\n",
              "decisions: []\n"]
    relative = f"meetings/{meeting_id}.yml"
    shown, prepared = commit(content_dir, relative, "".join(lines), new=True)
    due = date + dt.timedelta(days=prepared.target_days)
    notes = [f"minutes due {due} ({prepared.target_days} days after the meeting)" if held
             else f"scheduled; its minutes will be due {due}"]
    notes += [f"no {what} given: add {field}: to {relative} when it is known"
              for what, field, value in (("start time", "start", start),
                                         ("location", "location", where)) if not value]
    return Result(shown, notes + notes_for(prepared, shown))


# --- coalition publish ----------------------------------------------------------------


def find_meeting(content: Content, ref: str) -> str:
    """A meeting id from an id, a file path or a date that names exactly one meeting."""
    stem = Path(ref).stem
    if stem in content.meetings:
        return stem
    on_day = [mid for mid, m in content.meetings.items() if m.date.isoformat() == ref]
    if len(on_day) == 1:
        return on_day[0]
    known = ", ".join(list(content.meetings)[-5:]) or "none yet"
    raise AuthoringError([f"{ref}: no such meeting (latest: {known})"])


def publish(content_dir: Path, meeting_ref: str, *, on: dt.date | None = None,
            approved: bool = False) -> Result:
    """Set minutes.published (and the meeting's status to held); refuse empty minutes or a
    decision without rationale."""
    content = current(content_dir).content
    meeting_id = find_meeting(content, meeting_ref)
    src = content.source("meeting", meeting_id)
    meeting = content.meetings[meeting_id]
    now = today(content)
    on = on or now
    problems = []
    if meeting.status in (MeetingStatus.cancelled, MeetingStatus.postponed):
        problems.append(src.finding(("status",), f"a {meeting.status} meeting owes no minutes"))
    if meeting.date > on:
        problems.append(src.finding(("date",), f"the meeting is on {meeting.date}, after "
                                    f"{on}; publish its minutes once it has been held"))
    if meeting.minutes is None or not meeting.minutes.body.strip():
        problems.append(src.finding(("minutes", "body"),
                                    "the minutes have no text yet; write them before publishing"))
    if meeting.minutes is not None and meeting.minutes.published is not None:
        problems.append(src.finding(("minutes", "published"),
            f"already published on {meeting.minutes.published}; correct them with a "
            "corrections entry instead"))
    # the model already refuses a missing or empty rationale; kept here for the message
    problems += [src.finding(("decisions", i, "rationale"),
                             "every decision is published with its rationale; write it")
                 for i, d in enumerate(meeting.decisions) if not d.rationale.strip()]
    if problems:
        raise AuthoringError([str(p) for p in problems] + ["Nothing was written."])
    relative = record_path(content, "meeting", meeting_id)
    yaml, data = round_trip(content_dir / relative)
    if data.get("status") == "scheduled":
        data["status"] = "held"
    minutes = data["minutes"]
    _set_after(minutes, "published", on, after="status")
    if approved:
        if "status" in minutes:
            minutes["status"] = "approved"
        else:  # left out (not recorded): the status comes first, as new meeting writes it
            minutes.insert(0, "status", "approved")
        _set_after(minutes, "approved", on, after="published")
    shown, prepared = commit(content_dir, relative, dump(yaml, data))
    pub = prepared.publications[meeting_id]
    notes = [f"published {on}: {pub.lag} day(s) after the meeting, {pub.state}"]
    if on < now:
        notes.append(f"{on} is before today ({now}): the build compares it with the date this "
                     "change is committed to git and refuses back-dated minutes (back_dating)")
    unrecorded = [a.member for a in meeting.attendance if a.status.value == "not-recorded"]
    if unrecorded:
        notes.append(f"attendance not recorded for: {', '.join(unrecorded)}")
    return Result(shown, notes + [n for n in notes_for(prepared, shown)
                                  if "minutes.published" not in n])


def _set_after(mapping: CommentedMap, key: str, value, *, after: str) -> None:
    """Set ``key``; a new key goes right after ``after`` (the demo's key order)."""
    if key in mapping:
        mapping[key] = value
        return
    keys = list(mapping)
    position = keys.index(after) + 1 if after in keys else len(keys)
    mapping.insert(position, key, value)
    _move_comment_lines(mapping, keys[position - 1] if position else None, key)


def _move_comment_lines(mapping: CommentedMap, before: str | None, new_key: str) -> None:
    """ruamel keeps comment lines with the key above them; a key inserted after that key
    would land below comments that describe the next one, so they move to the new key."""
    slot = mapping.ca.items.get(before) if before is not None else None
    token = slot[2] if slot and len(slot) > 2 else None
    if token is None or not isinstance(token, CommentToken):
        return
    end_of_line, _, lines = token.value.partition("\n")
    if not lines.strip():
        return
    token.value = end_of_line + "\n"
    mapping.ca.items[new_key] = [None, None, CommentToken("\n" + lines, token.start_mark), None]


# --- coalition endorse ----------------------------------------------------------------


def _platform_on(content: Content, day: dt.date) -> str:
    adopted = [vid for vid, v in content.platforms.items() if v.adopted <= day]
    if not adopted:
        raise AuthoringError([f"no platform version was adopted on or before {day}"])
    return adopted[-1]


def endorse(content_dir: Path, *, org: str | None, signer: str, title: str,
            member: str | None = None, statement: str | None = None,
            on: dt.date | None = None, url: str | None = None) -> Result:
    """A new endorsement of the current platform, by a member or an outside organization."""
    content = current(content_dir).content
    on = on or today(content)
    if member is None and not org:
        raise AuthoringError(["give --org NAME (an outside organization) or --member ID"])
    if member is not None:
        found = content.members.get(member)
        if found is None:
            raise AuthoringError([f"--member {member}: no such member "
                                  f"(there is no members/{member}.yml)"])
        if org and org.casefold() not in (found.name.casefold(),
                                         (found.short_name or "").casefold()):
            raise AuthoringError([f"--org {org!r} is not the name of member {member} "
                                  f"({found.name}); leave out --org or --member"])
    platform = _platform_on(content, on)
    endorser = f"  member: {member}\n" if member else f"  organization: {scalar(org)}\n"
    if url:
        endorser += f"  url: {scalar(url)}\n"
    text = (schema_line("endorsement", 2) + "endorser:\n" + endorser
            + f"platform: {platform}\n" + f"date: {on.isoformat()}\n"
            + f"signer:\n  name: {scalar(signer)}\n  title: {scalar(title)}\n")
    if statement:
        text += f"statement: {prose(statement, 2)}\n"
    endorsement_id = free_id(f"{slugify(member or org)}-{platform}", content.endorsements)
    shown, _ = commit(content_dir, f"endorsements/{endorsement_id}.yml", text, new=True)
    return Result(shown, [f"endorses platform {platform} as of {on}"])


def withdraw_endorsement(content_dir: Path, endorsement_id: str, *, reason: str,
                         on: dt.date | None = None) -> Result:
    """Record a withdrawal; the endorsement stays on the record."""
    content = current(content_dir).content
    endorsement_id = Path(endorsement_id).stem
    if endorsement_id not in content.endorsements:
        known = ", ".join(content.endorsements) or "none yet"
        raise AuthoringError([f"{endorsement_id}: no such endorsement (known: {known})"])
    src = content.source("endorsement", endorsement_id)
    if content.endorsements[endorsement_id].withdrawn is not None:
        raise AuthoringError([str(src.finding(("withdrawn",), "already withdrawn"))])
    on = on or today(content)
    relative = record_path(content, "endorsement", endorsement_id)
    yaml, data = round_trip(content_dir / relative)
    data["withdrawn"] = CommentedMap([("date", on), ("reason", yaml_text(reason))])
    shown, _ = commit(content_dir, relative, dump(yaml, data))
    return Result(shown, [f"withdrawn {on}"])


# --- coalition amend ------------------------------------------------------------------


def amend(content_dir: Path, *, clause: str, op: str, by: str, rationale: str,
          text: str | None = None, kind: str | None = None, clause_title: str | None = None,
          title: str | None = None, on: dt.date | None = None) -> Result:
    """Propose a change to one clause of the current platform version."""
    content = current(content_dir).content
    on = on or today(content)
    op = ChangeOp(op).value
    against = _platform_on(content, on)
    version = content.platforms[against]
    existing = {c.id: c for c in version.clauses}
    if op == "add" and (kind is None or clause_title is None):
        raise AuthoringError(["--op add needs the new clause's --kind and --clause-title"])
    if op != "remove" and not text:
        raise AuthoringError([f"--op {op} needs the clause's new --text"])
    if op == "remove" and text:
        raise AuthoringError(["--op remove takes no --text"])
    if op != "add" and clause not in existing:
        raise AuthoringError([f"--clause {clause}: platform {against} has no such clause "
                              f"(its clauses: {', '.join(existing)})"])
    if op == "add" and clause in existing:
        raise AuthoringError([f"--clause {clause}: platform {against} has it already; "
                              "use --op replace"])
    if kind is not None:
        ClauseKind(kind)
    name = existing[clause].title if clause in existing else (clause_title or clause)
    title = title or f"{op.capitalize()} clause {clause}: {name}"
    change = f"  - clause: {clause}\n    op: {op}\n"
    if op == "add":
        change += f"    kind: {kind}\n    title: {scalar(clause_title)}\n"
    if text:
        change += f"    text: {prose(text, 6)}\n"
    body = (schema_line("amendment", 2) + f"title: {scalar(title)}\n"
            + f"proposed_by: {by}\n" + f"proposed_on: {on.isoformat()}\n"
            + f"against: {against}\n"
            + f"rationale: {prose(rationale, 2)}\n"
            + "changes:\n" + change
            + "# proposed until a decision settles it: then adopted or rejected, with decided_by\n"
            + "status: proposed\n")
    amendment_id = free_id(f"a-{slugify(clause)}", content.amendments)
    shown, _ = commit(content_dir, f"amendments/{amendment_id}.yml", body, new=True)
    return Result(shown, [f"proposes to {op} clause {clause} of platform {against}"])


# --- coalition member join / leave ------------------------------------------------------


def member_join(content_dir: Path, member_id: str, *, on: dt.date | None = None,
                name: str | None = None, kind: str = "organization",
                constituency: str | None = None, url: str | None = None,
                reason: str | None = None) -> Result:
    """A new member file, or a new membership period for a member who had left."""
    content = current(content_dir).content
    on = on or today(content)
    member = content.members.get(member_id)
    if member is None:
        if not name or not constituency:
            raise AuthoringError([f"{member_id} is a new member: give --name and --constituency"])
        MemberKind(kind)
        text = (schema_line("member", 2) + f"name: {scalar(name)}\n" + f"kind: {kind}\n"
                + f"constituency: {scalar(constituency)}\n"
                + (f"url: {scalar(url)}\n" if url else "")
                + "memberships:\n" + f"  - joined: {on.isoformat()}\n"
                + (f"    reason: {scalar(reason)}\n" if reason else ""))
        shown, _ = commit(content_dir, f"members/{member_id}.yml", text, new=True)
        return Result(shown, [f"{name} joins on {on}"])
    if member.is_member_on(on) or member.memberships[-1].left is None:
        src = content.source("member", member_id)
        raise AuthoringError([str(src.finding(("memberships", len(member.memberships) - 1),
                                              f"{member.name} is already a member; nothing was written"))])
    relative = record_path(content, "member", member_id)
    yaml, data = round_trip(content_dir / relative)
    period = CommentedMap([("joined", on)])
    if reason:
        period["reason"] = yaml_text(reason)
    append_item(data["memberships"], period)
    shown, _ = commit(content_dir, relative, dump(yaml, data))
    return Result(shown, [f"{member.name} rejoins on {on}"])


def member_leave(content_dir: Path, member_id: str, *, on: dt.date | None = None,
                 reason: str | None = None) -> Result:
    """Close the member's current membership period on ``on`` (kept as history)."""
    content = current(content_dir).content
    on = on or today(content)
    member = content.members.get(member_id)
    if member is None:
        raise AuthoringError([f"{member_id}: no such member (known: {', '.join(content.members)})"])
    src = content.source("member", member_id)
    last = len(member.memberships) - 1
    if member.memberships[last].left is not None:
        raise AuthoringError([str(src.finding(("memberships", last, "left"),
                                              f"{member.name} already left on {member.memberships[last].left}"))])
    relative = record_path(content, "member", member_id)
    yaml, data = round_trip(content_dir / relative)
    period = data["memberships"][last]
    _set_after(period, "left", on, after="joined")
    if reason:
        _set_after(period, "reason", yaml_text(reason), after="left")
    shown, prepared = commit(content_dir, relative, dump(yaml, data))
    roles_src = content.source("roles")
    notes = [f"{member.name} leaves on {on}"]
    for i, term in enumerate(content.roles.terms):
        if term.member == member_id and (term.to is None or term.to > on):
            notes.append(f"{roles_src.path}:{roles_src.line('terms', i)}: {member_id} still holds "
                         f"{term.role}; hand it over: coalition role handover {term.role} "
                         "--to MEMBER --on DATE")
    return Result(shown, notes)


# --- coalition role handover ----------------------------------------------------------


def role_handover(content_dir: Path, role: str, *, to: str, on: dt.date) -> Result:
    """End the role's running term the day before ``on``; start ``to``'s term on ``on``."""
    content = current(content_dir).content
    roles = {r.id for r in content.roles.roles}
    if role not in roles:
        raise AuthoringError([f"{content.source('roles').path}: no role '{role}' "
                              f"(roles: {', '.join(sorted(roles))})"])
    holder = next((t.member for t in content.roles.terms if t.role == role
                   and t.from_ <= on and (t.to is None or on <= t.to)), None)
    if holder == to:
        raise AuthoringError([f"{to} already holds {role} on {on}; nothing was written"])
    relative = record_path(content, "roles")
    yaml, data = round_trip(content_dir / relative)
    notes = []
    for term in data.get("terms") or []:
        if term.get("role") != role:
            continue
        start = dt.date.fromisoformat(str(term["from"]))
        end = term.get("to")
        end = dt.date.fromisoformat(str(end)) if end is not None else None
        if start < on and (end is None or end >= on):
            _set_after(term, "to", on - dt.timedelta(days=1), after="from")
            notes.append(f"{term['member']}'s term ends {on - dt.timedelta(days=1)}")
    if "terms" not in data or data["terms"] is None:
        data["terms"] = CommentedSeq()
    append_item(data["terms"], CommentedMap([("role", role), ("member", to), ("from", on)]))
    shown, _ = commit(content_dir, relative, dump(yaml, data))
    return Result(shown, notes + [f"{to} holds {role} from {on}"])
