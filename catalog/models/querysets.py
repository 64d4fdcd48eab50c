"""What the pages ask the database, each method named for the question it answers.

Models import these classes, so this module reaches models only inside methods.
"""

import functools
import operator
from collections import defaultdict

from django.db import connections, models
from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, Concat

from .choices import ANY_OUTCOME, BODY_OUTCOME_SEPARATOR, FilmStatus, Role, TotalKind
from .text import fold, search_words


def related_model(model, name):
    """The model at the other end of ``model``'s relation ``name`` ("credits", "films"), without importing it."""
    return model._meta.get_field(name).related_model


# SQLite's trigram tables (migration 0028), which ``catalog.search`` keeps current: they find the rows whose
# folded text contains a word of three letters or more, as PostgreSQL's trigram indexes do (migration 0011).
FILM_TITLES_TRIGRAMS = "catalog_film_titles"
PERSON_NAMES_TRIGRAMS = "catalog_person_names"
# The shortest word a trigram table can find; shorter ones are looked for in the column itself.
TRIGRAM = 3


def fts_phrase(word):
    """``word`` as a quoted phrase of SQLite's full-text syntax: its characters as they are, never operators."""
    return '"' + word.replace('"', '""') + '"'


def containing_every_word(queryset, column, trigrams, query):
    """``queryset``'s rows whose folded ``column`` contains every word of ``query``, wherever in it."""
    words = search_words(query)
    if connections[queryset.db].vendor == "sqlite" and (indexed := [w for w in words if len(w) >= TRIGRAM]):
        # The table matches each word, as a phrase, anywhere in the text.
        match = " AND ".join(fts_phrase(word) for word in indexed)
        sql = f"SELECT rowid FROM {trigrams} WHERE {trigrams} MATCH %s"  # nosec B608 - a constant table
        queryset = queryset.filter(pk__in=RawSQL(sql, (match,)))  # nosec B611 - the words are a parameter
        words = [word for word in words if len(word) < TRIGRAM]
    return queryset.filter(*(Q(**{f"{column}__contains": word}) for word in words))


class NaturalKeyQuerySet(models.QuerySet):
    """The manager half of ``NaturalKeyModel``: fetch a row by the values of its natural key."""

    def get_by_natural_key(self, *values):
        return self.get(**dict(zip(self.model.NATURAL_KEY, values, strict=True)))


class CountedQuerySet(models.QuerySet):
    """Rows that keep how many published films they are on (``film_count``)."""

    def store_film_counts(self, count):
        """Set ``film_count`` to ``count`` (an expression) where it differs; return how many rows changed.

        Rows whose count stands are not written: rewriting a row costs an update of each of its indexes
        (PostgreSQL writes a new row version), and most rows a change names keep their count (new people on
        draft films, say)."""
        return self.exclude(film_count=count).update(film_count=count)


class IdentifiedQuerySet(models.QuerySet):
    """Rows that other catalogs identify (``identifiers.ExternalIds``)."""

    def identified_as(self, name, values):
        """The rows whose identifier ``name`` ("imdb_id") is one of ``values``.

        A text identifier's unique index holds only the rows that have one, and SQLite reads such an index
        only for a query that repeats its condition: without it, each lookup scans the whole table.
        """
        rows = self.filter(**{f"{name}__in": values})
        return rows.exclude(**{name: ""}) if isinstance(self.model._meta.get_field(name), models.CharField) else rows


# A claim (note, key scene, quote, filming location, nomination) that gives neither a URL nor a publication:
# ``Sourced.has_source`` asked of the database. A Q object, not a method, because the five claim models
# share no queryset class; it works in their own queries and in subqueries correlated to a film alike.
UNSOURCED = Q(source_url="", source_publication="")


# What a page needs of an image to show it (``Image.picture()``, ``is_showable``): its rendition names, size,
# description and rights; not its caption, source or dates.
PICTURE_FIELDS = (
    "file",
    "checksum",
    "width",
    "height",
    "focal_x",
    "focal_y",
    "alt_text",
    "decorative",
    "title",
    "credit",
    "licence",
)


