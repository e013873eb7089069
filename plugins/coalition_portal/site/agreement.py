"""How often each pair of current members voted the same way (the voting-agreement page)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..content.model import VoteChoice


@dataclass(frozen=True)
class Agreement:
    """How often each pair of members voted the same way, over the votes both took part in.

    Taking part means voting yes, no or abstain; ``cells[(a, b)][cls]`` is
    (same, both) with ``a < b``, and class ``""`` is every class together.  Only the
    members of the coalition on ``as_of`` are paired (over their whole record): every
    pair of two hundred members of ten years made a 16 MB page that grew with the
    square of the archive.
    """

    members: tuple[str, ...]  # current members who took part in at least one vote, by name
    classes: tuple[str, ...]
    cells: dict[tuple[str, str], dict[str, tuple[int, int]]]

    def cell(self, a: str, b: str, cls: str = "") -> tuple[int, int] | None:
        found = self.cells.get((a, b) if a < b else (b, a), {}).get(cls)
        return found if found and found[1] else None

    def members_in(self, cls: str) -> list[str]:
        return [m for m in self.members
                if any(self.cell(m, o, cls) for o in self.members if o != m)]

    def ranked(self, cls: str = "") -> list[tuple[str, str, int, int]]:
        """Pairs from most to least in agreement (ties by more shared votes, then by ids)."""
        rows = [(a, b, *c[cls]) for (a, b), c in self.cells.items() if cls in c and c[cls][1]]
        return sorted(rows, key=lambda r: (-r[2] / r[3], -r[3], r[0], r[1]))


TAKING_PART = (VoteChoice.yes, VoteChoice.no, VoteChoice.abstain)


def agreement(decisions: dict, names: dict[str, str], current: set[str]) -> Agreement:
    """``decisions`` are the site model's decision views, by id; ``names`` sort the members.

    The result is a function of each decision's class and votes, the current members and
    their names: asked again with the same (a preview's rebuild after an edit that changed
    no vote), the last one is given again (it is only read)."""
    tallies = []
    for view in decisions.values():
        votes = tuple(sorted((m, c) for m, c in (view.decision.vote or {}).items()
                             if c in TAKING_PART and m in current))
        if len(votes) >= 2:
            tallies.append((view.decision.class_, votes))
    key = (tuple(tallies), tuple(sorted((m, names.get(m)) for m in current)))
    if _LAST and _LAST[0] == key:
        return _LAST[1]
    made = _agreement(tallies, names)
    _LAST[:] = [key, made]
    return made


_LAST: list = []  # [key, Agreement] of the last call


def _agreement(tallies: list, names: dict[str, str]) -> Agreement:
    cells: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(dict)
    voters: set[str] = set()
    classes: set[str] = set()
    for cls, votes in tallies:
        classes.add(cls)
        voters.update(m for m, _ in votes)
        for i, (a, choice_a) in enumerate(votes):
            for b, choice_b in votes[i + 1:]:
                pair = cells[(a, b)]
                for key in ("", cls):
                    tally = pair.setdefault(key, [0, 0])
                    tally[0] += choice_a is choice_b
                    tally[1] += 1
    frozen = {pair: {k: (v[0], v[1]) for k, v in by.items()} for pair, by in cells.items()}
    return Agreement(tuple(sorted(voters, key=lambda m: (names[m].casefold(), m))),
                     tuple(sorted(classes)), frozen)
