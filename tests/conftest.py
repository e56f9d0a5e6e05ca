"""Shared fixtures only. Factories live in tests/factories.py."""

import pytest
from django_scopes import scopes_disabled

from tests import factories as f


@pytest.fixture(autouse=True)
def _scopes_off_in_tests(request):
    """Test code builds and inspects objects across organizations freely; the views under
    test open their own scope (a nested scope() re-enables scoping), and tests/core checks
    that queries outside a scope are refused."""
    if request.node.get_closest_marker("scoped"):
        yield
        return
    with scopes_disabled():
        yield


@pytest.fixture
def org(db):
    return f.OrganizationFactory()


@pytest.fixture
def other_org(db):
    return f.OrganizationFactory()


@pytest.fixture
def lab(db):
    """One organization with a person in every role, an active program with a published
    agreement (4 × 25 %), an open recruitment, one open confidential mission, a partner who
    accepted the agreement and one who did not, and a department."""
    return f.make_lab()
