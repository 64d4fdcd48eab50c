"""Applying an import: matching, never overwriting an editor, idempotent, dry runs, one revision per film."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from reversion.models import Version

from catalog.data.imports.apply import apply_batch
from catalog.data.imports.records import (
    AlternativeTitleRecord,
    Batch,
    Citation,
    CreditRecord,
    FilmRecord,
    LocationRecord,
    NominationRecord,
    PersonRecord,
)
from catalog.models import Credit, Film, FilmStatus, FilmTotal, Nomination, Person
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

VARIETY = Citation(url="https://variety.example/review", publication="Variety", retrieved=datetime.date(2024, 5, 1))


def harbour(**changes):
    """A batch with one film, its director and its lead, as a source's reader would give it."""
    film = FilmRecord(
        key="Q900001",
        position="harbour.json, entity Q900001",
        title="The Quiet Harbour",
        year=2024,
        ids={"wikidata_id": "Q900001", "imdb_id": "tt9000001"},
        original_title="El puerto tranquilo",
        release_date=datetime.date(2024, 3, 8),
        runtime_minutes=101,
        countries=["ES"],
        original_language="es",
        genres=["drama"],
        alternative_titles=[AlternativeTitleRecord("Le port tranquille", language="fr")],
        credits=[
            CreditRecord("Q900010", "director", billing_order=1, citation=VARIETY),
            CreditRecord("Q900011", "actor", character_name="Marta", billing_order=1),
        ],
        nominations=[NominationRecord("Venice Film Festival", "Volpi Cup for Best Actress", 2024, "won", "Q900011")],
        locations=[LocationRecord("Cudillero", country="ES", latitude=43.5632, longitude=-6.1456, citation=VARIETY)],
    )
    for name, value in changes.items():
        setattr(film, name, value)
    people = {
        "Q900010": PersonRecord("Q900010", "harbour.json, entity Q900010", "Inés Ortega", {"wikidata_id": "Q900010"}),
        "Q900011": PersonRecord(
            "Q900011",
            "harbour.json, entity Q900011",
            "Lucía Vera",
            {"wikidata_id": "Q900011", "imdb_id": "nm9000011"},
            birth_date=datetime.date(1990, 2, 3),
        ),
    }
    return Batch("wikidata", films=[film], people=people)


def test_a_new_film_arrives_as_a_draft_with_everything_mapped(catalog):
    report = apply_batch(harbour())
    film = Film.objects.get(wikidata_id="Q900001")
    assert [str(f) for f in report.created] == ["The Quiet Harbour (2024)"]
    assert film.status == FilmStatus.DRAFT and film.imdb_id == "tt9000001"
    assert (film.original_title, film.release_date, film.runtime_minutes) == (
        "El puerto tranquilo",
        datetime.date(2024, 3, 8),
        101,
    )
    assert film.original_language_id == "es"
    assert [c.code for c in film.countries.all()] == ["ES"]
    assert [g.slug for g in film.genres.all()] == ["drama"]
    assert [(t.title, t.language_id) for t in film.alternative_titles.all()] == [("Le port tranquille", "fr")]
    credits = {(c.person.name, c.role, c.character_name) for c in film.credits.select_related("person")}
    assert credits == {("Inés Ortega", "director", ""), ("Lucía Vera", "actor", "Marta")}
    nomination = film.nominations.select_related("category__body", "person").get()
    assert (nomination.category.body.name, nomination.year, nomination.person.name, nomination.outcome) == (
        "Venice Film Festival",
        2024,
        "Lucía Vera",
        "won",
    )
    location = film.locations.get()
    assert (location.place, location.country_id, float(location.latitude)) == ("Cudillero", "ES", 43.5632)
    assert (location.source_url, location.source_publication, location.source_retrieved) == (
        VARIETY.url,
        "Variety",
        VARIETY.retrieved,
    )
    assert Person.objects.get(imdb_id="nm9000011").birth_date == datetime.date(1990, 2, 3)
    revision = Version.objects.get_for_object(film).get().revision
    assert revision.comment == "Import from Wikidata" and revision.user is None


