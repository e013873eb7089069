"""Hostile text never executes: a portal with payloads in every free-text field, built for real.

Its output is compared with a clean twin (the same portal with harmless text): the payload
build may have no script, style, element kind or handler the clean build does not have, no
``javascript:``/``data:`` URL, no bidi override, and must show template syntax as text.

Each kind of output the portal writes is one line of ``OUTPUTS``: a glob and its checker.
Outputs that do not exist yet (feeds, calendar, exports on other branches) are checked as soon
as they are written.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lxml import etree, html
from pydantic import BaseModel

from coalition_portal.content.load import load
from coalition_portal.content.model import LINE_PATTERN
from coalition_portal.outputs.schema import content_schemas
from payloads import (BIDI, CALENDAR_FREE_TEXT, CALENDAR_ONE_LINE, CLEAN, FIELDS,
                      LINE_BREAK_KINDS, LINE_BREAKS, PAYLOAD, TEMPLATE_TEXT, files, files_with,
                      marker)
from portal import make_portal

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background",
                  "data", "cite", "srcset", "{http://www.w3.org/1999/xlink}href"}
BAD_SCHEME = re.compile(r"^(javascript|data|vbscript):", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


@dataclass
class Seen:
    """What one build's output contains, for comparison with the clean twin."""

    scripts: set = field(default_factory=set)  # (src, text) of every <script>
    styles: set = field(default_factory=set)  # text of <style>, value of style attributes
    tags: set = field(default_factory=set)
    text: list = field(default_factory=list)  # visible text, per file
    problems: list = field(default_factory=list)  # plain findings: file: what is wrong


def _url_is_bad(value: str) -> bool:
    return bool(BAD_SCHEME.match(_INVISIBLE.sub("", value)))


def _check_tree(root, where: str, seen: Seen, *, scripts_allowed: bool) -> None:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.split("}")[-1].lower()
        seen.tags.add(tag)
        if tag == "script":
            if not scripts_allowed:
                seen.problems.append(f"{where}: a script element")
            seen.scripts.add((element.get("src"), element.text or ""))
        if tag == "style":
            seen.styles.add(element.text or "")
        for name, value in element.attrib.items():
            short = name.split("}")[-1].lower()
            if short.startswith("on"):
                seen.problems.append(f"{where}: <{tag} {name}=...>")
            if short == "style":
                seen.styles.add(value)
            if (short in URL_ATTRIBUTES or name in URL_ATTRIBUTES) and _url_is_bad(value):
                seen.problems.append(f"{where}: <{tag} {name}={value[:60]!r}>")


def check_html(path: Path, where: str, seen: Seen) -> None:
    text = path.read_text(encoding="utf-8")
    _no_bidi(text, where, seen)
    document = html.document_fromstring(text)
    _check_tree(document, where, seen, scripts_allowed=True)
    seen.text.append((where, document.text_content()))


def check_feed(path: Path, where: str, seen: Seen) -> None:
    """RSS and Atom: the feed itself, and the HTML inside each entry's text elements."""
    if path.name.startswith("sitemap"):
        return
    raw = path.read_bytes()
    _no_bidi(raw.decode("utf-8"), where, seen)
    tree = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        local = element.tag.split("}")[-1]
        for name, value in element.attrib.items():
            if name in ("href", "src", "url") and _url_is_bad(value):
                seen.problems.append(f"{where}: <{local} {name}={value[:60]!r}>")
        if local in ("link", "guid", "id", "url") and element.text and _url_is_bad(element.text):
            seen.problems.append(f"{where}: <{local}>{element.text[:60]!r}")
        _escaped_twice(element.tail, f"{where} after <{local}>", seen)
        if _holds_html(local, element) and element.text:
            for part in html.fragments_fromstring(element.text):
                if isinstance(part, str):
                    _escaped_twice(part, f"{where} <{local}>", seen)
                    continue
                _check_tree(part, f"{where} <{local}>", seen, scripts_allowed=False)
                for node in part.iter():  # the HTML's own text holds no entity once parsed
                    _escaped_twice(node.text, f"{where} <{local}> as HTML", seen)
                    _escaped_twice(node.tail, f"{where} <{local}> as HTML", seen)
                    for value in node.attrib.values():
                        _escaped_twice(value, f"{where} <{local}> as HTML", seen)
            seen.text.append((where, html.fromstring(f"<div>{element.text}</div>").text_content()))
        elif element.text:
            _escaped_twice(element.text, f"{where} <{local}>", seen)
            seen.text.append((where, element.text))
        for name, value in element.attrib.items():
            _escaped_twice(value, f"{where} <{local} {name}>", seen)


