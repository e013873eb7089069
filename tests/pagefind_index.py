"""What the search index (Pagefind's, in ``site/pagefind/``) holds, read as a reader's browser
would: each page's fragment is gzipped JSON after a ``pagefind_dcd`` signature.  A large
site's index is in parts (``pagefind/`` and the folders ``pagefind/parts.json`` names); the
fragments of every part are read."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def indexed_pages(site: Path) -> dict[str, dict]:
    """Site-relative URL (``meetings/<id>/``) -> the page's fragment: ``content`` (its text),
    ``meta`` (``title``), ``anchors`` (the sections with an id: ``id``, ``text``)."""
    pages = {}
    for path in sorted(f for folder in index_parts(site)
                       for f in (folder / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(SIGNATURE), path
        fragment = json.loads(raw[len(SIGNATURE):])
        pages[fragment["url"].lstrip("/")] = fragment
    return pages


def index_parts(site: Path) -> list[Path]:
    """The folders of the index's parts: ``pagefind/`` first, then those parts.json names."""
    index = site / "pagefind"
    names = json.loads((index / "parts.json").read_text(encoding="utf-8"))["indexes"]
    return [index] + [index / name for name in names]


def sections(fragment: dict) -> set[str]:
    """The page's sections a search result can link to: ``<url>#<id>``."""
    return {f"{fragment['url'].lstrip('/')}#{anchor['id']}" for anchor in fragment["anchors"]}
