"""Keep each film's search document (see ``catalog.search``) in step with the rows it is made of.

Only PostgreSQL stores documents; elsewhere these handlers do nothing. Fixture loads and history
restores save rows raw, and are handled all the same: a document is rebuilt from whatever rows exist
when it is refreshed, so the last row written leaves it complete whatever order the rows come in.
Changes that skip ``save()`` and ``delete()``, such as ``QuerySet.update()``, need
``python manage.py update_search_index``.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import AlternativeTitle, Credit, Film, FilmNote, Person, PlotSection, Quote
from .search import FILM_DOCUMENT_FIELDS, refresh_film_documents, uses_full_text

# The rows of other tables whose words go into their film's document.
FILM_PARTS = [AlternativeTitle, Credit, FilmNote, PlotSection, Quote]


@receiver(post_save, sender=Film)
def film_saved(sender, instance, using, update_fields, **kwargs):
    if uses_full_text(using) and (update_fields is None or update_fields & FILM_DOCUMENT_FIELDS):
        refresh_film_documents([instance.pk], using=using)


def film_part_saving(sender, instance, using, **kwargs):
    # A row moved to another film takes its words with it: the film it leaves needs a refresh too.
    if uses_full_text(using) and instance.pk is not None:
        stored = sender._base_manager.using(using).filter(pk=instance.pk)
        instance._film_id_before_save = stored.values_list("film_id", flat=True).first()


def film_part_saved(sender, instance, using, **kwargs):
    if uses_full_text(using):
        films = {instance.film_id, getattr(instance, "_film_id_before_save", None)} - {None}
        refresh_film_documents(films, using=using)


def film_part_deleted(sender, instance, using, **kwargs):
    if uses_full_text(using):
        refresh_film_documents([instance.film_id], using=using)


for _model in FILM_PARTS:
    pre_save.connect(film_part_saving, sender=_model)
    post_save.connect(film_part_saved, sender=_model)
    post_delete.connect(film_part_deleted, sender=_model)


@receiver(pre_save, sender=Person)
def person_saving(sender, instance, using, **kwargs):
    if uses_full_text(using) and instance.pk is not None:
        stored = Person._base_manager.using(using).filter(pk=instance.pk)
        instance._name_before_save = stored.values_list("name", flat=True).first()


@receiver(post_save, sender=Person)
def person_saved(sender, instance, using, **kwargs):
    # Only the name is in film documents: editing a biography must not rewrite every film the person is in.
    if uses_full_text(using) and instance.name != getattr(instance, "_name_before_save", None):
        refresh_film_documents(Credit._base_manager.using(using).filter(person=instance).values("film"), using=using)
