"""Benchmark the portal against plain mkdocs-material and Hugo on synthetic archives
(issues 9 and 17).

For each scale (1x is the reference archive: 520 weekly meetings, 200 members) it
writes the portal (a git repository with one commit per meeting), and at the scales of
``--compare-at`` (1x) the two baselines: the same records as plain Markdown pages built
by mkdocs-material, and the same pages built by Hugo with a sidebar listing every page
(``hugo_baseline.py``).  Each build runs in a fresh subprocess; it measures wall time,
CPU time and peak RSS (``os.wait4`` of that child: its own children, such as the
portal's second process, are included), output size, the largest page and the search
index; plus ``coalition validate`` alone and the git history check.  Then the
long-transcript archive (260 meetings of 20,000-300,000 characters of minutes: build,
largest page, largest feed) and a ``mkdocs serve`` reload: the time from editing one
meeting file of the 1x archive to the served page showing the change.  It prints a
table and writes the figures as JSON under ``benchmarks/out/``.

    python benchmarks/run.py                      # everything, about five minutes
    python benchmarks/run.py --scales 1 --repeat 3 --no-long --no-serve
    python benchmarks/run.py --scales 0.1 --only portal

The tree measured is the one this file sits in (its ``plugins/`` goes first on
PYTHONPATH), whatever is installed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import search_bytes  # noqa: E402
from baseline import write_baseline  # noqa: E402
from generate import (  # noqa: E402
    LONG_MEETINGS,
    REFERENCE_MEETINGS,
    make_archive,
    write_git_history,
    write_portal,
)
from hugo_baseline import INSTALL as HUGO_INSTALL  # noqa: E402
from hugo_baseline import hugo_command, write_hugo_site  # noqa: E402

SIDES = ("portal", "baseline", "hugo")

MB = 1024 * 1024
CACHE = Path(tempfile.gettempdir()) / "coalition-bench-cache"
GIT_CHECK = """
import json, sys, time
try:
    from coalition_portal.checks import git_history
except ImportError:
    print(json.dumps({"status": "n/a", "why": "coalition_portal/checks/git_history.py does not exist"}))
    sys.exit(0)
from coalition_portal.content.load import load
content = load("content")
claims = {mid: m.minutes.published for mid, m in content.meetings.items()
          if m.minutes is not None and m.minutes.published is not None}
paths = {mid: content.source("meeting", mid).path for mid in content.meetings}
start, cpu = time.perf_counter(), time.process_time()
try:
    history = git_history.read_history("content", content.coalition.timezone)
    proof = git_history.verify(history, claims, paths)
except TypeError as exc:  # its interface changed: say so rather than guess
    print(json.dumps({"status": "n/a", "why": f"interface changed: {exc}"}))
    sys.exit(0)
print(json.dumps({"status": proof.state, "wall_s": time.perf_counter() - start,
                  "own_cpu_s": time.process_time() - cpu,
                  "confirmed": len(proof.confirmed), "back_dated": len(proof.back_dated)}))
