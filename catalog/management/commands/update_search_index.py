from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from catalog import derived
from catalog.search import uses_full_text


class Command(BaseCommand):
    help = (
        "Rebuild the search documents of every film, quote and note (PostgreSQL only). Saving through the admin "
        "or the models keeps documents current; run this after changes that skip save(), such as "
        "QuerySet.update() or bulk_create(). refresh_derived does this and the rest."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to index.")

    def handle(self, *args, database, verbosity, **options):
        if not uses_full_text(database):
            if verbosity >= 1:
                self.stdout.write("This database searches by substring and keeps no search documents.")
            return
        every = derived.everything(database)
        # The films' folded titles come along: they are derived from the same rows, on the same path.
        derived.refresh(derived.Changes(films=every.films, quotes=every.quotes, notes=every.notes), database)
        if verbosity >= 1:
            self.stdout.write(
                f"Rebuilt the search documents of {len(every.films)} films, {len(every.quotes)} quotes "
                f"and {len(every.notes)} notes."
            )
