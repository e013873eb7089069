"""Open data as a journalist's spreadsheet or script reads it, from a real build."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from coalition_portal.outputs import export
from coalition_portal.outputs.write import (
    ExportError,
    check_export,
    check_parts,
    data_files,
    validate_export,
)
from portal import AS_OF, REPO
from watchdog_portal import FORMULA_TITLE, HOSTILE_NAME, SITE_URL, outputs_digest

SCHEMA = REPO / "schema" / export.SCHEMA_NAME


def validate(document: dict, schema: dict) -> None:
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()) \
        .validate(document)


def read_csv(site: Path, name: str) -> list[dict[str, str]]:
    text = (site / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_committed_schema_matches_the_models():
    result = subprocess.run([sys.executable, "-m", "coalition_portal", "schema", "--check"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == export.export_schema()


def test_coalition_json_validates_against_the_committed_schema(watchdog):
    document = json.loads((watchdog.site / "data/coalition.json").read_text("utf-8"))
    validate(document, json.loads(SCHEMA.read_text(encoding="utf-8")))
    published = json.loads((watchdog.site / "data" / export.SCHEMA_NAME).read_text("utf-8"))
    assert published == json.loads(SCHEMA.read_text(encoding="utf-8"))


def test_coalition_json_is_popolo_shaped_with_votes(watchdog):
    doc = json.loads((watchdog.site / "data/coalition.json").read_text("utf-8"))
    assert doc["meta"]["as_of"] == "2024-06-20"
    assert {o["id"] for o in doc["organizations"]} == {"coalition", "parks", "health",
                                                       "food-bank"}
    assert [p["id"] for p in doc["persons"]] == ["ana-ruiz"]
    ana = [m for m in doc["memberships"] if m["member_id"] == "ana-ruiz"]
    assert [(m["start_date"], m["end_date"]) for m in ana] == [
        ("2024-03-01", "2024-04-15"), ("2024-06-01", None)]
    assert [p["id"] for p in doc["posts"]] == ["documentation"]
    vote = next(v for v in doc["vote_events"] if v["id"] == "d-2024-01-1")
    assert vote["motion_id"] == "d-2024-01-1" and vote["result"] == "adopted"
    assert {c["option"]: c["value"] for c in vote["counts"]}["no"] == 1
    assert {"voter_id": "food-bank", "option": "no"} in vote["votes"]
    motion = next(m for m in doc["motions"] if m["id"] == "d-2024-02-1")
    assert motion["event_id"] == "2024-02-15-regular"
    assert motion["public_date"] == "2024-02-19"
    assert motion["page_url"] == f"{SITE_URL}meetings/2024-02-15-regular/#d-2024-02-1"
    event = next(e for e in doc["events"] if e["id"] == "2024-07-18-regular")
    assert event["start_date"] == "2024-07-18T18:30:00-05:00"
    assert [e["id"] for e in doc["endorsements"]] == ["food-bank-v1", "tenants-union"]
    assert doc["endorsements"][0]["withdrawn_date"] == "2024-04-02"
    assert doc["amendments"][0]["changes"][0]["op"] == "add"


def test_coalition_json_holds_one_record_per_line(watchdog):
    """A diff between two days' files shows the records that changed, and grep finds one."""
    lines = (watchdog.site / "data/coalition.json").read_text("utf-8").splitlines()
    doc = json.loads("\n".join(lines))
    records = [json.loads(line.rstrip(",")) for line in lines if line.startswith("{\"")]
    assert len(records) == sum(len(v) for v in doc.values() if isinstance(v, list))
    vote_line = next(line for line in lines if line.startswith('{"id":"d-2024-01-1","motion'))
    assert json.loads(vote_line.rstrip(","))["votes"]


def test_at_least_five_csv_files_one_fact_per_row(watchdog):
    names = sorted(p.name for p in (watchdog.site / "data").glob("*.csv"))
    assert len(names) >= 5
    assert {"decisions.csv", "votes.csv", "attendance.csv", "publication-lags.csv",
            "members.csv"} <= set(names)
    votes = read_csv(watchdog.site, "votes.csv")
    row = next(v for v in votes if v["decision_id"] == "d-2024-01-1"
               and v["member_id"] == "food-bank")
    # the decision's title and the member's name beside their ids (issue 16)
    assert row == {"decision_id": "d-2024-01-1",
                   "decision_title": "Adopt the platform, version 1",
                   "meeting_id": "2024-01-10-formation", "meeting_date": "2024-01-10",
                   "member_id": "food-bank", "member_name": "Eastside Food Bank", "vote": "no"}
    assert len([v for v in votes if v["decision_id"] == "d-2024-01-1"]) == 3
    options = {"yes", "no", "abstain", "absent", "recused"}
    assert {v["vote"] for v in votes} <= options
    attendance = read_csv(watchdog.site, "attendance.csv")
    assert len(attendance) == 6
    lags = {r["meeting_id"]: r for r in read_csv(watchdog.site, "publication-lags.csv")}
    assert lags["2024-02-15-regular"]["lag_days"] == "4"
    assert lags["2024-08-15-regular"]["state"] == "no minutes owed"
    decisions = read_csv(watchdog.site, "decisions.csv")
    assert decisions[0]["decision_id"] == "d-2024-01-1" and decisions[0]["no"] == "1"