"""


# ext4 without a journal (this machine's disk) will not reuse an inode freed in the last
# five minutes (the last 300 s while its block is unwritten): each file created then scans
# past every one freed near it.  Removing a build's output just before the next build made
# that build pay for the removal (a third of the portal's build time at 1x, more at 5x, and
# more for the side that writes more files), so an output is moved aside instead, and every
# one moved aside is removed once the run is over.
_ASIDE: list[Path] = []


def set_aside(folder: Path) -> None:
    """Move ``folder`` out of the way (removed by :func:`remove_set_aside`)."""
    if folder.exists():
        target = folder.with_name(f".{folder.name}.aside-{os.getpid()}-{len(_ASIDE)}")
        shutil.rmtree(target, ignore_errors=True)
        folder.rename(target)
        _ASIDE.append(target)


def remove_set_aside(work: Path) -> None:
    """Remove what :func:`set_aside` moved, and what an interrupted run left."""
    leftovers = [p for pattern in ("*/.*.aside-*", "*/*/.*.aside-*", ".*.aside-*")
                 for p in work.glob(pattern)]
    for folder in [*_ASIDE, *leftovers]:
        shutil.rmtree(folder, ignore_errors=True)
    _ASIDE.clear()


def environment() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("COALITION_AS_OF",)}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "plugins"), env.get("PYTHONPATH", "")])
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["SOURCE_DATE_EPOCH"] = "1767225600"
    env["XDG_CACHE_HOME"] = str(CACHE)  # what `coalition validate` keeps, apart from the user's
    return env


def measure(args: list[str], cwd: Path) -> dict:
    """Run one command in a fresh process; its wall time, CPU time and peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, env=environment(), stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed in {cwd} ({proc.returncode}):\n"
                         f"{stderr[-3000:]}")
    return {"wall_s": round(wall, 3), "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "stdout": stdout[-2000:]}


def site_figures(site: Path) -> dict:
    total, pages, largest, largest_page = 0, 0, 0, ""
    feed, largest_feed, search = 0, "", 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        relative = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            pages += 1
            if size > largest:
                largest, largest_page = size, relative
        elif relative.startswith("feeds/") and size > feed:
            feed, largest_feed = size, relative
        if relative.startswith(("search/", "pagefind/")):
            search += size
    return {"output_mb": round(total / MB, 2), "html_pages": pages,
            "largest_page_kb": round(largest / 1024, 1), "largest_page": largest_page,
            "largest_feed_kb": round(feed / 1024, 1) if largest_feed else None,
            "largest_feed": largest_feed,
            # lunr's search/search_index.json, or pagefind's folder, whichever is built
            "search_index_mb": round(search / MB, 3) if search else None}


def minutes_findable(archive: dict, site: Path) -> str:
    """Does a word from each meeting's minutes find that meeting in the search index?

    The word is the one of the minutes that is rarest across the archive, the hardest
    to keep when an index is trimmed.
    """
    docs = search_bytes.indexed_texts(site)
    if not docs:
        return "no search index"
    text_by_meeting: dict[str, list[str]] = {}
    for location, text in docs:
        match = re.match(r"meetings/([^/#]+)/", location)
        if match:
            text_by_meeting.setdefault(match.group(1), []).append(text.lower())
    words_of: dict[str, set[str]] = {}
    frequency: dict[str, int] = {}
    for mid in archive["order"]:
        minutes = archive["files"][f"meetings/{mid}.yml"].get("minutes")
        if minutes:
            words = set(re.findall(r"[a-z]{4,}", minutes["body"].lower()))
            words_of[mid] = words
            for word in words:
                frequency[word] = frequency.get(word, 0) + 1
    found = 0
    for mid, words in words_of.items():
        rarest = min(words, key=lambda w: (frequency[w], w))
        texts = text_by_meeting.get(mid, [])
        if any(re.search(rf"\b{rarest}\b", text) for text in texts):
            found += 1
    return f"{found}/{len(words_of)}"


def prepare_scale(scale: float, work: Path, seed: int, sides: tuple[str, ...],
                  long: bool = False) -> tuple[dict, dict[str, Path]]:
    """The archive of ``scale`` (``long``: the long-transcript one) and the folders of the
    ``sides`` to build, written unless an earlier run left them."""
    meetings = max(6, round((LONG_MEETINGS if long else REFERENCE_MEETINGS) * scale))
    members = 12 if meetings < 60 else None
    folder = work / (f"long-{scale:g}x" if long else f"{scale:g}x")
    roots = {"portal": folder / "portal", "baseline": folder / "baseline",
             "hugo": folder / "hugo"}
    archive = make_archive(meetings, members, seed, long)
    stamp = folder / "archive.json"
    wanted = {"meetings": meetings, "members": archive["members"], "seed": seed, "long": long}
    if not (stamp.exists() and json.loads(stamp.read_text()) == wanted):
        shutil.rmtree(folder, ignore_errors=True)  # another (or a half-written) archive
        folder.mkdir(parents=True)
    # the same archive is reused; a side written by an earlier run is kept, and a side it
    # skipped is written now (the stamp is removed until the writes are done)
    stamp.unlink(missing_ok=True)
    if "portal" in sides and not roots["portal"].exists():
        write_portal(archive, roots["portal"])
        write_git_history(archive, roots["portal"])
    if "baseline" in sides and not roots["baseline"].exists():
        write_baseline(archive, roots["baseline"])
    if "hugo" in sides and not roots["hugo"].exists():
        write_hugo_site(archive, roots["hugo"])
    stamp.write_text(json.dumps(wanted))
    return archive, {side: roots[side] for side in sides}


def build(root: Path, repeat: int, side: str = "portal") -> dict:
    """Build ``root`` ``repeat`` times, each in a fresh process; the fastest counts."""
    if side == "hugo":
        command, out = hugo_command() + ["--quiet", "--destination", "site"], root / "site"
    else:
        command, out = [sys.executable, "-m", "mkdocs", "build", "-q"], root / "site"
    runs = []
    for _ in range(repeat):
        set_aside(out)
        runs.append(measure(command, root))
    best = min(runs, key=lambda r: r["wall_s"])
    result = {k: v for k, v in best.items() if k != "stdout"}
    result["wall_runs_s"] = [r["wall_s"] for r in runs]
    result["cpu_runs_s"] = [r["cpu_s"] for r in runs]
    result.update(site_figures(out))
    return result


def sides_at(scale: float, only: str | None, compare_at: list[float]) -> tuple[str, ...]:
    if only:
        return (only,)
    return SIDES if scale in compare_at else ("portal",)


def run_scale(scale: float, work: Path, seed: int, repeat: int, only: str | None,
              compare_at: list[float] = (1,)) -> dict:
    sides = sides_at(scale, only, list(compare_at))
    if "hugo" in sides and hugo_command() is None:
        print(f"[{scale:g}x] {HUGO_INSTALL}; building without it", file=sys.stderr)
        sides = tuple(s for s in sides if s != "hugo")
    print(f"[{scale:g}x] writing the archives ({', '.join(sides)})…", file=sys.stderr,
          flush=True)
    archive, roots = prepare_scale(scale, work, seed, sides)
    out: dict = {"scale": scale, "meetings": archive["meetings"], "members": archive["members"],
                 "decisions": sum(len(r.get("decisions", [])) for p, r in archive["files"].items()
                                  if p.startswith("meetings/"))}
    portal = roots.get("portal")
    if portal is not None:
        print(f"[{scale:g}x] portal build…", file=sys.stderr, flush=True)
        out["portal"] = build(portal, repeat)
        out["portal"]["minutes_findable"] = minutes_findable(archive, portal / "site")
        print(f"[{scale:g}x] coalition validate…", file=sys.stderr, flush=True)
        command = [sys.executable, "-m", "coalition_portal", "validate", "content"]
        # cold: every file parsed (--fresh); warm: a run after one that kept the parsing
        cold = [measure(command + ["--fresh"], portal) for _ in range(repeat)]
        measure(command, portal)
        warm = [measure(command, portal) for _ in range(repeat)]
        for key, runs in (("validate", cold), ("validate_warm", warm)):
            best = min(runs, key=lambda r: r["wall_s"])
            out[key] = {"wall_s": best["wall_s"], "cpu_s": best["cpu_s"],
                        "peak_rss_mb": best["peak_rss_mb"]}
        print(f"[{scale:g}x] git history check…", file=sys.stderr, flush=True)
        git = measure([sys.executable, "-c", GIT_CHECK], portal)
        out["git_history"] = json.loads(git["stdout"].strip().splitlines()[-1])
    if "baseline" in roots:
        print(f"[{scale:g}x] baseline build (mkdocs-material)…", file=sys.stderr, flush=True)
        out["baseline"] = build(roots["baseline"], repeat)
        out["baseline"]["minutes_findable"] = minutes_findable(archive,
                                                               roots["baseline"] / "site")
    if "hugo" in roots:
        print(f"[{scale:g}x] Hugo build…", file=sys.stderr, flush=True)
        out["hugo"] = build(roots["hugo"], repeat, "hugo")
    for other, key in (("baseline", "ratios"), ("hugo", "ratios_hugo")):
        if "portal" in out and other in out:
            p, b = out["portal"], out[other]
            out[key] = {k: round(p[k] / b[k], 3) if b.get(k) else None
                        for k in ("wall_s", "cpu_s", "peak_rss_mb", "output_mb",
                                  "largest_page_kb", "search_index_mb")}
    return out


def run_long(work: Path, seed: int, repeat: int, scale: float = 1) -> dict:
    """The long-transcript archive: the portal's build, its largest page and feed, and
    whether its minutes are found in the search index."""
    print("[long] writing the long-transcript archive…", file=sys.stderr, flush=True)
    archive, roots = prepare_scale(scale, work, seed, ("portal",), long=True)
    sizes = [len(r["minutes"]["body"]) for p, r in archive["files"].items()
             if p.startswith("meetings/") and r.get("minutes")]
    print("[long] portal build…", file=sys.stderr, flush=True)
    out = {"meetings": archive["meetings"], "members": archive["members"],
           "minutes": len(sizes), "minutes_chars": [min(sizes), max(sizes)],
           "minutes_mb": round(sum(sizes) / MB, 1), "portal": build(roots["portal"], repeat)}
    shortened = 0
    for path in sorted((roots["portal"] / "site" / "feeds").glob("minutes.atom.xml")):
        shortened = path.read_text(encoding="utf-8").count("This entry is shortened")
    out["minutes_feed_shortened"] = shortened
    # the long transcripts' index is in parts: every part is read back
    out["portal"]["minutes_findable"] = minutes_findable(archive, roots["portal"] / "site")
    return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8", errors="replace")
    except (OSError, urllib.error.URLError):
        return None


def _wait_for(url: str, marker: str, limit: float, proc: subprocess.Popen) -> float | None:
    """Seconds until the page at ``url`` holds ``marker`` (None past ``limit``)."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if proc.poll() is not None:
            raise SystemExit(f"mkdocs serve ended ({proc.returncode})")
        page = _fetch(url)
        if page is not None and marker in page:
            return time.perf_counter() - start
        time.sleep(0.1)
    return None


def run_serve(work: Path, seed: int, edits: int = 2, scale: float = 1) -> dict:
    """``mkdocs serve`` on a copy of the 1x archive: the time to serve the first build,
    then, for each edit of one meeting's minutes, and for an edit of one of its decisions'
    titles, from saving the file to the served meeting page showing the change (what a
    secretary waits for)."""
    _, roots = prepare_scale(scale, work, seed, ("portal",))
    root = work / f"serve-{scale:g}x"
    set_aside(root)
    shutil.copytree(roots["portal"], root, ignore=shutil.ignore_patterns("site"))
    meetings = sorted((root / "content" / "meetings").glob("*.yml"))
    target = next(p for p in reversed(meetings) if "  body: |" in p.read_text("utf-8"))
    port = _free_port()
    url = f"http://127.0.0.1:{port}/meetings/{target.stem}/"
    print(f"[serve] mkdocs serve on a copy of the 1x archive, editing {target.name}…",
          file=sys.stderr, flush=True)
    log = (work / f"serve-{scale:g}x.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                            cwd=root, env=environment(), stdout=log, stderr=subprocess.STDOUT)
    out: dict = {"meeting": target.stem}
    try:
        first = _wait_for(url, "</html>", 600, proc)
        out["first_build_s"] = round(first, 2) if first is not None else None
        reloads = []
        for n in range(1, edits + 1):
            marker = f"Reloadmarker{n}x{os.getpid()}"
            text = target.read_text(encoding="utf-8")
            head, _, tail = text.partition("  body: |\n")
            heading, _, rest = tail.partition("\n")
            target.write_text(f"{head}  body: |\n{heading}\n\n    {marker} was added.\n{rest}",
                              encoding="utf-8")
            took = _wait_for(url, marker, 300, proc)
            reloads.append(round(took, 2) if took is not None else None)
            time.sleep(1)  # let the watcher settle before the next edit
        out["reload_s"] = reloads
        # an edit beyond the minutes (a decision's title: the meeting page, the decision
        # log, every member's votes show it): every page body is rendered again
        marker = f"Retitled{os.getpid()}"
        text = target.read_text(encoding="utf-8")
        head, sep, tail = text.partition("\n    title: ")
        if sep:
            target.write_text(f"{head}{sep}{marker} {tail}", encoding="utf-8")
            took = _wait_for(url, marker, 300, proc)
            out["reload_decision_s"] = round(took, 2) if took is not None else None
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    return out


def machine() -> dict:
    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in
                     Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "pydantic", "PyYAML", "Jinja2", "Markdown"):
        try:
            from importlib.metadata import version
            versions[package] = version(package)
        except Exception:  # noqa: BLE001 - a missing package is just not listed
            pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                            capture_output=True, text=True).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain", "--", "plugins"],
                                cwd=REPO, capture_output=True,
                                text=True).stdout.strip())
    return {"cores": os.cpu_count(), "cpu": model, "python": platform.python_version(),
            "system": platform.platform(), "packages": versions,
            "commit": commit + ("+dirty" if dirty else ""),
            "load_average_start": [round(x, 2) for x in os.getloadavg()]}


def fmt(value, unit: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3g}{unit}" if value < 100 else f"{value:.0f}{unit}"
    return f"{value}{unit}"


def _row(label: str, x: dict) -> tuple:
    return (label, fmt(x["wall_s"]), fmt(x["cpu_s"]), fmt(x["peak_rss_mb"]), fmt(x["output_mb"]),
            fmt(x["largest_page_kb"]), fmt(x.get("largest_feed_kb")),
            fmt(x["search_index_mb"]), x.get("minutes_findable", ""))


def _ratio_row(label: str, q: dict) -> tuple:
    return (label, fmt(q["wall_s"], "x"), fmt(q["cpu_s"], "x"), fmt(q["peak_rss_mb"], "x"),
            fmt(q["output_mb"], "x"), fmt(q["largest_page_kb"], "x"), "",
            fmt(q["search_index_mb"], "x"), "")


NAMES = {"portal": "portal", "baseline": "Material", "hugo": "Hugo"}


def table(results: dict) -> str:
    rows = [("", "wall s", "cpu s", "peak RSS MB", "output MB", "largest page KB",
             "largest feed KB", "search index MB", "minutes found")]
    for r in results["scales"]:
        for kind in SIDES:
            if kind in r:
                rows.append(_row(f"{r['scale']:g}x {NAMES[kind]}", r[kind]))
        for key, other in (("ratios", "Material"), ("ratios_hugo", "Hugo")):
            if key in r:
                rows.append(_ratio_row(f"{r['scale']:g}x portal/{other}", r[key]))
    long = results.get("long")
    if long:
        rows.append(_row("long transcripts portal", long["portal"]))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(str(c).rjust(w) if i else str(c).ljust(w)
                       for i, (c, w) in enumerate(zip(row, widths))) for row in rows]
    lines.insert(1, "-" * len(lines[0]))
    extra = []
    for r in results["scales"]:
        if "validate" in r:
            v, g = r["validate"], r["git_history"]
            w = r.get("validate_warm", v)
            git = (f"{g['wall_s']:.2f} s wall ({g['status']}, {g.get('confirmed', 0)} confirmed)"
                   if "wall_s" in g else f"n/a ({g.get('why', g.get('status'))})")
            extra.append(f"{r['scale']:g}x: {r['meetings']} meetings, {r['members']} members, "
                         f"{r['decisions']} decisions; coalition validate {v['wall_s']:.2f} s wall "
                         f"/ {v['cpu_s']:.2f} s cpu (run again: {w['wall_s']:.2f} s wall / "
                         f"{w['cpu_s']:.2f} s cpu); git history check {git}")
    linear = results.get("linearity")
    if linear:
        extra.append("scaling of the portal build (time at Nx / time at 1x): " + ", ".join(
            f"{k}: wall {v['wall']:.2f}x, cpu {v['cpu']:.2f}x" for k, v in linear.items()))
    if long:
        p = long["portal"]
        extra.append(f"long transcripts: {long['meetings']} meetings, {long['minutes']} minutes "
                     f"of {long['minutes_chars'][0]:,}-{long['minutes_chars'][1]:,} characters "
                     f"({long['minutes_mb']} MiB); largest page {p['largest_page']} "
                     f"({p['largest_page_kb']:.0f} KB), largest feed {p['largest_feed']} "
                     f"({p['largest_feed_kb']:.0f} KB), {long['minutes_feed_shortened']} of the "
                     f"minutes feed's entries shortened")
    serve = results.get("serve")
    if serve:
        full = next((r["portal"]["wall_s"] for r in results["scales"]
                     if r["scale"] == 1 and "portal" in r), None)
        extra.append(f"mkdocs serve at 1x: first build served in {fmt(serve['first_build_s'])} s; "
                     f"after an edit of the minutes of {serve['meeting']}.yml the page showed "
                     "it in " + ", then ".join(f"{fmt(t)} s" for t in serve["reload_s"])
                     + (f"; after an edit of a decision's title in {fmt(t)} s"
                        if (t := serve.get("reload_decision_s")) is not None else "")
                     + (f" (a full build: {fmt(full)} s)" if full else ""))
    m = results["machine"]
    extra.append(f"machine: {m['cores']} cores, {m['cpu']}, Python {m['python']}; commit "
                 f"{m['commit']}; load average {m['load_average_start']} at start, "
                 f"{m.get('load_average_end')} at end")
    return "\n".join(lines + [""] + extra)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 5],
                        help="archive sizes relative to the reference (default: 1 5)")
    parser.add_argument("--compare-at", type=float, nargs="+", default=[1],
                        help="scales at which Material and Hugo are built too (default: 1)")
    parser.add_argument("--only", choices=SIDES, help="build only one side (no ratios)")
    parser.add_argument("--no-long", dest="long", action="store_false",
                        help="skip the long-transcript archive")
    parser.add_argument("--no-serve", dest="serve", action="store_false",
                        help="skip the mkdocs serve reload")
    parser.add_argument("--repeat", type=int, default=1, help="builds per side; the fastest counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path,
                        default=Path(tempfile.gettempdir()) / "coalition-bench",
                        help="where the archives are written and built (reused when unchanged)")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args(argv)
    results = {"started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
               "command": " ".join(["python", "benchmarks/run.py", *(argv or sys.argv[1:])]),
               "machine": machine(), "scales": []}
    try:
        run_all(args, results)
    finally:
        remove_set_aside(args.work)
    args.out.mkdir(parents=True, exist_ok=True)
    name = f"results-{results['started'].replace(':', '').replace('+0000', 'Z')}.json"
    (args.out / name).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nwritten: {(args.out / name).relative_to(Path.cwd()) if (args.out / name).is_relative_to(Path.cwd()) else args.out / name}")


def run_all(args, results: dict) -> None:
    for scale in args.scales:
        results["scales"].append(run_scale(scale, args.work, args.seed, args.repeat, args.only,
                                           args.compare_at))
    base = next((r for r in results["scales"] if r["scale"] == 1 and "portal" in r), None)
    if base:
        results["linearity"] = {
            f"{r['scale']:g}x": {"wall": r["portal"]["wall_s"] / base["portal"]["wall_s"],
                                 "cpu": r["portal"]["cpu_s"] / base["portal"]["cpu_s"]}
            for r in results["scales"] if r["scale"] != 1 and "portal" in r}
    if args.long and args.only in (None, "portal"):
        results["long"] = run_long(args.work, args.seed, args.repeat)
    if args.serve and args.only in (None, "portal"):
        results["serve"] = run_serve(args.work, args.seed)
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]


if __name__ == "__main__":
    main()
