"""Benchmark the portal against plain mkdocs-material on synthetic archives (issue 9).

For each scale (1x is the reference archive: 520 weekly meetings, 200 members) it
writes the portal (a git repository with one commit per meeting) and the
baseline (the same records as plain Markdown pages), builds each with
``python -m mkdocs build`` in a fresh subprocess, and measures wall time, CPU
time, peak RSS (``os.wait4`` of that child), output size, the largest page and
the search index; plus ``coalition validate`` alone and the git history check.
It prints a table and writes the figures as JSON under ``benchmarks/out/``.

    python benchmarks/run.py                      # 1x, 2x, 5x
    python benchmarks/run.py --scales 1 --repeat 3
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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import search_bytes  # noqa: E402
from baseline import write_baseline  # noqa: E402
from generate import REFERENCE_MEETINGS, make_archive, write_git_history, write_portal  # noqa: E402

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
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        if path.suffix == ".html":
            pages += 1
            if size > largest:
                largest, largest_page = size, path.relative_to(site).as_posix()
    index = search_bytes.index_bytes(site)  # the portal's Pagefind index, or Material's
    return {"output_mb": round(total / MB, 2), "html_pages": pages,
            "largest_page_kb": round(largest / 1024, 1), "largest_page": largest_page,
            "search_index_mb": round(index / MB, 3) if index else None}


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


def prepare_scale(scale: float, work: Path, seed: int, only: str | None) -> tuple[dict, Path, Path]:
    meetings = max(6, round(REFERENCE_MEETINGS * scale))
    members = 12 if meetings < 60 else None
    folder = work / f"{scale:g}x"
    portal, base = folder / "portal", folder / "baseline"
    archive = make_archive(meetings, members, seed)
    stamp = folder / "archive.json"
    wanted = {"meetings": meetings, "members": archive["members"], "seed": seed}
    if not (stamp.exists() and json.loads(stamp.read_text()) == wanted):
        shutil.rmtree(folder, ignore_errors=True)  # another (or a half-written) archive
        folder.mkdir(parents=True)
    # the same archive is reused; a side written by an earlier `--only` run is kept, and
    # the side it skipped is written now (the stamp is removed until both writes are done)
    stamp.unlink(missing_ok=True)
    if only != "baseline" and not portal.exists():
        write_portal(archive, portal)
        write_git_history(archive, portal)
    if only != "portal" and not base.exists():
        write_baseline(archive, base)
    stamp.write_text(json.dumps(wanted))
    return archive, portal, base


def build(root: Path, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        shutil.rmtree(root / "site", ignore_errors=True)
        runs.append(measure([sys.executable, "-m", "mkdocs", "build", "-q"], root))
    best = min(runs, key=lambda r: r["wall_s"])
    result = {k: v for k, v in best.items() if k != "stdout"}
    result["wall_runs_s"] = [r["wall_s"] for r in runs]
    result["cpu_runs_s"] = [r["cpu_s"] for r in runs]
    result.update(site_figures(root / "site"))
    return result


def run_scale(scale: float, work: Path, seed: int, repeat: int, only: str | None) -> dict:
    print(f"[{scale:g}x] writing the archives…", file=sys.stderr, flush=True)
    archive, portal, base = prepare_scale(scale, work, seed, only)
    out: dict = {"scale": scale, "meetings": archive["meetings"], "members": archive["members"],
                 "decisions": sum(len(r.get("decisions", [])) for p, r in archive["files"].items()
                                  if p.startswith("meetings/"))}
    if only != "baseline":
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
    if only != "portal":
        print(f"[{scale:g}x] baseline build…", file=sys.stderr, flush=True)
        out["baseline"] = build(base, repeat)
        out["baseline"]["minutes_findable"] = minutes_findable(archive, base / "site")
    if "portal" in out and "baseline" in out:
        p, b = out["portal"], out["baseline"]
        out["ratios"] = {key: round(p[key] / b[key], 3) if b.get(key) else None
                         for key in ("wall_s", "cpu_s", "peak_rss_mb", "output_mb",
                                     "largest_page_kb", "search_index_mb")}
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


def table(results: dict) -> str:
    rows = [("", "wall s", "cpu s", "peak RSS MB", "output MB", "largest page KB",
             "search index MB", "minutes found")]
    for r in results["scales"]:
        for kind in ("portal", "baseline"):
            if kind in r:
                x = r[kind]
                rows.append((f"{r['scale']:g}x {kind}", fmt(x["wall_s"]), fmt(x["cpu_s"]),
                             fmt(x["peak_rss_mb"]), fmt(x["output_mb"]),
                             fmt(x["largest_page_kb"]), fmt(x["search_index_mb"]),
                             x.get("minutes_findable", "")))
        if "ratios" in r:
            q = r["ratios"]
            rows.append((f"{r['scale']:g}x portal/baseline", fmt(q["wall_s"], "x"),
                         fmt(q["cpu_s"], "x"), fmt(q["peak_rss_mb"], "x"),
                         fmt(q["output_mb"], "x"), fmt(q["largest_page_kb"], "x"),
                         fmt(q["search_index_mb"], "x"), ""))
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
    m = results["machine"]
    extra.append(f"machine: {m['cores']} cores, {m['cpu']}, Python {m['python']}; load average "
                 f"{m['load_average_start']} at start, {m.get('load_average_end')} at end")
    return "\n".join(lines + [""] + extra)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 2, 5],
                        help="archive sizes relative to the reference (default: 1 2 5)")
    parser.add_argument("--only", choices=("portal", "baseline"),
                        help="build only one side (no ratios)")
    parser.add_argument("--repeat", type=int, default=1, help="builds per side; the fastest counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path,
                        default=Path(tempfile.gettempdir()) / "coalition-bench",
                        help="where the archives are written and built (reused when unchanged)")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args(argv)
    results = {"started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
               "machine": machine(), "scales": []}
    for scale in args.scales:
        results["scales"].append(run_scale(scale, args.work, args.seed, args.repeat, args.only))
    base = next((r for r in results["scales"] if r["scale"] == 1 and "portal" in r), None)
    if base:
        results["linearity"] = {
            f"{r['scale']:g}x": {"wall": r["portal"]["wall_s"] / base["portal"]["wall_s"],
                                 "cpu": r["portal"]["cpu_s"] / base["portal"]["cpu_s"]}
            for r in results["scales"] if r["scale"] != 1 and "portal" in r}
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    args.out.mkdir(parents=True, exist_ok=True)
    name = f"results-{results['started'].replace(':', '').replace('+0000', 'Z')}.json"
    (args.out / name).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nwritten: {(args.out / name).relative_to(Path.cwd()) if (args.out / name).is_relative_to(Path.cwd()) else args.out / name}")


if __name__ == "__main__":
    main()
