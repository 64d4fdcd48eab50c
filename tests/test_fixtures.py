"""The fixtures hold the seed article's facts, and load the same way every time."""

import pytest
from django.apps import apps
from django.core.management import call_command

from catalog.models import Credit, Film, FilmNote, Nomination, NoteKind, PlotPart, PostCredits, Role, SpoilerLevel

pytestmark = pytest.mark.django_db


def catalog_counts():
    return {model.__name__: model.objects.count() for model in apps.get_app_config("catalog").get_models()}


@pytest.fixture
def parallel_mothers(catalog):
    return Film.objects.get(slug="parallel-mothers")


def test_loading_twice_neither_fails_nor_duplicates():
    call_command("load_catalog", verbosity=0)
    first = catalog_counts()
    call_command("load_catalog", verbosity=0)
    assert catalog_counts() == first
    assert first["Film"] == 11


def test_a_loaded_published_film_has_its_publication_time_and_keeps_it_when_loaded_again():
    call_command("load_catalog", verbosity=0)
    published = dict(Film.objects.published().values_list("slug", "published_at"))
    assert published and None not in published.values()
    assert not Film.objects.exclude(status="published").exclude(published_at=None).exists()

    call_command("load_catalog", verbosity=0)
    assert dict(Film.objects.published().values_list("slug", "published_at")) == published


def test_every_loaded_row_passes_model_validation(catalog):
    for model in apps.get_app_config("catalog").get_models():
        for obj in model.objects.all():
            obj.full_clean()


def test_parallel_mothers_has_the_articles_cast_and_crew(parallel_mothers):
    cast = list(
        parallel_mothers.credits.cast().order_by("billing_order").values_list("person__name", "character_name")
    )
    assert cast == [
        ("Penélope Cruz", "Janis Martínez Moreno"),
        ("Milena Smit", "Ana Manso"),
        ("Israel Elejalde", "Arturo Buendía"),
        ("Aitana Sánchez-Gijón", "Teresa"),
        ("Julieta Serrano", "Brígida"),
        ("Rossy de Palma", "Elena"),
    ]
    crew = set(parallel_mothers.credits.exclude(role=Role.ACTOR).values_list("person__name", "role"))
    assert crew == {
        ("Pedro Almodóvar", Role.DIRECTOR),
        ("Pedro Almodóvar", Role.WRITER),
        ("Alberto Iglesias", Role.COMPOSER),
    }
    assert parallel_mothers.credits.get(character_name="Teresa").character_description == "Ana’s mother"


def test_parallel_mothers_summary_has_four_titled_parts_and_a_spoiler_ending(parallel_mothers):
    summary = parallel_mothers.plot_sections.filter(part=PlotPart.SUMMARY)
    assert list(summary.values_list("heading", flat=True)) == [
        "Two Mothers, One Fate",
        "Shocking Discovery",
        "Lives Reconnected",
        "The Revelation",
    ]
    ending = parallel_mothers.plot_sections.get(part=PlotPart.ENDING)
    assert ending.spoiler_level == SpoilerLevel.MAJOR


def test_parallel_mothers_quotes_are_spoken_by_their_characters(parallel_mothers):
    quotes = {quote.speaker_name: quote.text for quote in parallel_mothers.quotes.select_related("speaker")}
    assert quotes == {
        "Janis Martínez Moreno": "The truth is always waiting, even if it takes generations to find it.",
        "Ana Manso": "We’re connected forever, even if we weren’t meant to be.",
        "Arturo Buendía": "History is made of people who refuse to forget.",
    }
    assert all(quote.speaker.film_id == parallel_mothers.pk for quote in parallel_mothers.quotes.all())


