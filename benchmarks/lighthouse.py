"""Lighthouse scores of every page kind (issue 16), measured on demand, never in the tests.

Builds the demo portal (and, with ``--archive``, the 1x reference archive), serves the
built site on 127.0.0.1, and runs the npm ``lighthouse`` package with Debian's Chromium
(mobile profile, simulated throttling: Lighthouse's defaults) on one page of every page
kind: the largest page of its kind, so the worst one counts.  It prints a table of the
four category scores, largest contentful paint, total blocking time, page weight, DOM
size and console errors per kind, and writes the figures (and every full report) under
``benchmarks/out/`` (git-ignored).

    python benchmarks/lighthouse.py                    # the demo, every page kind
    python benchmarks/lighthouse.py --archive          # and the 1x reference archive
    python benchmarks/lighthouse.py --kinds member meeting --runs 3
    python benchmarks/lighthouse.py --site path/to/site   # a site already built
    python benchmarks/lighthouse.py --table benchmarks/out/lighthouse-<time>.json

Lighthouse is installed with npm into ``benchmarks/node/`` (git-ignored) on first use.
Nothing outside 127.0.0.1 is fetched: Chromium runs with background networking and
component updates off and with a proxy that refuses every connection (loopback is never
proxied), and every request of every report is checked to be the local server's.

The server is, by default, shaped like a static host (GitHub Pages): HTTP/1.1, gzip for
text, ``Cache-Control: max-age=600``, and ``404.html`` with status 404 for a missing
path.  ``--server plain`` serves like ``python -m http.server`` (HTTP/1.0, nothing
compressed, no caching header), which costs the pages several performance points.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

LIGHTHOUSE_VERSION = "12.8.2"
NODE_DIR = HERE / "node"
CHROMIUM = "/usr/bin/chromium"
# every connection that is not to loopback goes to this proxy, where nothing listens
NO_NETWORK = "--proxy-server=http://127.0.0.1:9"
CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", NO_NETWORK)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


# --- page kinds ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A kind of page: a fixed site URL, or a pattern of which the largest page is taken."""

    name: str
    pattern: str  # a site URL ("" is home) or, with "re:", a regular expression

    def matches(self, url: str) -> bool:
        if self.pattern.startswith("re:"):
            return re.fullmatch(self.pattern[3:], url) is not None
        return url == self.pattern


KINDS = (
    Kind("home", ""),
    Kind("meetings", "meetings/"),
    Kind("meetings year", r"re:meetings/\d{4}/"),
    Kind("meeting", r"re:meetings/\d{4}-\d\d-\d\d[^/]*/"),
    Kind("members", "members/"),
    Kind("member", r"re:members/[^/]+/"),
    Kind("member votes", r"re:members/[^/]+/votes/(?:[^/]+/)?"),
    Kind("decisions", "decisions/"),
    Kind("decisions year", r"re:decisions/\d{4}/"),
    Kind("platform", "platform/"),
    Kind("platform version", r"re:platform/v[^/]+/"),
    Kind("platform diff", r"re:platform/changes/[^/]+/"),
    Kind("amendments", "platform/amendments/"),
    Kind("endorse", "endorse/"),
    Kind("roles", "roles/"),
    Kind("punctuality", "punctuality/"),
    Kind("vital signs", "vital-signs/"),
    Kind("voting agreement", "voting-agreement/"),
    Kind("feeds", "feeds/"),
    Kind("data", "data/"),
    Kind("about", "about/"),
    Kind("not found", "404.html"),
)


def page_urls(site: Path) -> list[str]:
    """Every HTML page of a built site as a site URL ('' is home), sorted."""
    urls = []
    for path in site.rglob("*.html"):
        relative = path.relative_to(site).as_posix()
        if relative.startswith("search/"):
            continue
        urls.append(relative.removesuffix("index.html") if relative.endswith("index.html")
                    else relative)
    return sorted(urls)


