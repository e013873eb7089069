"""The core knows nothing of MkDocs: only mkdocs_plugin imports it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import coalition_portal


def test_core_modules_do_not_import_mkdocs():
    core = [m.name for m in pkgutil.iter_modules(coalition_portal.__path__)
            if m.name not in ("mkdocs_plugin", "__main__")]
    code = ("import sys\n"
            + "".join(f"import coalition_portal.{name}\n" for name in core)
            + "print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
