"""PostgreSQL: keep the tsvector in a stored generated column with its own GIN index.

With only an expression index the planner often chose a sequential scan that recomputed
to_tsvector for every row (30-500 ms at 1,000 ideas, bench/bench_search.py); a stored column
is computed once per write and keeps searches in the low milliseconds. SQLite keeps FTS5."""

from django.db import migrations

POSTGRES = [
    "DROP INDEX IF EXISTS ideas_idea_search_gin;",
    "ALTER TABLE ideas_idea ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_document)) STORED;",
    "CREATE INDEX ideas_idea_search_vector_gin ON ideas_idea USING gin (search_vector);",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS ideas_idea_search_vector_gin;",
    "ALTER TABLE ideas_idea DROP COLUMN IF EXISTS search_vector;",
    "CREATE INDEX ideas_idea_search_gin ON ideas_idea USING gin (to_tsvector('simple'::regconfig, search_document));",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("ideas", "0004_fulltext")]

    operations = [migrations.RunPython(_run(POSTGRES), _run(POSTGRES_REVERSE))]
