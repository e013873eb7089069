"""`coalition init` writes the endorsement form on GitHub, valid by GitHub's issue-form rules.

The rules checked are those of GitHub's documentation of issue forms ("Syntax for issue
forms" and "Syntax for GitHub's form schema"): the top-level keys, the element types with
their attributes, ids and validations.  Nothing is fetched: the rules are written out here.
"""

from __future__ import annotations

import re
import urllib.parse

import pytest
from ruamel.yaml import YAML

from coalition_portal.authoring.issue_form import FIELD_IDS, PATH
from coalition_portal.site.endorse import issue_form_link
from portal import Portal

TOP_LEVEL = {"name", "description", "title", "labels", "assignees", "projects", "type", "body"}
ELEMENT_KEYS = {"type", "id", "attributes", "validations"}
ATTRIBUTES = {
    "markdown": ({"value"}, {"value"}),  # (allowed, required)
    "input": ({"label", "description", "placeholder", "value"}, {"label"}),
    "textarea": ({"label", "description", "placeholder", "value", "render"}, {"label"}),
    "dropdown": ({"label", "description", "multiple", "options", "default"},
                 {"label", "options"}),
    "checkboxes": ({"label", "description", "options"}, {"label", "options"}),
}
ID = re.compile(r"^[A-Za-z0-9_-]+$")


def issue_form_problems(form: object) -> list[str]:
    """What breaks GitHub's issue-form rules in ``form`` (parsed YAML); [] when valid."""
    if not isinstance(form, dict):
        return ["the form is not a mapping"]
    problems = [f"unknown top-level key {k!r}" for k in form if k not in TOP_LEVEL]
    for key in ("name", "description"):
        if not isinstance(form.get(key), str) or not form[key].strip():
            problems.append(f"{key} must be a non-empty string")
    if "title" in form and not isinstance(form["title"], str):
        problems.append("title must be a string")
    labels = form.get("labels", [])
    if not isinstance(labels, list) or not all(isinstance(x, str) and x for x in labels):
        problems.append("labels must be a list of names")
    body = form.get("body")
    if not isinstance(body, list) or not body:
        return problems + ["body must be a non-empty list"]
    if all(isinstance(e, dict) and e.get("type") == "markdown" for e in body):
        problems.append("body needs a field besides markdown")
    ids, field_labels = set(), set()
    for n, element in enumerate(body):
        where = f"body[{n}]"
        if not isinstance(element, dict):
            problems.append(f"{where} is not a mapping")
            continue
        problems += [f"{where}: unknown key {k!r}" for k in element if k not in ELEMENT_KEYS]
        kind = element.get("type")
        if kind not in ATTRIBUTES:
            problems.append(f"{where}: unknown type {kind!r}")
            continue
        allowed, required = ATTRIBUTES[kind]
        attributes = element.get("attributes")
        if not isinstance(attributes, dict):
            problems.append(f"{where}: attributes missing")
            continue
        problems += [f"{where}: unknown attribute {k!r}" for k in attributes if k not in allowed]
        problems += [f"{where}: attribute {k!r} missing" for k in required if k not in attributes]
        if kind == "markdown":
            if "id" in element or "validations" in element:
                problems.append(f"{where}: markdown takes no id or validations")
            continue
        element_id = element.get("id")
        if element_id is not None:
            if not isinstance(element_id, str) or not ID.match(element_id):
                problems.append(f"{where}: id {element_id!r} is not letters, digits, - and _")
            elif element_id in ids:
                problems.append(f"{where}: id {element_id!r} used twice")
            ids.add(element_id)
        label = attributes.get("label")
        if not isinstance(label, str) or not label.strip():
            problems.append(f"{where}: label must be a non-empty string")
        elif label in field_labels:
            problems.append(f"{where}: label {label!r} used twice")
        field_labels.add(label)
        validations = element.get("validations", {})
        if not isinstance(validations, dict) or set(validations) - {"required"} or \
                not all(isinstance(v, bool) for v in validations.values()):
            problems.append(f"{where}: validations may only say required: true or false")
        if kind == "checkboxes":
            for option in attributes.get("options") or []:
                if not isinstance(option, dict) or not isinstance(option.get("label"), str) \
                        or set(option) - {"label", "required"}:
                    problems.append(f"{where}: a checkbox option is a label and required")
        if kind == "dropdown" and not all(isinstance(o, str) for o in attributes["options"]):
            problems.append(f"{where}: dropdown options are strings")
    return problems


