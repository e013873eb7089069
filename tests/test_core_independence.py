"""The core knows nothing of MkDocs: only mkdocs_plugin imports it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import coalition_portal


def test_core_modules_do_not_import_mkdocs():
    core = [m.name for m in pkgutil.walk_packages(coalition_portal.__path__, "coalition_portal.")
            if m.name.rpartition(".")[2] not in ("mkdocs_plugin", "__main__")]
    assert "coalition_portal.site.model" in core and "coalition_portal.content.load" in core
    code = ("import sys\n"
            + "".join(f"import {name}\n" for name in core)
            + "print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
