from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from catalog.data.backups import restore_backup
from catalog.data.loading import CatalogFileError


class Command(BaseCommand):
    help = (
        "Restore a backup made by export_catalog into an empty catalog, with its media files. "
        "All or nothing: if any record or file is wrong, the database is left as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file; its media folder is expected beside it.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the current catalog and restore the backup in its place (in the same transaction). "
            "Media files of the deleted rows stay in storage.",
        )
        parser.add_argument(
            "--no-media",
            action="store_false",
            dest="with_media",
            help="Restore the records only, leaving media storage as it is.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to restore into.")

    def handle(self, *args, path, replace, with_media, database, verbosity, **options):
        try:
            restored = restore_backup(path, replace=replace, with_media=with_media, using=database)
        except CatalogFileError as error:
            raise CommandError(f"{error} Nothing was restored.") from error
        if restored.media_left_out:
            self.stderr.write(
                self.style.WARNING(
                    f"{restored.media_left_out} media files listed in the backup were not restored; "
                    "copy them into the media storage separately."
                )
            )
        if verbosity >= 1:
            self.stdout.write(
                f"Restored {restored.records} records and {restored.media_restored} media files from {path}."
            )
