"""Loading catalog records, JSON named by natural keys, from the fixtures, imported files and backups.

A load is all or nothing. A file that cannot be loaded is reported by the record that fails
(file, position, model and natural key) in one paragraph an operator can act on.
"""

import io
import json
import re
from dataclasses import dataclass
from graphlib import TopologicalSorter
from pathlib import Path, PurePosixPath

import reversion
from django.apps import apps
from django.core import serializers
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, models, transaction
from reversion.models import Version

from .. import derived
from ..models import Film, Image


class CatalogFileError(Exception):
    """A file that cannot be loaded or restored, explained so that the operator can fix it."""


def catalog_models():
    """Every catalog model, each after the models it refers to, so natural keys resolve in one pass."""
    catalog = [model for model in apps.get_app_config("catalog").get_models() if getattr(model, "BACKED_UP", True)]
    graph = {
        model: {
            field.related_model
            for field in [*model._meta.fields, *model._meta.many_to_many]
            if field.is_relation and field.related_model in catalog and field.related_model is not model
        }
        for model in catalog
    }
    return list(TopologicalSorter(graph).static_order())


@dataclass(frozen=True)
class Record:
    source: str
    position: int  # counted from 1, as a person reading the file counts
    model: type[models.Model]
    data: dict

    def __str__(self):
        described = " ".join(filter(None, [self.model._meta.label_lower, self.key()]))
        return f"{self.source}, record {self.position} ({described})"

    def key(self):
        """The record's natural key as the file gives it: the fields it is made of, or the pk for codes."""
        fields = {**self.data["fields"], "pk": self.data.get("pk")}
        names = dict.fromkeys(path.split("__")[0] for path in getattr(self.model, "NATURAL_KEY", ("pk",)))
        return ", ".join(f"{name}={_show(fields[name])}" for name in names if fields.get(name) is not None)


def _show(value):
    return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)


def _first_line(error):
    # PostgreSQL appends DETAIL lines quoting the whole row; the first line says what went wrong.
    lines = str(error).strip().splitlines()
    return lines[0].rstrip(".") if lines else type(error).__name__


