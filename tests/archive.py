"""Portals in git: ``git``/``commit`` for tests that write a repository commit by commit, and
a ten-year archive written fast with ``git fast-import`` (tests and benchmark).

Run ``python tests/archive.py`` to time ``git_history.read_history`` on it.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

MEETING = """\
# yaml-language-server: $schema=../../schema/meeting.schema.json
date: {date}
start: "18:00"
kind: regular
status: held
location: City Hall, Room 4
minutes:
  status: {status}
  published: {published}
  body: |
    ## Item 1
    The members discussed the compost pilot at length. {filler}
    published: this line is part of the body, not a field
"""


def git(root: Path, *args: str, when: str | None = None) -> str:
    """Run git in ``root`` as a fixed secretary, untouched by the machine's git settings;
    ``when`` dates the commit (ISO 8601 with its offset)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    result = subprocess.run(["git", "-c", "user.name=Secretary", "-c", "user.email=s@example.org",
                             "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                            cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def commit(portal, message: str, when: str, *paths: str) -> None:
    """Commit ``paths`` of the portal's content (all of it when none) at ``when``."""
    git(portal.root, "add", "--", *[f"content/{p}" for p in paths] or ["."])
    git(portal.root, "commit", "-q", "-m", message, when=when)


TZ = dt.timezone(dt.timedelta(hours=-6))  # America/Chicago in winter; dates are chosen at noon


def make_archive(root: Path, meetings: int = 520, edits: int = 5, renames: int = 40) -> dict:
    """One meeting file per week for ten years; each lands as a draft without a date on the
    meeting day, gets its published date a few days later, then ``edits`` more commits
    (corrections), and some files are renamed.  Returns the expected first dates by id.
    """
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    start = dt.date(2015, 1, 5)
    commits = []  # (when, path, text, rename_from)
    expected = {}
    for i in range(meetings):
        day = start + dt.timedelta(weeks=i)
        published = day + dt.timedelta(days=1 + i % 9)
        stem = f"{day}-regular"
        path = f"content/meetings/{stem}.yml"
        filler = "Notes. " * 40
        draft = MEETING.format(date=day, status="draft", published="null", filler=filler)
        commits.append((day, path, draft, None))
        text = MEETING.format(date=day, status="draft", published=published, filler=filler)
        commits.append((published, path, text, None))
        for e in range(edits):
            when = published + dt.timedelta(days=3 + e)
            text = text.replace("status: draft", "status: approved") + f"# edit {e}\n"
            commits.append((when, path, text, None))
        final = path
        if i < renames:  # renamed a month later: keeps its first date
            final = f"content/meetings/{day}-monthly.yml"
            commits.append((published + dt.timedelta(days=30), final, text, path))
        expected[Path(final).stem] = published
    commits.sort(key=lambda c: c[0])
    stream = []
    for n, (when, path, text, rename_from) in enumerate(commits):
        stamp = int(dt.datetime(when.year, when.month, when.day, 12, tzinfo=TZ).timestamp())
        message = f"Change {n}"
        stream.append(f"commit refs/heads/main\ncommitter Secretary <s@example.org> {stamp} -0600\n"
                      f"data {len(message)}\n{message}\n")
        if rename_from:
            stream.append(f"R {rename_from} {path}\n")
        data = text.encode()
        stream.append(f"M 100644 inline {path}\ndata {len(data)}\n{text}\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input="".join(stream).encode(),
                   check=True, env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1"})
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)
    return expected


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
    import tempfile

    from coalition_portal.checks.git_history import read_history

    with tempfile.TemporaryDirectory() as tmp:
        expected = make_archive(Path(tmp) / "archive")
        count = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=Path(tmp) / "archive",
                               capture_output=True, text=True).stdout.strip()
        def cpu() -> float:
            own, children = (resource.getrusage(who) for who in
                             (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
            return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

        began, began_cpu = time.perf_counter(), cpu()
        history = read_history(Path(tmp) / "archive" / "content", "America/Chicago")
        took, took_cpu = time.perf_counter() - began, cpu() - began_cpu
        assert history.first_published == expected, "wrong dates"
        print(f"{len(expected)} meetings, {count} commits: read_history took {took:.2f} s "
              f"({took_cpu:.2f} s of CPU, git included)")