def picture_fields(path):
    """``PICTURE_FIELDS`` of the image at ``path`` ("poster"), for ``only()`` beside a ``select_related(path)``."""
    return tuple(f"{path}__{name}" for name in PICTURE_FIELDS)


# What a film card shows; lists select only these, so long texts stay in the database.
FILM_CARD_FIELDS = ("title", "original_title", "slug", "year", "logline", "poster", "status", "updated_at")


class FilmQuerySet(IdentifiedQuerySet, NaturalKeyQuerySet):
    def published(self):
        return self.filter(status=FilmStatus.PUBLISHED)

    def recently_updated(self):
        return self.order_by("-updated_at", "title")

    def for_listing(self):
        """Only the columns a film card shows, its poster's among them, so long texts stay in the database."""
        return self.select_related("poster").only(*FILM_CARD_FIELDS, *picture_fields("poster"))

    def with_title_matching(self, query):
        """Films whose title, original title or an alternative title has every word of ``query``, accents aside."""
        return containing_every_word(self, "titles_folded", FILM_TITLES_TRIGRAMS, query)

    def refold_titles(self):
        """Store ``titles_folded`` afresh for these films from their titles; return how many changed."""
        AlternativeTitle = related_model(self.model, "alternative_titles")

        films = list(self.only("title", "original_title", "titles_folded"))
        alternatives = defaultdict(list)
        for film_id, title in (
            AlternativeTitle.objects.using(self.db).filter(film__in=films).values_list("film_id", "title")
        ):
            alternatives[film_id].append(title)
        changed = []
        for film in films:
            folded = film.folded_titles(alternatives[film.pk])
            if folded != film.titles_folded:
                film.titles_folded = folded
                changed.append(film)
        self.model._base_manager.using(self.db).bulk_update(changed, ["titles_folded"], batch_size=500)
        return len(changed)

    def in_decade(self, decade):
        return self.filter(year__gte=decade, year__lt=decade + 10)

    def in_genre(self, genre):
        # EXISTS, not a join: a genre holds a large share of the catalog, so the films lead in the
        # order of the page and each is checked, rather than every film of the genre being sorted.
        through = self.model.genres.through
        return self.filter(Exists(through.objects.filter(film=OuterRef("pk"), genre=genre)))

    def made_in(self, country):
        through = self.model.countries.through  # EXISTS for the same reason as in_genre()
        return self.filter(Exists(through.objects.filter(film=OuterRef("pk"), country=country)))

    def with_credit_for(self, people):
        """Films on which any of ``people`` has any credit: directing, acting, composing..."""
        Credit = related_model(self.model, "credits")

        # IN, not EXISTS: the person's few credits lead, rather than every film in the catalog being probed.
        return self.filter(pk__in=Credit.objects.filter(person__in=people).values("film_id"))

    def with_nominations(self, *, outcome=None, body=None):
        """Films with a nomination, optionally of one outcome and from one award body, in the same row."""
        Nomination = related_model(self.model, "nominations")

        nominations = Nomination.objects.all()
        if outcome:
            nominations = nominations.filter(outcome=outcome)
        if body:
            nominations = nominations.filter(category__body=body)
        # IN, not EXISTS: a few percent of films have nominations, so those lead the query.
        return self.filter(pk__in=nominations.values("film_id"))

    def decades(self):
        """``[{"decade": 1990, "films": 4}, ...]``, newest decade first.

        The database counts by year, in the order of the (status, year) index, and the years are added up
        here: grouping by an expression made the database sort every matching film first (19 ms against
        1 ms at 100,000 films on SQLite).
        """
        by_decade = {}
        for year, films in self.order_by("-year").values_list("year").annotate(films=Count("pk")):
            decade = year // 10 * 10
            by_decade[decade] = by_decade.get(decade, 0) + films
        return [{"decade": decade, "films": films} for decade, films in by_decade.items()]

    def visible_to(self, user):
        """Staff may preview drafts; everyone else sees published films only."""
        if user.is_active and user.is_staff:
            return self.all()
        return self.published()

    def directed_by(self, people):
        """Films with a director credit for any of ``people`` (people, ids or a subquery)."""

        return self.filter(credits__role=Role.DIRECTOR, credits__person__in=people).distinct()

    def by_same_directors(self, film):
        """The director's other films, derived from credits rather than stored twice."""
        Credit = related_model(self.model, "credits")

        directors = Credit.objects.filter(film=film).directors().values("person")
        return self.directed_by(directors).exclude(pk=film.pk).order_by("year", "title").defer("search_vector")

    def for_detail(self):
        """The film of a film page, with its original language, poster and backdrop; ``film_rows.film_page_rows()``
        reads the rest."""
        # The search document is kilobytes per film and no page shows it.
        return self.select_related("original_language", "poster", "backdrop").defer("search_vector")


