from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from catalog.data.backups import write_backup
from catalog.data.loading import CatalogFileError


class Command(BaseCommand):
    help = (
        "Back up the catalog: every catalog row, named by natural keys, to a JSON file, and the posters "
        "and photos it refers to into a folder beside it (backup.json, backup.media/). "
        "Accounts and edit history are not included."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file to write; it must not exist yet.")
        parser.add_argument(
            "--no-media",
            action="store_false",
            dest="with_media",
            help="List the media files but do not copy them, when they are backed up another way.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to back up.")

    def handle(self, *args, path, with_media, database, verbosity, **options):
        try:
            backup, missing = write_backup(path, with_media=with_media, using=database)
        except CatalogFileError as error:
            raise CommandError(str(error)) from error
        if missing:
            self.stderr.write(
                self.style.WARNING(
                    f"{len(missing)} media files the catalog refers to are missing from storage and were not "
                    f"backed up: {', '.join(missing)}."
                )
            )
        if verbosity >= 1:
            where = f" (copied to {backup['media_folder']}/)" if backup["media_folder"] else ""
            self.stdout.write(
                f"Wrote {len(backup['objects'])} records and listed {len(backup['media'])} media files{where} "
                f"to {path}."
            )
