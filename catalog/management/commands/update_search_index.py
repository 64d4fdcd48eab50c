from itertools import batched

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, transaction

from catalog.models import Film, FilmNote, Quote
from catalog.search import refresh_search_documents, uses_full_text

# One short transaction per batch, so that rebuilding a large catalog never holds every film's row lock at once.
BATCH_SIZE = 500


class Command(BaseCommand):
    help = (
        "Rebuild the search documents of every film, quote and note (PostgreSQL only). Saving through the admin "
        "or the models keeps documents current; run this after changes that skip save(), such as "
        "QuerySet.update() or bulk_create()."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to index.")

    def handle(self, *args, database, verbosity, **options):
        if not uses_full_text(database):
            if verbosity >= 1:
                self.stdout.write("This database searches by substring and keeps no search documents.")
            return
        counts = {}
        for model in (Film, Quote, FilmNote):
            ids = model._base_manager.using(database).order_by("pk").values_list("pk", flat=True)
            counts[model] = 0
            for batch in batched(ids, BATCH_SIZE):
                with transaction.atomic(using=database):
                    counts[model] += refresh_search_documents(model, batch, using=database)
        if verbosity >= 1:
            self.stdout.write(
                f"Rebuilt the search documents of {counts[Film]} films, {counts[Quote]} quotes "
                f"and {counts[FilmNote]} notes."
            )