def read_json(path):
    try:
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except OSError as error:
        raise CatalogFileError(f"Cannot read {path}: {error.strerror or error}.") from error
    except UnicodeDecodeError as error:
        raise CatalogFileError(f"{path} is not UTF-8 text.") from error
    except json.JSONDecodeError as error:
        raise CatalogFileError(
            f"{path} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from error


def json_files(paths):
    """The files named, with each folder standing for the .json files in it."""
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(path.glob("*.json"))
            if not found:
                raise CatalogFileError(f"{path} has no .json files to load.")
            files += found
        else:
            files.append(path)
    return files


def read_fixture(path):
    data = read_json(path)
    if isinstance(data, dict) and "objects" in data:
        raise CatalogFileError(f"{path} is a catalog backup; restore it with restore_catalog.")
    return records_in(data, path)


def records_in(data, source):
    if not isinstance(data, list):
        raise CatalogFileError(
            f"{source} should hold a list of records, each with a “model” and its “fields”, "
            "as the files in fixtures/ do."
        )
    known = {model._meta.label_lower: model for model in catalog_models()}
    records = []
    for position, item in enumerate(data, 1):
        if not (
            isinstance(item, dict) and isinstance(item.get("model"), str) and isinstance(item.get("fields"), dict)
        ):
            raise CatalogFileError(f"{source}, record {position}, is not a record with a “model” and its “fields”.")
        model = known.get(item["model"].lower())
        if model is None:
            # Users and permissions are not catalog content; an import must not be able to add them.
            raise CatalogFileError(
                f"{source}, record {position}: “{item['model']}” is not a catalog model, "
                "and only catalog content can be loaded."
            )
        records.append(Record(str(source), position, model, item))
    return records


def load_records(records, using=DEFAULT_DB_ALIAS, *, first_revision="Initial import"):
    """Create or update every record, matched by natural key, in one transaction; return how many.

    Records are saved in model dependency order whatever the files' order, so each natural key
    refers to a row that is already there. A loaded film with no history yet gets its first revision,
    commented ``first_revision``, so that its history starts with what was loaded.
    """
    rank = {model: position for position, model in enumerate(catalog_models())}
    records = sorted(records, key=lambda record: rank[record.model])
    with transaction.atomic(using=using), derived.batch():
        saved = []
        for record in records:
            try:
                saved.append((record, _save(record, using)))
            except CatalogFileError:
                raise
            except DatabaseError as error:
                raise CatalogFileError(f"{record}: {_database_reason(error, record.model)}.") from error
            except Exception as error:
                # Deserialising can fail in many ways (bad date, missing reference, unknown
                # field); every one of them is reported against its record.
                reason = _find_problem(record, using) or _first_line(error)
                raise CatalogFileError(f"{record}: {reason}.") from error
        _check_deferred_references(records, using)
        # Rules that read other rows (a nomination's person must be credited on the film) are checked
        # once every row is written, so they see the whole load whatever the files' order.
        for record, instance in saved:
            _check(record, instance.clean)
        _start_histories([instance for _, instance in saved], first_revision, using)
    return len(records)


def _start_histories(instances, comment, using):
    """A first revision for each film among ``instances`` that has none yet; it holds the film's rows too."""
    tracked = [instance for instance in instances if isinstance(instance, Film) and reversion.is_registered(Film)]
    if not tracked:
        return
    started = set(
        Version.objects.using(using)
        .get_for_model(Film)
        .filter(object_id__in=[str(film.pk) for film in tracked])
        .values_list("object_id", flat=True)
    )
    for instance in tracked:
        if str(instance.pk) in started:
            continue
        with reversion.create_revision(using=using):
            reversion.set_comment(comment)
            reversion.add_to_revision(instance)


def _save(record, using):
    """Save the record's row once its fields pass the rules the admin's forms apply to them."""
    data = record.data
    if hasattr(record.model, "natural_key"):
        # Rows are matched by natural key: an id from another database may name a different row here.
        data = {key: value for key, value in data.items() if key != "pk"}
    (obj,) = serializers.deserialize("python", [data], using=using)
    if isinstance(obj.object, Image) and not obj.object.checksum:
        return _save_picture(record, obj.object, using)
    if isinstance(obj.object, Film):
        # A raw save skips Film.save(): a published film gets its publication time here, kept on a reload. Only a
        # published record without one (a fixture) reads the time its row has; a backup's records carry theirs.
        film = obj.object
        kept = None
        if film.is_published and film.published_at is None and film.pk is not None:
            kept = Film.objects.using(using).filter(pk=film.pk).values_list("published_at", flat=True).first()
        film.stamp_publication(previously=kept)
    # Uniqueness and constraints are the database's, checked as the row is saved.
    _check(record, obj.object.clean_fields)
    obj.save(using=using)
    return obj.object


def _save_picture(record, image, using):
    """An image record that names a picture file beside its fixture (no checksum): the picture is cleaned and
    stored as an upload would be, with its renditions; loaded again, an unchanged picture is left as it is."""
    name = str(image.file)
    relative = PurePosixPath(name)
    if not name or relative.is_absolute() or ".." in relative.parts:
        raise CatalogFileError(f"{record}: the picture “{name}” must be a path inside the fixture's folder.")
    path = Path(record.source).parent / relative
    if not path.is_file():
        raise CatalogFileError(f"{record}: the picture {path} does not exist.")
    with path.open("rb") as source:
        image.file = File(io.BytesIO(source.read()), name=path.name)
    _check(record, image.cleaned_upload)
    stored = Image.objects.using(using).filter(pk=image.pk).first() if image.pk else None
    if stored is not None and stored.checksum == image.checksum:
        image.file, image.width, image.height = stored.file.name, stored.width, stored.height
    _check(record, lambda: image.full_clean(exclude=["file"], validate_unique=False))
    image.save(using=using)
    return image


def _check(record, validate):
    try:
        validate()
    except ValidationError as error:
        problems = "; ".join(
            " ".join(messages) if name == NON_FIELD_ERRORS else f"{name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
        raise CatalogFileError(f"{record}: {problems.rstrip('.')}.") from error


def _database_reason(error, model):
    text = str(error)
    for constraint in model._meta.constraints:
        if re.search(rf"\b{re.escape(constraint.name)}\b", text):
            return f"{constraint.get_violation_error_message().rstrip('.')} (constraint {constraint.name})"
    return _first_line(error)


def _find_problem(record, using):
    """Which field of the record is wrong, and why, or None when no single field is to blame."""
    try:
        with transaction.atomic(using=using):
            for name, value in record.data["fields"].items():
                if problem := _field_problem(record.model, name, value, using):
                    return problem
    except DatabaseError:
        pass
    return None


def _field_problem(model, name, value, using):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return f"{model._meta.label_lower} has no field “{name}”"
    if field.many_to_many:
        if not isinstance(value, list):
            return f"{name} should be a list, not {_show(value)}"
        return next(filter(None, (_missing_reference(field, item, using) for item in value)), None)
    if field.many_to_one or field.one_to_one:
        return None if value is None else _missing_reference(field, value, using)
    try:
        field.to_python(value)
    except ValidationError as error:
        return f"{name}: {' '.join(error.messages).rstrip('.')}"
    return None


def _missing_reference(field, value, using):
    related = field.related_model
    manager = related._base_manager.db_manager(using)
    name = related._meta.verbose_name
    try:
        if isinstance(value, list) and hasattr(related._default_manager, "get_by_natural_key"):
            related._default_manager.db_manager(using).get_by_natural_key(*value)
        else:
            target = related._meta.pk if field.many_to_many else field.target_field
            if not manager.filter(**{target.attname: target.to_python(value)}).exists():
                raise related.DoesNotExist
    except ObjectDoesNotExist:
        return f"{field.name} refers to {name} {_show(value)}, which does not exist"
    except (ValidationError, ValueError, TypeError):
        return f"{field.name}: {_show(value)} is not a valid reference to a {name}"
    return None


def _check_deferred_references(records, using):
    """Codes such as countries and languages are checked by the database only at commit, where no
    record can be named: check them now and, if one dangles, find the record that names it."""
    connection = connections[using]
    tables = [model._meta.db_table for model in catalog_models()]
    tables += [
        field.remote_field.through._meta.db_table for model in catalog_models() for field in model._meta.many_to_many
    ]
    try:
        with transaction.atomic(using=using):
            connection.check_constraints(table_names=tables)
    except IntegrityError as error:
        for record in records:
            if problem := _find_problem(record, using):
                raise CatalogFileError(f"{record}: {problem}.") from error
        raise CatalogFileError(f"{_first_line(error)}.") from error
