"""Importing IMDb-format files end to end with ``manage.py import_imdb``, on the project's own test files."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from reversion.models import Version

from catalog.models import Film, FilmStatus, Person

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "imdb"


def import_imdb(*args, **options):
    out = io.StringIO()
    call_command("import_imdb", str(DATA), *args, stdout=out, **options)
    return out.getvalue()


def test_movies_arrive_as_drafts_with_their_people_and_the_film_in_the_catalog_is_matched(catalog):
    parallel_mothers = Film.objects.get(slug="parallel-mothers")
    output = import_imdb()
    parallel_mothers.refresh_from_db()
    assert "matched by title and year" in output
    assert parallel_mothers.imdb_id == "tt12618926" and parallel_mothers.status == FilmStatus.PUBLISHED
    assert Person.objects.get(name="Penélope Cruz").imdb_id == "nm0004851"
    new = Film.objects.filter(imdb_id__in=["tt9100001", "tt9100002"])
    assert new.count() == 2 and {film.status for film in new} == {FilmStatus.DRAFT}
    for film in new:
        assert film.credits.exists()
        assert Version.objects.get_for_object(film).get().revision.comment == "Import from IMDb"
    assert "0 films were created, 0 updated" in import_imdb()


def test_selection_by_identifier_and_a_dry_run(catalog):
    before = (Film.objects.count(), Person.objects.count())
    output = import_imdb("--only", "tt9100001", "--dry-run")
    assert "1 films would be created" in output and "dry run" in output
    assert (Film.objects.count(), Person.objects.count()) == before


def test_a_malformed_line_is_reported_with_its_position(catalog):
    assert "title.basics.tsv, line 7" in import_imdb()


def test_bad_arguments_get_a_clear_answer(catalog, tmp_path):
    with pytest.raises(CommandError, match="--years takes a year or a range"):
        import_imdb("--years", "nineties")
    with pytest.raises(CommandError, match="--person takes an IMDb name identifier"):
        import_imdb("--person", "Penélope")
    with pytest.raises(CommandError, match=r"title\.basics"):
        call_command("import_imdb", str(tmp_path), stdout=io.StringIO())


def database_settings():
    """What an import tunes for its run: SQLite's page cache, PostgreSQL's GIN indexes' fastupdate."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA cache_size")
        else:
            cursor.execute(
                "SELECT relname, reloptions FROM pg_class WHERE relam = (SELECT oid FROM pg_am WHERE amname = 'gin')"
            )
        return sorted(cursor.fetchall())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_in_its_own_transactions_leaves_the_database_tuned_as_it_was(catalog):
    before = database_settings()
    assert "2 films were created" in import_imdb()
    assert database_settings() == before
    assert ("fastupdate=off" in str(before)) == (connection.vendor == "postgresql")
