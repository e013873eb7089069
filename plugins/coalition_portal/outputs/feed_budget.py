"""The budget of a feed file (issue 17): every feed stays within :data:`FEED_BUDGET` bytes.

Long transcripts made a minutes feed of 9 MB.  :func:`budgeted` decides, for each entry
of a feed, whether it keeps its content or carries its summary and link instead (its
``shortened`` content, which says so): every entry is first given room for its shortened
form, then the rest of the budget is shared newest first.
"""

from __future__ import annotations

from typing import Protocol, Sequence

from markupsafe import escape

FEED_BUDGET = 2_000_000  # bytes of one feed file, whatever its entries
_FEED_OVERHEAD = 4_000  # the channel's own elements (title, links, description, dates)
_ENTRY_OVERHEAD = 600  # an entry's tags and dates


class _Entry(Protocol):  # feeds.Entry
    id: str
    link: str
    title: str
    summary: str
    html: str

    @property
    def content(self) -> str: ...

    @property
    def shortened(self) -> str: ...


def xml_size(text: str) -> int:
    """Bytes of ``text`` escaped in XML, at most (feedgen writes content escaped or as
    CDATA, never longer)."""
    return len(text.encode("utf-8")) + 3 * text.count("<") + 3 * text.count(">") \
        + 4 * text.count("&") + 5 * text.count('"')


def _short_size(entry: _Entry) -> int:
    # the summary goes in twice (the summary and the content), RSS escapes it once more
    size = (_ENTRY_OVERHEAD + 2 * xml_size(entry.id) + 2 * xml_size(entry.link)
            + xml_size(entry.title) + 2 * xml_size(str(escape(entry.summary))))
    return size + (xml_size(entry.shortened) if entry.html else 0)


def budgeted(chosen: Sequence[_Entry], budget: int = FEED_BUDGET) -> list[str | None]:
    """For each entry of a feed (newest first), its content, or its shortened content when
    the whole would not fit in ``budget`` bytes; None for an entry with no content.

    An entry keeps its content when the extra bytes fit in an equal share of what is left
    of the budget for it and the older ones: what a short entry does not use goes to them.
    """
    left = budget - _FEED_OVERHEAD - sum(_short_size(e) for e in chosen)
    out: list[str | None] = []
    for index, entry in enumerate(chosen):
        if not entry.html:
            out.append(None)
            continue
        content, shortened = entry.content, entry.shortened
        extra = xml_size(content) - xml_size(shortened)
        if extra <= max(left, 0) / (len(chosen) - index):
            out.append(content)
            left -= max(extra, 0)
        else:
            out.append(shortened)
    return out
