"""What a reader's first search costs: the bytes the browser downloads for it (issue 16).

Serves a built site on 127.0.0.1, opens its home page in headless Chromium (playwright),
waits until the page has loaded, then opens the search with "/" and types each query as a
reader would (a letter at a time); every response after the page load is counted, by its
body size on the wire. The first query is a reader's first search (Pagefind's program, its
WebAssembly, the index chunks of the words, the fragments of the results shown); later
queries show what the following searches add.

    python benchmarks/search_bytes.py SITE_DIR [QUERY ...]
    python benchmarks/generate.py /tmp/arch --meetings 520 --git \\
        && (cd /tmp/arch && mkdocs build -q) && python benchmarks/search_bytes.py /tmp/arch/site

Also the two figures run.py reports for a site, whichever search it has (the portal's
Pagefind index in ``pagefind/``, or Material's ``search/search_index.json`` for the
baseline): :func:`index_bytes` (all of it, on disk) and :func:`indexed_texts` (of every
part, when a large archive's index is in parts).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DEFAULT_QUERIES = ("budget", "d-2024-11-06-2", "rental kitchen")
FIRST_SEARCH_LIMIT = 600 * 1024  # issue 16: at most 600 KB on the 10-year benchmark archive
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def index_bytes(site: Path) -> int | None:
    """The whole search index on disk (every file a search could fetch), or None."""
    pagefind = site / "pagefind"
    if pagefind.is_dir():
        return sum(p.stat().st_size for p in pagefind.rglob("*") if p.is_file())
    material = site / "search" / "search_index.json"
    return material.stat().st_size if material.exists() else None


def index_parts(site: Path) -> int:
    """How many indexes the portal's search merges (pagefind/parts.json names the others)."""
    parts = site / "pagefind" / "parts.json"
    if not parts.exists():
        return 1
    return 1 + len(json.loads(parts.read_text(encoding="utf-8"))["indexes"])


def indexed_texts(site: Path) -> list[tuple[str, str]]:
    """(site-relative URL, title and text) of every page or section the search holds."""
    pagefind = site / "pagefind"
    if pagefind.is_dir():
        out = []  # every part of the index (pagefind/, pagefind/part-2/, ...: parts.json)
        for path in sorted(pagefind.glob("**/fragment/*.pf_fragment")):
            fragment = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
            out.append((fragment["url"].lstrip("/"),
                        fragment["meta"].get("title", "") + " " + fragment["content"]))
        return out
    material = site / "search" / "search_index.json"
    if not material.exists():
        return []
    docs = json.loads(material.read_text(encoding="utf-8"))["docs"]
    return [(doc["location"], doc.get("title", "") + " " + doc.get("text", "")) for doc in docs]


class _Server(ThreadingHTTPServer):
    """A browser that leaves a page drops requests mid-transfer: not an error worth a
    traceback in the output."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def measure(site: Path, queries=DEFAULT_QUERIES, width: int = 1280) -> list[dict]:
    """For each query in turn: bytes downloaded, requests, results shown."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    out = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": width, "height": 900})
            seen: list[tuple[str, int]] = []
            page.on("requestfinished",
                    lambda r: seen.append((r.url, r.sizes()["responseBodySize"])))
            page.goto(url)
            page.wait_for_load_state("networkidle")
            for query in queries:
                start = len(seen)
                page.keyboard.press("Escape")
                page.keyboard.press("/")
                page.keyboard.press("Control+A")
                page.keyboard.press("Backspace")
                page.keyboard.type(query, delay=60)
                page.wait_for_function(
                    "() => document.querySelector('.md-search-result__meta').textContent"
                    ".match(/\\d|No /)")
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(500)
                fetched = seen[start:]
                out.append({"query": query, "bytes": sum(size for _, size in fetched),
                            "requests": len(fetched),
                            "results": page.locator(".md-search-result__item").count(),
                            "meta": page.locator(".md-search-result__meta").inner_text().strip()})
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("queries", nargs="*", default=list(DEFAULT_QUERIES))
    args = parser.parse_args(argv)
    figures = measure(args.site, args.queries)
    total = index_bytes(args.site)
    parts = index_parts(args.site)
    print(f"whole index on disk: {total / 1024:.0f} KB"
          + (f" in {parts} parts" if parts > 1 else "") if total else "no search index")
    for i, row in enumerate(figures):
        label = "first search" if i == 0 else "then"
        print(f"{label:>12}: {row['query']!r}: {row['bytes'] / 1024:.0f} KB in "
              f"{row['requests']} requests; {row['meta']}")
    print(json.dumps(figures))
    return 0 if figures and figures[0]["bytes"] <= FIRST_SEARCH_LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
