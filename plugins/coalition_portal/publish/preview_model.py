"""A preview's digest of the site model's inputs, with the meetings' minutes apart.

A page's body (:func:`..site.wayfinding.page_body`) is a function of the site model, and
the site model a function of what :func:`..portal.build` read: the checked content, the
build date, git's proof of the published dates, the attachments, the settings and the
output options.  :func:`model_state` digests all of that except the text of each meeting's
minutes, which gets a digest of its own: a page that read no minutes is unchanged while
the first digest is, and a page that read some minutes (as :mod:`..site.reads` records)
while those minutes' digests are unchanged too.

The digest is canonical: pydantic records by their data, dataclasses by their fields,
mappings in their order (the order the pages list them in).  A value it cannot tell
apart from another of different state (an object known only by its address) raises
:class:`.preview.NoKey`, and the preview renders every page.  A record's source is only
its path and what its model cut: its line numbers reach the pages only through findings,
which are digested as they are.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from pydantic import BaseModel

from ..content.load import Source
from ..content.model import Meeting
from .preview import NoKey


@dataclass(frozen=True)
class ModelState:
    """The digest of the model's inputs but the minutes, and each meeting's minutes' digest."""

    rest: str
    minutes: dict[str, str]


def model_state(build, code: str) -> ModelState:
    """The state of ``build`` (a :class:`..portal.Build`); ``code`` names the code and
    templates that render it.  Raises NoKey when a part is not known for sure."""
    prepared = build.prepared
    minutes: dict[str, str] = {}
    out = hashlib.sha256(code.encode())
    for name, value in _parts(prepared, build.outputs, minutes):
        out.update(name.encode() + b"\0")
        out.update(json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                              default=_refuse).encode("utf-8", "surrogatepass") + b"\0")
    return ModelState(out.hexdigest(), minutes)


def _parts(prepared, outputs, minutes: dict[str, str]):
    content = prepared.content
    for field in dataclasses.fields(content):
        value = getattr(content, field.name)
        if field.name == "meetings":
            yield "meetings", [[mid, _meeting(mid, m, minutes)] for mid, m in value.items()]
        elif field.name == "sources":
            yield "sources", [[list(key), _source(src)] for key, src in value.items()]
        else:
            yield f"content.{field.name}", encode(value)
    for field in dataclasses.fields(prepared):
        if field.name != "content":
            yield field.name, encode(getattr(prepared, field.name))
    yield "outputs", encode(outputs)


def _meeting(mid: str, meeting: Meeting, minutes: dict[str, str]) -> Any:
    body = meeting.minutes.body if meeting.minutes is not None else None
    minutes[mid] = hashlib.sha256(json.dumps(body).encode("utf-8", "surrogatepass")).hexdigest()
    return meeting.model_dump_json(exclude={"minutes": {"body"}})


def _source(source: Source) -> Any:
    return [source.path, encode(source.cut)]


def encode(value: Any) -> Any:
    """``value`` as canonical JSON data (see the module); NoKey when it cannot be."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, BaseModel):
        return [type(value).__qualname__, value.model_dump_json()]
    if isinstance(value, enum.Enum):
        return [type(value).__qualname__, encode(value.value)]
    if isinstance(value, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return [type(value).__qualname__, str(value)]
    if isinstance(value, PurePath):
        return ["path", str(value)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__qualname__,
                [[f.name, encode(getattr(value, f.name))] for f in dataclasses.fields(value)]]
    if isinstance(value, dict):
        return ["dict", [[encode(k), encode(v)] for k, v in value.items()]]
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [encode(v) for v in value]]
    if isinstance(value, (set, frozenset)):
        return ["set", sorted(json.dumps(encode(v), sort_keys=True) for v in value)]
    raise NoKey(f"{type(value).__qualname__}: {value!r}"[:200])


def _refuse(value: Any) -> Any:
    raise NoKey(repr(value)[:200])


def code_state(folders: list[Path]) -> str:
    """What renders the model: the portal's code and templates (see preview.folder_digest)."""
    from .preview import folder_digest
    return folder_digest(folders)
