"""Tabs inside a block scalar's text (code in the minutes) are text, as YAML has them.

Tab *indentation* of structure stays refused (test_bad_input's "tab indentation" cases);
a problem inside a block scalar names the block's field and its line (test_bad_input's
"... in the minutes" cases).  Here: the data read equals what PyYAML's pure-Python reader
(which follows the spec on tabs; libyaml refuses a tab opening a block's first line) reads,
and the line reader leaves tabs to libyaml.
"""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalition_portal.content import line_yaml, strict_yaml
from portal import AS_OF, make_portal

HEADERS = ["|", "|-", "|+", ">", ">-", "|2", "|-  # code"]
TEXT_LINES = ["\tcode();", "\t\tdeeper", "x\ty", "AWB:", "  - item", "key: value", "", "```",
              "\t", "plain words", "\t# not a comment"]


def _reference(text: str):
    return yaml.load(text, Loader=yaml.SafeLoader)  # pure Python: tabs in block text are text


def _block(header: str, lines: list[str], indent: int) -> str:
    pad = " " * indent
    return "\n".join([f"  body: {header}"] + [f"{pad}{line}" if line else "" for line in lines])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=st.sampled_from(HEADERS),
       lines=st.lists(st.sampled_from(TEXT_LINES), min_size=1, max_size=8),
       after=st.sampled_from(["", "  status: draft\n", "other: 1\n"]))
def test_tabs_in_block_text_read_as_yaml_reads_them(header, lines, after):
    if not any(line.strip() for line in lines):
        lines = lines + ["words"]
    text = "minutes:\n" + _block(header, lines, 4) + "\n" + after
    try:
        expected = _reference(text)
    except yaml.YAMLError:
        return  # not YAML (e.g. "|2" with a line less indented): refused either way
    try:
        line_yaml.read(text, strict_yaml._plain)
        assert "\t" not in text, "the line reader must leave tabs to libyaml"
    except line_yaml.Unusual:
        pass
    document = strict_yaml.parse(text)
    assert document.data == expected
    assert document.line_of(("minutes", "body")) == 2


def test_tab_indentation_of_structure_stays_refused():
    for text in ("minutes:\n\tbody: x\n", "minutes:\n  body: |\n    text\n\tstatus: draft\n"):
        try:
            strict_yaml.parse(text)
        except strict_yaml.YamlProblem as problem:
            assert "indented with a tab" in problem.message
        else:
            raise AssertionError(f"accepted {text!r}")


def test_a_meeting_with_tabbed_code_in_its_minutes_validates_and_builds(tmp_path):
    body = ("    Build steps:\n    ```make\n    \tall: site\n    \t\tmkdocs build\n    ```\n"
            "    AWB:\n    - one\n")
    portal = make_portal(tmp_path)
    portal.edit("meetings/2024-01-10-formation.yml",
                "    ## Shared interest\n", "    ## Shared interest\n" + body)
    result = portal.coalition("validate", "content", env={"COALITION_AS_OF": AS_OF})
    assert result.returncode == 0, result.stdout + result.stderr
    assert portal.build().returncode == 0
    page = (portal.site / "meetings/2024-01-10-formation/index.html").read_text()
    assert "<pre><code>\tall: site\n\t\tmkdocs build\n</code></pre>" in page
