"""What a film page shows besides the film itself: eight statements, compiled once from ORM querysets.

Building and compiling a queryset costs Django 0.2 to 0.5 ms, ten times what SQLite or a nearby
PostgreSQL takes to run the statement, and a film page needs eight of them. So each statement is
written as an ORM queryset for a placeholder film, compiled to SQL once per database, and run for
each film through ``Model.objects.raw()``, which still makes each row a model instance with Django's
own conversion of dates and decimals. The SQL is the ORM's: a field added to a model is read with the
rest, and no column list is written twice.

A related row's columns are annotations named by their path, ``person__name``, and become a related
instance with just those fields (``_attach``), as ``select_related().only()`` would give; templates
cannot tell the difference. Tests compare every list with what the ORM reads (``tests/test_film_rows.py``).
"""

import functools

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import BigIntegerField, CharField, F, Value
from django.db.models.functions import Cast

from ..models import (
    AlternativeTitle,
    AwardBody,
    AwardCategory,
    Country,
    Credit,
    Film,
    FilmingLocation,
    FilmNote,
    Genre,
    Image,
    KeyScene,
    Language,
    Nomination,
    Person,
    PlotSection,
    Quote,
    Role,
    SpoilerLevel,
    Still,
)
from ..models.querysets import FILM_CARD_FIELDS, PICTURE_FIELDS

# Stands for the film's id while a statement is compiled; ids are positive, so no real value is mistaken for it.
_FILM = -1_000_000_007


class Statement:
    """An ORM queryset for one film, compiled to SQL once per database and then run with each film's id."""

    def __init__(self, build):
        self.build = build
        self._compiled = {}

    def sql(self, film_id, using="default"):
        """``(sql, params)`` for ``film_id``."""
        sql, params = self._compile(using)[1:]
        return sql, [film_id if value == _FILM else value for value in params]

    def raw(self, film_id, model=None):
        """The rows as instances of ``model`` (by default the queryset's own)."""
        return (model or self._compile("default")[0]).objects.raw(*self.sql(film_id))

    def _compile(self, using):
        """``(model, sql, params)``, compiled the first time a database asks."""
        key = (using, connections[using].vendor)
        if key not in self._compiled:
            queryset = self.build(_FILM)
            self._compiled[key] = (queryset.model, *queryset.query.get_compiler(using).as_sql())
        return self._compiled[key]

    def rows(self, film_id):
        """The rows as tuples, for statements that read a few plain values."""
        with connections["default"].cursor() as cursor:
            cursor.execute(*self.sql(film_id))
            return cursor.fetchall()


def _columns(path, *names):
    """Annotations reading ``names`` of the row at ``path``, named ``<path>__<name>``."""
    return {f"{path}__{name}": F(f"{path}__{name}") for name in names}


# Each person with the photo the cast list shows beside their name.
CREDITS = Statement(
    lambda film: (
        Credit.objects.filter(film_id=film)
        .annotate(**_columns("person", "name", "slug", "photo_id"), **_columns("person__photo", *PICTURE_FIELDS))
        .order_by("billing_order", "pk")
    )
)

# The search document is kilobytes per row and no page shows it.
QUOTES = Statement(
    lambda film: (
        Quote.objects.filter(film_id=film)
        .defer("search_vector")
        .annotate(**_columns("speaker", "character_name", "person_id"), **_columns("speaker__person", "name", "slug"))
        .order_by("order", "pk")
    )
)

LOCATIONS = Statement(
    lambda film: (
        FilmingLocation.objects.filter(film_id=film).annotate(**_columns("country", "name")).order_by("order", "pk")
    )
)

NOMINATIONS = Statement(
    lambda film: (
        Nomination.objects.filter(film_id=film)
        .annotate(
            **_columns("category", "name", "slug", "body_id", "recorded"),
            **_columns("category__body", "name", "slug"),
            **_columns("person", "name", "slug"),
        )
        .order_by("category__body__name", "-year", "category__name", "pk")
    )
)


# The film's names and labels, in one statement: its genres, its countries and its alternative titles (each
# with its language and country). Every column is an annotation named apart from the models' fields and added
# in this order, so each branch of the union selects the same columns in the same order; what a kind lacks is
# NULL.
NAME_COLUMNS = ("kind", "row_id", "key", "label", "lang", "lang_name", "land", "land_name", "row_note")


