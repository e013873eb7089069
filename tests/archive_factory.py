"""A realistic minutes archive in a temporary git repository, for the importer's tests.

Twelve years of meetings (2014-2025, every other week: over 300 minutes files) written the
way real archives are: the first years in ``YYYY-MM/<mon>-DD.md`` folders, added in bulk
commits (a quarter at a time) and later moved (``git mv``) under ``archive/``; then one
commit per meeting in ``minutes/YYYY-MM-DD.md``, some days after the meeting (some later
than the target), at every hour of the day (so the time zone decides the day).  A few
minutes are large (about 200 KB) with a 15,000-character nested list, tables, fenced code
with tabs, slide images and a relative PDF link; one has a stray DEL; one date has two
files.  The history is written with ``git fast-import`` (one process for every commit).
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

PEOPLE = [  # name, handle, organization
    ("Dana Okafor", "dokafor", "Parks and Recreation"),
    ("Miguel Santos", "msantos", "Parks and Recreation"),
    ("Priya Raman", "praman", "Eastside Food Bank"),
    ("Tom Becker", None, "Eastside Food Bank"),
    ("Lena Schulz", "lschulz", "Public Health"),
    ("Ahmed Haddad", "ahaddad", "Tenants Union"),
    ("Grace Kim", "gkim", "Tenants Union"),
    ("Olu Adeyemi", None, "Harbor Schools"),
    ("Sofia Rossi", "srossi", "Harbor Schools"),
    ("Jonas Berg", "jberg", "Food Co-op"),
    ("Ana Lima", "alima", "Food Co-op"),
    ("Kwame Mensah", "kmensah", "Youth League"),
]
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
PNG = b"\x89PNG\r\n\x1a\n" + bytes(24)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass
class Archive:
    root: Path
    minutes: dict[str, dt.date] = field(default_factory=dict)  # final path -> meeting date
    big: list[str] = field(default_factory=list)  # final paths of the large minutes
    images: dict[str, list[str]] = field(default_factory=dict)  # minutes path -> linked files
    deleted_char: tuple[str, int] = ("", 0)  # the minutes with a DEL, and its line
    renamed: dict[str, str] = field(default_factory=dict)  # final path -> first path
    twice: str = ""  # the minutes naming one person twice
    skipped: list[str] = field(default_factory=list)  # files without a date


def _present(rng: random.Random, nested: bool) -> list[str]:
    chosen = rng.sample(PEOPLE, rng.randint(3, 8))
    lines = []
    if nested:
        by_org: dict[str, list] = {}
        for person in chosen:
            by_org.setdefault(person[2], []).append(person)
        for org, people in by_org.items():
            lines.append(f"- {org}")
            lines += [f"  - {name}" + (f" (@{handle})" if handle else "")
                      for name, handle, _ in people]
        return lines
    for name, handle, org in chosen:
        style = rng.randint(0, 2)
        if style == 0 and handle:
            lines.append(f"- {name} (@{handle})")
        elif style == 1:
            lines.append(f"* {name}, {org}")
        else:
            lines.append(f"- {name}")
    return lines


def _nested_list(rng: random.Random, size: int) -> list[str]:
    lines, n = [], 0
    while sum(len(line) + 1 for line in lines) < size:
        n += 1
        lines.append(f"- topic {n}: review of the pantry schedule "
                     f"[#{1000 + n}](https://github.com/harbor/food/issues/{1000 + n})")
        for m in range(rng.randint(1, 3)):
            lines.append(f"  - point {n}.{m + 1}: who delivers on Saturdays")
            lines += [f"    - detail {n}.{m + 1}.{k + 1}: the van is booked"
                      for k in range(rng.randint(0, 2))]
    return lines


def _minutes(rng: random.Random, day: dt.date, *, big: bool, stem: str) -> tuple[str, list[str]]:
    """The text of one minutes file, and the files it links to (relative paths)."""
    title = f"Regular meeting of {day:%d %B %Y}"
    lines = [f"# {title}", "", "## Present", ""] + _present(rng, nested=day.year % 3 == 0)
    lines += ["", "## Agenda", "Release status:", "* the beta is out",
              "* the survey is at https://survey.example.org/harbor", "",
              "## Decisions", "", "| Item | Owner | Status |", "| --- | --- | --- |",
              "| Pantry hours | Priya | ~~open~~ done |", "| Van | Jonas | open |", ""]
    linked: list[str] = []
    if big:
        lines += ["## Long agenda", ""] + _nested_list(rng, 15_000) + [""]
        lines += ["## Script", "", "```python", "def shifts(days):", "\treturn [d for d in days]",
                  "```", ""]
        for k in range(1, 4):
            linked.append(f"img/{stem}-slide-{k}.png")
            lines += [f"![Slide {k}](img/{stem}-slide-{k}.png)", ""]
        linked.append(f"{stem}-review.pdf")
        lines += [f"The [review](./{stem}-review.pdf) was shared.", ""]
        part = 0
        while sum(len(line) + 1 for line in lines) < 195_000:
            part += 1
            lines += [f"### Transcript part {part}", ""]
            lines += [" ".join(rng.choice(["The", "members", "discussed", "the", "van",
                                           "schedule", "and", "agreed", "to", "follow", "up"])
                               for _ in range(60)) + "." for _ in range(4)]
            lines.append("")
    lines += ["## Next steps", "", "1. Send the schedule", "2. Book the hall", ""]
    return "\n".join(lines), linked


def build(root: Path, seed: int = 15) -> Archive:
    """Write the archive's history into a new repository at ``root``."""
    rng = random.Random(seed)
    archive = Archive(root)
    days = []
    day = dt.date(2014, 1, 8)
    while day.year <= 2025:
        days.append(day)
        day += dt.timedelta(days=14)
    commits: list[tuple[int, str, list[tuple[str, str, bytes | str]]]] = []
    bulk: dict[tuple[int, int], list] = {}
    big_days = {days[130], days[170], days[220], days[280]}
    path_of: dict[dt.date, str] = {}
    for day in days:
        if day.year <= 2016:
            path = f"{day:%Y-%m}/{MONTHS[day.month - 1]}-{day:%d}.md"
        else:
            path = f"minutes/{day.isoformat()}.md"
        stem = day.isoformat()
        text, linked = _minutes(rng, day, big=day in big_days, stem=stem)
        if day == days[200]:  # a stray DEL, and a person named twice
            lines = [line for line in text.split("\n") if PEOPLE[0][0] not in line]
            where = lines.index("* the beta is out")
            lines[where] = "* the beta is \x7fout"
            name, handle, _ = PEOPLE[0]
            present = lines.index("## Present") + 2
            lines[present:present] = [f"- {name} (@{handle})", f"- {name}"]
            text = "\n".join(lines)
            archive.deleted_char = (path, where + 3)
            archive.twice = path
        folder = path.rpartition("/")[0]
        changes = [("M", path, text)]
        for name in linked:
            changes.append(("M", f"{folder}/{name}", PNG if name.endswith(".png") else PDF))
        path_of[day] = path
        archive.minutes[path] = day
        if linked:
            archive.images[path] = linked
            archive.big.append(path)
        if day.year <= 2015:  # added in bulk: a quarter at a time, after it ended
            bulk.setdefault((day.year, (day.month - 1) // 3), []).extend(changes)
        else:
            lag = rng.choice([0, 1, 2, 3, 4, 5, 5, 6, 8, 12, 20])
            hour = rng.randint(12 if lag == 0 else 0, 23)  # 0-5 UTC: the day before in Chicago
            when = dt.datetime.combine(day + dt.timedelta(days=lag), dt.time(hour),
                                       dt.timezone.utc)
            commits.append((int(when.timestamp()), f"minutes of {day}", changes))
    for (year, quarter), changes in bulk.items():
        end = dt.date(year + (quarter == 3), 1 + (3 * quarter + 3) % 12, 1)
        when = dt.datetime.combine(end + dt.timedelta(days=2), dt.time(4), dt.timezone.utc)
        commits.append((int(when.timestamp()), f"import of {year} Q{quarter + 1}", changes))
    special = days[200]
    path = path_of[special]
    when = next(c[0] for c in commits if c[2][0][1] == path)
    extra = f"minutes/{special.isoformat()}-special.md"
    archive.minutes[extra] = special
    commits.append((when + 7200, "special meeting",
                    [("M", extra, f"# Special meeting\n\nOne item: the {special} budget.\n")]))
    commits.append((when + 60, "readme", [("M", "README.md", "# Harbor minutes\n"),
                                                    ("M", "notes/ideas.md", "- more vans\n")]))
    archive.skipped = ["README.md", "notes/ideas.md"]
    commits.sort(key=lambda c: c[0])
    # 2016's folders move under archive/ in two later commits (renames, content unchanged)
    moves = sorted(p for p in archive.minutes if p.startswith("2016-"))
    last = commits[-1][0]
    for i, chunk in enumerate((moves[:len(moves) // 2], moves[len(moves) // 2:])):
        changes = [("R", old, f"archive/{old}") for old in chunk]
        commits.append((last + 86400 * (i + 1), "move 2016 under archive/", changes))
        for old in chunk:
            archive.minutes[f"archive/{old}"] = archive.minutes.pop(old)
            archive.renamed[f"archive/{old}"] = old
            if old in archive.images:
                archive.images[f"archive/{old}"] = archive.images.pop(old)
    _fast_import(root, commits)
    return archive


def _fast_import(root: Path, commits) -> None:
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    stream = bytearray()
    for mark, (when, message, changes) in enumerate(commits, start=1):
        msg = message.encode()
        stream += (f"commit refs/heads/main\nmark :{mark}\n"
                   f"author Secretary <s@example.org> {when} +0000\n"
                   f"committer Secretary <s@example.org> {when} +0000\n"
                   f"data {len(msg)}\n").encode() + msg + b"\n"
        if mark > 1:
            stream += f"from :{mark - 1}\n".encode()
        for op, path, data in changes:
            if op == "R":
                stream += f'R "{path}" "{data}"\n'.encode()
                continue
            raw = data.encode() if isinstance(data, str) else data
            stream += f'M 100644 inline "{path}"\ndata {len(raw)}\n'.encode() + raw + b"\n"
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=bytes(stream), check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True)


def first_added(root: Path, path: str) -> tuple[str, int]:
    """Git's own answer, file by file: the commit that first added ``path`` (under the name
    it was first added with, which the factory knows: ``git log --follow`` guesses renames
    among many similar files, and guesses wrong) and its committer time."""
    out = subprocess.run(["git", "log", "--diff-filter=A", "--format=%H %ct", "--", path],
                         cwd=root, check=True, capture_output=True, text=True).stdout
    sha, when = out.strip().splitlines()[-1].split()
    return sha, int(when)


def renames(root: Path) -> dict[str, str]:
    """Git's renames (new path -> old path), as ``git log -M`` sees them."""
    out = subprocess.run(["git", "log", "-M", "--diff-filter=R", "--name-status", "--format="],
                         cwd=root, check=True, capture_output=True, text=True).stdout
    return {new: old for status, old, new in (line.split("\t") for line in out.splitlines()
                                              if line.startswith("R"))}
