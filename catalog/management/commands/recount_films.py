from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, transaction

from catalog.models import Genre, Person


class Command(BaseCommand):
    help = (
        "Recount the published films of every person and genre (their film_count). Saving through the admin "
        "or the models keeps the counts current; run this after changes that skip save(), such as "
        "QuerySet.update() or bulk_create()."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to recount.")

    def handle(self, *args, database, verbosity, **options):
        with transaction.atomic(using=database):
            people = Person.objects.using(database).recount_films()
            genres = Genre.objects.using(database).recount_films()
        if verbosity >= 1:
            self.stdout.write(f"Recounted the films of {people} people and {genres} genres.")
