from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from catalog import derived
from catalog.search import prune_search_documents


class Command(BaseCommand):
    help = (
        "Rebuild what search finds of every film, person, quote and note. Saving through the admin or the models "
        "keeps it current; run this after changes that skip save(), such as QuerySet.update() or bulk_create(). "
        "refresh_derived does this and the rest."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to index.")

    def handle(self, *args, database, verbosity, **options):
        every = derived.everything(database)
        prune_search_documents(database)
        # The films' folded titles and the people's folded names come along: search reads them.
        changes = derived.Changes(films=every.films, names=every.names, quotes=every.quotes, notes=every.notes)
        derived.refresh(changes, database)
        if verbosity >= 1:
            self.stdout.write(
                f"Rebuilt the search documents of {len(every.films)} films, {len(every.names)} people, "
                f"{len(every.quotes)} quotes and {len(every.notes)} notes."
            )
