"""Fixtures every test folder shares.

The helper modules beside this file (``portal``, ``archive``, ``watchdog_portal``,
``pages_fixture``, ``payloads``, ``site_links``, ``unrecorded_portal``) are importable from every test folder
(``pythonpath`` in pyproject.toml).  The built portals below are session fixtures here, so
that each is built once per run whichever folders use it.
"""

import os

import pytest

from portal import REPO, make_portal, mkdocs_build
from unrecorded_portal import unrecorded  # noqa: F401 (a fixture, built once a run)
from watchdog_portal import demo, hostile, watchdog  # noqa: F401 (fixtures, built once a run)

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory):
    """`coalition validate` keeps parsed files in the user's cache: the tests' own one."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The demo coalition of the repository built with `mkdocs build --strict`, once a run
    (tests only read it)."""
    if not (REPO / "content/coalition.yml").exists():
        pytest.skip("no demo content")
    out = tmp_path_factory.mktemp("demo-site") / "site"
    result = mkdocs_build("--strict", "-d", str(out), cwd=REPO)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def portal(tmp_path):
    """A minimal valid coalition portal in a temporary folder."""
    return make_portal(tmp_path)
