from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from catalog.publication import carry_out_schedule


class Command(BaseCommand):
    help = (
        "Publish the films whose “go live at” time has come and take back to draft those whose “unpublish at” "
        "time has, each with a revision saying it was scheduled. Safe to run at any time and as often as you "
        "like (from cron, every minute): a film's schedule is cleared once carried out."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to work on.")

    def handle(self, *args, database, verbosity, **options):
        run = carry_out_schedule(timezone.now(), using=database)
        for film in run.held:
            self.stderr.write(f"{film}: not published yet: a picture has no licence or credit (tried again next run).")
        if verbosity >= 1:
            for film in run.changed:
                self.stdout.write(f"{film}: {film.get_status_display()}")
            self.stdout.write(f"{len(run.changed)} scheduled change(s) carried out.")
