"""A portal whose search index comes in parts (issue 17): the minimal portal, seven more
meetings each with 100 KB of minutes and a word of its own in them, and one 300 KB
transcript whose last lines say something a watchdog will search for.

The index is made again with a test-sized bound (``PART_BYTES``, where a real build's is
12 MB of text) by the function the build runs, so that a small site is cut into parts the
way a large archive is.
"""

from __future__ import annotations

import re
from pathlib import Path

from coalition_portal.outputs.search_index import write_search_index

from portal import MARCH_HELD, Portal, block, derive, make_portal

PART_BYTES = 500_000  # the portal's pages come to about 1.3 MB; its largest is 300 KB
# each meeting's own word, found in its minutes only (made-up words, so that no other page
# has them)
WORDS = {f"{day}-regular": word for day, word in zip(
    ("2024-03-05", "2024-03-19", "2024-04-02", "2024-04-16", "2024-04-30", "2024-05-14",
     "2024-06-04"),
    ("brambleton", "quillwort", "marrowgate", "tansyfield", "corvetail", "hollinsby",
     "wendleford"))}
LONG_MEETING = "2024-05-30-special"
LATE_PHRASE = "cold room lease at Pier Nine was signed without a vote"
DECISION = "d-2024-05-30-1"


def _transcript(size: int, last: str) -> str:
    """Minutes of about ``size`` characters: ordinary talk, then ``last`` at the very end."""
    speakers = ("Parks Department", "Public Health Department", "Eastside Food Bank")
    topics = ("the sorting bins", "the volunteer rota", "the pickup schedule",
              "the grant report", "the school kitchens", "the market permits")
    lines, length, n = [], 0, 0
    while length < size:
        line = (f"{speakers[n % 3]} spoke to item {n} on {topics[n % 6]} and asked that the "
                f"figures for week {n % 52 + 1} be checked again before the next meeting.")
        lines.append(line)
        length += len(line) + 1
        n += 1
    lines.append(last)
    return "\n".join(lines)


def build(root: Path) -> Portal:
    """The portal built into ``root/site``, its index then made again in parts."""
    overrides = {}
    for meeting, word in WORDS.items():
        day = meeting[:10]
        overrides[f"meetings/{meeting}.yml"] = derive(
            MARCH_HELD, ("date: 2024-03-14", f"date: {day}"),
            ("published: 2024-03-18", f"published: {day}"),
            ("      body: Sorting at the source was discussed.\n",
             "      body: |\n" + block(_transcript(
                 100_000, f"The {word} depot reported on sorting at the source."), 8) + "\n"))
    overrides[f"meetings/{LONG_MEETING}.yml"] = derive(
        MARCH_HELD, ("date: 2024-03-14", "date: 2024-05-30"), ("kind: regular", "kind: special"),
        ("published: 2024-03-18", "published: 2024-06-01"),
        ("      body: Sorting at the source was discussed.\n",
         "      body: |\n" + block(_transcript(
             300_000, f"Under any other business the chair said that the {LATE_PHRASE}."), 8)
         + "\n"
         + block(f"""\
             decisions:
               - id: {DECISION}
                 title: Review the cold room lease
                 class: operational
                 rationale: The members asked to see the lease.
                 outcome: adopted
                 vote:
                   parks: yes
                   health: yes
                   food-bank: yes
             """, 4)))
    portal = make_portal(root, overrides=overrides)
    result = portal.build()
    assert result.returncode == 0, result.stderr
    write_search_index(portal.site, PART_BYTES)
    return portal


def part_words(site: Path) -> list[tuple[str, str, str]]:
    """(part's folder name, page URL, word) for each part of the index: a word of a page in
    that part that no other page of the site has (nor a word beginning like it, which
    Pagefind's stems and prefixes would match), one of ``WORDS`` when the part has one."""
    from pagefind_index import index_parts, indexed_pages

    words_of = {url: set(re.findall(r"[a-z]{6,}", (page["meta"].get("title", "") + " "
                                                   + page["content"]).lower()))
                for url, page in indexed_pages(site).items()}
    out = []
    for folder in index_parts(site):
        urls = sorted(indexed_pages_of(folder))
        chosen = None
        for url in urls:
            others = set().union(*(w for u, w in words_of.items() if u != url))
            own = sorted(w for w in words_of[url]
                         if not any(o.startswith(w[:6]) for o in others))
            preferred = [w for w in own if w in WORDS.values()]
            if preferred or own:
                chosen = (url, (preferred or own)[0])
                if preferred:
                    break
        assert chosen, f"no page of {folder} has a word of its own"
        out.append((folder.name, *chosen))
    return out


def indexed_pages_of(folder: Path) -> set[str]:
    """The site-relative URLs of the pages one part of the index holds."""
    import gzip
    import json

    return {json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])["url"]
            .lstrip("/") for path in (folder / "fragment").glob("*.pf_fragment")}