# An entity left in text once the XML (or, in an HTML field, the HTML) is parsed: the text was
# escaped twice, and a reader shows "&amp;#39;" where the record says "'".
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")


def _escaped_twice(text: str | None, where: str, seen: Seen) -> None:
    if text and _ENTITY.search(text):
        seen.problems.append(f"{where}: text escaped twice: {text[:100]!r}")


def _holds_html(local: str, element) -> bool:
    """An RSS item's description and content:encoded are HTML (the channel's description is
    plain text, as the W3C feed validator reads it); Atom says so with type="html"/"xhtml"."""
    if local == "encoded" or (local == "description" and element.getparent() is not None
                              and element.getparent().tag == "item"):
        return True
    return local in ("content", "summary", "title", "subtitle") and \
        element.get("type") in ("html", "xhtml")


def check_calendar(path: Path, where: str, seen: Seen) -> None:
    text = path.read_text(encoding="utf-8")
    _no_bidi(text, where, seen)
    seen.problems += [f"{where}: {problem}" for problem in ics_problems(path.read_bytes())]
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    for line in unfolded.splitlines():
        name = line.split(":", 1)[0].split(";", 1)[0].upper()
        value = line.split(":", 1)[1] if ":" in line else ""
        if name.startswith("X-ALT-DESC"):
            seen.problems.append(f"{where}: an HTML description ({name}) that clients would render")
        if name in ("URL", "ATTACH", "SOURCE", "TZURL", "CONFERENCE") and not value.startswith(("https:", "http:")):
            seen.problems.append(f"{where}: {name}:{value[:60]}")
    seen.text.append((where, unfolded))


def check_json(path: Path, where: str, seen: Seen) -> None:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)  # the payload stays data; the file still parses

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, str(k))
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key.lower() in ("url", "href", "link", "links", "uri") \
                and _url_is_bad(value):
            seen.problems.append(f"{where}: {key}: {value[:60]!r}")

    walk(data)  # open data keeps the records as written, bidi characters included: not shown
    seen.text.append((where, json.dumps(data, ensure_ascii=False)))


def check_csv(path: Path, where: str, seen: Seen) -> None:
    """Spreadsheets run cells starting with = + - @ as formulas."""
    text = path.read_text(encoding="utf-8")
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            if cell[:1] in ("=", "+", "@", "\t", "\r") or (cell[:1] == "-" and not re.match(r"^-?\d", cell)):
                seen.problems.append(f"{where}: a cell a spreadsheet would run: {cell[:40]!r}")
    seen.text.append((where, text))


def _no_bidi(text: str, where: str, seen: Seen) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in text if c in BIDI})
    if found:
        seen.problems.append(f"{where}: bidirectional override characters {', '.join(found)}")


# every kind of output and its checker: adding an output is one line
OUTPUTS = (
    ("**/*.html", check_html),
    ("**/*.xml", check_feed),
    ("**/*.rss", check_feed),
    ("**/*.atom", check_feed),
    ("**/*.ics", check_calendar),
    ("**/*.json", check_json),
    ("**/*.csv", check_csv),
)


def _inspect(site: Path) -> Seen:
    seen = Seen()
    for pattern, checker in OUTPUTS:
        for path in sorted(site.glob(pattern)):
            checker(path, path.relative_to(site).as_posix(), seen)
    return seen


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The payload portal and its clean twin, each built once."""
    out = {}
    for name, payload in (("hostile", PAYLOAD), ("clean", CLEAN)):
        portal = make_portal(tmp_path_factory.mktemp(name), files(payload))
        result = portal.build("--strict")
        assert result.returncode == 0, result.stderr
        out[name] = portal
    return out


@pytest.fixture(scope="module")
def seen(builds):
    return {name: _inspect(portal.site) for name, portal in builds.items()}


def test_every_free_text_field_of_every_file_kind_carries_a_payload(builds):
    """Free text = a string field without pattern, format or choices, read from the models' schemas."""
    content = load(builds["hostile"].content)
    carried = set()

    def walk(record):
        if isinstance(record, BaseModel):
            for name, info in type(record).model_fields.items():
                value = getattr(record, name)
                if isinstance(value, str) and PAYLOAD in value:
                    carried.add((type(record).__name__, info.alias or name))
                walk(value)
        elif isinstance(record, (list, tuple)):
            for item in record:
                walk(item)
        elif isinstance(record, dict):
            for item in record.values():
                walk(item)

    for kind in ("coalition", "roles", "platforms", "members", "meetings", "amendments", "endorsements"):
        walk(getattr(content, kind))
    assert _free_text_fields() - carried == set()
    assert len(carried) >= 30


