"""Full-text search on PostgreSQL: the film's stored search document, the functions that build it and the
GIN indexes that answer searches (catalog/search.py). Other databases get only the column, left empty:
they search by substring.
"""

import django.contrib.postgres.search
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

# unaccent() is only STABLE, because its rules file could change, and an index needs IMMUTABLE; the
# wrapper promises the rules stay put (after changing them, REINDEX). Naming the extension's schema
# keeps the function working under any search_path, as during a restore.
CREATE_UNACCENT = """
CREATE FUNCTION catalog_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
RETURN {schema}.unaccent('{schema}.unaccent'::regdictionary, $1)
"""

# A film's search document, weighted by what the words are to the film: its titles (A), the names of its
# cast and crew (B), its logline, characters and quotes (C), and what is written about it (D). One
# definition serves the fill below, the signal handlers and update_search_index. The standard SQL body
# makes PostgreSQL record which columns it reads, so a later migration cannot drop one unnoticed.
CREATE_FILM_DOCUMENT = """
CREATE FUNCTION catalog_film_document(film_pk bigint) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
SELECT
    setweight(to_tsvector('simple', catalog_unaccent(concat_ws(' ',
        f.title,
        f.original_title,
        (SELECT string_agg(t.title, ' ' ORDER BY t.id) FROM catalog_alternativetitle t WHERE t.film_id = f.id)
    ))), 'A')
    || setweight(to_tsvector('simple', catalog_unaccent(concat_ws(' ',
        (SELECT string_agg(DISTINCT p.name, ' ' ORDER BY p.name)
         FROM catalog_credit c JOIN catalog_person p ON p.id = c.person_id WHERE c.film_id = f.id)
    ))), 'B')
    || setweight(to_tsvector('simple', catalog_unaccent(concat_ws(' ',
        f.logline,
        (SELECT string_agg(c.character_name, ' ' ORDER BY c.billing_order, c.id)
         FROM catalog_credit c WHERE c.film_id = f.id),
        (SELECT string_agg(concat_ws(' ', q.text, q.character_name), ' ' ORDER BY q."order", q.id)
         FROM catalog_quote q WHERE q.film_id = f.id)
    ))), 'C')
    || setweight(to_tsvector('simple', catalog_unaccent(concat_ws(' ',
        f.overview,
        (SELECT string_agg(concat_ws(' ', n.title, n.text), ' ' ORDER BY n."order", n.id)
         FROM catalog_filmnote n WHERE n.film_id = f.id),
        (SELECT string_agg(concat_ws(' ', s.heading, s.body), ' ' ORDER BY s."order", s.id)
         FROM catalog_plotsection s WHERE s.film_id = f.id)
    ))), 'D')
FROM catalog_film f
WHERE f.id = film_pk;
END
"""

# fastupdate is off because the catalog is read far more than it is edited: with it on, each edit queues
# its entries in a pending list that every search must also scan, and that the planner counts against
# the index until vacuum empties it, turning to reading the whole table after a rebuild.
CREATE_FILM_INDEX = """
CREATE INDEX film_search_vector ON catalog_film USING gin (search_vector) WITH (fastupdate = off)
"""

# The expression is the one catalog.search.person_name_document() compiles to: the planner uses the
# index only for that very expression.
CREATE_PERSON_NAME_INDEX = """
CREATE INDEX person_name_search ON catalog_person
USING gin (to_tsvector('simple'::regconfig, COALESCE(catalog_unaccent(name), ''))) WITH (fastupdate = off)
"""


def create_search_objects(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'")
        (schema,) = cursor.fetchone()
    schema_editor.execute(CREATE_UNACCENT.format(schema=schema))
    schema_editor.execute(CREATE_FILM_DOCUMENT)
    schema_editor.execute("UPDATE catalog_film SET search_vector = catalog_film_document(id)")
    schema_editor.execute(CREATE_FILM_INDEX)
    schema_editor.execute(CREATE_PERSON_NAME_INDEX)


def drop_search_objects(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX person_name_search")
    schema_editor.execute("DROP INDEX film_search_vector")
    schema_editor.execute("DROP FUNCTION catalog_film_document(bigint)")
    schema_editor.execute("DROP FUNCTION catalog_unaccent(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_editor_and_publisher_groups"),
    ]

    operations = [
        # Does nothing on databases other than PostgreSQL. The extension is trusted, so the database's
        # owner may create it without being a superuser.
        UnaccentExtension(),
        migrations.AddField(
            model_name="film",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True, serialize=False
            ),
        ),
        migrations.RunPython(create_search_objects, drop_search_objects, elidable=False),
    ]
