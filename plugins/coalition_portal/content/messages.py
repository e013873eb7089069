"""A model's validation errors in words a secretary understands.

pydantic says ``string_type`` or ``extra_forbidden``; the loader says "should be text, not
the number 12" or "'chiar' is not a known field; did you mean 'chair'?", with a hint for
the values older YAML would have read differently.
"""

from __future__ import annotations

import difflib
import re

from .model import SLUG_PATTERN, Record, slug_problem
from .strict_yaml import MAX_NUMBER_LENGTH

_TYPE_WORDS = {
    "string_type": "should be text",
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "bool_type": "should be true or false",
    "float_type": "should be a number",
    "list_type": "should be a list (lines starting with '- ')",
    "dict_type": "should be a set of fields ('name: value')",
    "model_type": "should be a set of fields ('name: value')",
    "model_attributes_type": "should be a set of fields ('name: value')",
    "date_type": "should be a date written as YYYY-MM-DD",
}


def plain_message(error: dict, model: type[Record]) -> str:
    """One validation error of ``model`` in plain words."""
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return "is missing; this field is required"
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        known = _known_fields(model, error["loc"][:-1])
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else (
            f"; known fields here: {', '.join(known)}" if known else "")
        return f"'{name}' is not a known field{hint}"
    if kind in _TYPE_WORDS:
        return f"{_TYPE_WORDS[kind]}, not {_describe(value)}{_type_hint(kind, value)}"
    if kind in ("enum", "literal_error"):
        expected = error.get("ctx", {}).get("expected", "")
        return f"{_describe(value)} is not allowed here; use one of {expected}"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if kind == "too_short":
        return "should have at least one entry"
    if kind == "string_pattern_mismatch" and error["ctx"]["pattern"] == SLUG_PATTERN:
        return slug_problem(value)
    return error["msg"].removeprefix("Value error, ")


def _type_hint(kind: str, value) -> str:
    """What to write instead, for the values older YAML would have read differently."""
    if not isinstance(value, str):
        return ""
    if kind in ("int_type", "int_parsing", "float_type"):
        if len(value) > MAX_NUMBER_LENGTH:
            return " (far too long to be a number)"
        if re.fullmatch(r"[-+]?0[0-9]+", value):
            return " (write the number without leading zeros)"
        if re.fullmatch(r"[-+]?[0-9.]+[eE][-+]?[0-9]+", value):
            return " (write the number out in full, without an exponent)"
        if re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", value):
            return " (remove the quotes around the number)"
    if kind == "bool_type" and value.lower() in ("yes", "no", "on", "off", "y", "n"):
        return " (write true or false)"
    return ""


def _describe(value) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else f"{value[:40]!r}… ({len(value)} characters)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    if value is None:
        return "nothing"
    return type(value).__name__


def _known_fields(model, loc: tuple) -> list[str]:
    """Field names (as written in YAML) of the model found at ``loc``."""
    current = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None)
        current = _inner_model(info.annotation) if info else None
    if current is None:
        return []
    return sorted((f.alias or name) for name, f in current.model_fields.items())


def _inner_model(annotation):
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, Record):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