def test_same_ids_in_every_format(watchdog):
    site = watchdog.site
    doc = json.loads((site / "data/coalition.json").read_text("utf-8"))
    members = {r["member_id"] for r in read_csv(site, "members.csv")}
    assert members == {o["id"] for o in doc["organizations"][1:]} | {p["id"] for p in
                                                                    doc["persons"]}
    decisions = {r["decision_id"] for r in read_csv(site, "decisions.csv")}
    assert decisions == {m["id"] for m in doc["motions"]}
    meetings = {r["meeting_id"] for r in read_csv(site, "meetings.csv")}
    assert meetings == {e["id"] for e in doc["events"]}
    for row in read_csv(site, "votes.csv"):
        assert row["member_id"] in members and row["decision_id"] in decisions
    for row in read_csv(site, "attendance.csv"):
        assert row["member_id"] in members and row["meeting_id"] in meetings
    for member in members:
        assert (site / "members" / member / "index.html").is_file()
        assert (site / "feeds" / "members" / f"{member}.rss.xml").is_file()


def test_sha256sums_cover_every_download(watchdog):
    folder = watchdog.site / "data"
    lines = (folder / "SHA256SUMS").read_text("ascii").splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ")
        listed[name] = digest
    assert set(listed) == set(data_files())
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest


def test_data_page_links_every_file_and_describes_every_column(watchdog):
    page = (watchdog.site / "data/index.html").read_text("utf-8")
    for name in [*data_files(), "SHA256SUMS"]:
        assert f'href="{name}"' in page, name
    for name, model in export.CSV_FILES.items():
        header = (watchdog.site / "data" / name).read_text("utf-8").splitlines()[0]
        for column in header.split(","):
            assert f"<code>{column}</code>" in page, (name, column)
    for entry in export.data_dictionary(export.export_schema()):
        assert entry["meaning"], entry["file"]
        for column in entry["columns"]:
            assert column["meaning"], (entry["file"], entry["part"], column["name"])


def test_csv_cells_never_start_a_formula_but_json_keeps_the_text(hostile):
    decisions = {r["decision_id"]: r for r in read_csv(hostile.site, "decisions.csv")}
    assert decisions["d-2024-02-1"]["title"] == "'" + FORMULA_TITLE
    members = {r["member_id"]: r for r in read_csv(hostile.site, "members.csv")}
    assert members["parks"]["name"] == HOSTILE_NAME
    doc = json.loads((hostile.site / "data/coalition.json").read_text("utf-8"))
    assert next(m for m in doc["motions"] if m["id"] == "d-2024-02-1")["text"] == FORMULA_TITLE


def test_an_empty_or_invalid_export_is_refused(watchdog):
    schema = export.export_schema()
    good = {name: (watchdog.site / "data" / name).read_bytes() for name in data_files()}
    check_export(good, schema)
    with pytest.raises(ExportError, match="data/votes.csv is empty or missing"):
        check_export({**good, "votes.csv": b""}, schema)
    with pytest.raises(ExportError, match="data/coalition.json is empty or missing"):
        check_export({k: v for k, v in good.items() if k != "coalition.json"}, schema)
    document = json.loads(good["coalition.json"])
    document["organizations"] = document["organizations"][1:]
    with pytest.raises(ExportError, match="does not describe the coalition"):
        check_export({**good, "coalition.json": json.dumps(document).encode()}, schema)
    del document["motions"]
    with pytest.raises(ExportError, match="does not match its schema: motions"):
        check_export({**good, "coalition.json": json.dumps(document).encode()}, schema)
    # the full JSON Schema validation (run here, not on every build) catches the rest
    validate_export(good, schema)
    document = {**json.loads(good["coalition.json"]), "motions": [{"id": "Not An Id"}]}
    with pytest.raises(ExportError, match="does not match its schema"):
        validate_export({**good, "coalition.json": json.dumps(document).encode()}, schema)


