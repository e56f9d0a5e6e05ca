"""SQLite: put back the full-text triggers of 0004 after 0006/0007 rebuilt ``ideas_idea``.

Adding a column with a default makes SQLite's schema editor copy the table into a new one,
which drops the table's triggers; without them new ideas would never be found by search.
The index is rebuilt from the content table, so ideas written in between are found too."""

from django.db import migrations

SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS ideas_idea_fts_ai AFTER INSERT ON ideas_idea BEGIN "
    "INSERT INTO ideas_idea_fts(rowid, search_document) VALUES (new.id, new.search_document); END;",
    "CREATE TRIGGER IF NOT EXISTS ideas_idea_fts_ad AFTER DELETE ON ideas_idea BEGIN "
    "INSERT INTO ideas_idea_fts(ideas_idea_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); END;",
    "CREATE TRIGGER IF NOT EXISTS ideas_idea_fts_au AFTER UPDATE OF search_document ON ideas_idea BEGIN "
    "INSERT INTO ideas_idea_fts(ideas_idea_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); "
    "INSERT INTO ideas_idea_fts(rowid, search_document) VALUES (new.id, new.search_document); END;",
    "INSERT INTO ideas_idea_fts(ideas_idea_fts) VALUES ('rebuild');",
]


def run(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("ideas", "0007_mission_submission_fields")]

    operations = [migrations.RunPython(run, migrations.RunPython.noop)]