# What a link to a person needs: a name and an address, not their biography.
PERSON_LINK_FIELDS = ("name", "slug")
# What a filmography line needs of a film: its title, year and address, not its texts.
FILM_LINK_FIELDS = ("title", "slug", "year")


def _fields_of(model, exclude=()):
    """The names of ``model``'s concrete fields, for ``only()`` next to a few of a related row's.

    A search document is never among them: pages show text, not its index.
    """
    return [field.name for field in model._meta.concrete_fields if field.name not in {*exclude, "search_vector"}]


# A filmography's order: newest film first, then by title, each film's credits in their billing order.
FILMOGRAPHY_ORDER = ("-film__year", "film__title", "billing_order", "pk")


class CreditQuerySet(NaturalKeyQuerySet):
    def filmography(self):
        """These credits on published films, in ``FILMOGRAPHY_ORDER``, as ``(role, character_name, film year, film
        title, film slug)``: the rows of a filmography, read without building a credit and a film for each."""
        return (
            self.on_published_films()
            .order_by(*FILMOGRAPHY_ORDER)
            .values_list("role", "character_name", "film__year", "film__title", "film__slug")
        )

    def directors(self):
        return self.filter(role=self.model.Role.DIRECTOR)

    def cast(self):
        return self.filter(role=self.model.Role.ACTOR)

    def on_published_films(self):

        return self.filter(film__status=FilmStatus.PUBLISHED)

    def with_films(self):
        """Credits with the title, year and address of each film, as a filmography lists them."""
        return self.select_related("film").only(
            *_fields_of(self.model, exclude={"person"}), "person_id", *(f"film__{name}" for name in FILM_LINK_FIELDS)
        )

    def roles_of(self, people):
        """``(person_id, role)`` pairs, once each, for the credits of ``people``."""
        return self.filter(person__in=people).order_by().values_list("person_id", "role").distinct()


