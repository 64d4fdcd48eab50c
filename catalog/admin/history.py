"""A film's history as editors read it: what changed between two revisions (``catalog.history`` makes them)."""

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from reversion.models import Version


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class RowChange:
    kind: str  # "added", "removed" or "changed"
    model: str
    name: str
    fields: list = field(default_factory=list)


def _fields(version):
    model = version._model
    shown = {}
    for name, value in version.field_dict.items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a field dropped since this version was saved
            continue
        if name in {"id", "film", "lock_version", "created_at", "updated_at", "published_at"}:
            continue
        label = str(model_field.verbose_name).capitalize()
        if getattr(model_field, "choices", None):
            value = dict(model_field.flatchoices).get(value, value)
        if model_field.many_to_many:
            value = ", ".join(sorted(str(pk) for pk in value or []))
        elif model_field.many_to_one and value is not None:
            target = model_field.related_model._default_manager.filter(pk=value).first()
            value = str(target) if target else f"#{value} (deleted)"
        shown[label] = "" if value is None else str(value)
    return shown


def _rows(revision):
    return {(v.content_type_id, v.object_id): v for v in revision.version_set.select_related("content_type")}


def versions_of(film):
    return Version.objects.get_for_object(film).select_related("revision__user")


def changes_between(older, newer):
    """What changed from one film version to the next, across the film and its children."""
    old_rows = _rows(older.revision) if older else {}
    new_rows = _rows(newer.revision)
    changes = []
    for key, version in new_rows.items():
        name = version._model._meta.verbose_name.capitalize()
        new_fields = _fields(version)
        if key not in old_rows:
            changes.append(RowChange("added", name, version.object_repr))
            continue
        old_fields = _fields(old_rows[key])
        diff = [
            FieldChange(label, old_fields.get(label, ""), value)
            for label, value in new_fields.items()
            if old_fields.get(label, "") != value
        ]
        if diff:
            changes.append(RowChange("changed", name, version.object_repr, diff))
    for key, version in old_rows.items():
        if key not in new_rows:
            changes.append(RowChange("removed", version._model._meta.verbose_name.capitalize(), version.object_repr))
    # The film itself first, then its content grouped by kind.
    changes.sort(key=lambda change: (change.model != "Film", change.model, change.name))
    return changes
