"""The synthetic catalog in the main suite: the same seed gives the same catalog, its pages answer, and the
command checks its arguments. Its proportions and validity are tested beside it, in bench/tests."""

import subprocess  # nosec B404
import sys
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count

from bench.synthetic import generate_catalog
from catalog.models import (
    Credit,
    Film,
    FilmNote,
    FilmStatus,
    Nomination,
    Person,
)

pytestmark = pytest.mark.django_db

FILMS = 300
NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)


@pytest.fixture
def generated():
    return generate_catalog(FILMS, seed=7, now=NOW)


def snapshot(seed, films=120, **options):
    """What a run adds to an empty catalog, by natural keys; rolled back afterwards."""
    with transaction.atomic():
        generate_catalog(films, seed=seed, now=NOW, **options)
        rows = (
            list(
                Film.objects.order_by("slug").values_list("slug", "title", "year", "status", "created_at", "logline")
            ),
            list(Person.objects.order_by("slug").values_list("slug", "name", "birth_date", "updated_at")),
            list(
                Credit.objects.order_by("film__slug", "role", "billing_order").values_list(
                    "film__slug", "person__slug", "role", "character_name", "billing_order"
                )
            ),
            list(FilmNote.objects.order_by("film__slug", "kind", "title").values_list("film__slug", "kind", "title")),
            list(
                Nomination.objects.order_by("film__slug", "category__slug").values_list("film__slug", "person__slug")
            ),
        )
        transaction.set_rollback(True)
    return rows


# Proportions


# Determinism


# Only adding


# Validity


# Pages


# The command


def test_the_same_seed_gives_the_same_catalog():
    first = snapshot(5)
    assert first[0] and first[2]
    assert snapshot(5) == first
    assert snapshot(5, batch_size=37) == first
    assert snapshot(6)[0] != first[0]


def test_a_generated_film_page_and_person_page_answer(generated, client):
    film = (
        Film.objects.filter(status=FilmStatus.PUBLISHED)
        .annotate(parts=Count("quotes", distinct=True) + Count("notes", distinct=True))
        .order_by("-parts", "pk")
        .first()
    )
    assert client.get(f"/films/{film.slug}/").status_code == 200
    person = Person.objects.with_published_credits().annotate(n=Count("credits")).order_by("-n", "pk").first()
    assert client.get(f"/people/{person.slug}/").status_code == 200


@pytest.mark.parametrize("films", ["0", "-5"])
def test_the_command_rejects_a_number_of_films_below_one(films):
    with pytest.raises(CommandError, match="--films must be a positive whole number"):
        call_command("generate_catalog", "--films", films)
    assert not Film.objects.exists()


@pytest.mark.parametrize("arguments", [["--films", "many"], []])
def test_the_command_rejects_missing_or_malformed_arguments(arguments):
    with pytest.raises(CommandError):
        call_command("generate_catalog", *arguments)


def test_the_command_reports_a_bad_argument_without_a_traceback():
    result = subprocess.run(  # nosec B603
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "generate_catalog", "--films", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "--films must be a positive whole number" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_command_prints_progress_and_a_summary(capsys):
    call_command("generate_catalog", "--films", "25", "--seed", "2")
    out = capsys.readouterr().out
    assert "Film: 25" in out
    assert "seconds" in out
