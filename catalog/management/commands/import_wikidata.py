from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from catalog.data.imports import wikidata
from catalog.data.imports.apply import apply_batch
from catalog.data.imports.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Import films and the people they name from Wikidata entity JSON: dumps (a JSON array, one entity per "
        "line, optionally .gz or .bz2) and Special:EntityData files. New films arrive as drafts; a film or person "
        "is matched by its identifiers, then by title and year (name and birth year); fields an editor changed "
        "since the last import are kept and listed. --dry-run reports what would happen and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE", help="Wikidata entity JSON files.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument("--language", default="en", help="The language of titles and names (default: en).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to import into.")

    def handle(self, *args, paths, dry_run, language, database, verbosity, **options):
        batch = wikidata.read_batch(paths, language=language)
        if not batch.films and batch.problems:
            raise CommandError("\n".join(f"{p.position}: {p.message}" for p in batch.problems))
        report = apply_batch(batch, dry_run=dry_run, using=database, progress=progress_bar(verbosity, "Films"))
        lines = report.lines()
        self.stdout.write(lines[0] + "\n" + lines[1])
        if verbosity >= 1:
            for line in lines[2:]:
                self.stdout.write(line)