def examples(site: Path) -> list[tuple[str, str]]:
    """(kind, site URL) for every kind the site has, the largest page of each; then one page
    per URL shape no kind covers (digits folded), named ``other: <shape>``."""
    urls = page_urls(site)
    size = {url: (site / (url + "index.html" if url == "" or url.endswith("/") else url))
            .stat().st_size for url in urls}
    chosen, covered = [], set()
    for kind in KINDS:
        matching = [url for url in urls if kind.matches(url)
                    and not any(k.matches(url) for k in KINDS if k != kind and not
                                k.pattern.startswith("re:"))]
        covered.update(matching)
        if matching:
            chosen.append((kind.name, max(matching, key=lambda u: (size[u], u))))
    shapes: dict[str, str] = {}
    for url in urls:
        if url not in covered:
            shapes.setdefault(re.sub(r"\d+", "#", url), url)
    chosen += [(f"other: {shape}", url) for shape, url in sorted(shapes.items())]
    return chosen


# --- the server ----------------------------------------------------------------------------


COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "image/svg+xml", "application/rss+xml", "application/atom+xml")


class StaticHostHandler(SimpleHTTPRequestHandler):
    """A static host as GitHub Pages is one: HTTP/1.1, gzip for text, a short cache
    lifetime, ``404.html`` for a missing path (with status 404)."""

    protocol_version = "HTTP/1.1"
    cache: dict[tuple[str, bool], bytes] = {}
    lock = threading.Lock()

    def log_message(self, format, *args):
        pass

    def do_HEAD(self):
        self.respond(body=False)

    def do_GET(self):
        self.respond(body=True)

    def respond(self, body: bool) -> None:
        path = Path(self.translate_path(self.path))
        status = HTTPStatus.OK
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", self.path.split("?")[0] + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = path / "index.html"
        if not path.is_file():
            status, path = HTTPStatus.NOT_FOUND, Path(self.directory) / "404.html"
        kind = self.guess_type(str(path))
        zipped = (kind.startswith(COMPRESSIBLE)
                  and "gzip" in self.headers.get("Accept-Encoding", ""))
        data = self.content(path, zipped) if path.is_file() else b"not found"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        if zipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def content(self, path: Path, zipped: bool) -> bytes:
        key = (str(path), zipped)
        with self.lock:
            if key not in self.cache:
                data = path.read_bytes()
                self.cache[key] = gzip.compress(data, 6, mtime=0) if zipped else data
            return self.cache[key]


class PlainHandler(SimpleHTTPRequestHandler):
    """``python -m http.server``, quiet."""

    def log_message(self, format, *args):
        pass


class Server:
    """A built site over HTTP on 127.0.0.1, on a port the system picks."""

    def __init__(self, root: Path, kind: str) -> None:
        handler = StaticHostHandler if kind == "static-host" else PlainHandler

        def make(*args, **kwargs):
            return handler(*args, directory=str(root), **kwargs)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), make)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "Server":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# --- building ------------------------------------------------------------------------------


def environment() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "COALITION_AS_OF"}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "plugins"), env.get("PYTHONPATH", "")])
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def mkdocs_build(config: Path, site: Path) -> Path:
    shutil.rmtree(site, ignore_errors=True)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                             "-d", str(site)], cwd=config.parent, env=environment(),
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"mkdocs build of {config} failed:\n{result.stderr[-4000:]}")
    return site


def archive_site(work: Path) -> Path:
    """The 1x reference archive (520 meetings, with its git history), built."""
    import hashlib

    from generate import (MKDOCS_YML, REFERENCE_MEETINGS, make_archive, write_git_history,
                          write_portal)

    portal, stamp = work / "archive-1x", work / "archive-1x.json"
    wanted = {"meetings": REFERENCE_MEETINGS, "seed": 1,
              "mkdocs_yml": hashlib.sha256(MKDOCS_YML.encode()).hexdigest()}
    if not (stamp.is_file() and json.loads(stamp.read_text()) == wanted):
        shutil.rmtree(portal, ignore_errors=True)
        stamp.unlink(missing_ok=True)
        archive = make_archive(REFERENCE_MEETINGS, None, 1)
        write_portal(archive, portal)
        write_git_history(archive, portal)
        stamp.write_text(json.dumps(wanted))
    return mkdocs_build(portal / "mkdocs.yml", work / "archive-1x-site")


# --- lighthouse ----------------------------------------------------------------------------


def lighthouse_bin() -> Path:
    binary = NODE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        if shutil.which("npm") is None:
            sys.exit("npm is needed to install lighthouse (apt-get install npm)")
        print(f"installing lighthouse {LIGHTHOUSE_VERSION} into {NODE_DIR} ...", flush=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                        str(NODE_DIR), f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True)
    return binary


