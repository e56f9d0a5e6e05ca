import sqlite3

import pytest
from django.core.management import call_command
from django.db import connection

from cocreate.ideas.models import Idea
from tests import factories as f


def test_sqlite_backup_then_restore_brings_back_the_content(tmp_path, flushable_audit_log):
    # Committed data: the backup runs as it does in production, outside a transaction.
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL variant below covers pg_dump")
    f.IdeaFactory(title="Kept")
    target = tmp_path / "b.sqlite3"
    call_command("backup", output=str(target))
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT title FROM ideas_idea").fetchall() == [("Kept",)]
    Idea.objects.update(title="Changed")
    call_command("restore", str(target), yes=True)
    assert list(Idea.objects.values_list("title", flat=True)) == ["Kept"]


def test_postgresql_backup_then_restore_brings_back_the_content(tmp_path, flushable_audit_log):
    # Committed data (transaction=True): pg_dump and pg_restore are other sessions.
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite variant above covers the online backup API")
    f.IdeaFactory(title="Kept")
    target = tmp_path / "b.dump"
    call_command("backup", output=str(target))
    assert target.stat().st_size > 0
    Idea.objects.update(title="Changed")
    call_command("restore", str(target), yes=True)
    assert list(Idea.objects.values_list("title", flat=True)) == ["Kept"]
