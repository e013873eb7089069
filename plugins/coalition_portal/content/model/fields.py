"""The content models' shared field types and their base model.

Ids, dates, clock times, ratios, texts and web addresses, each with the check that words
what is wrong and the JSON Schema it is published as; :class:`Record`, the base of every
content model (strict, closed, immutable); :class:`StrEnum`, the base of every vocabulary.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from fractions import Fraction
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_FRACTION = re.compile(r"^([1-9]\d*)/([1-9]\d*)$")


def slug_problem(value: str) -> str:
    """What is wrong with an id that does not match SLUG_PATTERN."""
    return (f"{value!r} is not a valid id: use lowercase letters, digits and dashes, "
            "starting with a letter or digit (at most 63 characters)")


def _iso_date(value: object) -> object:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError("should be a date written as YYYY-MM-DD")
    if not _DATE.match(value):
        raise ValueError(f"{value!r} is not a date written as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a date (no such day in the calendar)") from None


def _clock_time(value: object) -> object:
    if not isinstance(value, str):
        raise ValueError("should be a time written as HH:MM, in quotes or not")
    if not _TIME.match(value):
        if re.match(r"^\d{1,2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)$", value):
            raise ValueError(
                f"{value!r} carries its own time zone; write HH:MM — the coalition's "
                "time zone (coalition.yml) applies to every time"
            )
        raise ValueError(f"{value!r} is not a time written as HH:MM (24-hour clock)")
    return value


def _fraction(value: object) -> object:
    if not isinstance(value, str) or not _FRACTION.match(value):
        raise ValueError(f"{value!r} should be a fraction such as \"2/3\"")
    if Fraction(value) > 1:
        raise ValueError(f"{value} is more than the whole (should be at most 1)")
    return value


def _text(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        raise ValueError("is empty; write a few words")
    return value


# Line breaks as str.splitlines() sees them, and with it many calendar and CSV readers.
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
LINE_PATTERN = r"^[^\n\r\u000b\u000c\u001c-\u001e\u0085\u2028\u2029]+$"


def _line(value: object) -> object:
    _text(value)
    if isinstance(value, str) and _LINE_BREAK.search(value):
        raise ValueError(
            "holds a line break; a name, title or location is one line (a YAML block "
            "written with '|' or '>' ends in a line break: write the text after the colon)")
    return value


def _http_url(value: object) -> object:
    if isinstance(value, str) and not re.match(r"^https?://[^\s\"'<>`]+$", value):
        raise ValueError(f"{value!r} should be a web address starting with https:// or http://")
    return value


# An email address people write to (a coalition's contact): a plain address, without a name,
# spaces or the characters a mailto: link or a mail header would read as more than an address.
EMAIL_PATTERN = r"^[A-Za-z0-9._+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
_EMAIL = re.compile(EMAIL_PATTERN)


def _email(value: object) -> object:
    if isinstance(value, str) and not _EMAIL.match(value):
        raise ValueError(f"{value!r} should be a plain email address such as "
                         "contact@example.org (no name, spaces or brackets)")
    return value


# checked by pydantic-core's own regex, not a Python function: a long archive has about
# 170,000 ids (every vote names a member) and a Python call per id was a third of
# validation; the loader words a mismatch with slug_problem()
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN}),
]
Date = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
ClockTime = Annotated[
    str,
    BeforeValidator(_clock_time),
    WithJsonSchema({"type": "string", "pattern": _TIME.pattern}),
]
Ratio = Annotated[
    str,
    BeforeValidator(_fraction),
    WithJsonSchema({"type": "string", "pattern": _FRACTION.pattern}),
]
Text = Annotated[str, AfterValidator(_text), WithJsonSchema({"type": "string", "minLength": 1})]
# One-line text: names, titles and locations, which calendars, CSV cells and page titles
# show on one line (a line break there would start a new calendar property).
Line = Annotated[
    str,
    AfterValidator(_line),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": LINE_PATTERN}),
]
Url = Annotated[
    str,
    AfterValidator(_http_url),
    WithJsonSchema({"type": "string", "pattern": r"^https?://[^\s\"'<>`]+$"}),
]
Email = Annotated[
    str,
    AfterValidator(_email),
    WithJsonSchema({"type": "string", "format": "email", "pattern": EMAIL_PATTERN}),
]



class Record(BaseModel):
    """Base of every content model: strict, closed, immutable."""

    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, populate_by_name=False,
        use_enum_values=False,
    )


class StrEnum(str, Enum):
    # so templates and messages show the value; ``_value_`` rather than the ``value``
    # property: an archive's feeds and exports format votes hundreds of thousands of times
    def __str__(self) -> str:
        return self._value_

    def __format__(self, spec: str) -> str:
        return format(self._value_, spec)
