"""Document frequencies of the lexical index's terms, so that search can leave out query
terms too common to rank (SQLite: an fts5vocab table over search_fts; PostgreSQL reads
the planner's statistics of the tsvector column instead and needs nothing here)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, 'row')")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts_vocab")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_entry_model_indexed_at")]
    operations = [migrations.RunPython(create, drop)]
