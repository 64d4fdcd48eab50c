"""Everything the catalog derives from its rows, refreshed by this one service, in bulk, once per batch of writes.

What is derived, and who reads it:

- what search finds of films, people, quotes and notes (``catalog.search``): PostgreSQL's documents, SQLite's
  FTS5 tables;
- each film's ``titles_folded``, which the title filter and SQLite's search match words in;
- the ``film_count`` of each person, genre, country and language: the published films they are on;
- the ``FilmTotal`` rows: the published films of each year, outcome and award body, for the film list's choices;
- the page cache's generation (``catalog.caching``): any change makes every cached page out of date.

A write says *what* it changed and nothing more: the receivers at the end of this module turn each save,
delete and many-to-many change into ids noted in the current batch (``note``). When the batch ends,
``refresh`` brings everything those ids touch up to date from the rows as they then are, with a
handful of bulk statements, however many rows changed: a film saved with forty inline rows has its
document rebuilt once, not forty times.

Every request that may write is one batch, inside one transaction (``WritesInOneBatchMiddleware``), and
so is every load (``catalog.data.loading``: fixtures, imports, restores). Code outside a batch, such as a
script in the shell, is refreshed after each save; wrap a long one in ``batch()``. Changes that skip
``save()`` and ``delete()`` (``QuerySet.update()``, ``bulk_create()``, SQL by hand) send nothing: run
``manage.py update_search_index`` and ``manage.py refresh_derived`` after them.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, fields
from itertools import batched

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete, pre_save
from django.dispatch import Signal, receiver

from .caching import catalog_changed
from .models import (
    AlternativeTitle,
    AwardBody,
    AwardCategory,
    Country,
    Credit,
    Film,
    FilmNote,
    FilmTotal,
    Genre,
    Language,
    Nomination,
    Person,
    PlotSection,
    Quote,
)
from .models.text import fold
from .search import prune_search_documents, refresh_search_documents

# Ids per UPDATE: far below every engine's limit on query parameters.
CHUNK = 2000

# Sent after each refresh, with ``changes`` and ``using``: what a batch of writes changed.
refreshed = Signal()


@dataclass
class Changes:
    """Ids of rows whose derived data a batch of writes made out of date."""

    films: set = field(default_factory=set)  # search document and folded titles
    film_facets: set = field(default_factory=set)  # films whose people, genres, countries and language recount
    people: set = field(default_factory=set)  # film counts
    names: set = field(default_factory=set)  # people whose folded name, and words in search, are stored afresh
    renamed_people: set = field(default_factory=set)  # the documents of the films they are credited on
    genres: set = field(default_factory=set)
    countries: set = field(default_factory=set)
    languages: set = field(default_factory=set)
    quotes: set = field(default_factory=set)
    notes: set = field(default_factory=set)
    speakers: set = field(default_factory=set)  # credits whose character name the documents of their quotes carry
    totals: bool = False  # a published film's year or status, or a nomination: FilmTotal counts again
    catalog: bool = False  # anything at all: cached pages are out of date

    def add(self, catalog=False, totals=False, **ids):
        self.catalog = self.catalog or catalog
        self.totals = self.totals or totals
        for name, values in ids.items():
            getattr(self, name).update(value for value in values if value is not None)

    def __bool__(self):
        return any(getattr(self, f.name) for f in fields(self))


_batch = ContextVar("catalog_derived_batch", default=None)


@contextmanager
def batch():
    """Note what the block changes and refresh it all once, at its end (inside the caller's transaction).

    Nested batches join the outermost. Nothing is refreshed when the block raises: its writes are being
    rolled back.
    """
    if _batch.get() is not None:
        yield
        return
    pending = {}
    token = _batch.set(pending)
    try:
        yield
    finally:
        _batch.reset(token)
    for using, changes in pending.items():
        refresh(changes, using)


@contextmanager
def discarded():
    """For writes that are about to be rolled back (a preview of unsaved edits): nothing they change is
    noted or refreshed, and so no cached page goes out of date. The block must roll its writes back."""
    token = _batch.set({})
    try:
        yield
    finally:
        _batch.reset(token)


def note(using=DEFAULT_DB_ALIAS, **changes):
    """Record what a write changed; refreshed when the batch ends, or at once outside any batch."""
    pending = _batch.get()
    if pending is None:
        single = Changes()
        single.add(**changes)
        refresh(single, using)
    else:
        pending.setdefault(using, Changes()).add(**changes)


def refresh(changes, using=DEFAULT_DB_ALIAS):
    """Bring everything derived from the rows ``changes`` names up to date, in bulk."""
    if not changes:
        return
    _in_chunks(Film, changes.films, using, lambda films: films.refold_titles())
    _in_chunks(Person, changes.names, using, lambda people: people.refold_names())
    recount = {
        Person: changes.people | _ids(Credit, "person_id", using, film__in=changes.film_facets),
        Genre: changes.genres | _ids(Film.genres.through, "genre_id", using, film__in=changes.film_facets),
        Country: changes.countries | _ids(Film.countries.through, "country_id", using, film__in=changes.film_facets),
        Language: changes.languages | _ids(Film, "original_language_id", using, pk__in=changes.film_facets),
    }
    for model, ids in recount.items():
        _in_chunks(model, ids, using, lambda rows: rows.recount_films())
    films = changes.films | _ids(Credit, "film_id", using, person__in=changes.renamed_people)
    # Only what a visitor may find is searched: the quotes and notes of published films, whose status may
    # have changed, and people with published credits, whose counts may have.
    quotes = changes.quotes | _ids(Quote, "pk", using, speaker__in=changes.speakers) | _parts_of(Quote, films, using)
    documents = {
        Film: films,
        Person: changes.names | changes.renamed_people | recount[Person],
        Quote: quotes,
        FilmNote: changes.notes | _parts_of(FilmNote, films, using),
    }
    for model, ids in documents.items():
        for chunk in batched(sorted(ids, key=str), CHUNK):
            refresh_search_documents(model, chunk, using=using)
    if changes.totals:
        FilmTotal.objects.using(using).recount()
    if changes.catalog:
        catalog_changed(using)
    refreshed.send(sender=Changes, changes=changes, using=using)


def everything(using=DEFAULT_DB_ALIAS):
    """``Changes`` naming every row: for writes that bypassed the models, such as ``bulk_create()``,
    ``QuerySet.update()`` or SQL of one's own. ``refresh(everything())`` takes the path a single save takes."""

    def ids(model):
        return set(model._base_manager.using(using).values_list("pk", flat=True))

    people = ids(Person)
    return Changes(
        films=ids(Film),
        people=people,
        names=people,
        genres=ids(Genre),
        countries=ids(Country),
        languages=ids(Language),
        quotes=ids(Quote),
        notes=ids(FilmNote),
        totals=True,
        catalog=True,
    )


def _ids(model, column, using, **lookups):
    """The distinct values of ``column`` in the rows of ``model`` that ``lookups`` select; none for an empty lookup."""
    if any(isinstance(value, set) and not value for value in lookups.values()):
        return set()
    return set(model._base_manager.using(using).filter(**lookups).values_list(column, flat=True).distinct()) - {None}


def _parts_of(model, films, using):
    """The ids of the rows of ``model`` on ``films``."""
    return set().union(*(_ids(model, "pk", using, film__in=set(chunk)) for chunk in batched(sorted(films), CHUNK)))


def _in_chunks(model, ids, using, work):
    for chunk in batched(sorted(ids, key=str), CHUNK):
        work(model._default_manager.using(using).filter(pk__in=chunk))


class WritesInOneBatchMiddleware:
    """Runs each request that may write (any method but GET, HEAD, OPTIONS) in one transaction and one batch.

    The view runs inside them, so a view that raises is rolled back with nothing refreshed; what a
    request wrote is refreshed once, just before it commits.
    """

    SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.method in self.SAFE_METHODS:
            return None
        with transaction.atomic(), batch():
            return view(request, *args, **kwargs)


# Receivers: each notes what a write changed, and does nothing else.


def _before(instance, attname, using):
    """``attname``'s value in the database before this save: as loaded, or read; None for a new row."""
    return _before_all(instance, [attname], using)[0]


def _before_all(instance, attnames, using):
    """The values of ``attnames`` before this save, as ``_before`` reads one, in one query at most."""
    names, values = getattr(instance, "_loaded_row", ((), ()))
    if all(attname in names for attname in attnames):
        return [values[names.index(attname)] for attname in attnames]
    if instance.pk is None:
        return [None] * len(attnames)
    row = type(instance)._base_manager.using(using).filter(pk=instance.pk).values_list(*attnames).first()
    return list(row) if row else [None] * len(attnames)


def _remember(instance):
    # A second save of the same instance moves from what the first one wrote.
    names = getattr(instance, "_loaded_row", ((), ()))[0]
    instance._loaded_row = (names, [getattr(instance, name) for name in names])


# What a film's save may change of the totals.
TOTALLED = ["status", "year"]


@receiver(pre_save, sender=Film)
def _film_saving(sender, instance, using, **kwargs):
    language, *totalled = _before_all(instance, ["original_language_id", *TOTALLED], using)
    instance._language_before_save = language
    instance._totalled_before_save = totalled


@receiver(post_save, sender=Film)
def _film_saved(sender, instance, using, **kwargs):
    totalled = [getattr(instance, name) for name in TOTALLED]
    note(
        using,
        films=[instance.pk],
        film_facets=[instance.pk],
        languages=[getattr(instance, "_language_before_save", None)],
        totals=totalled != getattr(instance, "_totalled_before_save", None),
    )
    _remember(instance)


@receiver(pre_delete, sender=Film)
def _film_deleting(sender, instance, using, **kwargs):
    # Its genre and country links go with it, without signals of their own: note them while they exist.
    instance._links_before_delete = {
        "genres": _ids(Film.genres.through, "genre_id", using, film=instance.pk),
        "countries": _ids(Film.countries.through, "country_id", using, film=instance.pk),
    }


@receiver(post_delete, sender=Film)
def _film_deleted(sender, instance, using, **kwargs):
    note(
        using,
        films=[instance.pk],  # its words leave search
        languages=[instance.original_language_id],
        totals=True,
        **getattr(instance, "_links_before_delete", {}),
    )


def _award_row_changed(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    # Nominations are counted by outcome and award body, which their categories and bodies name.
    note(using, totals=True)


for _model in (Nomination, AwardCategory, AwardBody):
    post_save.connect(_award_row_changed, sender=_model, dispatch_uid=f"derived-totals-save-{_model._meta.label}")
    post_delete.connect(_award_row_changed, sender=_model, dispatch_uid=f"derived-totals-delete-{_model._meta.label}")


def _film_links_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    name, column = ("genres", "genre_id") if sender is Film.genres.through else ("countries", "country_id")
    if action == "pre_clear" and not reverse:
        # Noted once they are gone: outside a batch, noting refreshes at once.
        instance._links_before_clear = {
            **getattr(instance, "_links_before_clear", {}),
            name: _ids(sender, column, using, film=instance.pk),
        }
    elif action.startswith("post_"):
        if reverse:  # genre.films or country.films changed: only that one's count moves
            changed = [instance.pk]
        elif action == "post_clear":
            changed = getattr(instance, "_links_before_clear", {}).pop(name, ())
        else:
            changed = pk_set
        note(using, **{name: changed})


for _through in (Film.genres.through, Film.countries.through):
    m2m_changed.connect(_film_links_changed, sender=_through, dispatch_uid=f"derived-{_through._meta.label}")


@receiver(pre_save, sender=Person)
def _person_saving(sender, instance, using, **kwargs):
    # The person's own column, folded as it is saved.
    instance.name_folded = fold(instance.name)
    instance._name_before_save = _before(instance, "name", using)


@receiver(post_save, sender=Person)
def _person_saved(sender, instance, using, update_fields, **kwargs):
    # Only the name is in film documents: editing a biography must not rewrite every film the person is in.
    renamed = instance.name != getattr(instance, "_name_before_save", None)
    # The form's copy of the count may be older than the credits: a save must not write it back.
    recount = update_fields is None or "film_count" in update_fields
    note(using, renamed_people=[instance.pk] if renamed else [], people=[instance.pk] if recount else [])
    if update_fields is not None and "name" in update_fields and "name_folded" not in update_fields:
        Person._base_manager.using(using).filter(pk=instance.pk).update(name_folded=instance.name_folded)
    _remember(instance)


@receiver(post_delete, sender=Person)
def _person_deleted(sender, instance, using, **kwargs):
    note(using, names=[instance.pk])  # the name leaves search


def _facet_saved(sender, instance, using, update_fields, **kwargs):
    # The form's copy of the count may be older than the films: a save must not write it back.
    if update_fields is None or "film_count" in update_fields:
        note(using, **{FACETS[sender]: [instance.pk]})


FACETS = {Genre: "genres", Country: "countries", Language: "languages"}
for _model in FACETS:
    post_save.connect(_facet_saved, sender=_model, dispatch_uid=f"derived-{_model._meta.label}")


# The rows of other tables whose words go into their film's document (or, for alternative titles, its
# folded titles). A row moved to another film takes its words with it: both films are refreshed.
FILM_PARTS = {AlternativeTitle: None, Credit: "people", FilmNote: "notes", PlotSection: None, Quote: "quotes"}


def _film_part_saving(sender, instance, using, **kwargs):
    instance._film_before_save = _before(instance, "film_id", using)
    if sender is Credit:
        instance._person_before_save = _before(instance, "person_id", using)
        instance._character_before_save = _before(instance, "character_name", using)


def _film_part_saved(sender, instance, using, created, **kwargs):
    changes = {"films": [instance.film_id, instance._film_before_save]}
    if sender is Credit:
        changes["people"] = [instance.person_id, instance._person_before_save]
        if not created and instance.character_name != instance._character_before_save:
            changes["speakers"] = [instance.pk]
    elif FILM_PARTS[sender]:
        changes[FILM_PARTS[sender]] = [instance.pk]
    note(using, **changes)
    _remember(instance)


def _film_part_deleted(sender, instance, using, **kwargs):
    changes = {"films": [instance.film_id]}
    if sender is Credit:
        changes["people"] = [instance.person_id]
    elif FILM_PARTS[sender]:  # a quote's or a note's own words leave search
        changes[FILM_PARTS[sender]] = [instance.pk]
    note(using, **changes)


for _model in FILM_PARTS:
    label = _model._meta.label
    pre_save.connect(_film_part_saving, sender=_model, dispatch_uid=f"derived-saving-{label}")
    post_save.connect(_film_part_saved, sender=_model, dispatch_uid=f"derived-saved-{label}")
    post_delete.connect(_film_part_deleted, sender=_model, dispatch_uid=f"derived-deleted-{label}")


def _catalog_row_changed(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    note(using, catalog=True)


def connect_catalog_changes():
    """Every catalog model, and every many-to-many table between them, makes cached pages out of date."""
    for model in apps.get_app_config("catalog").get_models():
        label = model._meta.label
        post_save.connect(_catalog_row_changed, sender=model, dispatch_uid=f"derived-catalog-save-{label}")
        post_delete.connect(_catalog_row_changed, sender=model, dispatch_uid=f"derived-catalog-delete-{label}")
        for m2m in model._meta.local_many_to_many:
            m2m_changed.connect(
                _catalog_row_changed, sender=m2m.remote_field.through, dispatch_uid=f"derived-catalog-m2m-{m2m}"
            )
    # A deploy migrates: pages rendered by the old templates must not outlive it.
    post_migrate.connect(_catalog_row_changed, dispatch_uid="derived-catalog-migrate")
    # ``flush`` sends it too, having emptied the models' tables but not SQLite's search tables: the search
    # tables then drop the rows whose source rows are gone.
    post_migrate.connect(_migrated, sender=apps.get_app_config("catalog"), dispatch_uid="derived-search-migrate")


def _migrated(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    prune_search_documents(using)
