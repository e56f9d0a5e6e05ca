"""Empty the database before loading the demo lab.

Django's ``flush`` cannot do it alone on SQLite: the audit log's trigger refuses DELETE, as it
should for everything except throwing the whole database away. So on SQLite the delete
trigger is dropped, the tables flushed and the trigger recreated, all in one transaction (DDL
is transactional there), so the log is never unguarded once the wipe commits. On PostgreSQL
``flush`` issues TRUNCATE, which row triggers do not see; pending deferred constraint checks
are fired first because TRUNCATE refuses to run while any are queued."""

from __future__ import annotations

import importlib

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connections, transaction
from django_scopes import scopes_disabled

from cocreate.recruiting.models import ImportJob

_AUDIT_MIGRATION = importlib.import_module("cocreate.core.migrations.0002_audit_append_only")
_DELETE_TRIGGER = "core_auditevent_no_delete"


def _sqlite_delete_trigger_sql() -> str:
    for sql in _AUDIT_MIGRATION.SQLITE:
        if _DELETE_TRIGGER in sql:
            return sql
    raise LookupError(f"the audit migration no longer defines {_DELETE_TRIGGER}")


def wipe_database(using: str = "default") -> None:
    """Delete every row of every table Django manages (then re-create content types and
    permissions, as ``flush`` does), and the applicant files imports stored."""
    connection = connections[using]
    guarded = False
    with transaction.atomic(using=using):
        # Uploaded applicant files go with their rows, once the wipe has committed.
        with scopes_disabled():
            files = [name for name in ImportJob.objects.using(using).values_list("file", flat=True) if name]
        if files:
            transaction.on_commit(lambda: [default_storage.delete(name) for name in files], using=using)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s",
                               [_DELETE_TRIGGER])
                guarded = cursor.fetchone() is not None
                cursor.execute(f"DROP TRIGGER IF EXISTS {_DELETE_TRIGGER}")
            elif connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("flush", interactive=False, verbosity=0, database=using)
        with connection.cursor() as cursor:
            if guarded:
                # flush's post_migrate (core.apps.ensure_audit_triggers) has usually put it back.
                cursor.execute(_sqlite_delete_trigger_sql().replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS"))
            elif connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
