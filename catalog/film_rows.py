"""What a film page shows besides the film itself, read with its SQL written out: eight statements.

Building and compiling a queryset costs Django 0.2 to 0.5 ms, ten times what SQLite or a nearby
PostgreSQL takes to run the statement, and a film page needs eight of them. Measured on the
100,000-film benchmark, the richest page spent 8 of its 13 ms there. The statements never change
shape, so they are written once here, in SQL both databases read alike, and ``Model.objects.raw()``
still makes each row a model instance, with Django's own conversion of dates and decimals.

A related row's columns come back named by their path, ``person__name``, and become a related
instance with just those fields (``_attach``), as ``select_related().only()`` would give; templates
cannot tell the difference. Tests compare every list with what the ORM reads (``tests/test_film_rows.py``).
"""

from django.db import connection

from .models import (
    AlternativeTitle,
    AwardBody,
    AwardCategory,
    Country,
    Credit,
    Film,
    FilmingLocation,
    FilmNote,
    FilmStatus,
    Genre,
    KeyScene,
    Language,
    Nomination,
    Person,
    PlotSection,
    Quote,
    Role,
)

CREDITS = """
    SELECT c.id, c.film_id, c.person_id, c.role, c.character_name, c.character_description, c.billing_order,
           p.name AS person__name, p.slug AS person__slug
    FROM catalog_credit c
    JOIN catalog_person p ON p.id = c.person_id
    WHERE c.film_id = %s
    ORDER BY c.billing_order, c.id
"""

ALTERNATIVE_TITLES = """
    SELECT a.id, a.film_id, a.title, a.language_id, a.country_id, a.note,
           l.name AS language__name, co.name AS country__name
    FROM catalog_alternativetitle a
    LEFT JOIN catalog_language l ON l.code = a.language_id
    LEFT JOIN catalog_country co ON co.code = a.country_id
    WHERE a.film_id = %s
    ORDER BY a.title, a.id
"""

QUOTES = """
    SELECT q.id, q.film_id, q.source_url, q.source_publication, q.source_retrieved, q.spoiler_level, q."order",
           q.text, q.speaker_id, q.character_name, q.context,
           s.character_name AS speaker__character_name, s.person_id AS speaker__person_id,
           p.name AS speaker__person__name, p.slug AS speaker__person__slug
    FROM catalog_quote q
    LEFT JOIN catalog_credit s ON s.id = q.speaker_id
    LEFT JOIN catalog_person p ON p.id = s.person_id
    WHERE q.film_id = %s
    ORDER BY q."order", q.id
"""

LOCATIONS = """
    SELECT l.id, l.film_id, l.source_url, l.source_publication, l.source_retrieved, l.spoiler_level, l."order",
           l.place, l.region, l.country_id, l.latitude, l.longitude, l.stands_in_for, l.description,
           co.name AS country__name
    FROM catalog_filminglocation l
    LEFT JOIN catalog_country co ON co.code = l.country_id
    WHERE l.film_id = %s
    ORDER BY l."order", l.id
"""

NOMINATIONS = """
    SELECT n.id, n.film_id, n.source_url, n.source_publication, n.source_retrieved, n.spoiler_level,
           n.category_id, n.year, n.person_id, n.outcome, n.note,
           c.name AS category__name, c.slug AS category__slug, c.body_id AS category__body_id,
           b.name AS category__body__name, b.slug AS category__body__slug,
           p.name AS person__name, p.slug AS person__slug
    FROM catalog_nomination n
    JOIN catalog_awardcategory c ON c.id = n.category_id
    JOIN catalog_awardbody b ON b.id = c.body_id
    LEFT JOIN catalog_person p ON p.id = n.person_id
    WHERE n.film_id = %s
    ORDER BY b.name, n.year DESC, c.name, n.id
"""

# Genres and countries are short lists of names: one statement reads both.
GENRES_AND_COUNTRIES = """
    SELECT 'genre', g.slug, g.name
    FROM catalog_genre g JOIN catalog_film_genres fg ON fg.genre_id = g.id
    WHERE fg.film_id = %s
    UNION ALL
    SELECT 'country', co.code, co.name
    FROM catalog_country co JOIN catalog_film_countries fc ON fc.country_id = co.code
    WHERE fc.film_id = %s
"""

# Plot sections, notes and key scenes share a shape (a heading, a text, an order, a spoiler level and,
# but for plot sections, a source): one statement reads them as notes, each then made its own model.
WRITING = """
    SELECT 'plot' AS row_kind, id, part AS kind, heading AS title, body AS text, "order", spoiler_level,
           '' AS source_url, '' AS source_publication, NULL AS source_retrieved
    FROM catalog_plotsection WHERE film_id = %s
    UNION ALL
    SELECT 'note', id, kind, title, text, "order", spoiler_level, source_url, source_publication, source_retrieved
    FROM catalog_filmnote WHERE film_id = %s
    UNION ALL
    SELECT 'scene', id, '', title, description, "order", spoiler_level,
           source_url, source_publication, source_retrieved
    FROM catalog_keyscene WHERE film_id = %s
"""

