"""Fixtures every test folder shares.

The helper modules beside this file (``portal``, ``archive``, ``watchdog_portal``,
``pages_fixture``, ``payloads``, ``site_links``) are importable from every test folder
(``pythonpath`` in pyproject.toml).  The built portals below are session fixtures here, so
that each is built once per run whichever folders use it.
"""

import os

import pytest

from portal import make_portal
from watchdog_portal import demo, hostile, watchdog  # noqa: F401 (fixtures, built once a run)

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory):
    """`coalition validate` keeps parsed files in the user's cache: the tests' own one."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture
def portal(tmp_path):
    """A minimal valid coalition portal in a temporary folder."""
    return make_portal(tmp_path)
