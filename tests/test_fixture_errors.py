"""Importing a file is all or nothing, and a bad file is reported by the record that is wrong."""

import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from catalog.models import Film, Genre

pytestmark = pytest.mark.django_db


def row_counts():
    models = apps.get_app_config("catalog").get_models(include_auto_created=True)
    return {model._meta.label: model._base_manager.count() for model in models}


def new_genre(slug="slow-cinema"):
    return {"model": "catalog.genre", "fields": {"name": slug.replace("-", " ").title(), "slug": slug}}


def new_film(**fields):
    return {"model": "catalog.film", "fields": {"title": "Aftersun", "slug": "aftersun", "year": 2022, **fields}}


@pytest.fixture
def write(tmp_path):
    def write(records, name="import.json"):
        path = tmp_path / name
        path.write_text(records if isinstance(records, str) else json.dumps(records), encoding="utf-8")
        return path

    return write


def load_fails(path):
    """Load ``path``, expecting a refusal; return its message after checking nothing changed."""
    before = row_counts()
    with pytest.raises(CommandError) as refusal:
        call_command("load_catalog", str(path), verbosity=0)
    assert row_counts() == before
    message = str(refusal.value)
    assert "\n" not in message
    assert str(path) in message
    assert message.endswith("Nothing was loaded.")
    return message


def test_an_import_file_adds_new_rows_and_updates_existing_ones_by_natural_key(catalog, write):
    path = write([new_genre(), new_film(genres=[["slow-cinema"], ["drama"]]), new_genre("drama")])
    call_command("load_catalog", str(path), verbosity=0)
    aftersun = Film.objects.get(slug="aftersun")
    assert set(aftersun.genres.values_list("slug", flat=True)) == {"slow-cinema", "drama"}
    assert Genre.objects.get(slug="drama").name == "Drama"


def test_files_in_a_folder_load_in_dependency_order_whatever_their_names(catalog, write):
    write([new_film(genres=[["slow-cinema"]])], name="a-films.json")
    folder = write([new_genre()], name="b-genres.json").parent
    call_command("load_catalog", str(folder), verbosity=0)
    assert Film.objects.get(slug="aftersun").genres.get().slug == "slow-cinema"


def test_a_credit_for_a_missing_person_is_named_and_nothing_is_loaded(catalog, write):
    credit = {
        "model": "catalog.credit",
        "fields": {"film": ["aftersun"], "person": ["nobody-at-all"], "role": "director"},
    }
    message = load_fails(write([new_genre(), new_film(), credit]))
    assert 'record 3 (catalog.credit film=["aftersun"], person=["nobody-at-all"], role="director"' in message
    assert 'person refers to person ["nobody-at-all"], which does not exist' in message
    assert not Genre.objects.filter(slug="slow-cinema").exists()


def test_a_film_in_a_missing_genre_is_named(catalog, write):
    message = load_fails(write([new_film(genres=[["drama"], ["no-such-genre"]])]))
    assert 'catalog.film slug="aftersun"' in message
    assert 'genres refers to genre ["no-such-genre"], which does not exist' in message


def test_an_unknown_country_code_is_named_although_the_database_checks_it_only_at_commit(catalog, write):
    message = load_fails(write([new_film(countries=["ES", "XX"])]))
    assert 'catalog.film slug="aftersun"' in message
    assert 'countries refers to country "XX", which does not exist' in message


def test_a_year_outside_the_film_era_is_refused_with_the_editors_explanation(catalog, write):
    message = load_fails(write([new_genre(), new_film(year=1700)]))
    assert 'record 2 (catalog.film slug="aftersun")' in message
    assert "The year must be between 1888 and 2100 (constraint film_year_in_range)" in message


