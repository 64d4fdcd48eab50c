from time import monotonic

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

# The generator lives with the benchmark, outside the app.
from bench.synthetic import DEFAULT_BATCH_SIZE, generate_catalog


class Command(BaseCommand):
    help = (
        "Add synthetic films, with their cast, crew and page content, to measure the site at scale. "
        "The same seed gives the same catalog; existing rows are never changed, and running it again "
        "adds another batch."
    )

    def add_arguments(self, parser):
        parser.add_argument("--films", type=int, required=True, help="How many films to add, e.g. 100000.")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random choices (default 1).")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help=f"Rows per INSERT and films per committed batch (default {DEFAULT_BATCH_SIZE}).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to fill.")

    def handle(self, *args, films, seed, batch_size, database, verbosity, **options):
        # Zero and negative numbers parse as ints, and keywords given to call_command() skip parsing.
        if not isinstance(films, int) or films < 1:
            raise CommandError(f"--films must be a positive whole number, not {films}.")
        if not isinstance(batch_size, int) or batch_size < 1:
            raise CommandError(f"--batch-size must be a positive whole number, not {batch_size}.")
        log = self.stdout.write if verbosity >= 1 else None
        started = monotonic()
        counts = generate_catalog(films, seed=seed, batch_size=batch_size, using=database, log=log)
        if verbosity >= 1:
            self.stdout.write(f"Added in {monotonic() - started:.1f} seconds:")
            for label, count in counts.items():
                self.stdout.write(f"  {label}: {count:,}")