def test_importing_the_same_batch_twice_changes_nothing_the_second_time(catalog):
    apply_batch(harbour())
    film = Film.objects.get(wikidata_id="Q900001")
    counts = (Credit.objects.count(), Nomination.objects.count(), Version.objects.get_for_object(film).count())
    stamp = film.updated_at
    report = apply_batch(harbour())
    film.refresh_from_db()
    assert [str(f) for f in report.unchanged] == ["The Quiet Harbour (2024)"]
    assert not report.created and not report.updated and not report.kept
    assert (Credit.objects.count(), Nomination.objects.count(), Version.objects.get_for_object(film).count()) == counts
    assert film.updated_at == stamp


def test_a_reimport_keeps_what_an_editor_changed_and_reports_the_difference(catalog, admin_client):
    apply_batch(harbour())
    film = Film.objects.get(wikidata_id="Q900001")
    url = reverse("admin:catalog_film_change", args=[film.pk])
    data = change_form_data(admin_client.get(url))
    data.update(runtime_minutes="99", title="The Quiet Harbour: Director's Cut")
    assert admin_client.post(url, data).status_code == 302

    report = apply_batch(harbour(runtime_minutes=104, release_date=datetime.date(2024, 3, 1)))
    film.refresh_from_db()
    assert film.runtime_minutes == 99 and film.title == "The Quiet Harbour: Director's Cut"
    assert film.release_date == datetime.date(2024, 3, 1)  # untouched by the editor: the source's new value
    kept = {(k.field, k.catalog, k.source) for k in report.kept}
    assert kept == {("runtime_minutes", 99, 104), ("title", "The Quiet Harbour: Director's Cut", "The Quiet Harbour")}
    assert any("kept the editor's runtime_minutes" in line for line in report.lines())


def test_a_row_an_editor_removed_is_not_added_again(catalog):
    apply_batch(harbour())
    film = Film.objects.get(wikidata_id="Q900001")
    film.alternative_titles.all().delete()
    film.genres.clear()
    apply_batch(harbour())
    assert not film.alternative_titles.exists() and not film.genres.exists()


def test_a_film_is_matched_by_title_and_year_and_the_match_is_reported(catalog, make):
    existing = make.film("The Quiet Harbour", year=2024, status=FilmStatus.PUBLISHED)
    report = apply_batch(harbour())
    existing.refresh_from_db()
    assert existing.wikidata_id == "Q900001" and existing.status == FilmStatus.PUBLISHED
    assert next((row, how) for _, row, how in report.matched_by_title) == (existing, "title and year")
    assert Film.objects.filter(title="The Quiet Harbour").count() == 1


def test_film_counts_follow_the_import_only_on_published_films(catalog, make):
    apply_batch(harbour(key="Q900002", ids={"wikidata_id": "Q900002"}, title="A Draft Harbour"))
    drafted = Person.objects.get(wikidata_id="Q900010")
    assert drafted.film_count == 0  # credited on a draft only

    won_at_venice = FilmTotal.objects.filter(kind="body_outcome", value="venice-film-festival:won")
    before = won_at_venice.get().film_count
    make.film("The Quiet Harbour", year=2024, status=FilmStatus.PUBLISHED)
    apply_batch(harbour())
    drafted.refresh_from_db()
    assert drafted.film_count == 1
    assert won_at_venice.get().film_count == before + 1  # the film list's choices count its new nomination
    # Again with one more credit and nothing else new: the film itself is not saved, its rows are added.
    again = harbour()
    again.films[0].credits.append(CreditRecord("Q900012", "composer", billing_order=1))
    again.people["Q900012"] = PersonRecord(
        "Q900012", "harbour.json, entity Q900012", "Ana Soler", {"wikidata_id": "Q900012"}
    )
    apply_batch(again)
    assert Person.objects.get(wikidata_id="Q900012").film_count == 1


