from itertools import batched

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, transaction

from catalog.caching import bump_generation
from catalog.models import Country, Film, Genre, Language, Person

# One short transaction per batch, so that a large catalog is never locked as a whole.
BATCH_SIZE = 2000


class Command(BaseCommand):
    help = (
        "Recompute what is stored alongside the catalog's rows: the count of published films of each person, "
        "genre, country and language, and the folded titles and names that the list filters match. Saving "
        "through the admin or the models keeps them current; run this after changes that skip save(), such "
        "as QuerySet.update() or bulk_create()."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to refresh.")

    def handle(self, *args, database, verbosity, **options):
        with transaction.atomic(using=database):
            people = Person.objects.using(database).recount_films()
            facets = sum(model.objects.using(database).recount_films() for model in (Genre, Country, Language))
        films = names = 0
        for batch in _batches(Film, database):
            with transaction.atomic(using=database):
                films += Film.objects.using(database).filter(pk__in=batch).refold_titles()
        for batch in _batches(Person, database):
            with transaction.atomic(using=database):
                names += Person.objects.using(database).filter(pk__in=batch).refold_names()
        # Pages cached before the refresh show the stale values.
        bump_generation()
        if verbosity >= 1:
            self.stdout.write(
                f"Recounted the films of {people} people and {facets} genres, countries and languages; "
                f"refolded {films} films' titles and {names} names."
            )


def _batches(model, database):
    return batched(model._base_manager.using(database).order_by("pk").values_list("pk", flat=True), BATCH_SIZE)
