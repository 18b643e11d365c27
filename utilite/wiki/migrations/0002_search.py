"""Search that ignores accents: an FTS5 table on SQLite (its own tokenizer drops diacritics),
a GIN index on the folded text's vector on PostgreSQL."""

from django.db import migrations


def create(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS wiki_page_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')"
            )
        elif schema_editor.connection.vendor == "postgresql":
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS wiki_page_search_idx ON wiki_page USING gin (to_tsvector('simple', search_text))"
            )


def drop(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            cursor.execute("DROP TABLE IF EXISTS wiki_page_fts")
        elif schema_editor.connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS wiki_page_search_idx")


class Migration(migrations.Migration):
    dependencies = [("wiki", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