def test_parallel_mothers_awards_are_as_the_article_states(parallel_mothers):
    rows = set(
        parallel_mothers.nominations.values_list(
            "category__body__slug", "category__name", "year", "person__slug", "outcome"
        )
    )
    assert rows == {
        ("academy-awards", "Best Actress", 2022, "penelope-cruz", Nomination.Outcome.NOMINATED),
        ("academy-awards", "Best Original Score", 2022, "alberto-iglesias", Nomination.Outcome.NOMINATED),
        ("bafta", "Best Actress", 2022, "penelope-cruz", Nomination.Outcome.NOMINATED),
        ("venice-film-festival", "Volpi Cup for Best Actress", 2021, "penelope-cruz", Nomination.Outcome.WON),
        # "Numerous other nominations" at each, the article says, naming neither category nor number.
        ("goya-awards", "Category not recorded", 2022, None, Nomination.Outcome.NOMINATED),
        ("european-film-awards", "Category not recorded", 2021, None, Nomination.Outcome.NOMINATED),
    }
    unrecorded = parallel_mothers.nominations.filter(category__recorded=False)
    assert {nomination.category.body.slug for nomination in unrecorded} == {"goya-awards", "european-film-awards"}
    assert "Goya" in parallel_mothers.awards_note and "European Film Awards" in parallel_mothers.awards_note


def test_parallel_mothers_notes_cover_every_kind_in_the_article(parallel_mothers):
    counts = {kind: parallel_mothers.notes.filter(kind=kind).count() for kind in NoteKind.values}
    assert counts == {
        NoteKind.BEHIND_THE_SCENES: 5,
        NoteKind.INSPIRATION: 3,
        NoteKind.ALTERNATE_ENDING: 1,
        NoteKind.DELETED_SCENE: 2,
        NoteKind.BOOK_ADAPTATION: 1,
        NoteKind.EASTER_EGG: 3,
        NoteKind.TRIVIA: 4,
    }
    assert FilmNote.objects.filter(text__contains="as a love letter to the women who keep memory alive.").exists()


def test_parallel_mothers_other_sections(parallel_mothers):
    assert parallel_mothers.original_title == "Madres paralelas"
    assert parallel_mothers.year == 2021
    assert parallel_mothers.post_credits_scene == PostCredits.NO
    assert "Iglesias" in parallel_mothers.score_note
    assert parallel_mothers.why_watch and parallel_mothers.movie_type
    assert parallel_mothers.key_scenes.count() == 4
    assert set(parallel_mothers.locations.values_list("place", flat=True)) == {"Madrid", "Torremocha de Jarama"}
    assert list(parallel_mothers.recommendations.values_list("recommended__title", "recommended__year")) == [
        ("Roma", 2018),
        ("Julieta", 2016),
        ("Pieces of a Woman", 2020),
        ("The Lost Daughter", 2021),
        ("Amour", 2012),
    ]


def test_linked_films_are_catalog_entries_with_a_director_and_logline(catalog):
    for film in Film.objects.exclude(slug="parallel-mothers"):
        assert film.logline, film
        assert film.credits.directors().exists(), film
        assert film.is_published


def test_directors_other_movies_are_derived_from_credits(parallel_mothers):
    others = Film.objects.by_same_directors(parallel_mothers)
    almodovar_films = Film.objects.filter(credits__person__slug="pedro-almodovar", credits__role=Role.DIRECTOR)
    assert set(others) == set(almodovar_films.exclude(pk=parallel_mothers.pk))
    assert [(film.title, film.year) for film in others] == [
        ("All About My Mother", 1999),
        ("Talk to Her", 2002),
        ("Volver", 2006),
        ("The Skin I Live In", 2011),
        ("Julieta", 2016),
        ("Pain and Glory", 2019),
    ]


def test_a_new_almodovar_credit_joins_his_other_movies_without_other_edits(parallel_mothers, make):
    new_film = make.film("Strange Way of Life", year=2023)
    Credit.objects.create(film=new_film, person=parallel_mothers.credits.directors().get().person, role=Role.DIRECTOR)
    assert new_film in Film.objects.by_same_directors(parallel_mothers)
