"""Realistic synthetic coalition archives of any size, for the benchmark (issue 9).

``make_archive(meetings, members, seed)`` returns every record as plain data
(relative path -> mapping); ``write_portal`` writes it as a complete portal
folder (content/, mkdocs.yml with the coalition plugin and a pinned as_of,
docs/.gitkeep).  The same seed gives the same archive, byte for byte.

Shape of the reference archive (520 weekly meetings, ten years): ~600-word
minutes, about 9 decisions per meeting with full votes that obey the loader's
rules (every member of the day listed once, quorum, outcome agreeing with the
rule), 200 members who join, leave and sometimes rejoin (about 50 members at
any time), a platform version every two years with amendments, endorsements,
rotating roles.  Members scale with meetings (the archive grows in time, not
in the size of each meeting), so 5x content is 5x records.

With ``long=True`` (``--long``) the minutes are long transcripts instead (issue 17):
20,000 to 300,000 characters each (uniformly), with headings two levels deep, nested
lists, tables and code blocks; the long-transcript benchmark is 260 meetings of them.

    python benchmarks/generate.py /tmp/bench-1x --meetings 520
    python benchmarks/generate.py /tmp/tiny --meetings 6 --members 12 --git
    python benchmarks/generate.py /tmp/long --meetings 260 --long
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import os
import random
import re
import subprocess
from fractions import Fraction
from pathlib import Path

REFERENCE_MEETINGS = 520
REFERENCE_MEMBERS = 200
LONG_MEETINGS = 260  # the long-transcript archive (issue 17)
LONG_CHARS = (20_000, 300_000)  # the length of each of its minutes, drawn uniformly
END = dt.date(2026, 6, 10)  # the newest meeting of every archive; earlier ones go back in time

RULES = {
    "operational": {"kind": "majority", "quorum": "1/2"},
    "policy": {"kind": "consent", "quorum": "1/2"},
    "membership": {"kind": "consensus", "quorum": "1/2"},
    "platform": {"kind": "supermajority", "threshold": "2/3", "quorum": "2/3"},
}
CLASS_WEIGHTS = {"operational": 60, "policy": 22, "membership": 10, "platform": 8}
ROLES = [("communications", "Communications", "Speaks for the coalition and runs its channels."),
         ("scheduling", "Scheduling", "Sets the calendar and books rooms."),
         ("documentation", "Documentation", "Writes and publishes the minutes."),
         ("convening", "Convening", "Prepares agendas and chairs when no chair is named.")]
CLAUSE_KINDS = ["non-negotiable", "delegated", "governance", "dissolution"]

PLACES = ["Riverside", "Northgate", "Eastside", "Harbor", "Millbrook", "Westfield", "Oakdale",
          "Southport", "Lakeview", "Hillcrest", "Brookline", "Cedar Park", "Fairmont", "Elmwood",
          "Kingsbridge", "Maple Heights", "Stonefield", "Glenwood", "Ashford", "Bayview"]
ORGS = ["Tenants Union", "Food Bank", "Parks Department", "Health Department", "Youth League",
        "Farmers Market", "Neighborhood Council", "Library Friends", "Transit Riders",
        "School Board", "Housing Cooperative", "Faith Alliance", "Small Business Guild",
        "Community Garden", "Legal Aid", "Seniors Network", "Bike Coalition", "Clinic",
        "Arts Collective", "Workers Center"]
PEOPLE = ["Ana", "Bo", "Chidi", "Dana", "Elif", "Farah", "Goran", "Hana", "Ines", "Jun", "Kofi",
          "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tomas"]
SURNAMES = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Silva", "Novak", "Haddad", "Kowalski",
            "Reyes", "Abara", "Fischer", "Mensah", "Ortiz", "Petrov", "Quispe", "Rahman"]
TOPICS = ["compost pilot", "school meals", "market permits", "cold storage", "food rescue",
          "bus routes", "community fridges", "land trust", "grant report", "volunteer training",
          "budget hearing", "zoning change", "urban orchard", "waste audit", "kitchen rental",
          "summer program", "outreach plan", "press statement", "data sharing", "annual survey"]
VERBS = ["adopt", "fund", "endorse", "postpone", "review", "publish", "extend", "approve",
         "draft", "request", "support", "renew"]
COMMON = ("the of and to a in that is for on with as it was by at from this be are we they "
          "which an or have not will their more has about would all one been its also there "
          "members coalition meeting agreed report city council budget plan group next week "
          "proposal question discussion committee update said asked noted time first new "
          "public work year data pilot program community food site partners cost share "
          "schedule vote motion support concern follow team staff funding review").split()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:55]


def _vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    """Invented words with a Zipf-like weight: a few frequent, many rare (like real minutes)."""
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ber", "dan", "fel", "gor",
                 "hal", "jor", "kel", "lin", "mor", "nor", "pel", "quin", "ros", "tal", "ven"]
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    ordered = sorted(words)
    rng.shuffle(ordered)  # so the frequent words are not all alike
    return ordered


class _Words:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.rare = _vocabulary(rng)
        self.rare_cum = list(itertools.accumulate(1 / (i + 1) for i in range(len(self.rare))))

    def sentence(self, n: int) -> str:
        rng = self.rng
        out = []
        for _ in range(n):
            if rng.random() < 0.7:
                out.append(rng.choice(COMMON))
            else:
                out.append(rng.choices(self.rare, cum_weights=self.rare_cum)[0])
        text = " ".join(out)
        return text[0].upper() + text[1:] + "."

    def pool(self) -> list[str]:
        """Ten thousand sentences, made once (the long transcripts draw from them)."""
        if not hasattr(self, "_pool"):
            self._pool = [self.sentence(self.rng.randint(8, 22)) for _ in range(10_000)]
        return self._pool

    def paragraph(self, words: int) -> tuple[str, int]:
        sentences, count = [], 0
        while count < words:
            n = self.rng.randint(8, 22)
            sentences.append(self.sentence(n))
            count += n
        return " ".join(sentences), count


# --- the archive ----------------------------------------------------------------------------


def make_archive(meetings: int = REFERENCE_MEETINGS, members: int | None = None,
                 seed: int = 1, long: bool = False) -> dict:
    """Every record of a synthetic coalition, as plain data (``long``: long transcripts).

    Returns ``{"as_of": date, "files": {relative path: mapping}, "order": [meeting ids]}``.
    """
    if meetings < 4:
        raise ValueError("an archive needs at least 4 meetings")
    if members is None:
        members = max(12, round(REFERENCE_MEMBERS * meetings / REFERENCE_MEETINGS))
    rng = random.Random(seed)
    words = _Words(rng)
    dates = [END - dt.timedelta(weeks=meetings - 1 - i) for i in range(meetings)]
    founded = dates[0]
    as_of = dates[-3] + dt.timedelta(days=3)  # the last two meetings are upcoming
    files: dict[str, dict] = {}

    member_list = _members(rng, members, dates, as_of)
    for mid, record in member_list.items():
        files[f"members/{mid}.yml"] = record
    periods = {mid: [(p["joined"], p.get("left")) for p in m["memberships"]]
               for mid, m in member_list.items()}

    def on(day):
        return [mid for mid, ps in periods.items()
                if any(j <= day and (left is None or day <= left) for j, left in ps)]

    platform_weeks = _platform_weeks(meetings)
    platforms, amendments, adopting = _platforms(rng, words, dates, platform_weeks, on)
    meeting_files, decision_ids = _meetings(rng, words, dates, as_of, on, adopting, platforms,
                                            long)
    files.update(meeting_files)
    for number, version in enumerate(platforms, start=1):
        files[f"platform/v{number}.yml"] = version
    for aid, amendment in amendments.items():
        amendment.setdefault("decided_by", None)
        if amendment["status"] in ("adopted", "rejected") and amendment["decided_by"] is None:
            later = [d for d, day in decision_ids if day >= amendment["proposed_on"]]
            amendment["decided_by"] = later[0] if later else decision_ids[-1][0]
        if amendment["decided_by"] is None:
            del amendment["decided_by"]
        files[f"amendments/{aid}.yml"] = amendment
    for eid, endorsement in _endorsements(rng, words, dates, as_of, on, platforms).items():
        files[f"endorsements/{eid}.yml"] = endorsement
    files["roles.yml"] = _roles(rng, dates, as_of, on)
    files["coalition.yml"] = {
        "name": "Benchmark Food Policy Coalition",
        "short_name": "BFPC",
        "shared_interest": "Less food waste and fairer access to food in Harbor City.",
        "description": "A synthetic coalition generated for the portal's benchmark.",
        "timezone": "America/Chicago",
        "site_url": "https://bench.example.org/",
        "publication_target_days": 7,
        "cadence": "weekly",
        "decision_rules": RULES,
        "dissolution_protocol": "We part as peers when the shared goal is met.",
        "founded": founded,
        "replant_horizon_years": 5,
    }
    order = [f"{d.isoformat()}-{_kind(i, meetings)}" for i, d in enumerate(dates)]
    return {"as_of": as_of, "files": files, "order": order, "meetings": meetings,
            "members": members, "seed": seed, "long": long}


def _kind(index: int, total: int) -> str:
    if index == 0:
        return "formation-circle"
    if index % 52 == 51:
        return "annual-review"
    if index % 17 == 9:
        return "special"
    return "regular"


def _platform_weeks(meetings: int) -> list[int]:
    """Meetings (by index) that adopt a platform version: the first, then every two years."""
    return [0] + list(range(104, meetings - 4, 104))


def _members(rng, count, dates, as_of):
    founders = max(3, min(15, count // 4))
    span = (as_of - dates[0]).days
    out = {}
    used = set()
    for i in range(count):
        if rng.random() < 0.8:
            name = f"{rng.choice(PLACES)} {rng.choice(ORGS)}"
            kind = "organization"
            constituency = rng.choice(["Community organization", "City agency",
                                       "Neighborhood group", "Faith community", "Business"])
        else:
            name = f"{rng.choice(PEOPLE)} {rng.choice(SURNAMES)}"
            kind = "person"
            constituency = "Resident"
        mid = slug(name)
        if mid in used:
            mid = f"{mid}-{i}"
        used.add(mid)
        if i < founders:
            joined = dates[0]
        else:
            joined = dates[0] + dt.timedelta(days=rng.randrange(3, max(4, span - 2)))
            if joined.weekday() == dates[0].weekday():
                joined += dt.timedelta(days=2)  # members join between meetings
            joined = min(joined, as_of)
        periods = []
        while True:
            # founders may stay for good; others stay a while, so the coalition keeps about
            # 30 members at any time however long the archive
            stays = i < founders and rng.random() < 0.4
            left = None if stays else joined + dt.timedelta(weeks=rng.randint(26, 120), days=1)
            if left is not None and left >= as_of:
                left = None
            period = {"joined": joined}
            if left is not None:
                period["left"] = left
                if rng.random() < 0.5:
                    period["reason"] = rng.choice(["Funding ended.", "Merged with another member.",
                                                   "Stepped back to focus on its own work.",
                                                   "Disagreed with the platform."])
            periods.append(period)
            if left is None or rng.random() > 0.15:
                break
            joined = left + dt.timedelta(weeks=rng.randint(8, 60))
            if joined > as_of:
                break
        record = {"name": name, "kind": kind, "constituency": constituency,
                  "memberships": periods}
        if rng.random() < 0.5:
            record["url"] = f"https://{mid}.example.org/"
        reps = []
        day = periods[0]["joined"]
        for _ in range(rng.randint(1, 3)):
            to = day + dt.timedelta(weeks=rng.randint(30, 150))
            rep = {"name": f"{rng.choice(PEOPLE)} {rng.choice(SURNAMES)}",
                   "role": rng.choice(["Director", "Organizer", "Volunteer", "Chair"]),
                   "from": day}
            if to < as_of:
                rep["to"] = to
                reps.append(rep)
                day = to + dt.timedelta(days=1)
            else:
                reps.append(rep)
                break
        record["representatives"] = reps
        out[mid] = record
    return dict(sorted(out.items()))


def _platforms(rng, words, dates, weeks, on):
    """Platform versions adopted at ``weeks``; one adopted amendment leads to each new version."""
    versions: list[dict] = []
    amendments: dict[str, dict] = {}
    adopting: dict[int, str] = {}
    clauses = []
    for n, kind in enumerate(["non-negotiable"] * 4 + ["delegated"] * 4 + ["governance"] * 3
                             + ["dissolution"]):
        clauses.append({"id": f"{kind[:3]}-{n + 1}", "kind": kind,
                        "title": words.sentence(5)[:-1], "text": words.paragraph(50)[0]})
    next_clause = len(clauses) + 1
    for number, week in enumerate(weeks, start=1):
        day = dates[week]
        decision = f"d-{day.isoformat()}-1"
        adopting[week] = decision
        if number > 1:
            previous = versions[-1]
            changes, new_clauses = [], [dict(c) for c in previous["clauses"]]
            replaced = rng.choice(new_clauses)
            replaced["text"] = words.paragraph(45)[0]
            changes.append({"clause": replaced["id"], "op": "replace", "text": replaced["text"]})
            kind = rng.choice(CLAUSE_KINDS)
            added = {"id": f"{kind[:3]}-{next_clause}", "kind": kind,
                     "title": words.sentence(5)[:-1], "text": words.paragraph(40)[0]}
            next_clause += 1
            new_clauses.append(added)
            changes.append({"clause": added["id"], "op": "add", "kind": kind,
                            "title": added["title"], "text": added["text"]})
            if len(new_clauses) > 12:
                removed = new_clauses.pop(rng.randrange(len(new_clauses) - 1))
                changes.append({"clause": removed["id"], "op": "remove"})
            clauses = new_clauses
            proposed = dates[week - 8] + dt.timedelta(days=1)
            proposer = rng.choice(on(proposed))
            amendments[f"a-{number:03d}-adopted"] = {
                "title": f"Platform version {number}", "proposed_by": proposer,
                "proposed_on": proposed, "against": f"v{number - 1}",
                "rationale": words.sentence(18), "changes": changes, "status": "adopted",
                "decided_by": decision}
            for k, status in enumerate(rng.sample(["rejected", "withdrawn", "proposed"], 2)):
                proposed = dates[week - 30 + 7 * k] + dt.timedelta(days=2)
                target = rng.choice(previous["clauses"])
                amendments[f"a-{number:03d}-{status}"] = {
                    "title": words.sentence(6)[:-1], "proposed_by": rng.choice(on(proposed)),
                    "proposed_on": proposed, "against": f"v{number - 1}",
                    "rationale": words.sentence(20),
                    "changes": [{"clause": target["id"], "op": "replace",
                                 "text": words.paragraph(30)[0]}],
                    "status": status}
        versions.append({"number": number, "adopted": day, "adopted_by": decision,
                         "summary": words.sentence(14), "clauses": clauses})
    return versions, amendments, adopting


def _meetings(rng, words, dates, as_of, on, adopting, platforms, long=False):
    files = {}
    decision_ids: list[tuple[str, dt.date]] = []
    clause_pool: list[str] = []
    platform_weeks = sorted(adopting)
    for i, day in enumerate(dates):
        kind = _kind(i, len(dates))
        mid = f"{day.isoformat()}-{kind}"
        present_members = on(day)
        upcoming = day > as_of
        cancelled = not upcoming and i not in adopting and i > 0 and rng.random() < 0.02
        if i in adopting:
            version = platforms[platform_weeks.index(i)]
            clause_pool = [c["id"] for c in version["clauses"]]
        record = {"date": day, "start": "18:30", "end": "20:00", "kind": kind,
                  "status": "scheduled" if upcoming else ("cancelled" if cancelled else "held"),
                  "location": f"{rng.choice(PLACES)} Library, Room {rng.randint(1, 9)}"}
        if cancelled:
            record["status_reason"] = rng.choice(["Snow storm.", "Room unavailable.",
                                                  "Not enough items on the agenda."])
        agenda = [f"{t[0].upper()}{t[1:]}" for t in rng.sample(TOPICS, rng.randint(4, 6))]
        record["agenda"] = agenda
        if upcoming or cancelled:
            files[f"meetings/{mid}.yml"] = record
            continue
        low_turnout = i not in adopting and rng.random() < 0.04
        absent_rate = 0.0 if i in adopting else (0.6 if low_turnout else 0.12)
        attendance = []
        for member in present_members:
            r = rng.random()
            status = ("present" if r >= absent_rate
                      else rng.choice(["absent", "absent", "excused"]))
            attendance.append({"member": member, "status": status})
        here = [a["member"] for a in attendance if a["status"] == "present"]
        record["chair"] = rng.choice(here or present_members)
        record["attendance"] = attendance
        minutes = _minutes(rng, words, day, as_of, agenda, long)
        if minutes is not None:
            record["minutes"] = minutes
        decisions = []
        for k in range(1, rng.randint(7, 11) + 1):
            did = f"d-{day.isoformat()}-{k}"
            if k == 1 and i in adopting:
                cls, title = "platform", f"Adopt platform version {platform_weeks.index(i) + 1}"
            else:
                cls = rng.choices(list(CLASS_WEIGHTS), list(CLASS_WEIGHTS.values()))[0]
                title = f"{rng.choice(VERBS).capitalize()} the {rng.choice(TOPICS)} " \
                        f"{rng.choice(['plan', 'proposal', 'budget', 'letter', 'schedule'])}"
            decision = {"id": did, "title": title, "class": cls,
                        "rationale": words.sentence(rng.randint(14, 30))}
            votes = None
            if k == 1 and i in adopting:
                votes = {a["member"]: ("yes" if a["status"] == "present" else "absent")
                         for a in attendance}
            elif rng.random() < 0.9:
                votes = {}
                for a in attendance:
                    if a["status"] != "present":
                        votes[a["member"]] = "absent"
                    else:
                        votes[a["member"]] = rng.choices(
                            ["yes", "no", "abstain", "recused"], [80, 11, 7, 2])[0]
            decision["outcome"] = (_outcome(votes, RULES[cls], len(present_members))
                                   if votes is not None else "adopted")
            if votes is not None:
                decision["vote"] = votes
            if clause_pool and rng.random() < 0.3:
                decision["platform_clauses"] = rng.sample(clause_pool, rng.randint(1, 2))
            if decision_ids and rng.random() < 0.05:  # all of them from earlier meetings
                decision["supersedes"] = [rng.choice(decision_ids[-200:])[0]]
            if rng.random() < 0.03:
                decision["added"] = min(day + dt.timedelta(days=rng.randint(1, 5)), as_of)
            decisions.append(decision)
        for d in decisions:
            decision_ids.append((d["id"], day))
        record["decisions"] = decisions
        if minutes and minutes["status"] == "corrected":
            record["corrections"] = [{"date": min(minutes["published"] + dt.timedelta(days=5),
                                                  as_of),
                                      "what": "Fixed the spelling of a member's name."}]
        files[f"meetings/{mid}.yml"] = record
    return files, decision_ids


def _minutes(rng, words, day, as_of, agenda, long=False):
    """~600 words under one heading per agenda item (``long``: a long transcript, see
    :func:`_transcript`); None for the pending meeting."""
    if (as_of - day).days < 7:
        return None  # pending: held within the target, not yet published
    lag = rng.randint(1, 6) if rng.random() > 0.05 else rng.randint(8, 16)
    published = min(day + dt.timedelta(days=lag), as_of)
    body, total = [], 0
    per_item = 600 // len(agenda)
    for item in agenda if not long else ():
        body.append(f"## {item}")
        for _ in range(rng.randint(1, 2)):
            text, n = words.paragraph(per_item // 2 + rng.randint(-10, 10))
            body.append(text)
            total += n
        if rng.random() < 0.3:
            body.append("\n".join(f"- {words.sentence(rng.randint(4, 9))}" for _ in range(3)))
    status = rng.choices(["approved", "draft", "corrected"], [85, 10, 5])[0]
    minutes = {"status": status, "published": published}
    if status != "draft":
        approved = min(published + dt.timedelta(days=7), as_of)
        minutes["approved"] = approved
    minutes["body"] = ("\n\n".join(body) + "\n" if not long
                       else _transcript(rng, words, agenda, rng.randint(*LONG_CHARS)))
    return minutes


def _transcript(rng, words, agenda, chars: int) -> str:
    """About ``chars`` characters of a meeting's transcript, in Markdown: a section per
    agenda item, sub-sections per speaker turn, paragraphs, nested lists, tables, code.

    Sentences come from a pool made once per archive (a ten-thousand-sentence pool keeps
    every meeting's text distinct enough, and 40 MB of text takes seconds, not minutes).
    """
    pool = words.pool()
    pick = rng.choice
    out: list[str] = []
    size, turn = 0, 0

    def add(block: str) -> None:
        nonlocal size
        out.append(block)
        size += len(block) + 2

    while size < chars:
        for item in agenda:
            if size >= chars:
                break
            add(f"## {item}" + (f" (continued, part {turn + 1})" if turn else ""))
            for _ in range(rng.randint(2, 4)):
                add(f"### {pick(PEOPLE)} {pick(SURNAMES)}: {pick(TOPICS)}")
                add(" ".join(pick(pool) for _ in range(rng.randint(3, 8))))
                shape = rng.random()
                if shape < 0.35:
                    add("\n".join(f"- {pick(pool)}\n  - {pick(pool)}\n    - {pick(pool)}"
                                  if rng.random() < 0.5 else f"- {pick(pool)}"
                                  for _ in range(rng.randint(2, 5))))
                elif shape < 0.55:
                    rows = [f"| {pick(PLACES)} | {rng.randint(1, 900)} | {pick(pool)[:40]} |"
                            for _ in range(rng.randint(3, 8))]
                    add("\n".join(["| Site | Count | Note |", "| --- | ---: | --- |", *rows]))
                elif shape < 0.65:
                    lines = [f"{slug(pick(TOPICS))}: {rng.randint(0, 9999)}"
                             for _ in range(rng.randint(2, 6))]
                    add("```text\n" + "\n".join(lines) + "\n```")
                add(" ".join(pick(pool) for _ in range(rng.randint(2, 6))))
        turn += 1
    return "\n\n".join(out) + "\n"


def _outcome(votes: dict, rule: dict, eligible: int) -> str:
    """The outcome content-rules.md gives for this vote (mirrors the loader, independently)."""
    tally = {c: 0 for c in ("yes", "no", "abstain", "absent", "recused")}
    for choice in votes.values():
        tally[choice] += 1
    taking_part = tally["yes"] + tally["no"] + tally["abstain"] + tally["recused"]
    if taking_part < math.ceil(Fraction(rule["quorum"]) * eligible):
        return "deferred"
    yes, no, abstain = tally["yes"], tally["no"], tally["abstain"]
    kind = rule["kind"]
    if kind == "consent":
        passed = no == 0
    elif kind == "majority":
        passed = yes > no
    elif kind == "supermajority":
        passed = yes > 0 and yes >= Fraction(rule["threshold"]) * (yes + no)
    else:
        passed = yes > 0 and no == 0 and abstain == 0
    return "adopted" if passed else "rejected"


def _endorsements(rng, words, dates, as_of, on, platforms):
    out = {}
    for n in range(max(2, len(dates) // 10)):
        day = rng.choice(dates[:-3]) + dt.timedelta(days=1)
        version = max(i for i, v in enumerate(platforms, start=1) if v["adopted"] <= day)
        if rng.random() < 0.4 and on(day):
            endorser = {"member": rng.choice(on(day))}
        else:
            endorser = {"organization": f"{rng.choice(PLACES)} {rng.choice(ORGS)}",
                        "url": "https://friends.example.org/"}
        record = {"endorser": endorser, "platform": f"v{version}", "date": day,
                  "signer": {"name": f"{rng.choice(PEOPLE)} {rng.choice(SURNAMES)}",
                             "title": rng.choice(["Director", "Chair", "Secretary"])},
                  "statement": words.sentence(rng.randint(12, 25))}
        if rng.random() < 0.1:
            record["withdrawn"] = {"date": min(day + dt.timedelta(weeks=rng.randint(4, 80)),
                                               as_of),
                                   "reason": "Our board voted to withdraw."}
        out[f"e-{n + 1:04d}"] = record
    return out


def _roles(rng, dates, as_of, on):
    terms = []
    for role_index, (role, _, _) in enumerate(ROLES):
        starts = [dates[0]] + [dates[w] + dt.timedelta(days=1)
                               for w in range(26 + 13 * role_index, len(dates), 52)
                               if dates[w] < as_of]
        for k, start in enumerate(starts):
            term = {"role": role, "member": rng.choice(on(start)), "from": start}
            if k + 1 < len(starts):
                term["to"] = starts[k + 1] - dt.timedelta(days=1)
            terms.append(term)
    terms.sort(key=lambda t: (t["from"], t["role"]))
    return {"roles": [{"id": i, "name": n, "description": d} for i, n, d in ROLES],
            "terms": terms}


# --- writing YAML ---------------------------------------------------------------------------

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.'()/-]*$")
SCHEMA_KIND = {"members": "member", "meetings": "meeting", "platform": "platform",
               "amendments": "amendment", "endorsements": "endorsement"}


def _scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return str(value) if isinstance(value, int) else value.isoformat()
    if _PLAIN.match(value) and value.lower() not in ("true", "false", "null", "~"):
        return value  # the loader keeps every other plain word a string
    return json.dumps(value, ensure_ascii=False)


def _emit(value, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                out.append(f"{pad}{key}:")
                _emit(item, indent + 2, out)
            elif isinstance(item, str) and "\n" in item:
                out.append(f"{pad}{key}: |")
                out.extend(f"{pad}  {line}" if line else "" for line in item.rstrip("\n").split("\n"))
            else:
                out.append(f"{pad}{key}: {'[]' if item == [] else _scalar(item)}")
    else:
        for item in value:
            if isinstance(item, dict):
                lines: list[str] = []
                _emit(item, indent + 2, lines)
                lines[0] = f"{pad}- {lines[0][indent + 2:]}"
                out.extend(lines)
            else:
                out.append(f"{pad}- {_scalar(item)}")


def to_yaml(relative: str, record: dict) -> str:
    folder = relative.split("/")[0]
    kind = SCHEMA_KIND.get(folder) or relative.removesuffix(".yml")
    up = "../" * (relative.count("/") + 1)
    lines = [f"# yaml-language-server: $schema={up}schema/{kind}.schema.json"]
    _emit(record, 0, lines)
    return "\n".join(lines) + "\n"


MKDOCS_YML = """\
site_name: Benchmark Food Policy Coalition
site_url: https://bench.example.org/
theme:
  name: material
  font: false   # as `coalition init` writes it: no web fonts fetched from outside
plugins:
  - coalition:
      as_of: "{as_of}"
"""


def write_portal(archive: dict, root: Path) -> Path:
    """A complete portal folder: content/, mkdocs.yml, docs/.gitkeep."""
    root = Path(root)
    for relative, record in archive["files"].items():
        path = root / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_yaml(relative, record), encoding="utf-8")
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / ".gitkeep").write_text("", encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(as_of=archive["as_of"].isoformat()),
                                     encoding="utf-8")
    return root


def write_git_history(archive: dict, root: Path) -> int:
    """Make ``root`` a git repository with one commit per meeting, dated when it went public.

    The first commit holds everything but the meetings; each meeting file then arrives in
    its own commit on the day its minutes were published (or the meeting day).  Uses
    ``git fast-import`` so thousands of commits take seconds.  Returns the commit count.
    """
    root = Path(root)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=env)
    meeting_paths = {f"meetings/{mid}.yml" for mid in archive["order"]}
    first = [p for p in archive["files"] if p not in meeting_paths]
    stream: list[bytes] = []

    def commit(paths: list[str], day: dt.date, message: str, mark: int) -> None:
        stamp = int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.timezone.utc)
                    .timestamp())
        who = f"Secretary <secretary@bench.example.org> {stamp} +0000"
        data = message.encode()
        stream.append(f"commit refs/heads/main\nmark :{mark}\nauthor {who}\ncommitter {who}\n"
                      f"data {len(data)}\n".encode() + data + b"\n")
        if mark > 1:
            stream.append(f"from :{mark - 1}\n".encode())
        for relative in paths:
            blob = (root / relative).read_bytes()
            stream.append(f"M 100644 inline {relative}\ndata {len(blob)}\n".encode() + blob + b"\n")
        stream.append(b"\n")

    founded = archive["files"]["coalition.yml"]["founded"]
    commit(["mkdocs.yml", "docs/.gitkeep"] + [f"content/{p}" for p in first], founded,
           "Start the coalition's record", 1)
    for n, mid in enumerate(archive["order"], start=2):
        record = archive["files"][f"meetings/{mid}.yml"]
        minutes = record.get("minutes") or {}
        day = minutes.get("published") or record["date"]
        commit([f"content/meetings/{mid}.yml"], min(day, archive["as_of"]),
               f"Minutes of {record['date']}", n)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream),
                   check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True, env=env)
    return len(archive["order"]) + 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the portal into (must not exist)")
    parser.add_argument("--meetings", type=int, default=REFERENCE_MEETINGS)
    parser.add_argument("--members", type=int, default=None,
                        help="default: 200 per 520 meetings (at least 12)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--long", action="store_true",
                        help=f"long transcripts: minutes of {LONG_CHARS[0]:,}-{LONG_CHARS[1]:,} "
                             f"characters (the benchmark uses --meetings {LONG_MEETINGS})")
    parser.add_argument("--git", action="store_true",
                        help="also make a git history with one commit per meeting")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} exists and is not empty")
    archive = make_archive(args.meetings, args.members, args.seed, args.long)
    write_portal(archive, args.out)
    if args.git:
        write_git_history(archive, args.out)
    print(f"{args.out}: {args.meetings} meetings, {archive['members']} members, "
          f"as_of {archive['as_of']}")


if __name__ == "__main__":
    main()
