from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

# Reference data first, then what refers to it. Rows are named by natural keys, so loading
# again updates them in place instead of duplicating them.
CATALOG_FIXTURES = [
    "countries",
    "languages",
    "genres",
    "awards",
    "people",
    "films",
    "parallel_mothers",
    "related_films",
]


class Command(BaseCommand):
    help = "Load the catalog's fixtures (Parallel Mothers and the films it links to). Safe to run again."

    def handle(self, *args, **options):
        # loaddata is atomic per call; one transaction around all files keeps a broken file
        # from leaving the catalog half-loaded.
        with transaction.atomic():
            call_command("loaddata", *CATALOG_FIXTURES, verbosity=options["verbosity"])