def _free_text_fields() -> set[tuple[str, str]]:
    out = set()
    for schema in content_schemas().values():
        definitions = {schema.get("title"): schema, **schema.get("$defs", {})}
        for model_name, definition in definitions.items():
            for prop, spec in definition.get("properties", {}).items():
                options = spec.get("anyOf", [spec])
                # one-line text (names, titles, locations) is free text too: its pattern only
                # forbids line breaks
                if any(o.get("type") == "string" and o.get("pattern", LINE_PATTERN) == LINE_PATTERN
                       and not ({"format", "enum", "const"} & o.keys()) for o in options):
                    out.add((model_name, prop))
    out.discard(("Coalition", "timezone"))  # validated against the IANA database
    return out


def test_no_script_style_or_element_the_clean_build_does_not_have(seen):
    hostile, clean = seen["hostile"], seen["clean"]
    assert hostile.scripts - clean.scripts == set()
    assert hostile.styles - clean.styles == set()
    assert hostile.tags - clean.tags == set()
    assert "iframe" not in hostile.tags


def test_no_handler_no_javascript_or_data_url_no_bidi_override(seen):
    assert seen["hostile"].problems == []
    assert seen["clean"].problems == []


def test_the_platform_diff_page_is_among_the_pages_checked(builds):
    """The diff path once skipped the cleaning every other page has: it must be looked at."""
    page = builds["hostile"].site / "platform/changes/v1-v2/index.html"
    text = page.read_text(encoding="utf-8")
    # the changed clause's text, payload and all, its bidi overrides gone (see above)
    assert 'class="cp-clause cp-clause--changed"' in text and "RLO-txt.exe" in text


def test_template_syntax_is_shown_as_text(seen):
    text = "\n".join(t for _, t in seen["hostile"].text)
    for literal in TEMPLATE_TEXT:
        assert literal in text
    assert str(7 * 191) not in text


# Fields no output shows yet; remove each name as it lands (none left since main has the
# roles, amendments and endorse pages, feeds and exports).
NOT_YET_SHOWN: set[str] = set()


def test_every_payload_reaches_the_output_as_text(seen):
    """Proof the checks above looked at something: each field's marker is in some output."""
    text = "\n".join(t for _, t in seen["hostile"].text)
    missing = {f for f in FIELDS if marker(f) not in text}
    assert missing - NOT_YET_SHOWN == set()
    assert len(set(FIELDS) - missing) >= 36
    assert "<script>alert('script')</script>" in text  # shown, as text


def test_payload_pages_show_the_payload_escaped(builds):
    page = (builds["hostile"].site / "meetings/2024-02-15-regular/index.html").read_text()
    assert "&lt;script&gt;alert(" in page
    assert "<script>alert(" not in page


def test_text_that_stalled_markdown_renders_and_stays_sanitized():
    """200 000 '[' (hours for Python-Markdown) render in linear time; a script stays text."""
    from coalition_portal.site.render import render_markdown

    shown = render_markdown("Intro\n\n" + "[" * 200_000 + "<script>alert(1)</script>")
    assert shown.startswith("<p>Intro</p>")
    assert "<script" not in shown and "alert(1)" not in shown  # removed, as in any Markdown
    assert shown.count("[") == 200_000  # the brackets, all of them, as text
    long_minutes = "See [the pilot](https://x.example/) report.\n\n- one\n- two\n\n" * 500
    rendered = render_markdown(long_minutes)
    assert rendered.count('<a href="https://x.example/"') == 500  # long text keeps its Markdown


