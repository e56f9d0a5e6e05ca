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


@pytest.fixture(autouse=True)
def _language_of_the_tests():
    """Every test starts in the test settings' language. A request activates its reader's
    language on the thread and nothing deactivates it afterwards (a server answers the next
    request in that request's own language), so a test calling services right after another
    test's Korean request read Korean messages, depending on the order the tests ran in."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def org(db):
    return f.OrganizationFactory()


@pytest.fixture
def other_org(db):
    return f.OrganizationFactory()


@pytest.fixture
def labs(db):
    """Two labs built alike: every permission matrix checks objects of one's own organization
    and of another, whose objects must stay invisible (404) through the first one's pages."""
    return f.make_lab(), f.make_lab()


@pytest.fixture
def lab(db):
    """One organization with a person in every role, an active program with a published
    agreement (4 × 25 %), an open recruitment, one open confidential mission, a partner who
    accepted the agreement and one who did not, and a department."""
    return f.make_lab()


@pytest.fixture
def flushable_audit_log(transactional_db):
    """A transactional test ends with Django flushing every table. PostgreSQL's flush is a
    TRUNCATE, which the row trigger does not see; SQLite's is a DELETE, which the append-only
    trigger refuses. Lift the SQLite trigger just before the flush; the flush's post_migrate
    signal puts it back (cocreate.core.apps.ensure_audit_triggers)."""
    import importlib

    from django.db import connection

    yield
    if connection.vendor == "sqlite":
        migration = importlib.import_module("cocreate.core.migrations.0002_audit_append_only")
        with connection.cursor() as cursor:
            for sql in migration.SQLITE_REVERSE:
                cursor.execute(sql)
