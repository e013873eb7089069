import os

import pytest

from portal import make_portal

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture
def portal(tmp_path):
    """A minimal valid coalition portal in a temporary folder."""
    return make_portal(tmp_path)
