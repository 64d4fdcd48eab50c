"""A film's history: every save of the film and its per-film content is one django-reversion revision.

django-reversion follows the film's children, so one revision holds the film and all of its credits, notes,
quotes... and restoring it puts back the whole page. ``lock_version`` is left out so that a restore never
rewinds the counter that detects concurrent edits.

Saves through the admin make their revisions with ``reversion.create_revision``. Writes in bulk (imports)
make theirs with ``add_revisions``, in a few statements for any number of films, in the same form.
"""

import json

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.encoding import is_protected_type
from reversion.models import Revision, Version

from .bulk import insert, insert_values
from .models import (
    AlternativeTitle,
    Credit,
    Film,
    FilmingLocation,
    FilmNote,
    KeyScene,
    Nomination,
    PlotSection,
    Quote,
    Recommendation,
)

FOLLOWED = {
    "alternative_titles": AlternativeTitle,
    "credits": Credit,
    "plot_sections": PlotSection,
    "notes": FilmNote,
    "key_scenes": KeyScene,
    "quotes": Quote,
    "locations": FilmingLocation,
    "nominations": Nomination,
    "recommendations": Recommendation,
}


def _fields(model, exclude=()):
    """What a version keeps of a row: its own fields and many-to-many links, as django-reversion's default."""
    opts = model._meta
    return tuple(field.name for field in opts.local_fields + opts.local_many_to_many if field.name not in exclude)


FIELDS = {Film: _fields(Film, exclude={"lock_version"}), **{model: _fields(model) for model in FOLLOWED.values()}}

reversion.register(Film, fields=FIELDS[Film], follow=list(FOLLOWED))
for _model in FOLLOWED.values():
    reversion.register(_model, fields=FIELDS[_model])


def add_revisions(films, comment, using, rows=None):
    """One revision for each of ``films`` (saved), as ``reversion.create_revision`` would make it: the film
    with every row it follows, read for all the films at once.

    ``rows``, when given, are all those rows, in memory (with what their names name, such as a credit's
    person): for films just made, whose rows are all known, nothing is read back. A row may be an instance,
    or any object with its model's ``_meta`` and its fields' values by attname.
    """
    if not films:
        return
    by_pk = {film.pk: film for film in films}
    revisions = {film.pk: Revision(date_created=timezone.now(), comment=comment) for film in films}
    insert(Revision, list(revisions.values()), using)
    versions = _versions(Film, films, revisions, using, _links(films, using))
    if rows is None:
        rows = []
        for model in FOLLOWED.values():
            # What each row's name (``object_repr``) names, read with it: the person a credit is of, say.
            named = [field.name for field in model._meta.concrete_fields if field.is_relation and field.name != "film"]
            query = model._default_manager.using(using).filter(film__in=by_pk).order_by("pk")
            query = query.select_related(*named) if named else query
            for row in query:
                row.film = by_pk[row.film_id]
                rows.append(row)
    by_model = {}
    for row in rows:
        by_model.setdefault(row._meta.model, []).append(row)
    for model, model_rows in by_model.items():
        versions += _versions(model, model_rows, {row.pk: revisions[row.film_id] for row in model_rows}, using)
    insert_values(Version, VERSION_COLUMNS, versions, using)


def _links(films, using):
    """``{film pk: {field: [pk, ...]}}`` for the films' many-to-many fields."""
    links = {film.pk: {} for film in films}
    for field in Film._meta.local_many_to_many:
        through = field.remote_field.through
        column = field.m2m_reverse_name()
        rows = through.objects.using(using).filter(film__in=links).order_by("pk").values_list("film_id", column)
        for film, pk in rows:
            links[film].setdefault(field.name, []).append(pk)
    return links


# A version's columns, as ``_versions`` gives them.
VERSION_COLUMNS = ("revision_id", "content_type_id", "object_id", "db", "format", "serialized_data", "object_repr")


def _versions(model, rows, revisions, using, links=None):
    """The values of each row's ``Version`` (``VERSION_COLUMNS``), as django-reversion writes them."""
    content_type = ContentType.objects.db_manager(using).get_for_model(model).pk
    fields = [model._meta.get_field(name) for name in FIELDS[model]]
    label = model._meta.label_lower
    return [
        (
            revisions[row.pk].pk,
            content_type,
            str(row.pk),
            using,
            "json",
            json.dumps(
                [{"model": label, "pk": row.pk, "fields": _fields_of(row, fields, links)}],
                cls=DjangoJSONEncoder,
            ),
            str(row)[:191],
        )
        for row in rows
    ]


def _fields_of(row, fields, links):
    """The fields of ``row`` as Django's serializers write them (and django-reversion reads them back)."""
    values = {}
    for field in fields:
        if field.many_to_many:
            values[field.name] = links[row.pk].get(field.name, [])
        elif field.remote_field is not None:
            values[field.name] = getattr(row, field.attname)
        else:
            value = getattr(row, field.attname)
            # Text is written as it is (``value_to_string`` would give it back unchanged): most of a row.
            plain = type(value) is str or is_protected_type(value)
            values[field.name] = value if plain else field.value_to_string(row)
    return values
