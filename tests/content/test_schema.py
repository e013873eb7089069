"""The committed JSON Schemas are generated from the models, and the demo follows them."""

from __future__ import annotations

import json

import jsonschema
import pytest

from coalition_portal.outputs.schema import content_schemas, drifted
from coalition_portal.content.strict_yaml import decode, parse
from portal import REPO

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
