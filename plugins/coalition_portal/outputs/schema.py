"""JSON Schemas of the content files and of the open-data export, generated from the models
(never hand-edited)."""

from __future__ import annotations

import json
from pathlib import Path

from ..content.model import FILE_KINDS
from .export import SCHEMA_NAME as EXPORT_SCHEMA_NAME
from .export import export_schema

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def content_schemas() -> dict[str, dict]:
    """File name (``meeting.schema.json``) -> schema, for every content file kind."""
    out = {}
    for kind, model in FILE_KINDS.items():
        schema = model.model_json_schema(by_alias=True, mode="validation")
        out[f"{kind}.schema.json"] = {"$schema": DIALECT, **schema}
    return out


def all_schemas() -> dict[str, dict]:
    """What ``coalition schema`` writes: the content files' schemas and the export's."""
    return {**content_schemas(), EXPORT_SCHEMA_NAME: export_schema()}


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path, schemas: dict[str, dict]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas.items():
        path = folder / name
        text = render(schema)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def drifted(folder: Path, schemas: dict[str, dict]) -> list[str]:
    """Names of the committed schema files that differ from the models (or are missing)."""
    return [name for name, schema in schemas.items()
            if not (folder / name).exists()
            or (folder / name).read_text(encoding="utf-8") != render(schema)]