def _name_rows(queryset, **columns):
    text = CharField()
    # PostgreSQL types a bare NULL as text; the ids' column must be a number in every branch.
    typed = {"row_id": Cast(Value(None), BigIntegerField())}
    values = {name: columns.get(name, typed.get(name, Value(None, output_field=text))) for name in NAME_COLUMNS}
    return queryset.order_by().annotate(**values).values_list(*NAME_COLUMNS)


def _names_and_labels_of(film):
    genres = _name_rows(Genre.objects.filter(films=film), kind=Value("genre"), key=F("slug"), label=F("name"))
    countries = _name_rows(Country.objects.filter(films=film), kind=Value("country"), key=F("code"), label=F("name"))
    titles = _name_rows(
        AlternativeTitle.objects.filter(film_id=film),
        kind=Value("title"),
        row_id=F("id"),
        label=F("title"),
        lang=F("language_id"),
        lang_name=F("language__name"),
        land=F("country_id"),
        land_name=F("country__name"),
        row_note=F("note"),
    )
    return genres.union(countries, titles, all=True).order_by()


NAMES_AND_LABELS = Statement(_names_and_labels_of)

# Plot sections, notes and key scenes share a shape (a heading, a text, an order, a spoiler level and, but
# for plot sections, a source): one statement reads all three in the columns of notes. Each field of a plot
# section or key scene lands in the note column named here, or in the one of its own name.
WRITING_AS_NOTES = {
    FilmNote: ("note", {}),
    PlotSection: ("plot", {"part": "kind", "heading": "title", "body": "text"}),
    KeyScene: ("scene", {"description": "text"}),
}
_NOT_READ = {"film_id", "search_vector"}


def _read_fields(model):
    return [field for field in model._meta.concrete_fields if field.attname not in _NOT_READ]


@functools.cache
def _as_note_columns(model):
    """``{note column: field of model}`` for each field of ``model`` the page reads."""
    renames = WRITING_AS_NOTES[model][1]
    note_columns = {field.attname for field in _read_fields(FilmNote)}
    columns = {}
    for field in _read_fields(model):
        column = renames.get(field.attname, field.attname)
        if column not in note_columns:
            raise ImproperlyConfigured(f"{model.__name__}.{field.attname} has no column in WRITING_AS_NOTES.")
        columns[column] = field.attname
    return columns


def _writing_branch(model, film):
    """One model's rows in the columns of notes; a column the model lacks reads the note field's default."""
    label = WRITING_AS_NOTES[model][0]
    own = _as_note_columns(model)
    names = [field.attname for field in _read_fields(FilmNote)]
    annotations = {"row_kind": Value(label)}
    for field in _read_fields(FilmNote):
        name = field.attname
        if name not in own:
            annotations[name] = Value(field.get_default(), output_field=field)
        elif own[name] != name:
            annotations[name] = F(own[name])
    return model.objects.filter(film_id=film).order_by().annotate(**annotations).values_list("row_kind", *names)


def _writing_of(film):
    first, *others = (_writing_branch(model, film) for model in WRITING_AS_NOTES)
    return first.union(*others, all=True).order_by()


WRITING = Statement(_writing_of)


def _films_beside(film):
    cards = Film.objects.published().order_by()
    directors = Credit.objects.filter(film_id=film, role=Role.DIRECTOR).values("person_id")
    directed = Credit.objects.filter(role=Role.DIRECTOR, person_id__in=directors).values("film_id")
    others = (
        cards.filter(pk__in=directed)
        .exclude(pk=film)
        .annotate(
            is_recommended=Value(0),
            card_note=Value(""),
            card_spoiler_level=Value(SpoilerLevel.NONE.value),
            place=Value(0),
            tie=Value(0),
        )
    )
    recommended = cards.filter(recommended_by__film_id=film).annotate(
        is_recommended=Value(1),
        card_note=F("recommended_by__reason"),
        card_spoiler_level=F("recommended_by__spoiler_level"),
        place=F("recommended_by__order"),
        tie=F("recommended_by__id"),
    )
    poster = _columns("poster", *PICTURE_FIELDS)
    others, recommended = others.annotate(**poster), recommended.annotate(**poster)
    # Columns named as raw() looks for them: a field by its column (``poster_id``), anything else by its name.
    fields = (Film._meta.get_field(name).attname for name in FILM_CARD_FIELDS)
    columns = ("id", *fields, *poster, "is_recommended", "card_note", "card_spoiler_level", "place", "tie")
    return others.values_list(*columns).union(recommended.values_list(*columns), all=True).order_by()


