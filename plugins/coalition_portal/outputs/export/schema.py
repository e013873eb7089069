"""The open data's JSON Schema, and the data dictionary the open-data page shows from it."""

from __future__ import annotations

from .models import Export
from .tables import CSV_FILES

SCHEMA_NAME = "coalition-export.schema.json"


def export_schema() -> dict:
    """JSON Schema of coalition.json, with each CSV file's row under ``$defs`` (titled by file)."""
    schema = Export.model_json_schema(mode="serialization")
    defs = schema.setdefault("$defs", {})
    for name, model in CSV_FILES.items():
        row = model.model_json_schema(mode="serialization")
        row["title"] = name
        defs[model.__name__] = row
    schema.pop("title", None)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "coalition.json", **schema}


def _type_words(prop: dict) -> str:
    if "$ref" in prop:
        return "object"
    if "anyOf" in prop:
        kinds = [_type_words(p) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(kinds) + ", may be empty"
    if prop.get("format") == "date":
        return "date (YYYY-MM-DD)"
    if prop.get("format") == "uri":
        return "URL"
    if prop.get("pattern", "").startswith("^[a-z0-9]"):
        return "id"
    if prop.get("type") == "array":
        return f"list of {_type_words(prop.get('items', {}))}"
    if "const" in prop:
        return f"always {prop['const']!r}"
    if "enum" in prop:
        return "one of " + ", ".join(map(str, prop["enum"]))
    return str(prop.get("type", "value"))


def data_dictionary(schema: dict) -> list[dict]:
    """Per file (and per table inside coalition.json): columns with type and meaning.

    Read from the schema, so the open-data page says exactly what the schema says.
    """
    defs = schema["$defs"]

    def columns(obj: dict) -> list[dict]:
        return [{"name": name, "type": _type_words(prop),
                 "meaning": prop.get("description", "")}
                for name, prop in obj.get("properties", {}).items()]

    out = []
    for name, model in CSV_FILES.items():
        row = defs[model.__name__]
        out.append({"file": name, "part": None, "meaning": row.get("description", ""),
                    "columns": columns(row)})
    for key, prop in schema["properties"].items():
        target = prop.get("items", prop)
        ref = target.get("$ref", "").rsplit("/", 1)[-1]
        obj = defs.get(ref, {})
        out.append({"file": "coalition.json", "part": key,
                    "meaning": prop.get("description") or obj.get("description", ""),
                    "columns": columns(obj)})
    return out
