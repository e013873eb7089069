"""What a page reads of the records while it is rendered, for a preview to key it by.

A preview (``mkdocs serve``, :mod:`..publish.preview`) keeps each page's body from one
rebuild to the next while everything the page may read is unchanged.  Most of the model
is covered by one digest of everything but the meetings' minutes; a meeting's minutes
(the text a secretary edits most, read by a few pages only) are read through
:attr:`.views.MeetingView.minutes_html` and :attr:`.views.MeetingView.minutes_findings`,
which say so here: inside :func:`recording`, each read adds ``("minutes", meeting id)``.
Outside a recording, :func:`read` does nothing.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

_recordings: list[set[tuple[str, str]]] = []


def read(kind: str, key: str) -> None:
    """A part of the model that is not in the model's digest was read (``kind``, ``key``)."""
    for seen in _recordings:
        seen.add((kind, key))


@contextmanager
def recording() -> Iterator[set[tuple[str, str]]]:
    """The reads made inside the block (nested recordings each see them)."""
    seen: set[tuple[str, str]] = set()
    _recordings.append(seen)
    try:
        yield seen
    finally:
        _recordings.remove(seen)
