"""Trigram indexes for the lists' text filters, on PostgreSQL.

The film list's title filter and the people list's name filter match a word anywhere in the folded
text (``LIKE '%word%'``), which a B-tree cannot answer: counting the matches read every published film,
or every person, on each request. A GIN index of trigrams (pg_trgm) finds the rows holding the word.
SQLite keeps reading its list indexes, which end with the same folded columns.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# fastupdate is off for the reason given in migration 0004. Only published films are listed.
CREATE_INDEXES = [
    "CREATE INDEX film_titles_trigram ON catalog_film USING gin (titles_folded gin_trgm_ops) "
    "WITH (fastupdate = off) WHERE status = 'published'",
    "CREATE INDEX person_name_trigram ON catalog_person USING gin (name_folded gin_trgm_ops) WITH (fastupdate = off)",
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in CREATE_INDEXES:
        schema_editor.execute(statement)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX person_name_trigram")
    schema_editor.execute("DROP INDEX film_titles_trigram")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0010_quote_and_note_search_documents"),
    ]

    operations = [
        # Does nothing on databases other than PostgreSQL. The extension is trusted, so the database's
        # owner may create it without being a superuser.
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
