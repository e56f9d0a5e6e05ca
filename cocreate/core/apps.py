from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_audit_triggers(sender, using="default", **kwargs):
    """Re-assert the append-only triggers after migrate and after every flush (Django's flush
    emits post_migrate). A flush is the one place that must empty the audit table (test
    teardown, `manage.py flush`), and lifting the SQLite trigger for it must never leave the
    database without it afterwards."""
    import importlib

    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return  # PostgreSQL's trigger ignores TRUNCATE, which is how flush empties tables
    if "core_auditevent" not in connection.introspection.table_names():
        return
    migration = importlib.import_module("cocreate.core.migrations.0002_audit_append_only")
    with connection.cursor() as cursor:
        for sql in migration.SQLITE:
            cursor.execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS"))


class CoreConfig(AppConfig):
    name = "cocreate.core"
    label = "core"

    def ready(self):
        post_migrate.connect(ensure_audit_triggers, sender=self, dispatch_uid="cocreate.core.audit_triggers")
