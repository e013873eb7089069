"""The line reader (line_yaml) never reads a text differently from libyaml.

strict_yaml tries the line reader first and falls back to libyaml when it gives up.
The rule checked here: whenever the line reader returns data, libyaml's reader
(strict_yaml._fast_data, the path it replaces) accepts the same text and returns the
same data, and so does parse().  Checked on the demo content, a generated archive and
random texts, both well-formed ones and line soup full of YAML's traps.
"""

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coalition_portal.content import line_yaml, strict_yaml
from portal import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

import generate  # noqa: E402

EXAMPLES = int(os.environ.get("COALITION_PROPERTY_EXAMPLES", "60")) * 2
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 120,
                    suppress_health_check=[HealthCheck.too_slow])


def _same_as_libyaml(text: str) -> bool:
    """Assert the rule for ``text``; True when the line reader read it."""
    try:
        data = line_yaml.read(text, strict_yaml._plain)
    except line_yaml.Unusual:
        return False
    try:
        careful = strict_yaml._fast_data(text)
    except strict_yaml._Unusual:
        pytest.fail(f"the line reader read what libyaml's reader refuses: {text!r} -> {data!r}")
    assert data == careful, text
    assert _types(data) == _types(careful), text  # 1 and 1.0 and True are equal in Python
    return True


def _types(value):
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value).__name__


def test_demo_and_generated_files_read_the_same(tmp_path):
    root = generate.write_portal(generate.make_archive(meetings=12, members=20, seed=5),
                                 tmp_path / "portal")
    files = sorted((root / "content").rglob("*.yml")) + sorted((REPO / "content").rglob("*.yml"))
    read = [path for path in files if _same_as_libyaml(path.read_text(encoding="utf-8"))]
    meetings = [path for path in read if path.parent.name == "meetings"]
    assert len(meetings) >= 12  # the archive's form is the line reader's: it is actually used


SCALARS = ["yes", "no", "true", "True", "FALSE", "null", "Null", "~", "", "1", "-1", "+1", "0",
           "01", "1.5", "1.50", "-0.0", ".5", "1e3", "0x1f", "12:30", "2024-01-31", "a: b",
           "a:b", "a :b", "a:", "a #b", "a#b", "#a", "'q'", '"q"', "'it''s'", '"a\\nb"', '"a\\"',
           "'a", '"a', "|", "|-", "|+", "|2", ">", ">-", "&a x", "*a", "!t x", "!!str 1",
           "[a]", "{a: 1}", "{}", "[]", "- x", "-", "-x", "--", "---", "...", "?", "? x", ":",
           ": x", "%x", "@x", "`x", ",x", "(x)", "x ", " x", "x  ", "é", "a - b", "a, b",
           "a: b: c", "https://x.org/a?b=1", "a\\b", "<<", "a  b", "yes # c", "Ünï", "a\u00a0b",
           "a\x01b", "a\ufffeb", "a\u2028b", "a\tb", "a\rb", "\ufeffa"]
KEYS = ["a", "b", "vote", "x-y", "a.b", "1", "01", "1.50", "true", "True", "null", "~", "<<",
        "-a", "a b", "'a'", '"a"', "a:", "?a", "_a", "A"]


@st.composite
def _line(draw) -> str:
    indent = " " * draw(st.sampled_from([0, 0, 1, 2, 2, 3, 4, 4, 6, 8]))
    kind = draw(st.sampled_from(["pair", "pair", "key", "dash", "dash-pair", "dash-key",
                                 "comment", "blank", "text", "spaces"]))
    key, value = draw(st.sampled_from(KEYS)), draw(st.sampled_from(SCALARS))
    return {
        "pair": f"{indent}{key}: {value}", "key": f"{indent}{key}:",
        "dash": f"{indent}- {value}", "dash-pair": f"{indent}- {key}: {value}",
        "dash-key": f"{indent}- {key}:", "comment": f"{indent}# {value}", "blank": "",
        "text": f"{indent}{value}", "spaces": indent,
    }[kind]


@SETTINGS
@given(lines=st.lists(_line(), min_size=1, max_size=12), end=st.sampled_from(["\n", ""]))
@example(lines=["a: |", "  x", "", "   ", "  y", "b: 1"], end="\n")
@example(lines=["a: |", "    x", "  y"], end="\n")
@example(lines=["a: >-", "", "  x", "  y", "", "", "  z ", "  w", "", "b: 1"], end="\n")
@example(lines=["a: >", "  x", "   y", "  z"], end="\n")
@example(lines=["a:", "- x", "- y", "b:", "  - z"], end="\n")
@example(lines=["- a: 1", "  b: x", "- c:", "  - d"], end="\n")
@example(lines=["a:", "  - b: x", "    a: y", "  - b: z", "    # c", "    a: w", "a-b: v"], end="\n")
@example(lines=["- b: x", "  b: y", "- b: z"], end="\n")
@example(lines=["- b: x", "  a: y", "", "- b: z", "  a:", "    - w"], end="\n")
def test_line_soup_reads_the_same_or_is_left_to_libyaml(lines, end):
    _same_as_libyaml("\n".join(lines) + end)


_WORDS = st.sampled_from([s for s in SCALARS if s and s[0] not in "|>"])
_TREE = st.recursive(
    _WORDS | st.text(alphabet="ab -:#'\"\\|>é1.", min_size=1, max_size=12),
    lambda children: st.lists(children, min_size=1, max_size=4)
    | st.dictionaries(st.sampled_from(KEYS[:10]), children, min_size=1, max_size=4),
    max_leaves=12,
)


def _render(value, indent: int, step: int, block: bool) -> list[str]:
    """Block YAML for ``value`` (scalars written as they come, which may be unusual)."""
    pad = " " * indent
    if isinstance(value, dict):
        out = []
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                out.append(f"{pad}{key}:")
                out.extend(_render(item, indent + (0 if isinstance(item, list) and block
                                                   else step), step, block))
            elif block and "\n" not in item and len(item) > 3:
                out.append(f"{pad}{key}: {['|', '>', '|-', '>-'][len(item) % 4]}")
                out.extend(f"{pad}{' ' * step}{part}" for part in item.split(" "))
            else:
                out.append(f"{pad}{key}: {item}")
        return out
    if isinstance(value, list):
        out = []
        for item in value:
            if isinstance(item, (dict, list)):
                inner = _render(item, indent + 2, step, block)
                out.append(f"{pad}- {inner[0].lstrip(' ')}" if isinstance(item, dict)
                           else f"{pad}-")
                out.extend(inner[1:] if isinstance(item, dict) else inner)
            else:
                out.append(f"{pad}- {item}")
        return out
    return [f"{pad}{value}"]


@SETTINGS
@given(tree=st.dictionaries(st.sampled_from(KEYS[:10]), _TREE, min_size=1, max_size=5),
       step=st.sampled_from([1, 2, 4]), block=st.booleans())
def test_written_trees_read_the_same_or_are_left_to_libyaml(tree, step, block):
    _same_as_libyaml("\n".join(_render(tree, 0, step, block)) + "\n")


def test_parse_gives_the_same_document_either_way():
    text = "a: 1\nb:\n  - x: yes\n    y: '2'\nc: |\n  text\n\n  more\n"
    assert strict_yaml.parse(text).data == strict_yaml._fast_data(text)
    assert strict_yaml.parse(text).line_of(("b", 0, "y")) == 4