# Published film cards (the columns of ``FilmQuerySet.for_listing``): the other films of this film's
# directors, then the films the editors recommend with their reason and place in the editors' order.
FILMS_BESIDE = """
    SELECT f.id, f.title, f.original_title, f.slug, f.year, f.logline, f.poster, f.status, f.updated_at,
           0 AS is_recommended, '' AS card_note, 0 AS place, 0 AS tie
    FROM catalog_film f
    WHERE f.status = %s AND f.id <> %s AND f.id IN (
        SELECT other.film_id FROM catalog_credit other
        WHERE other.role = %s AND other.person_id IN (
            SELECT director.person_id FROM catalog_credit director WHERE director.film_id = %s AND director.role = %s
        )
    )
    UNION ALL
    SELECT f.id, f.title, f.original_title, f.slug, f.year, f.logline, f.poster, f.status, f.updated_at,
           1, r.reason, r."order", r.id
    FROM catalog_film f JOIN catalog_recommendation r ON r.recommended_id = f.id
    WHERE r.film_id = %s AND f.status = %s
"""


def film_page_rows(film):
    """``FilmPage``'s keyword arguments for ``film``: its credits, titles, quotes, places, awards and the rest."""
    genres, countries = _genres_and_countries(film)
    return {
        "credits": _attach_all(Credit.objects.raw(CREDITS, [film.pk]), person=Person),
        "alternative_titles": _attach_all(
            AlternativeTitle.objects.raw(ALTERNATIVE_TITLES, [film.pk]), language=Language, country=Country
        ),
        "quotes": _quotes(film),
        "locations": _attach_all(FilmingLocation.objects.raw(LOCATIONS, [film.pk]), country=Country),
        "nominations": _nominations(film),
        "genres": genres,
        "countries": countries,
        "writing": _writing(film),
        "films": films_beside(film),
    }


def films_beside(film):
    """``(other_films_by_directors, recommended_films)``: published film cards, each in page order.

    A recommended film carries the editor's reason as its ``card_note``.
    """
    published, director = FilmStatus.PUBLISHED.value, Role.DIRECTOR.value
    rows = list(Film.objects.raw(FILMS_BESIDE, [published, film.pk, director, film.pk, director, film.pk, published]))
    return (
        sorted((row for row in rows if not row.is_recommended), key=lambda row: (row.year, row.title)),
        sorted((row for row in rows if row.is_recommended), key=lambda row: (row.place, row.tie)),
    )


def _genres_and_countries(film):
    with connection.cursor() as cursor:
        cursor.execute(GENRES_AND_COUNTRIES, [film.pk, film.pk])
        rows = sorted(cursor.fetchall(), key=lambda row: row[2])
    return (
        [Genre(slug=key, name=name) for kind, key, name in rows if kind == "genre"],
        [Country(code=key, name=name) for kind, key, name in rows if kind == "country"],
    )


def _quotes(film):
    quotes = list(Quote.objects.raw(QUOTES, [film.pk]))
    for quote in quotes:
        speaker = None
        if quote.speaker_id is not None:
            speaker = Credit(pk=quote.speaker_id, film=film, character_name=quote.speaker__character_name)
            _attach(speaker, "person", Person, quote, prefix="speaker__person__", pk=quote.speaker__person_id)
        quote.speaker = speaker
    return quotes


def _nominations(film):
    nominations = list(Nomination.objects.raw(NOMINATIONS, [film.pk]))
    for nomination in nominations:
        _attach(nomination, "category", AwardCategory, nomination)
        _attach(nomination.category, "body", AwardBody, nomination, prefix="category__body__")
        _attach(nomination, "person", Person, nomination)
    return nominations


def _writing(film):
    """``(plot_sections, notes, key_scenes)``, each in page order."""
    made = {"plot": [], "note": [], "scene": []}
    for row in sorted(FilmNote.objects.raw(WRITING, [film.pk] * 3), key=lambda row: (row.order, row.pk)):
        common = {"pk": row.pk, "film": film, "order": row.order, "spoiler_level": row.spoiler_level}
        sourced = {
            "source_url": row.source_url,
            "source_publication": row.source_publication,
            "source_retrieved": row.source_retrieved,
        }
        if row.row_kind == "plot":
            made["plot"].append(PlotSection(part=row.kind, heading=row.title, body=row.text, **common))
        elif row.row_kind == "note":
            made["note"].append(FilmNote(kind=row.kind, title=row.title, text=row.text, **common, **sourced))
        else:
            made["scene"].append(KeyScene(title=row.title, description=row.text, **common, **sourced))
    return made["plot"], made["note"], made["scene"]


def _attach_all(rows, **related):
    """``rows`` as a list, each given the related instances named in ``related`` (field name: model)."""
    rows = list(rows)
    for row in rows:
        for name, model in related.items():
            _attach(row, name, model, row)
    return rows


def _attach(instance, name, model, row, *, prefix=None, pk=None):
    """Set ``instance.<name>`` to a ``model`` built from ``row``'s ``<prefix><field>`` columns, or to None.

    The primary key is ``pk`` when given, otherwise the foreign key ``instance.<name>_id``; the prefix
    defaults to ``<name>__``.
    """
    prefix = prefix or f"{name}__"
    if pk is None:
        pk = getattr(instance, f"{name}_id")
    if pk is None:
        setattr(instance, name, None)
        return
    values = {
        key.removeprefix(prefix): value
        for key, value in vars(row).items()
        if key.startswith(prefix) and "__" not in key.removeprefix(prefix)
    }
    setattr(instance, name, model(pk=pk, **values))
