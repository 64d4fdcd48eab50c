"""Backups of the catalog: every row named by natural keys in one JSON file, its media files beside it.

A backup restores into an empty database, on SQLite or PostgreSQL alike; accounts and edit history
are left to the database's own backups.
"""

import datetime
import hashlib
import json
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.core import serializers
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone

from .. import derived
from ..models import Image
from .loading import CatalogFileError, catalog_models, load_records, read_json, records_in

BACKUP_FORMAT = "filmsite-catalog-backup"
BACKUP_VERSION = 1


def catalog_row_counts(using=DEFAULT_DB_ALIAS):
    """Rows per catalog model, for the models that have any."""
    counts = {model._meta.verbose_name_plural: model._base_manager.using(using).count() for model in catalog_models()}
    return {name: count for name, count in counts.items() if count}


def delete_catalog(using=DEFAULT_DB_ALIAS):
    # Dependents first, so that protected references never stand in the way.
    for model in reversed(catalog_models()):
        model._base_manager.using(using).all().delete()


class _BackupEncoder(DjangoJSONEncoder):
    def default(self, o):
        # DjangoJSONEncoder rounds to milliseconds; a restore should give back the exact timestamps.
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


def dump_records(using=DEFAULT_DB_ALIAS):
    """Every catalog row as a fixture record named by natural keys, referenced rows first."""
    records = []
    for model in catalog_models():
        # In creation order: a restore then creates rows in the same order, and pages that break
        # ties by id keep showing them the same way.
        queryset = model._base_manager.using(using).order_by("pk")
        records += serializers.serialize(
            "python", queryset, use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
    return records


def media_files(using=DEFAULT_DB_ALIAS):
    """The stored files the catalog refers to, each library picture with its renditions: ``{name: storage}``."""
    files = {}
    for model in catalog_models():
        for field in model._meta.fields:
            if not isinstance(field, models.FileField):
                continue
            for name in (
                model._base_manager.using(using).exclude(**{field.name: ""}).values_list(field.name, flat=True)
            ):
                files[name] = field.storage
    for image in Image._base_manager.using(using).exclude(file=""):
        files.update(dict.fromkeys(image.rendition_paths(), image.file.storage))
    return dict(sorted(files.items()))


def _safe_path(name):
    path = PurePosixPath(name) if isinstance(name, str) else None
    if not name or path is None or path.is_absolute() or ".." in path.parts:
        raise CatalogFileError(f"The media file name {name!r} is not a plain relative path.")
    return path


def _digest(source, copy_to=None):
    """The SHA-256 of an open binary file, copying it on the way when ``copy_to`` is given."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: source.read(1 << 20), b""):
        digest.update(chunk)
        if copy_to is not None:
            copy_to.write(chunk)
    return digest.hexdigest()


@contextmanager
def _snapshot(using):
    """A transaction whose queries all see the catalog as it was at the first one."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        # PostgreSQL's default isolation gives each query its own snapshot, and a credit could then
        # name a film that the backup lacks. SQLite reads inside one transaction see one snapshot.
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def write_backup(path, *, with_media=True, using=DEFAULT_DB_ALIAS):
    """Write the catalog to ``path`` and its media files to a folder beside it.

    The media files are copied first and the JSON is written last, under its name only once it
    is complete, so a backup file that exists is whole. Returns the backup written and the names
    of referenced media files that were missing from storage.
    """
    path = Path(path)
    folder = path.with_suffix(".media")
    for existing in (path, folder):
        if existing.exists():
            raise CatalogFileError(f"{existing} already exists; choose a new name so that no backup is overwritten.")
    with _snapshot(using):
        records = dump_records(using)
        files = media_files(using)
    media, missing = [], []
    partial = path.with_name(f"{path.name}.partial")
    try:
        for name, storage in files.items():
            if not storage.exists(name):
                missing.append(name)
                continue
            entry = {"name": name}
            if with_media:
                target = folder / _safe_path(name)
                target.parent.mkdir(parents=True, exist_ok=True)
                with storage.open(name, "rb") as source, open(target, "wb") as copy:
                    entry["sha256"] = _digest(source, copy_to=copy)
            media.append(entry)
        backup = {
            "format": BACKUP_FORMAT,
            "version": BACKUP_VERSION,
            "exported_at": timezone.now(),
            "media_folder": folder.name if with_media and media else None,
            "media": media,
            "objects": records,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "w", encoding="utf-8") as file:
            json.dump(backup, file, cls=_BackupEncoder, ensure_ascii=False, indent=1)
        partial.replace(path)
    except BaseException:
        # Half a backup must not pass for a whole one, nor block a second attempt under the same name.
        partial.unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return backup, missing


@dataclass(frozen=True)
class Restored:
    records: int
    media_restored: int
    media_left_out: int


def restore_backup(path, *, replace=False, with_media=True, using=DEFAULT_DB_ALIAS):
    """Restore a backup into an empty catalog, or in place of the current one with ``replace``.

    Everything is checked before anything is written: the backup's records as they load, and
    its media files against their checksums. The rows are restored in one transaction.
    """
    path = Path(path)
    data = read_json(path)
    if not (isinstance(data, dict) and data.get("format") == BACKUP_FORMAT):
        raise CatalogFileError(
            f"{path} is not a catalog backup made by export_catalog; "
            "to add the records of a fixture file to the catalog, use load_catalog."
        )
    if data.get("version") != BACKUP_VERSION:
        raise CatalogFileError(
            f"{path} is a backup of version {data.get('version')!r}; this filmsite reads version {BACKUP_VERSION}."
        )
    records = records_in(data.get("objects"), path)
    media = data.get("media") or []
    folder = None
    if with_media and data.get("media_folder"):
        folder = path.parent / _safe_path(data["media_folder"]).name
        _verify_media(media, folder, path)
    with transaction.atomic(using=using), derived.batch():
        if counts := catalog_row_counts(using):
            if not replace:
                largest = sorted(counts.items(), key=lambda item: -item[1])
                present = ", ".join(f"{count} {name}" for name, count in largest[:3])
                raise CatalogFileError(
                    f"The catalog is not empty: it holds {sum(counts.values())} rows ({present}"
                    f"{', …' if len(largest) > 3 else ''}). Restore into an empty database, or pass "
                    "--replace to delete the current catalog and put the backup in its place."
                )
            delete_catalog(using)
        load_records(records, using, first_revision="Restored from a backup")
        restored = _restore_media(media, folder, using) if folder else 0
    return Restored(len(records), restored, len(media) - restored)


def _verify_media(media, folder, path):
    if not folder.is_dir():
        raise CatalogFileError(
            f"The backup's media folder {folder} is missing; put it beside {path.name}, "
            "or pass --no-media to restore the records without their images."
        )
    problems = []
    for entry in media:
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str):
            raise CatalogFileError(f"{path} lists a media file without its checksum: {entry!r}.")
        file = folder / _safe_path(entry.get("name"))
        if not file.is_file():
            problems.append(f"{entry['name']} is missing")
        else:
            with open(file, "rb") as opened:
                if _digest(opened) != entry["sha256"]:
                    problems.append(f"{entry['name']} is not the file that was backed up")
    if problems:
        more = f" and {len(problems) - 3} more" if len(problems) > 3 else ""
        raise CatalogFileError(
            f"The media folder {folder} does not match the backup: {'; '.join(problems[:3])}{more}."
        )


def _restore_media(media, folder, using):
    # The restored rows say which storage each file belongs in.
    storages = media_files(using)
    restored = 0
    for entry in media:
        name = entry["name"]
        storage = storages.get(name)
        if storage is None:
            continue
        if storage.exists(name):
            with storage.open(name, "rb") as current:
                if _digest(current) == entry["sha256"]:
                    restored += 1
                    continue
            storage.delete(name)
        with open(folder / name, "rb") as file:
            stored = storage.save(name, File(file))
        if stored != name:
            raise CatalogFileError(f"The media storage kept {name} under another name ({stored}).")
        restored += 1
    return restored