def test_an_existing_film_is_not_half_updated_by_a_bad_file(catalog, write):
    parallel_mothers = Film.objects.get(slug="parallel-mothers")
    renamed = {"model": "catalog.film", "fields": {"slug": "parallel-mothers", "title": "Renamed", "year": 2021}}
    load_fails(write([renamed, new_film(year=1700)]))
    parallel_mothers.refresh_from_db()
    assert parallel_mothers.title == "Parallel Mothers"


def test_an_impossible_date_is_named_with_its_field(catalog, write):
    message = load_fails(write([new_film(release_date="2022-02-30")]))
    assert 'catalog.film slug="aftersun"' in message
    assert "release_date:" in message and "invalid date" in message


def test_malformed_json_is_reported_with_its_line(catalog, write):
    message = load_fails(write('[\n  {"model": "catalog.genre",\n   "fields": {"slug": "x",}}\n]'))
    assert "is not valid JSON" in message
    assert "line 3" in message


def test_records_of_other_apps_are_refused(catalog, write):
    user = {"model": "auth.user", "fields": {"username": "intruder", "is_superuser": True}}
    message = load_fails(write([new_genre(), user]))
    assert "record 2: “auth.user” is not a catalog model" in message


def test_an_unknown_field_is_named(catalog, write):
    message = load_fails(write([new_film(director="Charlotte Wells")]))
    assert "catalog.film has no field “director”" in message


def test_a_missing_file_is_reported_without_a_traceback(tmp_path):
    message = load_fails(tmp_path / "nowhere.json")
    assert "Cannot read" in message and "No such file or directory" in message


def film_note(**fields):
    return {
        "model": "catalog.filmnote",
        "fields": {
            "film": ["parallel-mothers"],
            "kind": "trivia",
            "title": "A note",
            "text": "Said somewhere.",
            **fields,
        },
    }


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://example.org/x"]
)
def test_a_source_link_that_is_not_http_is_refused_as_the_admin_refuses_it(catalog, write, url):
    message = load_fails(write([film_note(source_url=url)]))
    assert "record 1 (catalog.filmnote" in message
    assert "source_url: Enter a valid URL" in message


@pytest.mark.parametrize("text", ["Parallel\x00Mothers", "Bell\x07", "Escape\x1b[31m", "C1\x85"])
def test_control_characters_in_text_are_refused_on_every_engine(catalog, write, text):
    message = load_fails(write([new_film(title=text)]))
    assert 'record 1 (catalog.film slug="aftersun")' in message
    assert "title: Remove the invisible control character" in message


def test_lines_and_tabs_are_text(catalog, write):
    call_command("load_catalog", str(write([new_film(overview="One line.\n\tAnother.\r\n")])), verbosity=0)
    assert Film.objects.get(slug="aftersun").overview == "One line.\n\tAnother.\r\n"


def test_text_longer_than_its_field_is_refused_on_sqlite_too(catalog, write):
    message = load_fails(write([new_film(title="x" * 201)]))
    assert "title: Ensure this value has at most 200 characters" in message


def test_a_rule_the_admin_form_explains_is_applied_to_loaded_rows(catalog, write):
    message = load_fails(write([film_note(source_retrieved="2024-01-01")]))
    assert "source_retrieved: Give the source’s URL or publication along with the date" in message


def test_rules_that_read_other_rows_see_the_whole_file_whatever_its_order(catalog, write):
    nomination = {
        "model": "catalog.nomination",
        "fields": {
            "film": ["aftersun"],
            "category": ["venice-film-festival", "volpi-cup-best-actress"],
            "year": 2022,
            "person": ["penelope-cruz"],
        },
    }
    credit = {
        "model": "catalog.credit",
        "fields": {"film": ["aftersun"], "person": ["penelope-cruz"], "role": "actor", "character_name": "Someone"},
    }
    call_command("load_catalog", str(write([nomination, new_film(), credit])), verbosity=0)
    message = load_fails(write([{**nomination, "fields": {**nomination["fields"], "person": ["pedro-almodovar"]}}]))
    assert "person: Pedro Almodóvar has no credit on this film; add the credit first" in message
