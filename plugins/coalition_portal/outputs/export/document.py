"""Building ``coalition.json`` from the site model, and writing it one record per line."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Iterator
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from ...content.model import MemberKind
from ...site import urls
from ...site.model import Site
from ...site.urls import member_url
from .fields import iso_or_none, str_or_none
from .models import (
    COALITION_ID,
    AmendmentOut,
    AttendanceOut,
    ChangeOut,
    ClauseOut,
    CoalitionOut,
    CorrectionOut,
    CountOut,
    EndorsementOut,
    EventOut,
    Export,
    MembershipOut,
    Meta,
    MotionOut,
    Organization,
    Person,
    PlatformVersionOut,
    Post,
    Representative,
    Rule,
    VoteEventOut,
    VoteOut,
)


def build_export(site: Site, base: str) -> list[tuple[str, object]]:
    """The parts of coalition.json, in :class:`Export`'s field order: (key, model or list of
    models); the long lists (events, attendance, motions, vote events) are iterators whose
    items are made as :func:`render_json` writes them, so a long archive's votes are never
    all held as models at once."""
    content, abs_ = site.content, (lambda url: urls.absolute(base, url))
    coalition = content.coalition
    rules = [Rule(decision_class=k, kind=str(r.kind), threshold=r.threshold, quorum=r.quorum)
             for k, r in coalition.decision_rules.items()]
    parts = dict(
        meta=Meta(as_of=site.as_of.isoformat(), site_url=base,
                  schema_url=abs_(urls.EXPORT_SCHEMA)),
        coalition=CoalitionOut(
            name=coalition.name, short_name=coalition.short_name,
            shared_interest=coalition.shared_interest, timezone=coalition.timezone,
            founded=coalition.founded.isoformat(),
            publication_target_days=site.prepared.target_days, cadence=str(coalition.cadence),
            replant_horizon_years=coalition.replant_horizon_years,
            dissolution_protocol=coalition.dissolution_protocol, decision_rules=rules,
            page_url=base),
        organizations=[Organization(
            id=COALITION_ID, name=coalition.name, short_name=coalition.short_name,
            classification="coalition", constituency=None, website=None, current=True,
            representatives=[], page_url=base)] + _organizations(site, abs_),
        persons=_persons(site, abs_),
        memberships=_memberships(site),
        posts=[Post(id=r.id, label=r.name, organization_id=COALITION_ID,
                    description=r.description, page_url=abs_(urls.role_url(r.id)))
               for r in content.roles.roles],
        events=_events(site, abs_),
        attendance=(AttendanceOut(event_id=mid, member_id=a.member, status=str(a.status))
                    for mid, view in site.meetings.items() for a in view.meeting.attendance),
        motions=_motions(site, abs_),
        vote_events=_vote_events(site),
        platform_versions=[PlatformVersionOut(
            id=vid, number=v.version.number, adopted=v.version.adopted.isoformat(),
            adopted_by=v.version.adopted_by, summary=v.version.summary, current=v.current,
            clauses=[ClauseOut(id=c.id, number=n, kind=str(c.kind), title=c.title, text=c.text)
                     for n, c in enumerate(v.version.clauses, start=1)],
            page_url=abs_(v.url))
            for vid, v in site.platforms.items()],
        amendments=[AmendmentOut(
            id=aid, title=a.title, proposed_by=a.proposed_by,
            proposed_on=a.proposed_on.isoformat(), against=a.against, rationale=a.rationale,
            status=str(a.status), decided_by=a.decided_by,
            changes=[ChangeOut(clause=c.clause, op=str(c.op), kind=str_or_none(c.kind),
                               title=c.title, text=c.text) for c in a.changes])
            for aid, a in content.amendments.items()],
        endorsements=[EndorsementOut(
            id=eid, endorser_member_id=e.endorser.member,
            endorser_organization=e.endorser.organization, endorser_url=e.endorser.url,
            platform=e.platform, date=e.date.isoformat(), signer_name=e.signer.name,
            signer_title=e.signer.title, statement=e.statement,
            withdrawn_date=iso_or_none(e.withdrawn.date) if e.withdrawn else None,
            withdrawn_reason=e.withdrawn.reason if e.withdrawn else None,
            page_url=abs_(urls.endorsement_url(eid)))
            for eid, e in content.endorsements.items()],
    )
    # the same keys, in the same order, as the Export model the schema is made from
    assert list(parts) == list(Export.model_fields), list(parts)
    return list(parts.items())


def _organizations(site: Site, abs_) -> list[Organization]:
    return [Organization(
        id=mid, name=v.member.name, short_name=v.member.short_name,
        classification="member", constituency=v.member.constituency, website=v.member.url,
        current=v.current,
        representatives=[Representative(name=r.name, role=r.role,
                                        start_date=r.from_.isoformat(), end_date=iso_or_none(r.to))
                         for r in v.member.representatives],
        page_url=abs_(member_url(mid)))
        for mid, v in site.members.items() if v.member.kind is MemberKind.organization]


def _persons(site: Site, abs_) -> list[Person]:
    return [Person(id=mid, name=v.member.name, short_name=v.member.short_name,
                   constituency=v.member.constituency, website=v.member.url,
                   current=v.current, page_url=abs_(member_url(mid)))
            for mid, v in site.members.items() if v.member.kind is MemberKind.person]


def _memberships(site: Site) -> list[MembershipOut]:
    out = []
    for mid, view in site.members.items():
        for p in view.member.memberships:
            out.append(MembershipOut(
                id=f"{mid}-member-{p.joined}", member_id=mid,
                member_type=str(view.member.kind), organization_id=COALITION_ID,
                post_id=None, role="member", start_date=p.joined.isoformat(),
                end_date=iso_or_none(p.left), end_reason=p.reason if p.left else None))
    names = {r.id: r.name for r in site.content.roles.roles}
    for t in site.content.roles.terms:
        out.append(MembershipOut(
            id=f"{t.member}-{t.role}-{t.from_}", member_id=t.member,
            member_type=str(site.members[t.member].member.kind), organization_id=COALITION_ID,
            post_id=t.role, role=names[t.role], start_date=t.from_.isoformat(),
            end_date=iso_or_none(t.to), end_reason=None))
    return out


def _events(site: Site, abs_) -> Iterator[EventOut]:
    zone = ZoneInfo(site.content.coalition.timezone)
    for mid, view in site.meetings.items():
        m, pub = view.meeting, view.publication

        def at(clock: str | None) -> str | None:
            if clock is None:
                return None
            return dt.datetime.combine(m.date, dt.time.fromisoformat(clock),
                                       tzinfo=zone).isoformat()

        minutes = m.minutes
        yield EventOut(
            id=mid, name=view.title, classification=str(m.kind), status=str(m.status),
            status_reason=m.status_reason, start_date=at(m.start), end_date=at(m.end),
            location=m.location, public=m.public, organization_id=COALITION_ID,
            chair_id=m.chair, agenda=list(m.agenda),
            minutes_status=str_or_none(minutes.status) if minutes else None,
            minutes_published=iso_or_none(view.minutes_published),
            minutes_published_per_git=iso_or_none(view.minutes_published_per_git),
            minutes_approved=iso_or_none(minutes.approved) if minutes else None,
            minutes_due=pub.due.isoformat(), publication_state=str(pub.state),
            publication_lag_days=pub.lag,
            minutes_markdown=minutes.body if minutes else None,
            corrections=[CorrectionOut(date=c.date.isoformat(), what=c.what)
                         for c in m.corrections],
            page_url=abs_(view.url))


def _motions(site: Site, abs_) -> Iterator[MotionOut]:
    return (MotionOut(
        id=did, organization_id=COALITION_ID, event_id=d.meeting_id,
        date=d.meeting.date.isoformat(), public_date=iso_or_none(d.public_date),
        text=d.decision.title, classification=d.decision.class_,
        rationale=d.decision.rationale, requirement=d.rule_words, rule_kind=str(d.rule.kind),
        threshold=d.rule.threshold, quorum=d.rule.quorum, result=str(d.decision.outcome),
        platform_clauses=list(d.decision.platform_clauses),
        supersedes=list(d.decision.supersedes), superseded_by=list(d.superseded_by),
        page_url=abs_(d.url))
        for did, d in site.decisions.items())


def _vote_events(site: Site) -> Iterator[VoteEventOut]:
    for did, d in site.decisions.items():
        if d.decision.vote is None or d.count is None:
            continue
        c = d.count
        counts = [CountOut(option=o, value=getattr(c, o))
                  for o in ("yes", "no", "abstain", "absent", "recused")]
        yield VoteEventOut(
            id=did, motion_id=did, event_id=d.meeting_id, organization_id=COALITION_ID,
            start_date=d.meeting.date.isoformat(), result=str(d.decision.outcome),
            eligible=c.eligible, quorum_needed=c.needed_for_quorum, counts=counts,
            votes=[VoteOut(voter_id=m, option=str(v))
                   for m, v in sorted(d.decision.vote.items())])


def render_json(parts: list[tuple[str, object]]) -> bytes:
    """coalition.json from :func:`build_export`'s parts, object by object.

    One record per line: each top-level object, and each item of a top-level list, is
    written compactly on a line of its own.  A ten-year archive's file is two thirds of
    its size indented (16 MB, not 25), a diff between two days shows the records that
    changed, and ``grep`` finds a record with its fields.
    Only one vote event's models exist at a time.
    """
    out = io.BytesIO()
    out.write(b"{")
    for n, (key, value) in enumerate(parts):
        out.write(b"\n" if n == 0 else b",\n")
        out.write(_json_text(key) + b":")
        if isinstance(value, BaseModel):
            out.write(value.model_dump_json().encode("utf-8"))
            continue
        empty = True
        for item in value:
            out.write(b"[\n" if empty else b",\n")
            out.write(item.model_dump_json().encode("utf-8"))
            empty = False
        out.write(b"[]" if empty else b"\n]")
    out.write(b"\n}\n")
    return out.getvalue()


def _json_text(key: str) -> bytes:
    return json.dumps(key, ensure_ascii=False).encode("utf-8")