class PersonQuerySet(CountedQuerySet, IdentifiedQuerySet, NaturalKeyQuerySet):
    def with_published_credits(self):
        """People with at least one credit on a published film: the ones the public site shows."""
        return self.filter(film_count__gt=0)

    def credited_as(self, role):
        """People with a credit in ``role`` on a published film."""
        Credit = related_model(self.model, "credits")

        return self.filter(Exists(Credit.objects.on_published_films().filter(person=OuterRef("pk"), role=role)))

    def with_name_matching(self, query):
        """People whose name has every word of ``query``, accents aside."""
        return containing_every_word(self, "name_folded", PERSON_NAMES_TRIGRAMS, query)

    def refold_names(self):
        """Store ``name_folded`` afresh for these people; return how many changed."""
        changed = []
        for person in self.only("name", "name_folded"):
            folded = fold(person.name)
            if folded != person.name_folded:
                person.name_folded = folded
                changed.append(person)
        self.model._base_manager.using(self.db).bulk_update(changed, ["name_folded"], batch_size=500)
        return len(changed)

    def with_name_starting(self, prefix):
        """People whose name starts with ``prefix``, typed in lower case or as written.

        A range on the name (not ``LIKE``, which SQLite cannot answer from an index when it ignores case)
        so that suggestions come straight from the name index, whatever the number of people.
        """
        prefix = " ".join(prefix.split())
        spellings = {prefix, prefix.capitalize(), prefix.title()}
        return self.filter(
            functools.reduce(
                operator.or_, (Q(name__gte=spelling, name__lt=spelling + "\U0010ffff") for spelling in spellings)
            )
        )

    def for_listing(self):
        """The columns a person card shows, ``film_count`` and the photo's among them."""
        return self.select_related("photo").only("name", "slug", "photo", "film_count", *picture_fields("photo"))

    def recount_films(self):
        """Store each person's ``film_count`` afresh from their credits; return how many people were updated."""
        Credit = related_model(self.model, "credits")

        films = (
            Credit.objects.on_published_films()
            .filter(person=OuterRef("pk"))
            .order_by()
            .values("person")
            .annotate(films=Count("film", distinct=True))
            .values("films")
        )
        return self.store_film_counts(Coalesce(Subquery(films), 0))

    def most_credited(self):
        return self.order_by("-film_count", "name")

    def for_page(self):
        """The person page: their photo and their nominations on published films, in ``published_nominations``
        so that nobody mistakes it for all of them. Their filmography is read apart (``Credit.filmography``)."""
        Nomination = related_model(self.model, "nominations")

        return self.select_related("photo").prefetch_related(
            Prefetch(
                "nominations",
                queryset=Nomination.objects.for_published_films().for_listing(),
                to_attr="published_nominations",
            )
        )

    def for_detail(self):
        """The person as the API gives them: ``for_page`` and their credits on published films, as instances, in
        ``published_credits``."""
        Credit = related_model(self.model, "credits")

        credits = Credit.objects.on_published_films().with_films().order_by(*FILMOGRAPHY_ORDER)
        return self.for_page().prefetch_related(Prefetch("credits", queryset=credits, to_attr="published_credits"))


class FacetQuerySet(CountedQuerySet):
    """Genres, countries and languages: what the film list filters by, each storing its ``film_count``.

    ``film_field`` names the ``Film`` field that links films to the model.
    """

    film_field = ""

    def with_published_films(self):
        """The ones that have published films; ``film_count`` says how many."""
        return self.filter(film_count__gt=0)

    def recount_films(self):
        """Store each one's ``film_count`` afresh; return how many rows were updated."""
        Film = related_model(self.model, "films")

        field = Film._meta.get_field(self.film_field)
        if field.many_to_many:
            key = field.m2m_reverse_field_name()
            links = field.remote_field.through.objects.filter(film__status=FilmStatus.PUBLISHED)
        else:
            key = field.name
            links = Film.objects.filter(status=FilmStatus.PUBLISHED)
        films = (
            links.filter(**{key: OuterRef("pk")}).order_by().values(key).annotate(films=Count("pk")).values("films")
        )
        return self.store_film_counts(Coalesce(Subquery(films), 0))


def grouped_counts(rows, kind, by, value=None, counted="*", distinct=False):
    """``(kind, value, count)`` rows of ``rows`` grouped by the column ``by``. The value (``by``'s unless given)
    is text, so that counts of every kind can share one ``UNION ALL``, and taken from each group rather than
    grouped on: grouping on an expression would keep the database from reading an index in order."""
    return (
        rows.order_by()
        .values(by)
        .annotate(kind=models.Value(kind), key=Cast(Min(value or by), models.CharField()))
        .annotate(n=Count(counted, distinct=distinct))
        .values_list("kind", "key", "n")
    )


