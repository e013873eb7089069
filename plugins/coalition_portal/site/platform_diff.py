"""What changed between two platform versions: clause by clause, with the changed words marked.

Clause ids are stable across versions, so clauses are matched by id: a clause is
added, removed, changed (its title, kind or text differ) or unchanged.  Changed
text is compared word by word with difflib; the result is a list of plain-text
segments tagged ``equal``, ``insert``, ``delete`` or ``gap`` (a space between removed and
inserted words, in neither text) that templates wrap in ``<ins>``/``<del>`` (the text itself
stays escaped by autoescape).  The segments are made
from the texts as every page shows them (``render.plain``: no bidi overrides).
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

from ..content.model import Clause, PlatformVersion
from .render import plain
from .urls import diff_url

# Words, punctuation and spaces as separate tokens, so that "statements." -> "statements and
# releases." marks only the new words; joining the tokens gives back the text.
_WORD = re.compile(r"\w+|[^\w\s]|\s+")

Segment = tuple[str, str]  # (equal | insert | delete | gap, text)


@functools.lru_cache(maxsize=4096)  # a function of two strings: a preview's rebuild asks again
def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """The words of ``old`` and ``new`` as equal, deleted and inserted runs (bidi overrides
    removed, as on every page: they could make a marked word read as another).

    Read as a person reads a marked-up text: a change of several words separated only by
    spaces is one change (``~~and reviews its~~ or on the``, not a word-by-word braid), and
    where removed words meet inserted ones a ``gap`` segment (a space, in neither text) keeps
    them apart, so that "~~recovery~~to" reads as "~~recovery~~ to"."""
    a, b = _WORD.findall(plain(old)), _WORD.findall(plain(new))
    runs: list[list] = []  # [op, old text, new text]; equal runs have both
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_text, new_text = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            runs.append(["equal", old_text, new_text])
        elif runs and runs[-1][0] == "change":
            runs[-1][1] += old_text
            runs[-1][2] += new_text
        else:
            runs.append(["change", old_text, new_text])
    runs = _join_changes(runs)
    out: list[Segment] = []
    for op, old_text, new_text in runs:
        if op == "equal":
            out.append(("equal", old_text))
            continue
        if old_text:
            out.append(("delete", old_text))
        if old_text and new_text and not (old_text[-1].isspace() or new_text[0].isspace()):
            out.append(("gap", " "))
        if new_text:
            out.append(("insert", new_text))
    return tuple(out)


def _join_changes(runs: list[list]) -> list[list]:
    """Changes separated only by spaces become one change."""
    joined: list[list] = []
    for run in runs:
        if (run[0] == "change" and len(joined) >= 2 and joined[-2][0] == "change"
                and joined[-1][0] == "equal" and not joined[-1][1].strip()):
            space = joined.pop()[1]
            joined[-1][1] += space + run[1]
            joined[-1][2] += space + run[2]
        else:
            joined.append(run)
    return joined


@dataclass(frozen=True)
class ClauseDiff:
    """One clause id across two versions."""

    clause_id: str
    status: str  # added | removed | changed | unchanged
    old: Clause | None
    new: Clause | None
    title: tuple[Segment, ...]
    text: tuple[Segment, ...]

    @property
    def kind_changed(self) -> bool:
        return self.old is not None and self.new is not None and self.old.kind != self.new.kind


@dataclass(frozen=True)
class PlatformDiff:
    """The changes from ``old`` to ``new`` (any two versions, the older first)."""

    old_id: str
    new_id: str
    old: PlatformVersion
    new: PlatformVersion
    clauses: tuple[ClauseDiff, ...]  # in the new version's order, removed clauses after

    @property
    def url(self) -> str:
        return diff_url(self.old_id, self.new_id)

    def with_status(self, status: str) -> list[ClauseDiff]:
        return [c for c in self.clauses if c.status == status]


def platform_diff(old_id: str, old: PlatformVersion, new_id: str,
                  new: PlatformVersion) -> PlatformDiff:
    before = {c.id: c for c in old.clauses}
    after_ids = {c.id for c in new.clauses}
    diffs = [_clause_diff(before.get(c.id), c) for c in new.clauses]
    diffs += [_clause_diff(c, None) for c in old.clauses if c.id not in after_ids]
    return PlatformDiff(old_id, new_id, old, new, tuple(diffs))


def _clause_diff(old: Clause | None, new: Clause | None) -> ClauseDiff:
    if old is None:
        return ClauseDiff(new.id, "added", None, new, (("insert", plain(new.title)),),
                          (("insert", plain(new.text)),))
    if new is None:
        return ClauseDiff(old.id, "removed", old, None, (("delete", plain(old.title)),),
                          (("delete", plain(old.text)),))
    same = old.title == new.title and old.text == new.text and old.kind == new.kind
    return ClauseDiff(new.id, "unchanged" if same else "changed", old, new,
                      word_diff(old.title, new.title), word_diff(old.text, new.text))
