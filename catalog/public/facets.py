"""The film list's facets: how many films each option of a filter would give, the other filters staying as they are.

A facet's counts leave its own filter out (choosing another genre replaces the genre), so every option says
what following it would give, and options that would give nothing are not offered. A facet's films, those
its other filters leave, are counted:

- when they are the whole catalog (no other filter in use): genres, countries and languages read the counts
  they keep (``film_count``); decades, outcomes and award bodies are counted in one ``UNION ALL`` query;
- when they number at most ``settings.FACET_COUNT_MAX_FILMS``: read row by row, one row per film and each
  combination of its genres, countries and nominations, every set of films in one ``UNION ALL`` query. The
  list's own films are known to be few from its count; of another set (a facet whose filter is in use, among
  others), one film more than the bound is read at most, which says there are too many.

Counting tens of thousands of films for every facet would cost many times the page itself (the measurements
are in docs/benchmarks.md), so a facet whose films are more shows its options without numbers and hides
none. Every answer is kept under the catalog's generation (``catalog.caching``): a visitor paging through a
list, or the next one asking the same, does not count again, and no change to the catalog goes uncounted.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import CharField, Count, F, Min, Value
from django.db.models.functions import Cast

from ..caching import cached_answer, cached_rows
from ..models import Country, Film, FilmStatus, Genre, Language, Nomination, Outcome
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


def _grouped(rows, facet, by, key=None, counted="*", distinct=False):
    """``(facet, key, count)`` rows of ``rows`` grouped by the column ``by``. The key (``by`` unless given) is
    text, so that every facet's rows can share one ``UNION ALL``, and taken from the group rather than grouped
    on: grouping on an expression would keep the database from reading an index in order."""
    return (
        rows.order_by()
        .values(by)
        .annotate(facet=Value(facet), key=Cast(Min(key or by), CharField()), n=Count(counted, distinct=distinct))
        .values_list("facet", "key", "n")
    )


def _kept(facet):
    model, key = KEPT[facet]
    return (
        model.objects.with_published_films()
        .order_by()
        .annotate(facet=Value(facet), key=Cast(key, CharField()), n=F("film_count"))
        .values_list("facet", "key", "n")
    )


def _counted(facet, values):
    """The grouped queries of one facet over every published film; ``values`` are the filters in use."""
    films = Film.objects.published()
    nominations = Nomination.objects.filter(film__status=FilmStatus.PUBLISHED)
    if facet in KEPT:
        return [_kept(facet)]
    if facet == "decade":
        return [_grouped(films, facet, "year")]  # added up by decade once read
    if facet == "award":
        if body := values.get("award_body"):
            nominations = nominations.filter(category__body=body)
        every = nominations.annotate(every=Value(ANY_NOMINATION))
        return [
            _grouped(nominations, facet, "outcome", counted="film", distinct=True),
            _grouped(every, facet, "every", counted="film", distinct=True),
        ]
    if facet == "award_body":
        if (outcome := values.get("award")) in Outcome.values:
            nominations = nominations.filter(outcome=outcome)
        return [_grouped(nominations, facet, "category__body", "category__body__slug", "film", distinct=True)]
    raise ValueError(f"No facet is called {facet!r}.")


def _catalog_wide(facets, values):
    parts = [part for facet in facets for part in _counted(facet, values)]
    counts = {facet: Counter() for facet in facets}
    first, *rest = parts
    for facet, key, number in cached_rows(first.union(*rest, all=True).order_by()):
        counts[facet][_decade(key) if facet == "decade" else key] += number
    return counts


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
    ``settings.FACET_COUNT_MAX_FILMS``, read row by row in one ``UNION ALL`` query."""
    bound = settings.FACET_COUNT_MAX_FILMS
    parts = [
        # Never more films than the bound and one: one more says there are too many, without counting them all.
        Film.objects.filter(pk__in=films.order_by().values("pk")[: bound + 1])
        .order_by()
        .annotate(film_set=Value(number))
        .values_list("film_set", "pk", *COLUMNS.values())
        for number, (films, _) in enumerate(film_sets)
    ]
    first, *rest = parts
    rows = first.union(*rest, all=True).order_by()
    # A nomination counts for an outcome only at the award body chosen, and for a body only with the outcome.
    wanted = {"award": values["award_body"].slug} if values.get("award_body") else {}
    if values.get("award") in Outcome.values:
        wanted["award_body"] = values["award"]

    def count():
        members = [{facet: defaultdict(set) for facet in facets} for _, facets in film_sets]
        for number, pk, *keys in rows:
            row = dict(zip(COLUMNS, keys, strict=True))
            for facet, keyed in members[number].items():
                key = row[facet]
                if key is None or (facet in wanted and row[PARTNER[facet]] != wanted[facet]):
                    continue
                key = _decade(key) if facet == "decade" else str(key)
                keyed[key].add(pk)
                if facet == "award":
                    keyed[ANY_NOMINATION].add(pk)
        films = [set() for _ in film_sets]
        for number, pk, *_ in rows:
            films[number].add(pk)
        counts = {}
        for number, keyed_by_facet in enumerate(members):
            if len(films[number]) <= bound:
                counts |= {
                    facet: Counter({key: len(pks) for key, pks in keyed.items()})
                    for facet, keyed in keyed_by_facet.items()
                }
        return counts

    return cached_answer(rows, "facets", count)


def _decade(year):
    return str(int(year) // 10 * 10)


def facet_counts(filterset, matching):
    """``{"genre": {"drama": 120, ...}, "decade": {"1990": 40, ...}, ...}`` for the facets of ``filterset``
    that can be counted (see above), ``matching`` being the number of films the list shows. A value the form
    refused is left out, as the list leaves it out."""
    chosen = filterset.form.cleaned_data if filterset.is_bound else {}
    values = {name: value for name, value in chosen.items() if value not in (None, "") and name != "ordering"}
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
        elif matching <= settings.FACET_COUNT_MAX_FILMS:  # the list's own films, whose number is known
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