def test_every_csv_row_is_valid_as_its_model(watchdog):
    """A build makes the rows as plain dicts and validates each file's first one as its
    model; every row of the watchdog's files is valid, and the files are those built."""
    from coalition_portal import portal as core
    from coalition_portal.settings import Settings

    build = core.build(watchdog.content, Settings.from_options({"as_of": AS_OF}, "test:"),
                       SITE_URL)
    rows = export.csv_rows(build.site, build.outputs.base_url)
    for name, model in export.CSV_FILES.items():
        data = export.render_csv(model, rows[name], check="every")
        assert data == (watchdog.site / "data" / name).read_bytes(), name


def test_a_row_unlike_its_model_is_refused():
    rows = [{"role_id": "chair", "role": "Chair", "member_id": "parks",
             "start_date": "2024-01-01", "end_date": None},
            {"role_id": "chair", "role": "Chair", "member_id": "parks",
             "start_date": "2024-01-01"}]
    with pytest.raises(ValidationError, match="end_date"):
        export.render_csv(export.CSV_FILES["role-terms.csv"], rows[1:])
    with pytest.raises(ValidationError, match="end_date"):
        export.render_csv(export.CSV_FILES["role-terms.csv"], rows, check="every")


def test_the_build_checks_its_document_before_writing_it(watchdog):
    from coalition_portal import portal as core
    from coalition_portal.settings import Settings

    build = core.build(watchdog.content, Settings.from_options({"as_of": AS_OF}, "test:"),
                       SITE_URL)
    schema = export.export_schema()
    parts = export.build_export(build.site, build.outputs.base_url)
    check_parts(parts, schema)
    without = [(k, v[1:] if k == "organizations" else v) for k, v in parts]
    with pytest.raises(ExportError, match="does not describe the coalition"):
        check_parts(without, schema)
    with pytest.raises(ExportError, match="does not match its schema: motions"):
        check_parts([(k, v) for k, v in parts if k != "motions"], schema)


def test_coalition_export_writes_the_same_files_without_mkdocs(watchdog, tmp_path):
    result = watchdog.coalition("export", "content", "--out", str(tmp_path / "out"),
                                "--as-of", "2024-06-20")
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stdout
    assert outputs_digest(tmp_path / "out") == outputs_digest(watchdog.site)


def test_coalition_export_takes_site_url_where_the_build_does(portal):
    """coalition.yml's site_url, else mkdocs.yml's, as `mkdocs build` takes it."""
    portal.edit("coalition.yml", "site_url: https://coalition.example.org/\n", "")
    portal.edit("../mkdocs.yml", "site_url: https://coalition.example.org/",
                "site_url: https://engine.example.org/")
    result = portal.coalition("export", "content", "--as-of", "2024-06-20")
    assert result.returncode == 0, result.stderr
    assert "https://engine.example.org/meetings/" in (portal.site / "feeds/minutes.atom.xml").read_text()


def test_coalition_export_without_site_url_says_so(portal):
    portal.edit("coalition.yml", "site_url: https://coalition.example.org/\n", "")
    portal.edit("../mkdocs.yml", "site_url: https://coalition.example.org/\n", "")
    result = portal.coalition("export", "content", "--as-of", "2024-06-20")
    assert result.returncode == 1
    assert "site_url is not set" in result.stderr and "Traceback" not in result.stderr
    assert not (portal.root / "site").exists()


def test_a_failing_export_fails_the_build_and_keeps_the_last_site(portal):
    assert portal.build().returncode == 0
    before = {p: p.read_bytes() for p in portal.site.rglob("*") if p.is_file()}
    portal.edit("meetings/2024-02-15-regular.yml", "Compost pilot discussed.", "Changed.")
    # a real build in which the export comes out empty (a fault, simulated in our code only)
    script = ("import sys\n"
              "from coalition_portal.outputs import export\n"
              "export.render_json = lambda document: b''\n"
              "from mkdocs.__main__ import cli\n"
              "cli(['build'])\n")
    result = portal.run(sys.executable, "-c", script)
    assert result.returncode == 1
    assert "data/coalition.json is empty or missing" in result.stderr
    assert "the previous site was left as it was" in result.stderr
    after = {p: p.read_bytes() for p in portal.site.rglob("*") if p.is_file()}
    assert after == before
    assert not (portal.root / "site.coalition-staging").exists()


def test_demo_export_validates_against_its_schema(demo):
    document = json.loads((demo.site / "data/coalition.json").read_text("utf-8"))
    validate(document, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert document["vote_events"] and document["motions"] and document["events"]
    assert len(list((demo.site / "data").glob("*.csv"))) >= 5
