from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from catalog import derived
from catalog.search import prune_search_documents


class Command(BaseCommand):
    help = (
        "Recompute everything stored alongside the catalog's rows, for every row: the count of published films "
        "of each person, genre, country and language, the folded titles and names the list filters match, what "
        "search finds and the page cache's generation. Saving through the admin or the models "
        "keeps them current; run this after changes that skip save(), such as QuerySet.update() or bulk_create()."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to refresh.")

    def handle(self, *args, database, verbosity, **options):
        changes = derived.everything(database)
        prune_search_documents(database)
        derived.refresh(changes, database)
        if verbosity >= 1:
            self.stdout.write(
                f"Refreshed what is derived from {len(changes.films)} films, {len(changes.people)} people, "
                f"{len(changes.genres) + len(changes.countries) + len(changes.languages)} genres, countries and "
                f"languages, {len(changes.quotes)} quotes and {len(changes.notes)} notes."
            )
