import re

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from catalog.data.imports import imdb
from catalog.data.imports.apply import apply_batches
from catalog.data.imports.progress import progress_bar


def year_range(text):
    match = re.fullmatch(r"([0-9]{4})(?:-([0-9]{4}))?", text)
    if not match:
        raise CommandError(f"--years takes a year or a range of years, e.g. 1990-1999, not {text!r}.")
    first = int(match[1])
    return first, int(match[2] or first)


class Command(BaseCommand):
    help = (
        "Import films and their people from files in the layout of IMDb's public datasets (title.basics, "
        "title.akas, title.crew, title.principals, name.basics; .tsv or .tsv.gz) in DIR. Movies only by default; "
        "narrow it with --only, --years or --person. New films arrive as drafts; fields an editor changed since the "
        "last import are kept and listed. --dry-run reports what would happen and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", help="The folder holding the five files.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument(
            "--types", default="movie", help="Title types to import, comma-separated (default: movie)."
        )
        parser.add_argument("--only", default="", help="Only these titles: tt identifiers, comma-separated.")
        parser.add_argument("--only-file", default="", help="Only the titles listed in this file, one per line.")
        parser.add_argument("--years", type=year_range, help="Only titles of these years, e.g. 2000-2009.")
        parser.add_argument("--person", default="", help="Only titles this person (an nm identifier) worked on.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to import into.")

    def handle(self, *args, folder, dry_run, types, only, only_file, years, person, database, verbosity, **options):
        wanted = {tt.strip() for tt in only.split(",") if tt.strip()}
        if only_file:
            try:
                with open(only_file, encoding="utf-8") as listed:
                    wanted |= {line.strip() for line in listed if line.strip()}
            except OSError as error:
                raise CommandError(f"Cannot read {only_file}: {error.strerror}.") from error
        if person and not re.fullmatch(r"nm[0-9]{7,10}", person):
            raise CommandError(f"--person takes an IMDb name identifier such as nm0004851, not {person!r}.")
        batches = imdb.read_batches(
            folder,
            title_types=tuple(t.strip() for t in types.split(",") if t.strip()),
            only=wanted or None,
            years=years,
            person=person or None,
        )
        if not len(batches) and batches.problems:
            raise CommandError("\n".join(f"{p.position}: {p.message}" for p in batches.problems))
        report = apply_batches(
            batches, total=len(batches), dry_run=dry_run, using=database, progress=progress_bar(verbosity, "Films")
        )
        lines = report.lines()
        self.stdout.write(lines[0] + "\n" + lines[1])
        if verbosity >= 1:
            for line in lines[2:]:
                self.stdout.write(line)
