"""The pre-commit hook a coalition's repository uses: `.pre-commit-hooks.yaml` is a valid
pre-commit manifest, its files pattern picks the content files, and its exact entry and args
validate the demo (and refuse a broken record)."""

from __future__ import annotations

import re
import shlex
import shutil
import sys
from pathlib import Path

import yaml

from portal import REPO, run

HOOKS = REPO / ".pre-commit-hooks.yaml"


def hook() -> dict:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    (only,) = hooks
    return only


def test_the_hooks_file_is_a_pre_commit_manifest():
    h = hook()
    # pre-commit's manifest: id, name, entry and language are required; the rest as it reads
    assert {"id", "name", "entry", "language"} <= set(h)
    assert set(h) <= {"id", "name", "entry", "language", "files", "exclude", "types",
                      "types_or", "exclude_types", "always_run", "fail_fast", "verbose",
                      "pass_filenames", "require_serial", "description", "language_version",
                      "minimum_pre_commit_version", "args", "stages", "additional_dependencies"}
    assert h["id"] == "coalition-validate" and h["language"] == "python"
    assert h["entry"] == "coalition validate" and h["pass_filenames"] is False
    # language: python installs this repository, whose `coalition` script is the entry
    assert 'coalition = "coalition_portal.cli:main"' in (REPO / "pyproject.toml").read_text()


def test_the_hook_runs_on_the_content_files_and_mkdocs_yml():
    files = re.compile(hook()["files"])
    demo = [p.relative_to(REPO).as_posix() for p in (REPO / "content").rglob("*.yml")]
    assert len(demo) > 50 and all(files.search(name) for name in demo)
    assert files.search("mkdocs.yml")
    for other in ("docs/index.md", "schema/meeting.schema.json", "README.md",
                  ".github/workflows/portal.yml", "notes/content/x.yml"):
        assert not files.search(other), other


def entry_command(root: Path) -> list[str]:
    """The hook's command as pre-commit runs it in the hook's environment: entry, then args
    (no file names), from the repository's root."""
    h = hook()
    argv = shlex.split(h["entry"]) + list(h.get("args", []))
    script = Path(sys.executable).with_name(argv[0])
    assert script.is_file(), f"{argv[0]} is not installed beside {sys.executable}"
    return [str(script), *argv[1:]]


def test_the_hooks_entry_validates_the_demo_and_refuses_a_broken_record(tmp_path):
    root = tmp_path / "coalition"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    result = run(entry_command(root), cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("content: valid — ")

    coalition = root / "content" / "coalition.yml"
    coalition.write_text(coalition.read_text(encoding="utf-8").replace(
        "timezone: ", "timezone: Mars/", 1), encoding="utf-8")
    result = run(entry_command(root), cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/coalition.yml:" in result.stdout + result.stderr
