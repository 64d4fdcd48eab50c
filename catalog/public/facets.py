"""The film list's facets: how many films each option of a filter would give, the other filters staying as they are.

A facet's counts leave its own filter out (choosing another genre replaces the genre), so every option says
what following it would give, and options that would give nothing are not offered. A facet's films, those
its other filters leave, are counted:

- when they are the whole catalog (no other filter in use): from the counts the catalog keeps, the
  ``film_count`` of genres, countries and languages (``COUNTED_FILTERS``) and the ``FilmTotal`` rows of years,
  outcomes and award bodies;
- when they number at most ``settings.FACET_COUNT_MAX_FILMS``: counted by the database, each facet of each
  set of films grouped by its key, all in one ``UNION ALL`` query. Each set is sized first, in one more
  query, up to one film past the bound: that one says there are too many.

Counting tens of thousands of films for every facet would cost many times the page itself (the measurements
are in docs/benchmarks.md), so a facet whose films are more shows its options without numbers and hides
none. The answer is kept under the catalog's generation (``catalog.caching``): a visitor paging through a
list, or the next one asking the same, does not count again, and no change to the catalog goes uncounted.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import CharField, Count, F, Model, Value
from django.db.models.functions import Cast

from ..caching import cached_by
from ..models import Film, FilmTotal, Nomination, Outcome
from .filters import ANY_NOMINATION, COUNTED_FILTERS

AWARD_FILTERS = frozenset({"award", "award_body"})


@dataclass(frozen=True)
class Facet:
    name: str  # the filter whose options it counts
    leaves_out: frozenset  # the filters not applied to the films it counts


FACETS = (
    Facet("genre", frozenset({"genre"})),
    Facet("decade", frozenset({"decade"})),
    Facet("country", frozenset({"country"})),
    Facet("language", frozenset({"language"})),
    # "Won at Venice" is one nomination: each award facet counts nominations with the other's value instead.
    Facet("award", AWARD_FILTERS),
    Facet("award_body", AWARD_FILTERS),
)


def _kept(filterset, facet):
    """The kept catalog-wide counts of a filter whose values keep their own (``COUNTED_FILTERS``), keyed by the
    value the filter takes."""
    field = filterset.form.fields[facet]
    return (
        field.queryset.model.objects.with_published_films()
        .order_by()
        .annotate(kind=Value(facet), key=Cast(field.to_field_name or "pk", CharField()), n=F("film_count"))
        .values_list("kind", "key", "n")
    )


def _catalog_wide(filterset, facets, values):
    """The counts of ``facets`` over every published film, from the counts the catalog keeps: genres',
    countries' and languages' own, and the ``FilmTotal`` rows of years, outcomes and award bodies."""
    totals = FilmTotal.objects.order_by().values_list("kind", "value", "film_count")
    kept = {facet: Counter() for facet in [*COUNTED_FILTERS, *FilmTotal.Kind.values]}
    for kind, key, number in _union([*(_kept(filterset, facet) for facet in COUNTED_FILTERS), totals]):
        kept[kind][key] = number
    body = values.get("award_body")
    outcome = values.get("award") if values.get("award") in Outcome.values else None
    separator = FilmTotal.BODY_OUTCOME_SEPARATOR
    pairs = [(*key.split(separator), number) for key, number in kept[FilmTotal.Kind.BODY_OUTCOME].items()]
    counts = {facet: kept[facet] for facet in COUNTED_FILTERS}
    counts["decade"] = Counter()
    for year, number in kept[FilmTotal.Kind.YEAR].items():
        counts["decade"][_decade(year)] += number
    if body:  # the outcomes of nominations at that body, and how many films it nominated at all
        counts["award"] = Counter({o: n for b, o, n in pairs if b == body.slug})
        counts["award"][ANY_NOMINATION] = kept[FilmTotal.Kind.BODY][body.slug]
    else:
        counts["award"] = kept[FilmTotal.Kind.OUTCOME]
    if outcome:
        counts["award_body"] = Counter({b: n for b, o, n in pairs if o == outcome})
    else:
        counts["award_body"] = kept[FilmTotal.Kind.BODY]
    return {facet: counts[facet] for facet in facets}


def _few(film_sets, values):
    """The counts of each ``(films, facets)`` in ``film_sets`` whose films are at most
    ``settings.FACET_COUNT_MAX_FILMS``: the sets are sized in one query, then each facet of those within the
    bound is counted by the database, ``GROUP BY`` its key, in another."""
    bound = settings.FACET_COUNT_MAX_FILMS
    # Never more films than the bound and one: one more says there are too many, without reading them all.
    limited = [
        (number, Film.objects.filter(pk__in=films.order_by().values("pk")[: bound + 1]).order_by(), facets)
        for number, (films, facets) in enumerate(film_sets)
    ]
    sizes = _union(
        films.annotate(film_set=Value(number)).values("film_set").annotate(n=Count("pk")).values_list("film_set", "n")
        for number, films, _ in limited
    )
    few = [(number, films, facets) for number, films, facets in limited if dict(sizes).get(number, 0) <= bound]
    if not few:
        return {}
    rows = _union(
        _keyed(part, number, facet, key)
        for number, films, facets in few
        for facet in facets
        for part, key in _parts(facet, films, values)
    )
    counts = {(number, facet): Counter() for number, _, facets in few for facet in facets}
    for number, facet, key, n in rows:
        if key is not None:
            counts[number, facet][_decade(key) if facet == "decade" else key] += n
    return {facet: counted for (_, facet), counted in counts.items()}


def _parts(facet, films, values):
    """``(rows, key)``: what ``facet`` counts of ``films``, each row one film under one key of the facet."""
    if facet == "decade":
        return [(films, F("year"))]
    if facet == "language":
        return [(films, F("original_language"))]
    pks = films.values("pk")
    if facet in ("genre", "country"):
        through = Film.genres.through if facet == "genre" else Film.countries.through
        key = F("genre__slug") if facet == "genre" else F("country_id")
        return [(through.objects.filter(film__in=pks), key)]
    nominations = Nomination.objects.filter(film__in=pks)
    # A nomination counts for an outcome only at the award body chosen, and for a body only with the outcome.
    if facet == "award":
        if values.get("award_body"):
            nominations = nominations.filter(category__body=values["award_body"])
        return [(nominations, F("outcome")), (nominations, Value(ANY_NOMINATION))]
    if values.get("award") in Outcome.values:
        nominations = nominations.filter(outcome=values["award"])
    return [(nominations, F("category__body__slug"))]


def _keyed(rows, number, facet, key):
    """``(film set, facet, key, films)`` rows: how many films ``rows`` holds under each value of ``key``."""
    film = "pk" if rows.model is Film else "film"
    return (
        rows.order_by()
        .annotate(film_set=Value(number), facet=Value(facet), key=Cast(key, CharField()))
        .values("film_set", "facet", "key")
        .annotate(n=Count(film, distinct=True))
        .values_list("film_set", "facet", "key", "n")
    )


def _union(parts):
    first, *rest = parts
    return list(first.union(*rest, all=True).order_by())


def _decade(year):
    return str(int(year) // 10 * 10)


def _plain(value):
    """A filter's cleaned value as plain data for a cache key: a row by its primary key."""
    if isinstance(value, Model):
        return (value._meta.label, value.pk)
    if isinstance(value, list | tuple):
        return tuple(_plain(item) for item in value)
    return value


