"""The lists' text filters on SQLite: trigram tables of the films' folded titles and the people's folded names.

A filter word of three letters or more is found in them as a substring, as PostgreSQL's trigram indexes find it
(migration 0011), instead of in every row of the column (catalog.models.querysets.containing_every_word).
Does nothing on PostgreSQL. ``catalog.search.FTS_TABLES`` keeps them current.
"""

from django.db import migrations

TABLES = {
    "catalog_film_titles": ("titles", "SELECT id, titles_folded FROM catalog_film"),
    "catalog_person_names": ("name", "SELECT id, name_folded FROM catalog_person"),
}


def create_trigram_tables(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table, (column, fill) in TABLES.items():
        schema_editor.execute(f"CREATE VIRTUAL TABLE {table} USING fts5({column}, tokenize = 'trigram')")
        schema_editor.execute(f"INSERT INTO {table} (rowid, {column}) {fill}")


def drop_trigram_tables(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TABLE {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0027_sqlite_full_text_search"),
    ]

    operations = [
        migrations.RunPython(create_trigram_tables, drop_trigram_tables, elidable=False),
    ]
