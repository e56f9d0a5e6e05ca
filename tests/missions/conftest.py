import pytest

from tests import factories as f


@pytest.fixture
def labs(db):
    """Two complete labs: permissions are checked on objects of one's own organization and of another."""
    return f.make_lab(), f.make_lab()
