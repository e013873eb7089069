"""The baseline the portal is measured against: the same records as plain Markdown pages.

One page per meeting (facts, agenda, attendance, minutes, decisions with their
votes), one per member (the member's record: memberships, representatives,
roles held, endorsements), a decision log page listing every decision, and a
home page with the coalition and its current platform.  Built by plain
mkdocs-material with its default navigation (no ``nav`` key, so every page is
listed in the navigation of every page) and its default search plugin.

    python benchmarks/baseline.py /tmp/baseline-1x --meetings 520
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

try:
    from generate import REFERENCE_MEETINGS, make_archive
except ImportError:  # imported as benchmarks.baseline
    from .generate import REFERENCE_MEETINGS, make_archive

MKDOCS_YML = """\
site_name: Benchmark Food Policy Coalition
site_url: https://bench.example.org/
theme:
  name: material
"""


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _title(mid: str, meeting: dict) -> str:
    kind = meeting["kind"].replace("-", " ")
    return f"{kind.capitalize()} meeting, {_long(meeting['date'])}"


def _demote(body: str) -> str:
    """Minutes headings sit under the page's own sections."""
    return re.sub(r"^(#{1,4}) ", lambda m: "#" * (len(m.group(1)) + 1) + " ", body, flags=re.M)


def write_baseline(archive: dict, root: Path) -> Path:
    root = Path(root)
    docs = root / "docs"
    (docs / "meetings").mkdir(parents=True, exist_ok=True)
    (docs / "members").mkdir(parents=True, exist_ok=True)
    files = archive["files"]
    members = {p.split("/")[1][:-4]: r for p, r in files.items() if p.startswith("members/")}
    names = {mid: m["name"] for mid, m in members.items()}

    def member(mid: str, up: str = "../") -> str:
        return f"[{names[mid]}]({up}members/{mid}.md)"

    log_rows = []
    for mid in archive["order"]:
        meeting = files[f"meetings/{mid}.yml"]
        out = [f"# {_title(mid, meeting)}", ""]
        out.append(f"- **Date:** {meeting['date']}, {meeting['start']}–{meeting.get('end', '')}")
        out.append(f"- **Kind:** {meeting['kind']}")
        out.append(f"- **Status:** {meeting['status']}")
        out.append(f"- **Location:** {meeting['location']}")
        if meeting.get("chair"):
            out.append(f"- **Chair:** {member(meeting['chair'])}")
        out.append("")
        if meeting.get("agenda"):
            out += ["## Agenda", ""] + [f"{i}. {item}" for i, item in
                                        enumerate(meeting["agenda"], start=1)] + [""]
        if meeting.get("attendance"):
            out += ["## Attendance", "", "| Member | Attendance |", "| --- | --- |"]
            out += [f"| {member(a['member'])} | {a['status']} |" for a in meeting["attendance"]]
            out.append("")
        minutes = meeting.get("minutes")
        if minutes:
            out += ["## Minutes", "", f"*{minutes['status']}, published {minutes['published']}*",
                    "", _demote(minutes["body"]), ""]
        if meeting.get("decisions"):
            out += ["## Decisions", ""]
            for d in meeting["decisions"]:
                out += [f"### {d['title']}", "",
                        f"`{d['id']}` · class {d['class']} · **{d['outcome']}**", "",
                        f"**Rationale.** {d['rationale']}", ""]
                if d.get("vote"):
                    out += ["| Member | Vote |", "| --- | --- |"]
                    out += [f"| {member(m)} | {c} |" for m, c in d["vote"].items()]
                    out.append("")
                log_rows.append(f"| {meeting['date']} | `{d['id']}` | "
                                f"[{d['title']}](meetings/{mid}.md) | {d['class']} | "
                                f"{d['outcome']} |")
        if meeting.get("corrections"):
            out += ["## Corrections", ""]
            out += [f"- {c['date']}: {c['what']}" for c in meeting["corrections"]] + [""]
        (docs / "meetings" / f"{mid}.md").write_text("\n".join(out) + "\n", encoding="utf-8")

    terms = files["roles.yml"]["terms"]
    endorsements = [r for p, r in files.items() if p.startswith("endorsements/")]
    for mid, m in members.items():
        out = [f"# {m['name']}", "", f"{m['kind']} · {m['constituency']}", ""]
        if m.get("url"):
            out += [f"Website: <{m['url']}>", ""]
        out += ["## Membership", ""]
        for p in m["memberships"]:
            left = f", left {p['left']}" if p.get("left") else ""
            out.append(f"- Joined {p['joined']}{left}")
        out.append("")
        if m.get("representatives"):
            out += ["## Representatives", ""]
            out += [f"- {r['name']}, {r['role']}: from {r['from']}"
                    + (f" to {r['to']}" if r.get("to") else "") for r in m["representatives"]]
            out.append("")
        held = [t for t in terms if t["member"] == mid]
        if held:
            out += ["## Roles held", ""]
            out += [f"- {t['role']}: {t['from']}" + (f" to {t['to']}" if t.get("to") else "")
                    for t in held]
            out.append("")
        endorsed = [e for e in endorsements if e["endorser"].get("member") == mid]
        if endorsed:
            out += ["## Endorsements", ""]
            out += [f"- Endorsed platform {e['platform']} on {e['date']}" for e in endorsed]
            out.append("")
        (docs / "members" / f"{mid}.md").write_text("\n".join(out) + "\n", encoding="utf-8")

    log = ["# Decision log", "", "| Date | Id | Decision | Class | Outcome |",
           "| --- | --- | --- | --- | --- |"] + log_rows
    (docs / "decisions.md").write_text("\n".join(log) + "\n", encoding="utf-8")

    coalition = files["coalition.yml"]
    versions = sorted((r for p, r in files.items() if p.startswith("platform/")),
                      key=lambda v: v["number"])
    current = versions[-1]
    home = [f"# {coalition['name']}", "", coalition["shared_interest"], "",
            f"## Platform, version {current['number']}", ""]
    for n, clause in enumerate(current["clauses"], start=1):
        home += [f"### {n}. {clause['title']}", "", f"*{clause['kind']}*", "", clause["text"], ""]
    home += ["## Records", "", "- [Decision log](decisions.md)"]
    (docs / "index.md").write_text("\n".join(home) + "\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return root


def archive_arguments(description: str, argv: list[str] | None = None):
    """A baseline script's command line: the output folder and the archive to make
    (``args.archive``, from ``--meetings``, ``--members`` and ``--seed``)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("out", type=Path)
    parser.add_argument("--meetings", type=int, default=REFERENCE_MEETINGS)
    parser.add_argument("--members", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    args.archive = make_archive(args.meetings, args.members, args.seed)
    return args


def main(argv: list[str] | None = None) -> None:
    args = archive_arguments(__doc__.split("\n\n")[0], argv)
    write_baseline(args.archive, args.out)
    print(f"{args.out}: plain Markdown pages of {args.meetings} meetings")


if __name__ == "__main__":
    main()
