"""The portal's way past MkDocs 1: ProperDocs (the maintained fork of MkDocs 1.6) builds the
demo byte for byte as MkDocs does, but for the `<meta name="generator">` tag."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from portal import REPO, run

GENERATOR = re.compile(rb'^\s*<meta name="generator" content="([^"]*)">\n', re.MULTILINE)
ENV = {"SOURCE_DATE_EPOCH": "1767225600", "NO_MKDOCS_2_WARNING": "1"}


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("engines") / "demo"
    root.mkdir()
    for name in ("content", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def build(demo: Path, engine: str) -> dict[str, bytes]:
    """`ENGINE build --strict` of the demo, as its command line runs it."""
    command = Path(sys.executable).with_name(engine)
    assert command.is_file(), f"{engine} is not installed beside {sys.executable}: " \
        "pip install -e '.[test]'"
    site = demo.parent / f"site-{engine}"
    result = run([str(command), "build", "--strict", "-d", str(site)], cwd=demo, env=ENV)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return tree(site)


def test_properdocs_builds_the_demo_as_mkdocs_does(demo):
    mkdocs, properdocs = build(demo, "mkdocs"), build(demo, "properdocs")
    assert sorted(mkdocs) == sorted(properdocs)
    assert "data/coalition.json" in mkdocs and "feeds/everything.atom.xml" in mkdocs
    pages = [name for name in mkdocs if name.endswith(".html")]
    assert len(pages) > 50
    generators = set()
    for name, data in mkdocs.items():
        other = properdocs[name]
        if name.endswith(".html"):
            found = GENERATOR.findall(data), GENERATOR.findall(other)
            assert [len(f) for f in found] == [1, 1], name  # one generator tag in each page
            generators.add((found[0][0], found[1][0]))
            data, other = GENERATOR.sub(b"", data), GENERATOR.sub(b"", other)
        assert data == other, f"{name} differs between mkdocs and properdocs"
    # the one difference: each engine names itself
    assert len(generators) == 1
    (by_mkdocs, by_properdocs), = generators
    assert by_mkdocs.startswith(b"mkdocs-1.6.") and b"mkdocs-material-9." in by_mkdocs
    assert b"ProperDocs" in by_properdocs and b"mkdocs-material-9." in by_properdocs
