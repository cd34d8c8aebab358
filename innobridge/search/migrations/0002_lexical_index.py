"""The lexical index over SearchEntry.tokens, in each database's own full-text engine.

SQLite: an FTS5 table (rowid = listing id) ranked by bm25, kept in step by the indexing
service. PostgreSQL: a generated tsvector column with a GIN index. Both read the same
space-separated token stream, so they find the same listings.
"""

from django.db import migrations

SQLITE_CREATE = """
CREATE VIRTUAL TABLE search_fts USING fts5(
    tokens, tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
)
"""
SQLITE_DROP = "DROP TABLE IF EXISTS search_fts"
POSTGRES_CREATE = [
    """ALTER TABLE search_searchentry ADD COLUMN tsv tsvector
       GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED""",
    "CREATE INDEX search_searchentry_tsv ON search_searchentry USING GIN (tsv)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_searchentry_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        for statement in POSTGRES_CREATE:
            schema_editor.execute(statement)
    else:
        raise RuntimeError(f"No lexical index for the {vendor} database.")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = [SQLITE_DROP] if vendor == "sqlite" else POSTGRES_DROP
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
