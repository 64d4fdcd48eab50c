"""The database refuses bad data, and model validation explains why to the editor."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction

from catalog.models import Credit, Film, FilmingLocation, Nomination, Person, Quote, Recommendation, Role

pytestmark = pytest.mark.django_db


def test_duplicate_credit_is_rejected_by_the_database(make):
    film, person = make.film(), make.person()
    make.credit(film, person, Role.ACTOR, character_name="Ana")
    with pytest.raises(IntegrityError), transaction.atomic():
        Credit.objects.create(film=film, person=person, role=Role.ACTOR, character_name="Ana")
    assert Credit.objects.count() == 1


def test_same_person_may_hold_two_roles_on_one_film(make):
    film, person = make.film(), make.person()
    make.credit(film, person, Role.DIRECTOR)
    make.credit(film, person, Role.WRITER)
    assert film.credits.count() == 2


def test_duplicate_credit_fails_validation_with_a_readable_message(make):
    film, person = make.film(), make.person()
    make.credit(film, person, Role.COMPOSER)
    duplicate = Credit(film=film, person=person, role=Role.COMPOSER)
    with pytest.raises(ValidationError, match="already has this credit"):
        duplicate.full_clean()


def test_character_name_on_a_non_acting_credit_is_rejected(make):
    film, person = make.film(), make.person()
    with pytest.raises(ValidationError) as excinfo:
        Credit(film=film, person=person, role=Role.DIRECTOR, character_name="Janis").full_clean()
    assert "character_name" in excinfo.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Credit.objects.create(film=film, person=person, role=Role.DIRECTOR, character_name="Janis")


def test_film_cannot_recommend_itself(make):
    film = make.film()
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(film=film, recommended=film)
    with pytest.raises(ValidationError, match="cannot recommend itself"):
        Recommendation(film=film, recommended=film).full_clean()


@pytest.mark.parametrize("year", [1887, 2101])
def test_film_year_outside_the_sane_range_is_rejected(make, year):
    with pytest.raises(IntegrityError), transaction.atomic():
        make.film(year=year)
    with pytest.raises(ValidationError, match="between 1888 and 2100"):
        Film(title="Too early or late", slug="x", year=year).full_clean()
    assert not Film.objects.exists()


def test_film_slugs_are_unique(make):
    make.film(slug="volver")
    with pytest.raises(IntegrityError), transaction.atomic():
        make.film(slug="volver")


def test_quote_needs_someone_to_say_it(make):
    film = make.film()
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.create(film=film, text="Nobody said this.")


def test_quote_speaker_must_be_a_credit_on_the_same_film(make):
    film, other = make.film(), make.film()
    stranger = make.credit(other, make.person(), character_name="Someone else")
    quote = Quote(film=film, text="Not my line.", speaker=stranger)
    with pytest.raises(ValidationError) as excinfo:
        quote.full_clean()
    assert "speaker" in excinfo.value.message_dict


def test_nomination_is_recorded_once_with_or_without_a_person(make):
    film, category = make.film(), make.category()
    make.nomination(film, category, year=2022)
    with pytest.raises(IntegrityError), transaction.atomic():
        make.nomination(film, category, year=2022)
    person = make.person()
    make.credit(film, person)
    make.nomination(film, category, year=2022, person=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        make.nomination(film, category, year=2022, person=person)
    assert Nomination.objects.count() == 2


def test_nominated_person_must_have_a_credit_on_the_film(make):
    film, person = make.film(), make.person()
    nomination = Nomination(film=film, category=make.category(), year=2022, person=person)
    with pytest.raises(ValidationError) as excinfo:
        nomination.full_clean()
    assert "no credit on this film" in excinfo.value.message_dict["person"][0]


def test_location_coordinates_come_in_valid_pairs(make):
    film = make.film()
    with pytest.raises(IntegrityError), transaction.atomic():
        FilmingLocation.objects.create(film=film, place="Half a point", latitude=40)
    with pytest.raises(IntegrityError), transaction.atomic():
        FilmingLocation.objects.create(film=film, place="Off the map", latitude=95, longitude=0)
    FilmingLocation.objects.create(film=film, place="Madrid", latitude="40.41678", longitude="-3.70379")


def test_person_cannot_die_before_being_born(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make.person(birth_date="1970-01-01", death_date="1960-01-01")


def test_retrieval_date_without_a_source_is_explained(make):
    location = FilmingLocation(film=make.film(), place="Madrid", source_retrieved="2024-01-01")
    with pytest.raises(ValidationError) as excinfo:
        location.full_clean()
    assert "source_retrieved" in excinfo.value.message_dict


def test_a_fixture_with_a_bad_row_leaves_nothing_half_written(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        """[
        {"model": "catalog.film", "fields": {"title": "Loop", "slug": "loop", "year": 2020}},
        {"model": "catalog.recommendation",
         "fields": {"film": ["loop"], "recommended": ["loop"], "reason": "itself"}}
        ]""",
        encoding="utf-8",
    )
    with pytest.raises((IntegrityError, CommandError)):
        call_command("loaddata", str(bad), verbosity=0)
    assert not Film.objects.exists()
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    "values",
    [{"disputed": True, "dispute_note": ""}, {"disputed": False, "dispute_note": "A reason, but no mark."}],
    ids=["disputed-without-reason", "reason-without-mark"],
)
def test_a_claim_is_disputed_with_its_reason_or_not_at_all(make, values):
    film = make.film()
    with pytest.raises(IntegrityError), transaction.atomic():
        FilmingLocation.objects.create(film=film, place="Somewhere", **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.create(film=film, text="A line.", character_name="Someone", **values)
    assert not FilmingLocation.objects.exists() and not Quote.objects.exists()
