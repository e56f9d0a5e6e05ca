import pytest
from django.db import DatabaseError, connection, transaction

from cocreate.core.models import AuditEvent
from cocreate.core.services import audit_record
from tests import factories as f


@pytest.fixture
def event(db):
    org = f.OrganizationFactory()
    user = f.UserFactory()
    return audit_record(actor=user, verb="test.done", target=org, data={"n": 1})


def test_audit_record_stores_target_actor_and_organization(event):
    assert (event.verb, event.target_type, event.data) == ("test.done", "organizations.organization", {"n": 1})
    assert event.organization_id == event.target_id
    assert event.actor is not None


def test_model_refuses_to_change_or_delete_an_event(event):
    event.verb = "rewritten"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().update(verb="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


def test_database_refuses_raw_update_and_delete(event):
    for sql in (f"UPDATE core_auditevent SET verb = 'x' WHERE id = {event.pk}",
                f"DELETE FROM core_auditevent WHERE id = {event.pk}"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.get(pk=event.pk).verb == "test.done"


def test_anonymous_actor_is_stored_as_none(db):
    from django.contrib.auth.models import AnonymousUser

    org = f.OrganizationFactory()
    assert audit_record(actor=AnonymousUser(), verb="x", target=org).actor is None


def test_flush_leaves_the_append_only_trigger_in_place(flushable_audit_log):
    """The transactional fixture lifts the SQLite trigger for the flush; this checks that
    the flush's post_migrate puts it back, so later tests still see an append-only log."""
    from django.core.management import call_command

    from cocreate.core.apps import ensure_audit_triggers

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER core_auditevent_no_delete")
            cursor.execute("DROP TRIGGER core_auditevent_no_update")
        call_command("flush", interactive=False, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'core_auditevent%'")
            assert sorted(r[0] for r in cursor.fetchall()) == ["core_auditevent_no_delete",
                                                                "core_auditevent_no_update"]
    else:
        ensure_audit_triggers(None)  # a no-op on PostgreSQL, whose trigger survives TRUNCATE
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'core_auditevent_no_change'")
            assert cursor.fetchone()[0] == 1
