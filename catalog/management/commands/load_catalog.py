from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from catalog.data.loading import CatalogFileError, json_files, load_records, read_fixture


class Command(BaseCommand):
    help = (
        "Load the catalog's fixtures, or the given JSON files and folders of them. Rows are matched by "
        "natural key, so loading again updates them in place. All or nothing: one bad record loads nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            metavar="path",
            help="A JSON file, or a folder of them, to load instead of the bundled fixtures.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to load into.")

    def handle(self, *args, paths, database, verbosity, **options):
        try:
            files = json_files(paths or settings.FIXTURE_DIRS)
            records = [record for path in files for record in read_fixture(path)]
            count = load_records(records, using=database)
        except CatalogFileError as error:
            raise CommandError(f"{error} Nothing was loaded.") from error
        if verbosity >= 1:
            self.stdout.write(f"Loaded {count} records from {len(files)} files.")
