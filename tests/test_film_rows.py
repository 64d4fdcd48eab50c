"""The film page's written-out SQL reads what the ORM would: the same rows, order, values and related rows."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import (
    AlternativeTitle,
    Country,
    Film,
    FilmingLocation,
    FilmNote,
    Image,
    KeyScene,
    Language,
    Nomination,
    NoteKind,
    Person,
    Quote,
    SpoilerLevel,
    Still,
)
from catalog.models.base import follow
from catalog.models.choices import Licence
from catalog.models.querysets import PICTURE_FIELDS
from catalog.public.film_rows import film_page_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def film(catalog, make):
    """Parallel Mothers, with one row of each kind whose optional links are empty and one with every link."""
    film = Film.objects.get(slug="parallel-mothers")
    spanish, spain = Language.objects.get(code="es"), Country.objects.get(pk="ES")
    AlternativeTitle.objects.create(film=film, title="Madres paralelas", language=spanish, country=spain)
    AlternativeTitle.objects.create(film=film, title="Two Mothers", note="working title")
    FilmingLocation.objects.create(film=film, place="A studio", order=9)
    FilmingLocation.objects.create(
        film=film,
        place="Somewhere dated",
        order=1,
        source_url="https://example.org/a",
        source_retrieved=date(2022, 1, 2),
    )
    Quote.objects.create(film=film, text="Unattributed.", character_name="A voice", order=9)
    make.nomination(film, make.category(), year=2030, spoiler_level=SpoilerLevel.MILD)
    FilmNote.objects.create(
        film=film,
        kind=NoteKind.BEHIND_THE_SCENES,
        title="Dated",
        text="A note with its source's date.",
        source_url="https://example.org/b",
        source_retrieved=date(2023, 4, 5),
        order=0,
    )
    KeyScene.objects.create(film=film, title="Late", description="…", order=50, spoiler_level=SpoilerLevel.MAJOR)
    # Pictures: a photo for one of the cast, a poster for a recommended film, and two stills, one captioned.
    photo, poster, *stills = pictures(4)
    Person.objects.filter(pk=film.credits.first().person_id).update(photo=photo)
    Film.objects.filter(pk__in=film.recommendations.values("recommended")[:1]).update(poster=poster)
    Still.objects.create(film=film, image=stills[0], order=2, caption="The dig")
    Still.objects.create(film=film, image=stills[1], order=1)
    return Film.objects.for_detail().get(pk=film.pk)


def pictures(count):
    """Library rows with every field filled; a page reads no file, so none is written."""
    return Image.objects.bulk_create(
        Image(
            title=f"Picture {n}",
            slug=f"picture-{n}",
            alt_text=f"Picture {n}",
            caption=f"Caption {n}",
            credit="Ana Fotógrafa",
            licence=Licence.CC_BY_SA_4,
            source_url="https://example.org/picture",
            date=date(2021, 1, n + 1),
            focal_x=0.25,
            file=f"images/picture-{n}.jpg",
            width=1200,
            height=800,
            checksum=f"{n:064x}",
        )
        for n in range(count)
    )


def values(instances, *paths):
    """Each instance as the tuple of the values at ``paths`` (``"person__slug"``), None where a link is empty."""
    return [tuple(follow(instance, path) for path in paths) for instance in instances]


def fields(model):
    """Every column of ``model`` a page may show: all of them but the search document."""
    return tuple(field.attname for field in model._meta.concrete_fields if field.attname != "search_vector")


def test_every_list_matches_what_the_orm_reads_field_for_field(film):
    rows = film_page_rows(film)

    def same(listed, queryset, *related):
        # A field the statement missed would come back deferred: one more query per row on the page.
        assert all(row.get_deferred_fields() <= {"search_vector"} for row in listed)
        paths = (*fields(queryset.model), *related)
        assert values(listed, *paths) == values(queryset, *paths)

    same(
        rows["credits"],
        film.credits.select_related("person__photo").order_by("billing_order", "pk"),
        "person__name",
        "person__slug",
        "person__photo_id",
        *(f"person__photo__{name}" for name in PICTURE_FIELDS),
    )
    assert any(credit.person.photo for credit in rows["credits"])
    image_fields = [f"image__{name}" for name in (*PICTURE_FIELDS, "caption", "source_url")]
    same(rows["stills"], film.stills.select_related("image").order_by("order", "pk"), *image_fields)
    assert [still.shown_caption for still in rows["stills"]] == ["Caption 3", "The dig"]
    same(
        rows["alternative_titles"],
        film.alternative_titles.select_related("language", "country").order_by("title", "pk"),
        "language__name",
        "country__name",
    )
    same(
        rows["quotes"],
        film.quotes.select_related("speaker__person"),
        "speaker_name",
        "speaker__pk",
        "speaker__person__name",
        "speaker__person__slug",
    )
    same(rows["locations"], film.locations.select_related("country"), "country__name")
    same(
        rows["nominations"],
        Nomination.objects.filter(film=film)
        .select_related("category__body", "person")
        .order_by("category__body__name", "-year", "category__name", "pk"),
        "category__name",
        "category__slug",
        "category__body__name",
        "category__body__slug",
        "person__name",
        "person__slug",
    )
    assert values(rows["genres"], "slug", "name") == values(film.genres.order_by("name"), "slug", "name")
    assert values(rows["countries"], "code", "name") == values(film.countries.order_by("name"), "code", "name")

    plot_sections, notes, key_scenes = rows["writing"]
    same(plot_sections, film.plot_sections.all())
    same(notes, film.notes.all())
    same(key_scenes, film.key_scenes.all())


def test_values_come_back_as_python_types_not_database_text(film):
    rows = film_page_rows(film)
    notes = rows["writing"][1]
    assert next(note for note in notes if note.title == "Dated").source_retrieved == date(2023, 4, 5)
    dated = next(location for location in rows["locations"] if location.place == "Somewhere dated")
    assert dated.source_retrieved == date(2022, 1, 2)
    assert any(isinstance(location.latitude, Decimal) for location in rows["locations"])
    assert all(isinstance(credit.billing_order, int) for credit in rows["credits"])


def test_empty_links_stay_empty_and_filled_ones_need_no_further_query(film):
    with CaptureQueriesContext(connection) as queries:
        rows = film_page_rows(film)
        links = [
            *(credit.person.get_absolute_url() for credit in rows["credits"]),
            *(quote.speaker_name for quote in rows["quotes"]),
            *(quote.speaker.person.get_absolute_url() for quote in rows["quotes"] if quote.speaker),
            *(nomination.category.body.get_absolute_url() for nomination in rows["nominations"]),
            *(nomination.person.get_absolute_url() for nomination in rows["nominations"] if nomination.person),
            *(str(location.country) for location in rows["locations"] if location.country),
            *(title.language.code for title in rows["alternative_titles"] if title.language),
            *(credit.person.photo.picture("headshot")["src"] for credit in rows["credits"] if credit.person.photo),
            *(film.poster.picture("card")["src"] for film in rows["films"][1] if film.poster),
            *(still.image.picture("still")["src"] for still in rows["stills"]),
        ]
    assert len(queries) == 8
    assert "/people/penelope-cruz/" in links and "A voice" in links
    for spec in ("headshot", "card"):
        assert any(f"-{spec}-" in link for link in links), spec
    assert sum("-still-" in link for link in links) == 2

    untitled = next(title for title in rows["alternative_titles"] if title.title == "Two Mothers")
    assert untitled.language is None and untitled.country is None
    assert next(location for location in rows["locations"] if location.place == "A studio").country is None
    assert next(quote for quote in rows["quotes"] if quote.text == "Unattributed.").speaker is None
    assert any(nomination.person is None for nomination in rows["nominations"])
    assert any(credit.person.photo is None for credit in rows["credits"])
    assert any(film.poster is None for film in rows["films"][0] + rows["films"][1])


def test_a_film_with_nothing_but_a_title_has_empty_lists(db, make):
    film = make.film("Bare")
    rows = film_page_rows(film)
    assert rows["writing"] == ([], [], [])
    assert rows["films"] == ([], [])
    assert all(rows[name] == [] for name in rows if name not in {"writing", "films"})