# The search index holds each page's text, its title and its sections' titles; the search box
# (assets/search.js) shows them as text. The payloads must be there as the text they are,
# without bidi overrides, under the pages' own addresses.
def test_search_index_holds_payloads_as_text(builds):
    from pagefind_index import indexed_pages
    problems, shown = [], []
    for url, fragment in indexed_pages(builds["hostile"].site).items():
        assert not _url_is_bad(url), url
        values = [fragment["content"], fragment["meta"].get("title", "")]
        values += [anchor["text"] for anchor in fragment["anchors"]]
        for value in values:
            _no_bidi(value, url, seen := Seen())
            problems += seen.problems
            shown.append(value)
    assert problems == []
    text = "\n".join(shown)
    assert "<script>alert('script')</script><img src=x onerror=alert('img')>" in text  # as text
    assert len({f for f in FIELDS if marker(f) in text}) >= 30


# --- line breaks in every field that reaches the calendar ----------------------------------------

def ics_problems(raw: bytes) -> list[str]:
    """What a calendar reader could trip on: a line end that is not CRLF (a lone CR or LF is
    where a reader splitting on it sees a new property), a line longer than 75 octets (not
    folded), a content line that is not NAME[;params]:value, an injected property."""
    problems = []
    if raw.replace(b"\r\n", b"").count(b"\r") or raw.replace(b"\r\n", b"").count(b"\n"):
        problems.append("a line break that is not CRLF")
    for number, line in enumerate(raw.split(b"\r\n")[:-1], 1):
        if len(line) > 75:
            problems.append(f"line {number} is {len(line)} octets, not folded at 75")
    text = raw.decode("utf-8")
    # unfolded, then split wherever any reader might (str.splitlines: CR, LF, U+2028...)
    for line in re.sub(r"\r\n[ \t]", "", text).splitlines():
        if not re.match(r"^[A-Z][A-Z0-9-]*[;:]", line):
            problems.append(f"not a content line: {line[:80]!r}")
        elif re.match(r"^(X-INJECTED|ATTENDEE)", line):
            problems.append(f"an injected property: {line[:80]!r}")
    return problems


def shape(cal) -> list[tuple[str, tuple[str, ...]]]:
    """Each component and the names of its properties: what an injection would change."""
    return [(c.name, tuple(sorted(c.keys()))) for c in cal.walk()]


def test_line_breaks_in_free_text_reach_the_calendar_escaped(builds, tmp_path):
    """CR, LF, CRLF and U+2028 in each free-text field the calendar shows: the build passes,
    the .ics parses, each break is an escaped \\n, nothing becomes a property or an event."""
    from icalendar import Calendar

    portal = make_portal(tmp_path, files_with({f: LINE_BREAKS for f in CALENDAR_FREE_TEXT}, CLEAN))
    result = portal.build("--strict")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    raw = (portal.site / "feeds/meetings.ics").read_bytes()
    assert ics_problems(raw) == []
    cal = Calendar.from_ical(raw)
    clean = Calendar.from_ical((builds["clean"].site / "feeds/meetings.ics").read_bytes())
    assert shape(cal) == shape(clean)  # the same events with the same properties
    descriptions = "\n".join(str(e.get("DESCRIPTION", "")) for e in cal.walk("VEVENT"))
    for field in CALENDAR_FREE_TEXT:  # each reached the calendar, its lines kept as text
        assert marker(field) in descriptions, field
    for name in LINE_BREAK_KINDS:
        assert f"{name}\nX-INJECTED-{name}:1\nATTENDEE;CN=Evil {name}" in descriptions
    assert _inspect(portal.site).problems == []


def test_line_breaks_in_one_line_fields_are_refused_with_file_line_and_field(tmp_path):
    """A name, title or location is one line: the build stops with file:line: field and why,
    never a traceback (each kind of line break in turn)."""
    kinds = list(LINE_BREAK_KINDS.items())
    texts = {field: f"{kinds[i % len(kinds)][0]}{kinds[i % len(kinds)][1]}X-INJECTED:1"
             for i, field in enumerate(CALENDAR_ONE_LINE)}
    portal = make_portal(tmp_path, files_with(texts, CLEAN))
    for result in (portal.build(), portal.coalition("validate")):
        assert result.returncode == 1, result.stderr
        output = result.stdout + result.stderr
        assert "Traceback" not in output
        for field, file in CALENDAR_ONE_LINE.items():
            key = field.rsplit(".", 1)[1]
            assert re.search(rf"content/{re.escape(file)}:\d+: (\S+\.)?{key}: holds a line break",
                             output), (field, output[-3000:])
