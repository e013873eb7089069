"""The committed JSON Schemas are generated from the models, and the demo follows them."""

from __future__ import annotations

import json
from textwrap import dedent

import jsonschema
import pytest

from coalition_portal.outputs.schema import content_schemas, drifted
from coalition_portal.content.strict_yaml import decode, parse
from portal import REPO
from unrecorded_portal import FILES, IMPORTED

SCHEMA = REPO / "schema"
CONTENT = REPO / "content"


def test_committed_schemas_match_the_models():
    assert drifted(SCHEMA, content_schemas()) == [], "run `coalition schema` and commit schema/"


def _demo_files():
    return sorted(CONTENT.rglob("*.yml"))


@pytest.mark.parametrize("path", _demo_files(), ids=lambda p: str(p.relative_to(CONTENT)))
def test_demo_file_names_its_schema_and_follows_it(path):
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema_path = (path.parent / first.split("$schema=", 1)[1].strip()).resolve()
    assert schema_path.parent == SCHEMA
    schema = json.loads(schema_path.read_text())
    jsonschema.validate(parse(decode(path.read_bytes())).data, schema)


def test_an_imported_meeting_follows_the_meeting_schema_and_its_gaps_are_allowed():
    """What an importer writes (no time, place, chair, agenda or minutes status; a source) is
    valid for editors that check the schema, and the schema says what leaving a field out means."""
    schema = json.loads((SCHEMA / "meeting.schema.json").read_text())
    data = parse(decode(dedent(FILES[f"meetings/{IMPORTED}.yml"]).encode())).data
    jsonschema.validate(data, schema)
    assert set(schema["required"]) == {"date", "kind", "status"}
    for field in ("start", "end", "location", "chair"):
        assert "not recorded" in schema["properties"][field]["description"], field
    assert "source" in schema["properties"] and "ArchiveSource" in schema["$defs"]
    bad = dict(data, source={**data["source"], "commit": "4b825dc"})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
