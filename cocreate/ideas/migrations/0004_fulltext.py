"""Full-text search over Idea.search_document: FTS5 on SQLite, a GIN index on PostgreSQL.

The column already holds Korean bigrams and lower-case words (core.textsearch), so both
engines only need their plain word tokenizers."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE ideas_idea_fts USING fts5(search_document, content='ideas_idea', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0');",
    "CREATE TRIGGER ideas_idea_fts_ai AFTER INSERT ON ideas_idea BEGIN "
    "INSERT INTO ideas_idea_fts(rowid, search_document) VALUES (new.id, new.search_document); END;",
    "CREATE TRIGGER ideas_idea_fts_ad AFTER DELETE ON ideas_idea BEGIN "
    "INSERT INTO ideas_idea_fts(ideas_idea_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); END;",
    "CREATE TRIGGER ideas_idea_fts_au AFTER UPDATE OF search_document ON ideas_idea BEGIN "
    "INSERT INTO ideas_idea_fts(ideas_idea_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); "
    "INSERT INTO ideas_idea_fts(rowid, search_document) VALUES (new.id, new.search_document); END;",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS ideas_idea_fts_ai;",
    "DROP TRIGGER IF EXISTS ideas_idea_fts_ad;",
    "DROP TRIGGER IF EXISTS ideas_idea_fts_au;",
    "DROP TABLE IF EXISTS ideas_idea_fts;",
]
POSTGRES = [
    "CREATE INDEX ideas_idea_search_gin ON ideas_idea "
    "USING gin (to_tsvector('simple'::regconfig, search_document));",
]
POSTGRES_REVERSE = ["DROP INDEX IF EXISTS ideas_idea_search_gin;"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("ideas", "0003_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
