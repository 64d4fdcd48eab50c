"""Importing Wikidata files end to end: the command and the Publishers' page, on the project's own test files."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from catalog.models import Film, FilmStatus, ImportedValue, Person
from tests.factories import staff_in

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "wikidata"
PARALLEL_MOTHERS = DATA / "parallel-mothers.json"


def import_wikidata(*paths, **options):
    out = io.StringIO()
    call_command("import_wikidata", *map(str, paths), stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def without_parallel_mothers(catalog):
    """The catalog with its people, awards and taxonomy, but not the film the file describes."""
    Film.objects.filter(slug="parallel-mothers").delete()


def test_every_mapped_property_lands_where_it_should(without_parallel_mothers):
    output = import_wikidata(PARALLEL_MOTHERS)
    assert "1 films were created" in output
    film = Film.objects.get(wikidata_id="Q97664862")
    assert film.status == FilmStatus.DRAFT
    assert (film.title, film.original_title, film.year) == ("Parallel Mothers", "Madres paralelas", 2021)
    assert (film.release_date, film.runtime_minutes) == (datetime.date(2021, 9, 1), 123)
    assert (film.imdb_id, film.tmdb_id, film.original_language_id) == ("tt12618926", 661914, "es")
    assert [c.code for c in film.countries.all()] == ["ES"]
    assert [g.slug for g in film.genres.all()] == ["drama"]
    titles = {(t.title, t.language_id, t.country_id) for t in film.alternative_titles.all()}
    expected = {("Madri parallele", "it", None), ("Mães Paralelas", "pt", "BR"), ("Mères parallèles", "fr", None)}
    assert expected <= titles
    credits = {(c.role, c.person.name, c.character_name) for c in film.credits.select_related("person")}
    assert ("director", "Pedro Almodóvar", "") in credits
    assert ("actor", "Penélope Cruz", "Janis Martínez Moreno") in credits
    assert ("actor", "Milena Smit", "Ana Manso") in credits
    assert {role for role, _, _ in credits} >= {"director", "writer", "actor", "composer", "cinematographer", "editor"}
    volpi = film.nominations.select_related("category__body", "person").get(
        category__body__name="Venice Film Festival"
    )
    assert (volpi.year, volpi.outcome, volpi.person.name) == (2021, "won", "Penélope Cruz")
    oscars = film.nominations.filter(category__body__name="Academy Awards")
    assert {(n.year, n.outcome) for n in oscars} == {(2022, "nominated")}
    location = film.locations.get(place="Torremocha de Jarama")
    assert location.country_id == "ES" and location.latitude is not None and location.longitude is not None
    cited = [
        row for row in [*film.nominations.all(), *film.locations.all()] if row.source_url or row.source_publication
    ]
    assert cited, "the references of the file's statements become the rows' citations"
    revision = Version.objects.get_for_object(film).get().revision
    assert revision.comment == "Import from Wikidata"


def test_importing_into_the_catalog_matches_the_film_and_keeps_its_editors_values(catalog):
    film = Film.objects.get(slug="parallel-mothers")
    names = set(Person.objects.values_list("name", flat=True))
    output = import_wikidata(PARALLEL_MOTHERS)
    film.refresh_from_db()
    assert "matched by title and year" in output
    assert film.wikidata_id == "Q97664862" and film.imdb_id == "tt12618926"  # empty before: filled
    assert film.status == FilmStatus.PUBLISHED
    assert Person.objects.get(name="Penélope Cruz").wikidata_id  # matched by name, given its identifier
    for name in names:  # people the catalog has are matched by name, never added twice
        assert Person.objects.filter(name=name).count() == 1, name

    again = import_wikidata(PARALLEL_MOTHERS)
    assert "0 films were created, 0 updated, 1 already up to date" in again


def test_a_dry_run_writes_nothing(without_parallel_mothers):
    before = (Film.objects.count(), Person.objects.count(), ImportedValue.objects.count(), Version.objects.count())
    output = import_wikidata(PARALLEL_MOTHERS, dry_run=True)
    assert "dry run: nothing was written" in output and "1 films would be created" in output
    after = (Film.objects.count(), Person.objects.count(), ImportedValue.objects.count(), Version.objects.count())
    assert after == before


def test_a_malformed_line_is_reported_with_its_position_and_the_rest_imported(catalog):
    output = import_wikidata(DATA / "broken-dump.json")
    assert "skipped broken-dump.json, line 3: not valid JSON" in output
    assert "updated: Julieta (2016)" in output  # the line after the broken one is read and applied


def test_a_publisher_imports_a_file_from_the_film_list_after_reading_the_dry_run(
    without_parallel_mothers, publisher_client, tmp_path, settings
):
    settings.IMPORT_UPLOAD_DIR = tmp_path
    url = reverse("admin:catalog_film_import")
    assert 'href="/admin/catalog/film/import/"' in publisher_client.get(reverse("admin:catalog_film_changelist")).text
    upload = SimpleUploadedFile("parallel-mothers.json", PARALLEL_MOTHERS.read_bytes())
    page = publisher_client.post(url, {"file": upload})
    assert "What the import would do" in page.text and "1 films would be created" in page.text
    assert not Film.objects.filter(wikidata_id="Q97664862").exists()
    token = page.context["confirm"].initial
    done = publisher_client.post(url, token)
    assert "Imported" in done.text
    assert Film.objects.get(wikidata_id="Q97664862").status == FilmStatus.DRAFT
    assert not list(tmp_path.iterdir()), "the upload is deleted once imported"
    assert publisher_client.post(url, token).status_code == 302  # the same confirmation cannot import twice


def test_editors_cannot_import_and_bad_uploads_are_refused(catalog, editor_client, settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path
    url = reverse("admin:catalog_film_import")
    publisher_client = Client()
    publisher_client.force_login(staff_in("Publisher"))
    assert editor_client.get(url).status_code == 403
    assert 'href="/admin/catalog/film/import/"' not in editor_client.get(reverse("admin:catalog_film_changelist")).text
    page = publisher_client.post(url, {"file": SimpleUploadedFile("notes.txt", b"hello")})
    assert "Upload a .json file" in page.text
    page = publisher_client.post(url, {"file": SimpleUploadedFile("junk.json", b"{not json")})
    assert page.status_code == 200 and "junk.json" in page.text
