"""What is left to check of a record that fails its model: the record without its failing parts.

A file that fails validation is reported (``load``) and then salvaged: the parts its errors
point at are cut out of its data and the rest is validated again by the same model, until it
passes or nothing is left.  A failing field that may be left out is left out; a failing list
item or mapping entry goes; a field that is required, or missing, takes the object holding it
(a decision without an id goes, its meeting stays); a record whose own required field fails
is lost.  Except for the required fields the checks can do without (``CHECKED_WITHOUT``: a
meeting's kind and status, a decision's outcome...): the salvaged record is validated by
``relaxed(model)``, the same model (a subclass: every rule and validator of it) with those
fields optional, so a meeting with a kind that is no kind keeps its votes, tallies and dates.
The checks then run over what is left as over any other record, so one run reports every
problem; no rule is written twice, the model is the only judge.

A cut part is *unknown*, not absent: ``Cut.known(loc)`` says whether anything at, under or
above ``loc`` was cut, and a check that judges an absence asks it first.  Positions are
kept as in the file: ``Cut.original(loc)`` turns a place in the salvaged record (whose lists
lost items) into the place in the file, so findings keep their lines and field paths.
"""

from __future__ import annotations

import copy
import functools
import types
from dataclasses import dataclass
from typing import Annotated, Optional, Union, get_args, get_origin

from pydantic import Field, ValidationError, create_model
from pydantic_core import to_json

from .model import (
    Amendment,
    Clause,
    Coalition,
    Decision,
    Endorsement,
    Meeting,
    Member,
    Record,
    Role,
)

MAX_ROUNDS = 25  # each round cuts at least one part; a file has at most 20 levels

# Required fields the checks never need, or read only after asking ``Source.known`` (the
# meeting's status, by the publication check and the date checks; the decision's outcome, by
# the tally): a record whose problem is one of them keeps everything else.
CHECKED_WITHOUT: dict[type[Record], frozenset[str]] = {
    Coalition: frozenset({"name", "shared_interest", "cadence", "dissolution_protocol",
                          "founded"}),
    Member: frozenset({"name", "kind", "constituency"}),
    Role: frozenset({"name", "description"}),
    Clause: frozenset({"title", "text"}),
    Meeting: frozenset({"kind", "status"}),
    Decision: frozenset({"title", "rationale", "outcome"}),
    Amendment: frozenset({"title", "rationale", "status"}),
    Endorsement: frozenset({"signer"}),
}


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


def salvage(model: type[Record], data: dict) -> tuple[Record | None, Cut]:
    """``data`` (which failed ``model``) without its failing parts, validated by
    ``relaxed(model)``; None when nothing of it can stand (a required field of the record
    itself fails)."""
    lenient = relaxed(model)
    places: set[tuple] = set()
    for _ in range(MAX_ROUNDS):
        cut = Cut(frozenset(places))
        left = to_json(_without(data, places))
        try:
            record = lenient.model_validate_json(left, strict=True)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        else:
            # a required field that is not there at all is unknown too
            return record, Cut(frozenset(places | _missing(model, left, cut)))
        for error in errors:
            loc = error_loc(error)
            target = loc[:-1] if error["type"] == "missing" else loc
            if not target:
                return None, Cut()
            places.add(cut.original(target))
    return None, Cut()


def _missing(model: type[Record], left: bytes, cut: Cut) -> set[tuple]:
    try:
        model.model_validate_json(left, strict=True)
    except ValidationError as exc:
        return {cut.original(error_loc(e)) for e in exc.errors(include_url=False)
                if e["type"] == "missing"}
    return set()


@functools.cache
def relaxed(model: type[Record]) -> type[Record]:
    """``model`` with the fields of ``CHECKED_WITHOUT`` optional, in it and in every record
    it holds: a subclass, so every other rule (and each isinstance) is the model's own."""
    changed = {}
    for name, info in model.model_fields.items():
        annotation = _relaxed_within(info.annotation)
        if name in CHECKED_WITHOUT.get(model, ()):
            inner = Annotated[(annotation, *info.metadata)] if info.metadata else annotation
            changed[name] = (Optional[inner], Field(None, alias=info.alias))  # noqa: UP045
        elif annotation is not info.annotation:
            changed[name] = (annotation, copy.copy(info))
    if not changed:
        return model
    return create_model(model.__name__, __base__=model, __module__=model.__module__,
                        __doc__=model.__doc__, **changed)


def _relaxed_within(annotation):
    """``annotation`` with each record type in it (list[Decision], Minutes | None...) relaxed."""
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return relaxed(annotation)
    args = get_args(annotation)
    if not args:
        return annotation
    new = tuple(_relaxed_within(arg) for arg in args)
    if new == args:
        return annotation
    origin = get_origin(annotation)
    if origin is Annotated:
        return Annotated[(new[0], *annotation.__metadata__)]
    if origin in (Union, types.UnionType):
        return Union[new]  # noqa: UP007
    return origin[new]


def _without(value, places: set[tuple], here: tuple = ()):
    if isinstance(value, dict):
        return {k: _without(v, places, here + (k,)) for k, v in value.items()
                if here + (k,) not in places}
    if isinstance(value, list):
        return [_without(v, places, here + (i,)) for i, v in enumerate(value)
                if here + (i,) not in places]
    return value
