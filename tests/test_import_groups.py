"""Imports write a batch of films at a time: the same catalog whatever the batch size, revisions that restore,
namesakes kept apart, and a write that fails leaving out only the film at fault."""

import datetime
from pathlib import Path

import pytest
from django.db import transaction
from reversion.models import Version

from catalog.data.imports import imdb
from catalog.data.imports.apply import apply_batch, apply_batches
from catalog.data.imports.records import Batch, CreditRecord, FilmRecord, PersonRecord
from catalog.models import Credit, Film, ImportedValue, Person

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "imdb"


def catalog_state():
    films = sorted(Film.objects.values_list("imdb_id", "title", "year", "runtime_minutes", "status"))
    credits = sorted(Credit.objects.values_list("film__imdb_id", "person__imdb_id", "role", "character_name"))
    titles = sorted(Film.objects.values_list("imdb_id", "alternative_titles__title"), key=str)
    genres = sorted(Film.objects.values_list("imdb_id", "genres__slug"), key=str)
    rows = ImportedValue.objects.values_list("film__imdb_id", "person__imdb_id", "values")
    provenance = sorted(((film, person, sorted(values)) for film, person, values in rows), key=str)
    return films, credits, titles, genres, provenance


class Undone(Exception):
    pass


def test_the_catalog_is_the_same_whatever_the_size_of_the_batches(catalog):
    try:
        with transaction.atomic():
            whole_report = apply_batch(imdb.read_batch(DATA))
            whole = catalog_state()
            raise Undone
    except Undone:
        pass
    assert not Film.objects.filter(imdb_id="tt9100001").exists()

    in_twos = apply_batches(imdb.read_batches(DATA, size=2))
    assert catalog_state() == whole
    assert (len(in_twos.created), in_twos.people_created) == (len(whole_report.created), whole_report.people_created)
    for film in Film.objects.filter(imdb_id__startswith="tt91"):  # one revision each, whichever group wrote it
        assert Version.objects.get_for_object(film).count() == 1


def test_an_imported_films_revision_restores_it_whole(catalog):
    apply_batch(imdb.read_batch(DATA))
    film = Film.objects.get(imdb_id="tt9100001")
    credits = sorted(film.credits.values_list("person_id", "role", "character_name"))
    titles = sorted(film.alternative_titles.values_list("title", flat=True))
    genres = sorted(film.genres.values_list("slug", flat=True))
    assert credits and titles and genres
    film.credits.all().delete()
    film.alternative_titles.all().delete()
    film.genres.clear()
    Film.objects.filter(pk=film.pk).update(title="Renamed")

    Version.objects.get_for_object(film).get().revision.revert(delete=True)
    film.refresh_from_db()
    assert film.title != "Renamed"
    assert sorted(film.credits.values_list("person_id", "role", "character_name")) == credits
    assert sorted(film.alternative_titles.values_list("title", flat=True)) == titles
    assert sorted(film.genres.values_list("slug", flat=True)) == genres


def person(key, name, **fields):
    return PersonRecord(key, f"people.json, entity {key}", name, {"imdb_id": key}, **fields)


def film(key, title, *credits):
    return FilmRecord(
        key=key,
        position=f"films.json, entity {key}",
        title=title,
        year=2020,
        ids={"imdb_id": key},
        credits=[
            CreditRecord(person_key, "actor", character_name=f"Role {n}") for n, person_key in enumerate(credits)
        ],
    )


def test_namesakes_with_other_identifiers_stay_apart(catalog, make):
    make.film("The Harbour", year=2020, imdb_id="tt9300009")
    make.person("Ana Ruiz", imdb_id="nm9300009")
    batch = Batch(
        "imdb",
        films=[film("tt9300001", "The Harbour", "nm9300001"), film("tt9300002", "Other", "nm9300002")],
        people={"nm9300001": person("nm9300001", "Ana Ruiz"), "nm9300002": person("nm9300002", "Ana Ruiz")},
    )
    report = apply_batch(batch)
    # Same title and year, or same name, but another IMDb id: another film, other people.
    assert Film.objects.filter(title="The Harbour", year=2020).count() == 2
    assert sorted(Person.objects.filter(name="Ana Ruiz").values_list("imdb_id", flat=True)) == [
        "nm9300001",
        "nm9300002",
        "nm9300009",
    ]
    assert not report.skipped and not report.matched_by_title


def test_a_write_that_fails_leaves_out_only_the_film_at_fault(catalog):
    impossible = person("nm9300003", "Eva Soto", birth_date=datetime.date(1990, 1, 1))
    impossible.death_date = datetime.date(1980, 1, 1)  # a check the database makes, not the quick checks
    batch = Batch(
        "imdb",
        films=[film("tt9300003", "First", "nm9300004"), film("tt9300004", "Second", "nm9300003", "nm9300004")],
        people={"nm9300003": impossible, "nm9300004": person("nm9300004", "Luis Mora")},
    )
    report = apply_batch(batch)
    assert sorted(Film.objects.filter(imdb_id__in=["tt9300003", "tt9300004"]).values_list("title", flat=True)) == [
        "First",
        "Second",
    ]
    assert not Person.objects.filter(imdb_id="nm9300003").exists()
    assert list(Credit.objects.filter(film__imdb_id="tt9300004").values_list("person__name", flat=True)) == [
        "Luis Mora"
    ]
    assert any(
        "nm9300003 left out" in reason and "date of death cannot come before the date of birth" in reason
        for _, reason in report.skipped
    )
