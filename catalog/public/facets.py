"""The film list's facets: how many films each option of a filter would give, the other filters staying as they are.

A facet's counts leave its own filter out (choosing another genre replaces the genre), so every option says
what following it would give, and options that would give nothing are not offered. A facet's films, those
its other filters leave, are counted:

- when they are the whole catalog (no other filter in use): from the counts the catalog keeps, genres',
  countries' and languages' ``film_count`` and the ``FilmTotal`` rows of years, outcomes and award bodies;
- when they number at most ``settings.FACET_COUNT_MAX_FILMS``: read row by row, one row per film and each
  combination of its genres, countries and nominations, every set of films in one ``UNION ALL`` query. Each
  set is counted first, in one more query, up to one film past the bound: that one says there are too many.

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
from ..models import Country, Film, FilmTotal, Genre, Language, Outcome
from .filters import ANY_NOMINATION

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

# The facets whose options keep their own catalog-wide counts, by the value the filter takes.
KEPT = {"genre": (Genre, "slug"), "country": (Country, "pk"), "language": (Language, "pk")}


def _kept(facet):
    model, key = KEPT[facet]
    return (
        model.objects.with_published_films()
        .order_by()
        .annotate(kind=Value(facet), key=Cast(key, CharField()), n=F("film_count"))
        .values_list("kind", "key", "n")
    )


def _catalog_wide(facets, values):
    """The counts of ``facets`` over every published film, from the counts the catalog keeps: genres',
    countries' and languages' own, and the ``FilmTotal`` rows of years, outcomes and award bodies."""
    totals = FilmTotal.objects.order_by().values_list("kind", "value", "film_count")
    first, *rest = [_kept(facet) for facet in KEPT]
    kept = {facet: Counter() for facet in [*KEPT, *FilmTotal.Kind.values]}
    for kind, key, number in first.union(*rest, totals, all=True).order_by():
        kept[kind][key] = number
    body = values.get("award_body")
    outcome = values.get("award") if values.get("award") in Outcome.values else None
    separator = FilmTotal.BODY_OUTCOME_SEPARATOR
    pairs = [(*key.split(separator), number) for key, number in kept[FilmTotal.Kind.BODY_OUTCOME].items()]
    counts = {facet: kept[facet] for facet in KEPT}
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


# What each facet reads of a film: its year, its language, its genres', countries' and nominations' rows.
COLUMNS = {
    "decade": "year",
    "language": "original_language",
    "genre": "genres__slug",
    "country": "countries",
    "award": "nominations__outcome",
    "award_body": "nominations__category__body__slug",
}
PARTNER = {"award": "award_body", "award_body": "award"}


def _few(film_sets, values):
    """The counts of each ``(films, facets)`` in ``film_sets`` whose films are at most
    ``settings.FACET_COUNT_MAX_FILMS``, read row by row in one ``UNION ALL`` query once they are counted."""
    bound = settings.FACET_COUNT_MAX_FILMS

    def at_most_bound_and_one(films):
        # One film more than the bound says there are too many, without reading them all.
        return Film.objects.filter(pk__in=films.order_by().values("pk")[: bound + 1]).order_by()

    film_sets = [(films, facets) for films, facets, size in _sized(film_sets, at_most_bound_and_one) if size <= bound]
    if not film_sets:
        return {}
    parts = [
        at_most_bound_and_one(films).annotate(film_set=Value(number)).values_list("film_set", "pk", *COLUMNS.values())
        for number, (films, _) in enumerate(film_sets)
    ]
    first, *rest = parts
    # A nomination counts for an outcome only at the award body chosen, and for a body only with the outcome.
    wanted = {"award": values["award_body"].slug} if values.get("award_body") else {}
    if values.get("award") in Outcome.values:
        wanted["award_body"] = values["award"]
    members = [{facet: defaultdict(set) for facet in facets} for _, facets in film_sets]
    for number, pk, *keys in first.union(*rest, all=True).order_by():
        row = dict(zip(COLUMNS, keys, strict=True))
        for facet, keyed in members[number].items():
            key = row[facet]
            if key is None or (facet in wanted and row[PARTNER[facet]] != wanted[facet]):
                continue
            key = _decade(key) if facet == "decade" else str(key)
            keyed[key].add(pk)
            if facet == "award":
                keyed[ANY_NOMINATION].add(pk)
    return {
        facet: Counter({key: len(pks) for key, pks in keyed.items()})
        for keyed_by_facet in members
        for facet, keyed in keyed_by_facet.items()
    }


def _sized(film_sets, limited):
    """``(films, facets, size)`` for each of ``film_sets``, its size counted in ``limited(films)``, all in one
    query."""
    parts = [
        limited(films)
        .annotate(film_set=Value(number))
        .values("film_set")
        .annotate(n=Count("pk"))
        .values_list("film_set", "n")
        for number, (films, _) in enumerate(film_sets)
    ]
    first, *rest = parts
    sizes = dict(first.union(*rest, all=True).order_by())
    return [(films, facets, sizes.get(number, 0)) for number, (films, facets) in enumerate(film_sets)]


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
    counts = _catalog_wide(everywhere, values) if everywhere else {}
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
