"""Keep what is derived from the catalog's rows in step with them, inside the transaction that changes them.

- The search documents of each film, quote and note (see ``catalog.search``). Only PostgreSQL stores
  documents; elsewhere those handlers do nothing.
- Each film's ``titles_folded`` and each person's ``name_folded``, what the title and name filters
  (and SQLite's search) match words in.
- The ``film_count`` of each person, genre, country and language: the published films they are
  credited on or hold. A credit saved, moved or deleted, a film's genres, countries or language
  changed, or a film published, unpublished or deleted, recounts the rows concerned.

Fixture loads and history restores save rows raw, and are handled all the same: derived values are
rebuilt from whatever rows exist when they are refreshed, so the last row written leaves them complete
whatever order the rows come in. Changes that skip ``save()`` and ``delete()``, such as
``QuerySet.update()``, need ``python manage.py update_search_index`` and ``python manage.py refresh_derived``.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from .models import AlternativeTitle, Country, Credit, Film, FilmNote, Genre, Language, Person, PlotSection, Quote
from .search import FILM_DOCUMENT_FIELDS, fold, refresh_search_documents, uses_full_text

# The rows of other tables whose words go into their film's document.
FILM_PARTS = [AlternativeTitle, Credit, FilmNote, PlotSection, Quote]


def _stored(sender, instance, using, *fields):
    """The values ``fields`` have in the database before this save: None for a new row."""
    if instance.pk is None:
        return None
    return sender._base_manager.using(using).filter(pk=instance.pk).values_list(*fields).first()


# The many-to-many fields of Film whose targets count their published films.
M2M_FACETS = ("genres", "countries")


def recount_films(people=(), genres=(), countries=(), languages=(), *, using):
    """Recount the published films of these rows (ids or subqueries of them); no ids, no query.

    ``None`` among the ids is ignored, so an unset foreign key can be passed as it is.
    """
    Person.objects.using(using).filter(pk__in=people).recount_films()
    Genre.objects.using(using).filter(pk__in=genres).recount_films()
    Country.objects.using(using).filter(pk__in=countries).recount_films()
    Language.objects.using(using).filter(pk__in=languages).recount_films()


def _linked(film, field, using):
    """The ids ``film`` links to through its many-to-many ``field``, as a subquery."""
    through = getattr(Film, field).through
    target = getattr(Film, field).field.m2m_reverse_field_name()
    return through.objects.using(using).filter(film=film).values_list(target, flat=True)


# Search documents


@receiver(post_save, sender=Film)
def film_saved(sender, instance, using, update_fields, **kwargs):
    if uses_full_text(using) and (update_fields is None or update_fields & FILM_DOCUMENT_FIELDS):
        refresh_search_documents(Film, [instance.pk], using=using)


def film_part_saving(sender, instance, using, **kwargs):
    # A row moved to another film takes its words with it: the film it leaves needs a refresh too.
    if sender is not Credit and (uses_full_text(using) or sender is AlternativeTitle):
        instance._film_id_before_save = (_stored(sender, instance, using, "film_id") or (None,))[0]


def film_part_saved(sender, instance, using, **kwargs):
    films = {instance.film_id, getattr(instance, "_film_id_before_save", None)} - {None}
    if uses_full_text(using):
        refresh_search_documents(Film, films, using=using)
        if sender in (Quote, FilmNote):
            refresh_search_documents(sender, [instance.pk], using=using)
        elif sender is Credit and instance.character_name != instance._character_before_save:
            # A credit's quotes carry its character's name; a new credit has no quotes yet.
            refresh_search_documents(Quote, Quote._base_manager.using(using).filter(speaker=instance), using=using)
    if sender is AlternativeTitle:
        Film.objects.using(using).filter(pk__in=films).refold_titles()


def film_part_deleted(sender, instance, using, **kwargs):
    if uses_full_text(using):
        refresh_search_documents(Film, [instance.film_id], using=using)
    if sender is AlternativeTitle:
        Film.objects.using(using).filter(pk=instance.film_id).refold_titles()


for _model in FILM_PARTS:
    pre_save.connect(film_part_saving, sender=_model)
    post_save.connect(film_part_saved, sender=_model)
    post_delete.connect(film_part_deleted, sender=_model)


@receiver(pre_save, sender=Person)
def person_saving(sender, instance, using, **kwargs):
    instance.name_folded = fold(instance.name)
    if uses_full_text(using):
        instance._name_before_save = (_stored(sender, instance, using, "name") or (None,))[0]


@receiver(post_save, sender=Person)
def person_saved(sender, instance, using, update_fields, **kwargs):
    # Only the name is in film documents: editing a biography must not rewrite every film the person is in.
    if uses_full_text(using) and instance.name != getattr(instance, "_name_before_save", None):
        films = Credit._base_manager.using(using).filter(person=instance).values("film")
        refresh_search_documents(Film, films, using=using)
    # The form's copy of the count may be older than the credits: a save must not write it back.
    if update_fields is None or "film_count" in update_fields:
        recount_films(people=[instance.pk], using=using)
    if _left_out(update_fields, {"name"}, "name_folded"):
        Person.objects.using(using).filter(pk=instance.pk).update(name_folded=instance.name_folded)


def _left_out(update_fields, sources, derived):
    """Whether a save of only ``update_fields`` changed one of ``sources`` without writing ``derived``."""
    return update_fields is not None and bool(update_fields & sources) and derived not in update_fields


# Folded titles


@receiver(pre_save, sender=Film)
def film_titles_saving(sender, instance, using, **kwargs):
    alternatives = []
    if instance.pk is not None:
        alternatives = (
            AlternativeTitle._base_manager.using(using).filter(film=instance.pk).values_list("title", flat=True)
        )
    instance.titles_folded = instance.folded_titles(alternatives)


@receiver(post_save, sender=Film)
def film_titles_saved(sender, instance, using, update_fields, **kwargs):
    if _left_out(update_fields, {"title", "original_title"}, "titles_folded"):
        Film.objects.using(using).filter(pk=instance.pk).update(titles_folded=instance.titles_folded)


# Film counts


@receiver(pre_save, sender=Film)
def film_saving(sender, instance, using, **kwargs):
    status, language = _stored(sender, instance, using, "status", "original_language_id") or (None, None)
    instance._status_before_save = status
    instance._language_before_save = language


@receiver(post_save, sender=Film)
def film_counted_saved(sender, instance, using, **kwargs):
    languages = [instance.original_language_id, getattr(instance, "_language_before_save", None)]
    if instance.status != getattr(instance, "_status_before_save", None):
        people = Credit._base_manager.using(using).filter(film=instance).values("person")
        facets = {field: _linked(instance, field, using) for field in M2M_FACETS}
        recount_films(people, languages=languages, using=using, **facets)
    elif instance.original_language_id != getattr(instance, "_language_before_save", None):
        recount_films(languages=languages, using=using)


@receiver(pre_delete, sender=Film)
def film_deleting(sender, instance, using, **kwargs):
    # A film's genre and country links go with it without signals of their own: note them while they exist.
    instance._facets_before_delete = {field: list(_linked(instance, field, using)) for field in M2M_FACETS}


@receiver(post_delete, sender=Film)
def film_deleted(sender, instance, using, **kwargs):
    facets = getattr(instance, "_facets_before_delete", {})
    recount_films(languages=[instance.original_language_id], using=using, **facets)


def film_facets_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    field = THROUGH_FIELDS[sender]
    if action == "pre_clear" and not reverse:
        instance._facets_before_clear = {
            **getattr(instance, "_facets_before_clear", {}),
            field: list(_linked(instance, field, using)),
        }
    elif action in ("post_add", "post_remove", "post_clear"):
        if reverse:  # genre.films or country.films changed: only that one's count moves
            changed = [instance.pk]
        elif action == "post_clear":
            changed = getattr(instance, "_facets_before_clear", {}).get(field, [])
        else:
            changed = pk_set
        recount_films(using=using, **{field: changed})


THROUGH_FIELDS = {getattr(Film, field).through: field for field in M2M_FACETS}
for _through in THROUGH_FIELDS:
    m2m_changed.connect(film_facets_changed, sender=_through)


def facet_saved(sender, instance, using, update_fields, **kwargs):
    # The form's copy of the count may be older than the films: a save must not write it back.
    if update_fields is None or "film_count" in update_fields:
        sender.objects.using(using).filter(pk=instance.pk).recount_films()


for _model in (Genre, Country, Language):
    post_save.connect(facet_saved, sender=_model)


@receiver(pre_save, sender=Credit)
def credit_saving(sender, instance, using, **kwargs):
    # A credit moved to another film or person leaves them behind: they need refreshing too.
    stored = _stored(sender, instance, using, "film_id", "person_id", "character_name")
    film, person, character = stored or (None, None, instance.character_name)
    instance._film_id_before_save = film
    instance._person_id_before_save = person
    instance._character_before_save = character


@receiver(post_save, sender=Credit)
def credit_saved(sender, instance, using, **kwargs):
    recount_films({instance.person_id, getattr(instance, "_person_id_before_save", None)} - {None}, using=using)


@receiver(post_delete, sender=Credit)
def credit_deleted(sender, instance, using, **kwargs):
    recount_films([instance.person_id], using=using)