def facet_counts(filterset, matching):
    """``{"genre": {"drama": 120, ...}, "decade": {"1990": 40, ...}, ...}`` for the facets of ``filterset``
    that can be counted (see above), ``matching`` being the number of films the list shows. A value the form
    refused is left out, as the list leaves it out.

    The answer is kept under the catalog's generation, keyed by the filters' values: a list asked again is
    answered without building a query."""
    chosen = filterset.form.cleaned_data if filterset.is_bound else {}
    values = {name: value for name, value in chosen.items() if value not in (None, "") and name != "ordering"}
    bound = settings.FACET_COUNT_MAX_FILMS
    question = ("facets", bound, sorted((name, _plain(value)) for name, value in values.items()))
    return cached_by(question, lambda: _count(filterset, values, matching <= bound))


def _count(filterset, values, few_listed):
    everywhere, by_films = [], defaultdict(list)
    for facet in FACETS:
        others = frozenset(values.keys() - facet.leaves_out)
        if not others:
            everywhere.append(facet.name)
        else:
            by_films[others].append(facet.name)
    counts = _catalog_wide(filterset, everywhere, values) if everywhere else {}
    film_sets = []
    for others, facets in by_films.items():
        if others != values.keys():
            film_sets.append((filterset.filter_queryset_with({name: values[name] for name in others}), facets))
        elif few_listed:  # the list's own films, whose number is known
            film_sets.append((filterset.qs, facets))
    if film_sets:
        counts |= _few(film_sets, values)
    return counts


def label_options(form, counts):
    """Give the options of each counted facet in ``form`` their numbers of films, and drop those with none
    unless chosen."""
    for name, numbers in counts.items():
        field = form[name]
        chosen = str(field.value() or "")
        options = []
        for value, label in field.field.widget.choices:
            value = "" if value is None else str(value)
            if value == "":
                options.append((value, label))
            elif number := numbers[value]:
                options.append((value, f"{label} ({number:,})"))
            elif value == chosen:
                options.append((value, f"{label} (0)"))
        field.field.widget.choices = options
