"""The synthetic catalog: its proportions, its validity, and the real catalog left untouched (``make bench-test``)."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.db.models import Count, Exists, F, OuterRef, Q

from bench.synthetic import career_lengths, generate_catalog
from bench.synthetic import generator as generation
from catalog.models import (
    AlternativeTitle,
    AwardBody,
    AwardCategory,
    Credit,
    Film,
    FilmingLocation,
    FilmNote,
    FilmStatus,
    Genre,
    KeyScene,
    Nomination,
    Person,
    PlotPart,
    PlotSection,
    Quote,
    Recommendation,
    Role,
    SpoilerLevel,
)
from catalog.search import search_catalog
from tests.test_search_full_text import stale_search_documents

pytestmark = pytest.mark.django_db

FILMS = 300
NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)
PAGE_MODELS = [PlotSection, FilmNote, KeyScene, Quote, FilmingLocation, AlternativeTitle, Recommendation, Nomination]


@pytest.fixture
def generated():
    return generate_catalog(FILMS, seed=7, now=NOW)


def catalog_rows():
    """Every row of every catalog table, many-to-many tables included, by model and primary key."""
    models = apps.get_app_config("catalog").get_models(include_auto_created=True)
    return {
        model: {row["pk"]: row for row in model.objects.order_by("pk").values("pk", *fields(model))}
        for model in models
    }


# Derived from other rows: new films in an existing genre rightly change the genre's count.
DERIVED = {"film_count"}


def fields(model):
    return [field.attname for field in model._meta.concrete_fields if field.attname not in DERIVED]


# Proportions


# Determinism


# Only adding


# Validity


# Pages


# The command


def test_counts_land_in_the_requested_ratios(generated):
    assert Film.objects.count() == generated["Film"] == FILMS
    assert 2.3 <= Person.objects.count() / FILMS <= 3.7
    assert 13 <= Credit.objects.count() / FILMS <= 18
    nominated = Nomination.objects.values("film").distinct().count()
    assert 0.01 <= nominated / FILMS <= 0.1
    assert 0.9 <= Film.objects.filter(status=FilmStatus.PUBLISHED).count() / FILMS <= 0.99
    for model in [Person, Credit, *PAGE_MODELS]:
        assert model.objects.count() == generated[model.__name__] > 0


def test_every_film_has_a_director_a_cast_and_genres(generated):
    assert not Film.objects.exclude(Exists(Credit.objects.filter(film=OuterRef("pk"), role=Role.DIRECTOR))).exists()
    assert not Film.objects.exclude(Exists(Credit.objects.filter(film=OuterRef("pk"), role=Role.ACTOR))).exists()
    assert not Film.objects.filter(genres=None).exists()
    cast_sizes = (
        Credit.objects.filter(role=Role.ACTOR).values("film").annotate(n=Count("pk")).values_list("n", flat=True)
    )
    assert 6.5 <= sum(cast_sizes) / FILMS <= 9.5


def test_a_single_film_is_a_catalog_too():
    counts = generate_catalog(1, seed=1, now=NOW)
    assert counts["Film"] == 1
    assert Credit.objects.filter(role=Role.DIRECTOR).exists()


def test_popularity_is_skewed_most_people_have_few_credits_and_some_many(generated):
    credits = list(Person.objects.annotate(n=Count("credits")).values_list("n", flat=True))
    assert min(credits) >= 1
    assert sum(1 <= n <= 5 for n in credits) / len(credits) > 0.5
    assert max(credits) >= 15


def test_careers_at_full_scale_average_as_asked_and_reach_hundreds():
    weights = career_lengths(6, 450)
    shares = [b - a for a, b in zip([0.0, *weights], weights, strict=False)]
    total = weights[-1]
    average = sum(length * share for length, share in enumerate(shares, start=1)) / total
    assert average == pytest.approx(6, rel=0.01)
    assert sum(shares[:5]) / total > 0.75
    assert sum(shares[299:]) / total > 1e-5


def test_years_lean_to_recent_decades_and_stay_in_range(generated):
    years = list(Film.objects.values_list("year", flat=True))
    assert min(years) >= 1920 and max(years) <= 2025
    assert sum(year >= 1990 for year in years) / len(years) > 0.6


def test_the_global_random_generator_is_left_alone():
    state = random.getstate()
    generate_catalog(20, seed=1, now=NOW)
    assert random.getstate() == state


def test_the_existing_catalog_is_unchanged_byte_for_byte(catalog):
    before = catalog_rows()
    film = Film.objects.get(slug="parallel-mothers")
    assert film.credits.exists() and film.notes.exists()
    generate_catalog(FILMS, seed=3, now=NOW)
    after = catalog_rows()
    for model, rows in before.items():
        assert {pk: after[model].get(pk) for pk in rows} == rows, model.__name__
    assert Film.objects.count() == len(before[Film]) + FILMS
    assert Genre.objects.get(slug="drama").film_count == Film.objects.published().filter(genres__slug="drama").count()


def test_reference_rows_are_reused_and_completed(catalog):
    drama = Genre.objects.get(slug="drama")
    generate_catalog(FILMS, seed=3, now=NOW)
    assert Genre.objects.get(slug="drama") == drama
    assert drama.films.count() > 1
    assert Genre.objects.count() == 20
    used_bodies = set(Nomination.objects.values_list("category__body__slug", flat=True))
    assert AwardBody.objects.filter(slug__in=used_bodies).exists()


def test_running_twice_adds_a_second_batch_with_fresh_slugs(catalog):
    generate_catalog(60, seed=1, now=NOW)
    counts = {model: model.objects.count() for model in (Genre, AwardBody, AwardCategory)}
    films = Film.objects.count()
    generate_catalog(60, seed=1, now=NOW)
    assert Film.objects.count() == films + 60
    assert {model: model.objects.count() for model in counts} == counts


def test_a_sample_of_every_generated_model_passes_model_validation(generated):
    for model in [Film, Person, Credit, *PAGE_MODELS]:
        rows = list(model.objects.order_by("pk"))
        sample = rows[:: max(1, len(rows) // 40)]
        assert sample, model.__name__
        for obj in sample:
            obj.full_clean()


def test_cross_row_rules_hold(generated):
    quoted = Quote.objects.filter(speaker__isnull=False)
    assert quoted.exists()
    assert not quoted.exclude(speaker__film=F("film")).exists()
    assert not quoted.exclude(speaker__role=Role.ACTOR).exists()
    credited = Credit.objects.filter(film=OuterRef("film"), person=OuterRef("person"))
    with_person = Nomination.objects.filter(person__isnull=False)
    assert with_person.exists()
    assert not with_person.exclude(Exists(credited)).exists()
    assert Nomination.objects.filter(outcome=Nomination.Outcome.WON).exists()
    assert not Credit.objects.exclude(role=Role.ACTOR).exclude(character_name="").exists()
    assert PlotSection.objects.filter(part=PlotPart.ENDING, spoiler_level=SpoilerLevel.MAJOR).exists()
    assert FilmNote.objects.values("kind").distinct().count() >= 4
    assert FilmNote.objects.exclude(source_url="").exists()


def test_a_ceremony_has_a_limited_number_of_nominees_and_at_most_one_winner(catalog, monkeypatch):
    # Every film nominated, and a lower limit than the real one, so that a small catalog fills ceremonies.
    monkeypatch.setattr(generation, "SHARE_NOMINATED", 1.0)
    monkeypatch.setattr(generation, "NOMINEES_PER_CATEGORY", 2)
    generate_catalog(FILMS, seed=4, now=NOW)
    ceremonies = Nomination.objects.values("category", "year").annotate(
        nominees=Count("pk"), winners=Count("pk", filter=Q(outcome=Nomination.Outcome.WON))
    )
    assert not ceremonies.filter(nominees__gt=2).exists()
    assert not ceremonies.filter(winners__gt=1).exists()
    full = ceremonies.filter(nominees=2)
    assert full.exists()
    assert not full.exclude(winners=1).exists()


def test_publishing_dates_and_timestamps_are_plausible(generated):
    published = Film.objects.filter(status=FilmStatus.PUBLISHED)
    assert not published.filter(published_at=None).exists()
    assert not Film.objects.exclude(status=FilmStatus.PUBLISHED).exclude(published_at=None).exists()
    for model in (Film, Person):
        assert not model.objects.filter(updated_at__lt=F("created_at")).exists()
        assert not model.objects.filter(updated_at__gt=NOW).exists()
        assert model.objects.filter(created_at__lt=NOW - timedelta(days=365)).exists()
        # The fields fill themselves again for everything saved after the run.
        assert model._meta.get_field("updated_at").auto_now and model._meta.get_field("created_at").auto_now_add


def test_generated_films_are_in_search_as_a_save_would_put_them(generated):
    assert stale_search_documents() == {}
    film = Film.objects.published().order_by("pk").first()
    assert film in search_catalog(film.title, limit=1_000).films
