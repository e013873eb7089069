"""The house's rules that a reader cannot see in one file.

- No import cycle in the package: data flows one way (content -> checks -> site model ->
  pages and outputs -> adapters).  The graph is read statically from the source with
  ``ast``: every ``import`` and ``from ... import``, absolute or relative, at module level,
  inside functions and under ``if TYPE_CHECKING``; ``from .pkg import name`` where ``name`` is
  a submodule is an import of that submodule.  Importing ``a.b.c`` counts as an import of
  ``a.b.c`` only (Python runs the ``__init__`` of ``a`` and ``a.b`` first, but a package's
  ``__init__`` importing its own submodules is no cycle of the design).
- The core knows nothing of MkDocs: only the adapter (mkdocs_plugin, and mkdocs_preview, its
  quick preview rebuilds) imports it.
"""

from __future__ import annotations

import ast
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import coalition_portal

PACKAGE = "coalition_portal"
SOURCE = Path(coalition_portal.__file__).resolve().parent


def modules_of(root: Path, package: str = PACKAGE) -> dict[str, Path]:
    """Every module of the package in ``root``: dotted name -> file (a package is its __init__)."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join([package, *parts])] = path
    return out


def _imported(node: ast.AST, module: str, is_package: bool, known: set[str]) -> list[str]:
    """The package's modules that one import statement of ``module`` imports."""
    def known_prefix(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    if isinstance(node, ast.Import):
        return [m for alias in node.names if (m := known_prefix(alias.name))]
    if node.level:
        base = module if is_package else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            base = base.rpartition(".")[0]
        target = f"{base}.{node.module}" if node.module else base
    else:
        target = node.module or ""
    out = []
    for alias in node.names:
        if f"{target}.{alias.name}" in known:  # from .pkg import submodule
            out.append(f"{target}.{alias.name}")
        elif m := known_prefix(target):
            out.append(m)
    return out


def import_graph(root: Path, package: str = PACKAGE) -> dict[str, dict[str, int]]:
    """module -> {module it imports: line of the first such import}, within the package."""
    modules = modules_of(root, package)
    known = set(modules)
    graph: dict[str, dict[str, int]] = {name: {} for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_bytes(), filename=str(path))
        for node in ast.walk(tree):  # every depth: functions, classes, if-blocks
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for target in _imported(node, name, path.name == "__init__.py", known):
                if target != name:
                    line = graph[name].get(target, node.lineno)
                    graph[name][target] = min(line, node.lineno)
    return graph


def _strongly_connected(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Tarjan's strongly connected groups of more than one module, each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def _cycle_through(start: str, group: set[str], graph: dict[str, dict[str, int]]) -> list[str]:
    """A shortest cycle from ``start`` back to it inside ``group``: [start, ..., start]."""
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph[node]):
                if target not in group:
                    continue
                if target == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [start, *reversed(path[:-1]), start] if len(path) > 1 else [start, start]
                if target not in came_from:
                    came_from[target] = node
                    following.append(target)
        frontier = following
    raise AssertionError(f"{start} is in no cycle of {sorted(group)}")


def import_cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Cycles that name every module that is in one: for each group of modules that import
    each other, a shortest cycle [a, b, ..., a] through each module of the group that no
    earlier cycle passed.  Empty when the graph has no cycle."""
    cycles = []
    for group in _strongly_connected(graph):
        covered: set[str] = set()
        for module in group:
            if module not in covered:
                cycles.append(_cycle_through(module, set(group), graph))
                covered.update(cycles[-1])
    return cycles


def describe(cycles: list[list[str]], graph: dict[str, dict[str, int]], root: Path) -> str:
    """The cycles as a reader fixes them: which line of which file makes each step."""
    modules = modules_of(root)
    lines = []
    for cycle in cycles:
        lines.append(" -> ".join(m.removeprefix(PACKAGE + ".") for m in cycle))
        for source, target in zip(cycle, cycle[1:]):
            where = modules[source].relative_to(root)
            lines.append(f"    {where}:{graph[source][target]} imports {target}")
    return "\n".join(lines)


def test_the_package_has_no_import_cycle():
    graph = import_graph(SOURCE)
    assert "coalition_portal.site.model" in graph and graph["coalition_portal.cli"]
    cycles = import_cycles(graph)
    if cycles:
        pytest.fail("import cycles in the package (each step: the file and line of the import):\n"
                    + describe(cycles, graph, SOURCE), pytrace=False)


def _plant(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + text, encoding="utf-8")


# Each plant closes a cycle with content.load, which imports content.findings.
PLANTS = {
    "inside-a-function-from-package-import-submodule": (
        "content/findings.py", "def _planted():\n    from . import load\n    return load\n"),
    "module-level-from-submodule-import-name": (
        "content/findings.py", "from .load import load as _planted\n"),
    "absolute-import-under-a-class": (
        "content/findings.py", "class _Planted:\n    import coalition_portal.content.load\n"),
    "two-levels-up-through-another-stage": (
        "checks/votes.py", "def _planted():\n    from ..site import model\n    return model\n"),
}


@pytest.mark.parametrize("name", PLANTS)
def test_a_planted_cycle_is_found_and_named(tmp_path, name):
    copy = tmp_path / PACKAGE
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    relative, text = PLANTS[name]
    planted_in = PACKAGE + "." + relative.removesuffix(".py").replace("/", ".")
    before = import_graph(copy)
    assert not any(planted_in in cycle for cycle in import_cycles(before))

    _plant(copy, relative, text)
    after = import_graph(copy)
    (target,) = set(after[planted_in]) - set(before[planted_in])  # the planted import

    # planted_in was in no cycle before: every cycle through it takes the planted import
    cycles = import_cycles(after)
    through = [c for c in cycles if planted_in in c]
    assert through, describe(cycles, after, copy)
    for cycle in through:
        assert cycle[0] == cycle[-1]
        assert cycle[cycle.index(planted_in) + 1] == target
        for source, imported in zip(cycle, cycle[1:]):  # every step is a real import
            assert imported in after[source]
    first_planted_line = len(copy.joinpath(relative).read_text().splitlines()) - text.count("\n") + 1
    assert after[planted_in][target] >= first_planted_line  # the step named is the plant
    assert f"    {relative}:{after[planted_in][target]} imports {target}" in describe(
        cycles, after, copy)


def test_the_graph_reads_every_kind_of_import(tmp_path):
    root = tmp_path / PACKAGE
    files = {
        "__init__.py": "",
        "a/__init__.py": "from .one import thing\n",
        "a/one.py": "import os\nthing = 1\n",
        "a/two.py": "from . import one\nfrom .. import b\n",
        "b/__init__.py": "",
        "b/three.py": ("import coalition_portal.a.one\n"
                       "def f():\n    from ..a import two\n"
                       "    from coalition_portal.a.two import x\n"),
    }
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)
    graph = import_graph(root)
    assert graph == {
        "coalition_portal": {},
        "coalition_portal.a": {"coalition_portal.a.one": 1},
        "coalition_portal.a.one": {},
        "coalition_portal.a.two": {"coalition_portal.a.one": 1, "coalition_portal.b": 2},
        "coalition_portal.b": {},
        "coalition_portal.b.three": {"coalition_portal.a.one": 1, "coalition_portal.a.two": 3},
    }
    assert import_cycles(graph) == []


def test_core_modules_do_not_import_mkdocs():
    core = [m.name for m in pkgutil.walk_packages(coalition_portal.__path__, "coalition_portal.")
            if m.name.rpartition(".")[2] not in ("mkdocs_plugin", "mkdocs_preview", "__main__")]
    assert "coalition_portal.site.model" in core and "coalition_portal.content.load" in core
    code = ("import sys\n"
            + "".join(f"import {name}\n" for name in core)
            + "print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
