"""What is left to check of a record that fails its model: the record without its failing parts.

A file that fails validation is reported (``load``) and then salvaged: the parts its errors
point at are cut out of its data and the rest is validated again by the same model, until it
passes or nothing is left.  A failing field that may be left out is left out; a failing list
item or mapping entry goes; a field that is required, or missing, takes the object holding it
(a decision without a rationale goes, its meeting stays); a record whose own required field
fails is lost.  The checks then run over what is left as over any other record, so one run
reports every problem; no rule is written twice, the model is the only judge.

A cut part is *unknown*, not absent: ``Cut.known(loc)`` says whether anything at, under or
above ``loc`` was cut, and a check that judges an absence asks it first.  Positions are
kept as in the file: ``Cut.original(loc)`` turns a place in the salvaged record (whose lists
lost items) into the place in the file, so findings keep their lines and field paths.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError
from pydantic_core import to_json

from .model import Record

MAX_ROUNDS = 25  # each round cuts at least one part; a file has at most 20 levels


@dataclass(frozen=True)
class Cut:
    """The places (as in the file) cut out of a salvaged record; empty for a valid one."""

    places: frozenset[tuple] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.places)

    def original(self, loc: tuple) -> tuple:
        """Where ``loc`` of the salvaged record is in the file: list indices count the cut items."""
        if not self.places:
            return tuple(loc)
        out: tuple = ()
        for part in loc:
            if isinstance(part, int) and not isinstance(part, bool):
                index, kept = 0, -1
                while True:
                    if out + (index,) not in self.places:
                        kept += 1
                        if kept == part:
                            break
                    index += 1
                part = index
            out += (part,)
        return out

    def known(self, *loc) -> bool:
        """Nothing at, under or above ``loc`` (a place in the salvaged record) was cut."""
        if not self.places:
            return True
        where = self.original(loc)
        return not any(place[:len(where)] == where or where[:len(place)] == place
                       for place in self.places)

    def covers(self, place: tuple) -> bool:
        """``place`` (as in the file) was cut, or lies inside a part that was."""
        return any(place[:len(cut)] == cut for cut in self.places)


def error_loc(error: dict) -> tuple:
    """An error's place, naming the key itself when a mapping's key is wrong."""
    return tuple(part for part in error["loc"] if part != "[key]")


def salvage(model: type[Record], data: dict, errors: list[dict]) -> tuple[Record | None, Cut]:
    """``data`` (which failed ``model`` with ``errors``) without its failing parts, validated;
    None when nothing of it can stand (a required field of the record itself fails)."""
    places: set[tuple] = set()
    for _ in range(MAX_ROUNDS):
        cut = Cut(frozenset(places))
        for error in errors:
            loc = error_loc(error)
            target = loc[:-1] if error["type"] == "missing" else loc
            if not target:
                return None, Cut()
            places.add(cut.original(target))
        try:
            record = model.model_validate_json(to_json(_without(data, places)), strict=True)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            continue
        return record, Cut(frozenset(places))
    return None, Cut()


def _without(value, places: set[tuple], here: tuple = ()):
    if isinstance(value, dict):
        return {k: _without(v, places, here + (k,)) for k, v in value.items()
                if here + (k,) not in places}
    if isinstance(value, list):
        return [_without(v, places, here + (i,)) for i, v in enumerate(value)
                if here + (i,) not in places]
    return value