class FilmTotalQuerySet(NaturalKeyQuerySet):
    def decades(self):
        """``[{"decade": 1990, "films": 4}, ...]``, newest decade first, as ``FilmQuerySet.decades()`` gives for
        the published films, from the kept years rather than from every film."""
        by_decade = defaultdict(int)
        for year, films in self.filter(kind=TotalKind.YEAR).values_list("value", "film_count"):
            by_decade[int(year) // 10 * 10] += films
        return [{"decade": decade, "films": by_decade[decade]} for decade in sorted(by_decade, reverse=True)]

    def recount(self):
        """Store every total afresh from the published films and their nominations, in a few statements."""
        # The registry the model comes from: a migration's historical one, or the project's.
        Film = self.model._meta.apps.get_model("catalog", "Film")
        Nomination = self.model._meta.apps.get_model("catalog", "Nomination")
        films = Film._base_manager.filter(status=FilmStatus.PUBLISHED)
        nominations = Nomination._base_manager.filter(film__status=FilmStatus.PUBLISHED)
        by_film = {"counted": "film", "distinct": True}
        body_outcome = Concat("category__body__slug", models.Value(BODY_OUTCOME_SEPARATOR), "outcome")
        parts = [
            grouped_counts(films, TotalKind.YEAR, "year"),
            grouped_counts(nominations, TotalKind.OUTCOME, "outcome", **by_film),
            grouped_counts(nominations.annotate(any=models.Value(ANY_OUTCOME)), TotalKind.OUTCOME, "any", **by_film),
            grouped_counts(nominations, TotalKind.BODY, "category__body", "category__body__slug", **by_film),
            grouped_counts(nominations.annotate(pair=body_outcome), TotalKind.BODY_OUTCOME, "pair", **by_film),
        ]
        first, *rest = parts
        totals = {(kind, value): n for kind, value, n in first.union(*rest, all=True).order_by() if n}
        self.bulk_create(
            [self.model(kind=kind, value=value, film_count=n) for (kind, value), n in totals.items()],
            update_conflicts=True,
            unique_fields=["kind", "value"],
            update_fields=["film_count"],
        )
        gone = [pk for pk, kind, value in self.values_list("pk", "kind", "value") if (kind, value) not in totals]
        self.filter(pk__in=gone).delete()


class GenreQuerySet(FacetQuerySet, NaturalKeyQuerySet):
    film_field = "genres"


class CountryQuerySet(FacetQuerySet):
    film_field = "countries"


class LanguageQuerySet(FacetQuerySet):
    film_field = "original_language"


class NominationQuerySet(NaturalKeyQuerySet):
    def won(self):
        return self.filter(outcome=self.model.Outcome.WON)

    def for_listing(self):
        return self.select_related("category__body", "person", "film").order_by(
            "category__body__name", "-year", "category__name"
        )

    def for_published_films(self):

        return self.filter(film__status=FilmStatus.PUBLISHED)

    def recent_wins(self, count):
        """The ``count`` newest wins, with only the columns a line of the home page shows.

        Only the wins of the years the newest ``count`` fall in are joined and sorted, not every win: the sort
        is by the names of bodies, categories and films, which come from other tables.
        """
        newest_years = self.won().order_by("-year").values("year")[count - 1 : count]
        return (
            self.won()
            .filter(year__gte=Coalesce(Subquery(newest_years), 0))
            .select_related("category__body", "person", "film")
            .only(
                *_fields_of(self.model, exclude={"film", "category", "person"}),
                "category__name",
                "category__slug",
                "category__recorded",
                "category__body__name",
                "category__body__slug",
                "category__body__short_name",
                *(f"film__{name}" for name in FILM_LINK_FIELDS),
                *(f"person__{name}" for name in PERSON_LINK_FIELDS),
            )
            .order_by("-year", "category__body__name", "category__name", "film__title")[:count]
        )

    def ceremonies(self):
        """``{"body": id, "year": 2021}`` rows, once each: the editions that have nominations."""
        return self.values("year", body=F("category__body")).order_by("body", "-year").distinct()

    def years(self):
        return self.order_by("-year").values_list("year", flat=True).distinct()

    def at_ceremony(self, body, year):
        return self.presented_by(body).filter(year=year)

    def presented_by(self, body):
        """An award body's nominations, newest edition first, winners first within each category."""
        winners_first = models.Case(models.When(outcome=self.model.Outcome.WON, then=0), default=1)
        return (
            self.filter(category__body=body)
            .select_related("category", "person", "film")
            .order_by("-year", "category__name", winners_first, "film__title", "person__name")
        )
