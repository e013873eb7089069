"""Property tests: whatever bytes arrive, the loader answers with its own error, never a crash.

Run in-process (load / pipeline.prepare / site.build_site) so that many examples stay fast;
example counts are modest so the suite stays quick on two cores.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from coalition_portal.content.findings import ContentError
from coalition_portal.content.load import load
from coalition_portal.checks.pipeline import prepare
from coalition_portal.portal import build_site
from coalition_portal.content.strict_yaml import YamlProblem, decode, parse
from coalition_portal.settings import Settings
from portal import AS_OF, REPO, make_portal

# COALITION_PROPERTY_EXAMPLES=2000 for a long hunt; the suite runs a modest, fixed sample
EXAMPLES = int(os.environ.get("COALITION_PROPERTY_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 60,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
KINDS = ["coalition.yml", "roles.yml", "platform/v1.yml", "members/parks.yml",
         "meetings/2024-02-15-regular.yml", "amendments/a.yml", "endorsements/e.yml"]


@pytest.fixture(scope="module")
def minimal(tmp_path_factory):
    return make_portal(tmp_path_factory.mktemp("minimal"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo content when the repository has it, else the tests' minimal coalition."""
    if (REPO / "content" / "coalition.yml").exists():
        root = tmp_path_factory.mktemp("demo")
        shutil.copytree(REPO / "content", root / "content")
        return root / "content", "2026-11-16"
    return make_portal(tmp_path_factory.mktemp("demo")).content, AS_OF


def _only_content_errors(action):
    try:
        return action()
    except ContentError as exc:
        assert exc.findings, "a ContentError always says what is wrong"
        for finding in exc.findings:
            assert finding.path and finding.message
        return None


@SETTINGS
@given(raw=st.binary(max_size=400))
def test_any_bytes_are_read_or_refused_with_a_yaml_problem(raw):
    try:
        parse(decode(raw))
    except YamlProblem as problem:
        assert problem.message and problem.line >= 0


@SETTINGS
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=300) | st.from_regex(
    r"(\s{0,4}[-a-z_]{1,8}:( [\[\]{}&*!|>'\"#%@`a-z0-9:, -]{0,20})?\n){1,8}", fullmatch=True),
    kind=st.sampled_from(KINDS))
def test_arbitrary_text_as_a_content_file_gives_only_content_errors(minimal, text, kind):
    path = minimal.content / kind
    original = path.read_bytes() if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    try:
        _only_content_errors(lambda: load(minimal.content))
    finally:
        path.unlink()
        if original is not None:
            path.write_bytes(original)


def _mutate(text: str, data) -> str:
    lines = text.split("\n")
    how = data.draw(st.sampled_from(["delete", "insert", "duplicate", "swap", "indent", "replace",
                                     "truncate", "value"]))
    i = data.draw(st.integers(0, max(len(lines) - 1, 0)))
    j = data.draw(st.integers(0, max(len(lines) - 1, 0)))
    if how == "delete":
        del lines[i]
    elif how == "insert":
        lines.insert(i, data.draw(st.text(max_size=40)))
    elif how == "duplicate":
        lines.insert(i, lines[j])
    elif how == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif how == "indent":
        lines[i] = " " * data.draw(st.integers(0, 6)) + lines[i].lstrip()
    elif how == "replace":
        line = lines[i]
        k = data.draw(st.integers(0, len(line)))
        lines[i] = line[:k] + data.draw(st.text(min_size=1, max_size=3)) + line[k + 1:]
    elif how == "truncate":
        return text[: data.draw(st.integers(0, len(text)))]
    else:  # a field's value replaced by another plausible value
        if ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            value = data.draw(st.sampled_from(
                ["", "yes", "no", "~", "0", "-1", "1e3", "0777", "12:30", "2024-02-30",
                 "[]", "{}", "'x'", "parks", "mayor", "v9", "d-2024-01-1", "2031-01-01",
                 "\"18:00+01:00\"", "majority", "adopted", "deferred", "null", "true"]))
            lines[i] = f"{key}: {value}"
    return "\n".join(lines)


@SETTINGS
@given(data=st.data())
def test_mutated_demo_files_give_only_content_errors(demo, data):
    content, as_of = demo
    files = sorted(p for p in content.rglob("*.yml"))
    path = data.draw(st.sampled_from(files))
    original = path.read_bytes()
    mutated = _mutate(original.decode("utf-8"), data)
    assume(mutated.encode("utf-8") != original)
    path.write_text(mutated, encoding="utf-8")
    try:
        prepared = _only_content_errors(
            lambda: prepare(content, Settings.from_options({"as_of": as_of}), fail_on_overdue=False))
        if prepared is not None:  # valid after all: the site model must build from it
            build_site(prepared)
    finally:
        path.write_bytes(original)


def test_the_unmutated_demo_is_valid(demo):
    content, as_of = demo
    build_site(prepare(content, Settings.from_options({"as_of": as_of}), fail_on_overdue=False))