def run_lighthouse(binary: Path, url: str, report: Path, dark: bool) -> dict:
    flags = list(CHROME_FLAGS)
    if dark:  # prefers-color-scheme: dark (Blink's PreferredColorScheme 0 is dark)
        flags.append("--blink-settings=preferredColorScheme=0")
    command = [str(binary), url, f"--chrome-path={CHROMIUM}",
               f"--chrome-flags={' '.join(flags)}", "--output=json",
               f"--output-path={report}", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not report.is_file():
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def figures(report: dict, server_url: str) -> dict:
    """What the table shows, from one Lighthouse report."""
    audits = report["audits"]

    def numeric(name):
        return audits.get(name, {}).get("numericValue")

    scores = {c: round(100 * report["categories"][c]["score"])
              if report["categories"][c]["score"] is not None else None for c in CATEGORIES}
    short = {"accessibility": "a11y", "best-practices": "BP", "seo": "SEO"}
    failing = sorted({f"{short[c]}: {ref['id']}" for c in CATEGORIES[1:]
                      for ref in report["categories"][c]["auditRefs"]
                      if ref.get("weight", 0) > 0
                      and audits[ref["id"]].get("score") is not None
                      and audits[ref["id"]]["score"] < 1})
    console = [f"{item.get('source')}: {item.get('description', '')[:160]} "
               f"({(item.get('sourceLocation') or {}).get('url', '')})"
               for item in audits.get("errors-in-console", {}).get("details", {})
               .get("items", [])]
    requests = [item["url"] for item in audits.get("network-requests", {}).get("details", {})
                .get("items", [])]
    offsite = sorted({u for u in requests if not u.startswith((server_url, "data:", "blob:"))})
    return {"scores": scores, "lcp_s": round(numeric("largest-contentful-paint") / 1000, 2),
            "tbt_ms": round(numeric("total-blocking-time")),
            "fcp_s": round(numeric("first-contentful-paint") / 1000, 2),
            "cls": round(numeric("cumulative-layout-shift"), 3),
            "transfer_kb": round(numeric("total-byte-weight") / 1024),
            "dom_elements": numeric("dom-size"), "requests": len(requests),
            # Lighthouse's measure of this machine's speed during the run (a quiet desktop
            # scores about 1500-2500); performance under heavy load is not comparable
            "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
            "console_errors": console, "failing_audits": failing, "offsite": offsite}


def measure(binary: Path, server: Server, site_name: str, kind: str, url: str, runs: int,
            reports: Path, dark: bool, min_index: float = 0) -> dict:
    """Lighthouse ``runs`` times on one page; the run with the median performance counts.

    A run during which the machine was slower than ``min_index`` (Lighthouse's benchmark
    index: other processes took the CPU) is run again, up to twice more per run."""
    results = []
    for run in range(runs):
        for attempt in range(3):
            slug = re.sub(r"[^a-z0-9]+", "-",
                          f"{site_name} {kind} {run} {attempt}".lower()).strip("-")
            report = run_lighthouse(binary, server.url + url, reports / f"{slug}.json", dark)
            result = figures(report, server.url)
            if (result["benchmark_index"] or 0) >= min_index:
                break
        results.append(result)
    ordered = sorted(results, key=lambda r: r["scores"]["performance"] or 0)
    best = dict(ordered[(len(ordered) - 1) // 2])
    best["performance_runs"] = [r["scores"]["performance"] for r in results]
    return {"site": site_name, "kind": kind, "url": url, "server_url": server.url, **best}


# --- the table -----------------------------------------------------------------------------


def table(rows: list[dict]) -> str:
    head = ("| site | kind | page | perf | a11y | BP | SEO | LCP s | TBT ms | KB | DOM "
            "| console errors | machine index | below target |")
    lines = [head, "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
             "| ---: | ---: | --- |"]
    for r in rows:
        s = r["scores"]
        cells = []
        for c in CATEGORIES:
            value = "–" if s[c] is None else str(s[c])
            cells.append(value if s[c] is not None and s[c] >= TARGETS[c] else f"**{value}**")
        failing = ", ".join(r["failing_audits"])
        lines.append(f"| {r['site']} | {r['kind']} | `/{r['url']}` | {' | '.join(cells)} "
                     f"| {r['lcp_s']} | {r['tbt_ms']} | {r['transfer_kb']} "
                     f"| {r['dom_elements']:.0f} | {len(r['console_errors'])} "
                     f"| {r.get('benchmark_index') or 0:.0f} | {failing} |")
    return "\n".join(lines)


def machine() -> dict:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                            capture_output=True, text=True).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain", "--", "plugins", "mkdocs.yml",
                                 "content"], cwd=REPO, capture_output=True,
                                text=True).stdout.strip())
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True,
                              text=True).stdout.strip()
    return {"commit": commit + ("+dirty" if dirty else ""), "cores": os.cpu_count(),
            "chromium": chromium, "lighthouse": LIGHTHOUSE_VERSION,
            "load_average_start": [round(x, 2) for x in os.getloadavg()]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a site already built (instead of the demo)")
    parser.add_argument("--archive", action="store_true",
                        help="also the 1x reference archive (520 meetings), generated and built")
    parser.add_argument("--kinds", nargs="+", metavar="KIND",
                        help="only these kinds (names as in the table, e.g. member 'meetings year')")
    parser.add_argument("--runs", type=int, default=1,
                        help="runs per page; the one with the median performance counts")
    parser.add_argument("--server", choices=("static-host", "plain"), default="static-host")
    parser.add_argument("--dark", action="store_true", help="prefers-color-scheme: dark")
    parser.add_argument("--min-index", type=float, default=0, metavar="N",
                        help="run a page again (twice at most) when Lighthouse's benchmark "
                             "index of the machine was below N (a busy machine; 1000 is a "
                             "reasonable floor on a shared 2-core VM)")
    parser.add_argument("--work", type=Path,
                        default=Path(tempfile.gettempdir()) / "coalition-lighthouse",
                        help="where sites are built (the archive is reused when present)")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--table", type=Path, metavar="JSON",
                        help="only print the table of an earlier run's lighthouse-*.json")
    args = parser.parse_args(argv)
    if args.table:
        print(table(json.loads(args.table.read_text(encoding="utf-8"))["pages"]))
        return 0

    binary = lighthouse_bin()
    sites = []
    if args.site:
        sites.append(("site", args.site.resolve()))
    else:
        sites.append(("demo", mkdocs_build(REPO / "mkdocs.yml", args.work / "demo-site")))
    if args.archive:
        sites.append(("archive 1x", archive_site(args.work)))
    started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    stamp = started.replace(":", "").replace("+0000", "Z")
    reports = args.out / f"lighthouse-{stamp}"
    reports.mkdir(parents=True, exist_ok=True)
    results = {"started": started, "machine": machine(), "server": args.server,
               "dark": args.dark, "runs": args.runs, "min_index": args.min_index,
               "pages": []}
    for site_name, root in sites:
        with Server(root, args.server) as server:
            for kind, url in examples(root):
                if args.kinds and kind not in args.kinds:
                    continue
                row = measure(binary, server, site_name, kind, url, args.runs, reports,
                              args.dark, args.min_index)
                results["pages"].append(row)
                s = row["scores"]
                print(f"{site_name:10} {kind:18} perf {s['performance']:>3} a11y "
                      f"{s['accessibility']:>3} BP {s['best-practices']:>3} SEO {s['seo']:>3}"
                      f"  LCP {row['lcp_s']} s TBT {row['tbt_ms']} ms"
                      f"  {len(row['console_errors'])} console errors"
                      f"  (benchmark index {row['benchmark_index']:.0f})", flush=True)
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    summary = args.out / f"lighthouse-{stamp}.json"
    summary.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print()
    print(table(results["pages"]))
    errors = Counter(line.replace(server_url, "/") for row in results["pages"]
                     for line in row["console_errors"] for server_url in [row["server_url"]])
    for line, count in errors.most_common():
        print(f"console error ({count} times on {len(results['pages'])} pages): {line}")
    offsite = sorted({u for row in results["pages"] for u in row["offsite"]})
    if offsite:
        print("requests outside the local server (blocked):", *offsite, sep="\n  ")
    print(f"\nwritten: {summary} (full reports in {reports}/)")
    below = [r for r in results["pages"]
             if any(r["scores"][c] is None or r["scores"][c] < TARGETS[c] for c in CATEGORIES)]
    print(f"{len(results['pages']) - len(below)}/{len(results['pages'])} pages meet every target"
          f" (performance >= 95, the others 100); load average "
          f"{results['machine']['load_average_start'][0]} at the start, "
          f"{results['machine']['load_average_end'][0]} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