@pytest.fixture(scope="module")
def new_portal(tmp_path_factory) -> Portal:
    root = tmp_path_factory.mktemp("issue-form")
    result = Portal(root).coalition("init", "harbor", "--name", "Harbor Food Coalition",
                                    "--timezone", "America/Chicago", "--founded", "2026-01-10")
    assert result.returncode == 0, result.stdout + result.stderr
    return Portal(root / "harbor")


def test_init_writes_a_valid_issue_form(new_portal):
    path = new_portal.root / PATH
    assert PATH == ".github/ISSUE_TEMPLATE/endorse.yml" and path.is_file()
    form = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    assert issue_form_problems(form) == []
    assert form["name"] == "Endorse the platform" and form["labels"] == ["endorsement"]
    ids = [e["id"] for e in form["body"] if "id" in e]
    assert tuple(ids) == FIELD_IDS
    required = {e["id"] for e in form["body"] if e.get("validations", {}).get("required")}
    assert required == {"organization", "platform", "signer-name", "signer-title"}


def test_the_endorse_pages_link_fills_in_a_field_of_the_form(new_portal):
    form = YAML(typ="safe", pure=True).load((new_portal.root / PATH).read_text())
    link = issue_form_link("https://github.com/harbor/portal", "v1")
    parts = urllib.parse.urlsplit(link)
    assert parts.path == "/harbor/portal/issues/new"
    query = urllib.parse.parse_qs(parts.query)
    assert query.pop("template") == ["endorse.yml"] == [PATH.rsplit("/", 1)[1]]
    fields = {e["id"]: e for e in form["body"] if "id" in e}
    assert set(query) <= set(fields) and query == {"platform": ["v1"]}
    assert fields["platform"]["type"] == "input"


@pytest.mark.parametrize("problem, form", [
    ("unknown top-level key 'assignee'", {"name": "x", "description": "y", "assignee": [],
                                          "body": [{"type": "input", "id": "a",
                                                    "attributes": {"label": "A"}}]}),
    ("id 'a b' is not letters, digits, - and _",
     {"name": "x", "description": "y",
      "body": [{"type": "input", "id": "a b", "attributes": {"label": "A"}}]}),
    ("id 'a' used twice", {"name": "x", "description": "y", "body": [
        {"type": "input", "id": "a", "attributes": {"label": "A"}},
        {"type": "textarea", "id": "a", "attributes": {"label": "B"}}]}),
    ("body needs a field besides markdown",
     {"name": "x", "description": "y", "body": [{"type": "markdown", "attributes": {"value": "v"}}]}),
    ("unknown type 'text'", {"name": "x", "description": "y", "body": [
        {"type": "text", "id": "a", "attributes": {"label": "A"}}]}),
])
def test_the_rules_catch_what_github_refuses(problem, form):
    assert any(problem in p for p in issue_form_problems(form)), issue_form_problems(form)


def test_the_scaffold_names_the_contact_and_an_uncommented_contact_is_valid(new_portal):
    coalition_yml = new_portal.root / "content/coalition.yml"
    text = coalition_yml.read_text(encoding="utf-8")
    assert "# contact: secretary@coalition.example.org\n" in text
    coalition_yml.write_text(text.replace("# contact: secretary@coalition.example.org",
                                          "contact: secretary@harbor.example.org"),
                             encoding="utf-8")
    result = new_portal.coalition("validate", "content")
    assert result.returncode == 0, result.stdout + result.stderr
    schema = (new_portal.root / "schema/coalition.schema.json").read_text(encoding="utf-8")
    assert '"contact"' in schema and "email" in schema