# Published film cards: the other films of this film's directors, then the films the editors recommend, with
# their reason and place in the editors' order.
FILMS_BESIDE = Statement(_films_beside)


# The gallery: each still with what the page shows of its picture, the caption and source as well.
STILLS = Statement(
    lambda film: (
        Still.objects.filter(film_id=film)
        .annotate(**_columns("image", *PICTURE_FIELDS, "caption", "source_url"))
        .order_by("order", "pk")
    )
)


def film_page_rows(film):
    """``FilmPage``'s keyword arguments for ``film``: its credits, titles, quotes, places, awards, stills and the
    rest."""
    genres, countries, alternative_titles = _names_and_labels(film)
    return {
        "credits": _credits(film),
        "alternative_titles": alternative_titles,
        "quotes": _quotes(film),
        "locations": _attach_all(LOCATIONS.raw(film.pk), country=Country),
        "nominations": _nominations(film),
        "genres": genres,
        "countries": countries,
        "writing": _writing(film),
        "films": films_beside(film),
        "stills": _attach_all(STILLS.raw(film.pk), image=Image),
    }


def films_beside(film):
    """``(other_films_by_directors, recommended_films)``: published film cards, each in page order.

    A recommended film carries the editor's reason as its ``card_note``, and what the reason gives away as its
    ``card_spoiler_level``.
    """
    rows = _attach_all(FILMS_BESIDE.raw(film.pk), poster=Image)
    return (
        sorted((row for row in rows if not row.is_recommended), key=lambda row: (row.year, row.title)),
        sorted((row for row in rows if row.is_recommended), key=lambda row: (row.place, row.tie)),
    )


def _names_and_labels(film):
    """``(genres, countries, alternative_titles)``, each sorted as the page lists them."""
    rows = [dict(zip(NAME_COLUMNS, row, strict=True)) for row in NAMES_AND_LABELS.rows(film.pk)]
    by_label = sorted(rows, key=lambda row: (row["label"], row["row_id"] or 0))
    titles = []
    for row in (row for row in by_label if row["kind"] == "title"):
        title = AlternativeTitle(
            pk=row["row_id"],
            film=film,
            title=row["label"],
            language_id=row["lang"],
            country_id=row["land"],
            note=row["row_note"],
        )
        title.language = Language(pk=row["lang"], name=row["lang_name"]) if row["lang"] else None
        title.country = Country(pk=row["land"], name=row["land_name"]) if row["land"] else None
        titles.append(title)
    return (
        [Genre(slug=row["key"], name=row["label"]) for row in by_label if row["kind"] == "genre"],
        [Country(code=row["key"], name=row["label"]) for row in by_label if row["kind"] == "country"],
        titles,
    )


def _credits(film):
    credits = _attach_all(CREDITS.raw(film.pk), person=Person)
    for credit in credits:
        _attach(credit.person, "photo", Image, credit, prefix="person__photo__")
    return credits


def _quotes(film):
    quotes = list(QUOTES.raw(film.pk))
    for quote in quotes:
        speaker = None
        if quote.speaker_id is not None:
            speaker = Credit(pk=quote.speaker_id, film=film, character_name=quote.speaker__character_name)
            _attach(speaker, "person", Person, quote, prefix="speaker__person__", pk=quote.speaker__person_id)
        quote.speaker = speaker
    return quotes


def _nominations(film):
    nominations = list(NOMINATIONS.raw(film.pk))
    for nomination in nominations:
        _attach(nomination, "category", AwardCategory, nomination)
        _attach(nomination.category, "body", AwardBody, nomination, prefix="category__body__")
        _attach(nomination, "person", Person, nomination)
    return nominations


def _writing(film):
    """``(plot_sections, notes, key_scenes)``, each in page order."""
    made = {model: [] for model in WRITING_AS_NOTES}
    by_label = {label: model for model, (label, _) in WRITING_AS_NOTES.items()}
    for row in sorted(WRITING.raw(film.pk, model=FilmNote), key=lambda row: (row.order, row.pk)):
        model = by_label[row.row_kind]
        values = {attname: getattr(row, column) for column, attname in _as_note_columns(model).items()}
        made[model].append(model(film=film, **values))
    return made[PlotSection], made[FilmNote], made[KeyScene]


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
