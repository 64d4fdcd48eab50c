"""Stored search documents for quotes and notes, and an index of films' titles, on PostgreSQL.

Search used to build each quote's and note's words (``to_tsvector``) row by row, for every quote and note
of every matching film: most of a second for a common word in a catalog of 100,000 films. Each now keeps
its document, built by one database function that the fill below, the signal handlers and
update_search_index share, and a GIN index answers the query. The title index lets search rank films
whose titles match first, however many films mention the word elsewhere (catalog/search.py).
"""

import django.contrib.postgres.search
from django.db import migrations

# A quote's words: the line, and the character who says it, by name or through the speaker's credit.
CREATE_QUOTE_DOCUMENT = """
CREATE FUNCTION catalog_quote_document(quote_pk bigint) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
SELECT to_tsvector('simple', catalog_unaccent(concat_ws(' ', q.text, q.character_name, c.character_name)))
FROM catalog_quote q LEFT JOIN catalog_credit c ON c.id = q.speaker_id
WHERE q.id = quote_pk;
END
"""

CREATE_NOTE_DOCUMENT = """
CREATE FUNCTION catalog_note_document(note_pk bigint) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
SELECT to_tsvector('simple', catalog_unaccent(concat_ws(' ', n.title, n.text)))
FROM catalog_filmnote n
WHERE n.id = note_pk;
END
"""

# fastupdate is off for the reason given in migration 0004.
CREATE_INDEXES = [
    "CREATE INDEX quote_search_vector ON catalog_quote USING gin (search_vector) WITH (fastupdate = off)",
    "CREATE INDEX film_note_search_vector ON catalog_filmnote USING gin (search_vector) WITH (fastupdate = off)",
    # The expression is the one catalog.search.film_title_document() compiles to, titles being folded
    # already; only published films are searched.
    "CREATE INDEX film_title_search ON catalog_film "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(titles_folded, ''))) WITH (fastupdate = off) "
    "WHERE status = 'published'",
]


def create_search_objects(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_QUOTE_DOCUMENT)
    schema_editor.execute(CREATE_NOTE_DOCUMENT)
    schema_editor.execute("UPDATE catalog_quote SET search_vector = catalog_quote_document(id)")
    schema_editor.execute("UPDATE catalog_filmnote SET search_vector = catalog_note_document(id)")
    for statement in CREATE_INDEXES:
        schema_editor.execute(statement)


def drop_search_objects(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in ("film_title_search", "film_note_search_vector", "quote_search_vector"):
        schema_editor.execute(f"DROP INDEX {index}")
    schema_editor.execute("DROP FUNCTION catalog_note_document(bigint)")
    schema_editor.execute("DROP FUNCTION catalog_quote_document(bigint)")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0009_filter_text_in_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="filmnote",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True, serialize=False
            ),
        ),
        migrations.AddField(
            model_name="quote",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True, serialize=False
            ),
        ),
        migrations.RunPython(create_search_objects, drop_search_objects, elidable=False),
    ]