def test_an_ambiguous_title_is_reported_and_not_merged(catalog, make):
    make.film("The Quiet Harbour", year=2024, slug="harbour-one")
    make.film("The quiet harbour", year=2024, slug="harbour-two")
    report = apply_batch(harbour())
    assert not Film.objects.filter(wikidata_id="Q900001").exists()
    assert any("could be" in reason and "not merged" in reason for _, reason in report.skipped)


def test_identifiers_naming_two_films_are_reported_and_not_merged(catalog, make):
    make.film("One", wikidata_id="Q900001")
    make.film("Two", imdb_id="tt9000001")
    report = apply_batch(harbour())
    assert any("identifiers name two different films" in reason for _, reason in report.skipped)
    assert Film.objects.get(wikidata_id="Q900001").title == "One"


def test_an_ambiguous_person_is_left_out_and_the_film_imported(catalog, make):
    make.person("Inés Ortega", slug="ines-ortega-a")
    make.person("Inés Ortega", slug="ines-ortega-b")
    report = apply_batch(harbour())
    film = Film.objects.get(wikidata_id="Q900001")
    assert not film.credits.filter(role="director").exists()
    assert any("could be" in reason for _, reason in report.skipped)


def test_an_import_under_debug_settings_does_not_keep_its_statements(catalog, settings):
    settings.DEBUG = True  # as a development server runs: Django logs every statement
    apply_batch(harbour())
    assert not [query for query in connection.queries if "INSERT" in query["sql"]]


def test_a_dry_run_writes_nothing_and_reports_what_it_would_do(catalog):
    before = (Film.objects.count(), Person.objects.count(), Version.objects.count())
    report = apply_batch(harbour(), dry_run=True)
    assert [str(f) for f in report.created] == ["The Quiet Harbour (2024)"]
    assert report.people_created == 2
    assert "(dry run: nothing was written)" in report.lines()[0] and "would be created" in report.lines()[1]
    assert (Film.objects.count(), Person.objects.count(), Version.objects.count()) == before


def test_a_film_that_fails_validation_is_reported_and_the_others_imported(catalog):
    batch = harbour()
    bad = FilmRecord(key="Q900002", position="harbour.json, entity Q900002", title="Too Old", year=1066)
    batch.films.insert(0, bad)
    report = apply_batch(batch)
    assert ("harbour.json, entity Q900002", "year: The year must be between 1888 and 2100.") in report.skipped
    assert not Film.objects.filter(title="Too Old").exists()
    assert Film.objects.filter(wikidata_id="Q900001").exists()


def test_a_credit_the_admin_would_refuse_is_left_out_and_reported_and_the_rest_imported(catalog):
    credits = [
        CreditRecord("Q900010", "director", billing_order=1),
        CreditRecord("Q900011", "actor", character_name="Marta\x07", billing_order=1),  # a control character
        CreditRecord("Q900011", "actor", character_name="Marta", billing_order=2),
    ]
    report = apply_batch(harbour(credits=credits, nominations=[]))
    film = Film.objects.get(wikidata_id="Q900001")
    assert sorted(film.credits.values_list("role", "character_name")) == [("actor", "Marta"), ("director", "")]
    (reason,) = [reason for where, reason in report.skipped if where == str(film)]
    assert reason.startswith("credit “Lucía Vera as Marta\x07 in The Quiet Harbour (2024)” left out: character_name:")
    # The film's revision holds the credits it was imported with, and names them.
    (revision,) = Version.objects.get_for_object(film)
    names = set(
        revision.revision.version_set.filter(content_type__model="credit").values_list("object_repr", flat=True)
    )
    assert names == {
        "Inés Ortega, director of The Quiet Harbour (2024)",
        "Lucía Vera as Marta in The Quiet Harbour (2024)",
    }
