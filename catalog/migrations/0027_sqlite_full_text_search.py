"""Full-text search on SQLite: an FTS5 table for each of films, people, quotes and notes (catalog/search.py).

Does nothing on PostgreSQL, which keeps its documents in columns (migrations 0004 and 0010). The tables are
filled here with the documents as they are built at this migration; ``catalog.search.FTS_TABLES`` builds
them from then on, and a later change to what they hold comes with a migration that fills them again.
"""

from django.db import migrations

from catalog.models.text import fold

# Accents folded by the tokenizer too; an index of every word's first three letters answers a short
# unfinished word ("the…") without merging the lists of every word it starts.
OPTIONS = "tokenize = 'unicode61 remove_diacritics 2', prefix = '3'"

TABLES = {
    "catalog_film_search": "titles, names, said, written",
    "catalog_person_search": "name",
    "catalog_quote_search": "words",
    "catalog_note_search": "words",
}

FILL = {
    "catalog_film_search": """
        SELECT f.id, f.titles_folded,
            catalog_fold((SELECT group_concat(words, ' ') FROM (
                SELECT DISTINCT p.name AS words FROM catalog_credit c JOIN catalog_person p ON p.id = c.person_id
                WHERE c.film_id = f.id ORDER BY p.name))),
            catalog_fold(coalesce(f.logline, '') || ' '
                || coalesce((SELECT group_concat(words, ' ') FROM (
                    SELECT c.character_name AS words FROM catalog_credit c
                    WHERE c.film_id = f.id ORDER BY c.billing_order, c.id)), '') || ' '
                || coalesce((SELECT group_concat(words, ' ') FROM (
                    SELECT coalesce(q.text, '') || ' ' || coalesce(q.character_name, '') AS words FROM catalog_quote q
                    WHERE q.film_id = f.id ORDER BY q."order", q.id)), '')),
            catalog_fold(coalesce(f.overview, '') || ' '
                || coalesce((SELECT group_concat(words, ' ') FROM (
                    SELECT coalesce(n.title, '') || ' ' || coalesce(n.text, '') AS words FROM catalog_filmnote n
                    WHERE n.film_id = f.id ORDER BY n."order", n.id)), '') || ' '
                || coalesce((SELECT group_concat(words, ' ') FROM (
                    SELECT coalesce(s.heading, '') || ' ' || coalesce(s.body, '') AS words FROM catalog_plotsection s
                    WHERE s.film_id = f.id ORDER BY s."order", s.id)), ''))
        FROM catalog_film f WHERE f.status = 'published'
    """,
    "catalog_person_search": "SELECT p.id, p.name_folded FROM catalog_person p WHERE p.film_count > 0",
    "catalog_quote_search": """
        SELECT q.id, catalog_fold(coalesce(q.text, '') || ' ' || coalesce(q.character_name, '') || ' '
            || coalesce(c.character_name, ''))
        FROM catalog_quote q JOIN catalog_film f ON f.id = q.film_id LEFT JOIN catalog_credit c ON c.id = q.speaker_id
        WHERE f.status = 'published'
    """,
    "catalog_note_search": """
        SELECT n.id, catalog_fold(coalesce(n.title, '') || ' ' || coalesce(n.text, ''))
        FROM catalog_filmnote n JOIN catalog_film f ON f.id = n.film_id
        WHERE f.status = 'published'
    """,
}


def create_search_tables(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    connection.ensure_connection()
    connection.connection.create_function(
        "catalog_fold", 1, lambda value: None if value is None else fold(str(value)), deterministic=True
    )
    for table, columns in TABLES.items():
        schema_editor.execute(f"CREATE VIRTUAL TABLE {table} USING fts5({columns}, {OPTIONS})")
        schema_editor.execute(f"INSERT INTO {table} (rowid, {columns}) {FILL[table]}")


def drop_search_tables(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TABLE {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0026_sitemap_page_keys"),
    ]

    operations = [
        migrations.RunPython(create_search_tables, drop_search_tables, elidable=False),
    ]
