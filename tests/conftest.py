import os

import pytest

from portal import make_portal

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory):
    """`coalition validate` keeps parsed files in the user's cache: the tests' own one."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture
def portal(tmp_path):
    """A minimal valid coalition portal in a temporary folder."""
    return make_portal(tmp_path)
