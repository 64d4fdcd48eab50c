"""What is stored beside the catalog's rows follows them: film counts, folded titles and names."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog import derived
from catalog.models import (
    AlternativeTitle,
    AwardBody,
    Country,
    Film,
    FilmStatus,
    FilmTotal,
    Genre,
    Language,
    Nomination,
    Outcome,
    Person,
    Role,
)
from tests import factories
from tests.admin_forms import change_form_data
from tests.test_bulk_actions import choose, confirm
from tests.test_publication_rule import restore, save_version

pytestmark = pytest.mark.django_db


def count_of(person):
    return Person.objects.values_list("film_count", flat=True).get(pk=person.pk)


def true_counts():
    published = Q(credits__film__status=FilmStatus.PUBLISHED)
    rows = Person.objects.annotate(truth=Count("credits__film", filter=published, distinct=True))
    return dict(rows.values_list("slug", "truth"))


def stored_counts():
    return dict(Person.objects.values_list("slug", "film_count"))


def facet_counts(model):
    """``(stored, truth)`` film counts of every genre, country or language, by primary key."""
    published = Q(films__status=FilmStatus.PUBLISHED)
    truth = dict(model.objects.annotate(truth=Count("films", filter=published)).values_list("pk", "truth"))
    return dict(model.objects.values_list("pk", "film_count")), truth


def count_stored(row):
    return type(row).objects.values_list("film_count", flat=True).get(pk=row.pk)


def test_fixtures_load_with_every_count_right(catalog):
    counts = stored_counts()
    assert counts == true_counts()
    for model, key in [(Genre, Genre.objects.get(slug="drama").pk), (Country, "ES"), (Language, "es")]:
        stored, truth = facet_counts(model)
        assert stored == truth and stored[key] > 1
    assert counts["pedro-almodovar"] == 7 and counts["penelope-cruz"] > 1


def test_credits_count_each_published_film_once(make):
    person, film, other = make.person(), make.film(), make.film()
    assert count_of(person) == 0
    make.credit(film, person, Role.DIRECTOR)
    make.credit(film, person, Role.WRITER)
    assert count_of(person) == 1
    make.credit(other, person, Role.ACTOR)
    assert count_of(person) == 2


def test_draft_films_do_not_count_until_published(make):
    person, film = make.person(), make.film(status=FilmStatus.DRAFT)
    make.credit(film, person, Role.DIRECTOR)
    assert count_of(person) == 0
    make.set_status(film.slug, FilmStatus.PUBLISHED)
    assert count_of(person) == 1
    make.set_status(film.slug, FilmStatus.REVIEW)
    assert count_of(person) == 0


def test_deleting_a_credit_or_its_film_recounts(make):
    person, film, other = make.person(), make.film(), make.film()
    credit = make.credit(film, person, Role.EDITOR)
    make.credit(other, person, Role.EDITOR)
    credit.delete()
    assert count_of(person) == 1
    other.delete()
    assert count_of(person) == 0


def test_a_credit_moved_to_someone_else_recounts_both(make):
    before, after, film = make.person(), make.person(), make.film()
    credit = make.credit(film, before, Role.COMPOSER)
    credit.person = after
    credit.save()
    assert (count_of(before), count_of(after)) == (0, 1)


def test_saving_a_person_never_writes_back_a_stale_count(make):
    person, film = make.person(), make.film()
    stale = Person.objects.get(pk=person.pk)
    make.credit(film, person, Role.PRODUCER)
    stale.bio = "Edited while someone else added a credit."
    stale.save()
    assert count_of(person) == 1


def test_recount_films_repairs_counts_after_a_bulk_update(catalog):
    Film.objects.filter(slug="parallel-mothers").update(status=FilmStatus.DRAFT)  # skips save(): counts go stale
    assert stored_counts() != true_counts()
    for model in (Genre, Country, Language):
        assert facet_counts(model)[0] != facet_counts(model)[1]
    call_command("refresh_derived", verbosity=0)
    assert stored_counts() == true_counts()
    for model in (Genre, Country, Language):
        assert facet_counts(model)[0] == facet_counts(model)[1]


def test_genre_counts_follow_the_films_genres_from_either_side(make):
    drama, comedy = make.genre(), make.genre()
    film, draft = make.film(), make.film(status=FilmStatus.DRAFT)
    film.genres.add(drama, comedy)
    draft.genres.add(drama)
    assert (count_stored(drama), count_stored(comedy)) == (1, 1)
    film.genres.remove(comedy)
    assert count_stored(comedy) == 0
    drama.films.add(make.film())
    assert count_stored(drama) == 2
    film.genres.clear()
    assert count_stored(drama) == 1
    drama.films.clear()
    assert count_stored(drama) == 0


def test_genre_counts_follow_publishing_and_deleting(make):
    genre, film = make.genre(), make.film(status=FilmStatus.REVIEW)
    film.genres.set([genre])
    assert count_stored(genre) == 0
    make.set_status(film.slug, FilmStatus.PUBLISHED)
    assert count_stored(genre) == 1
    Film.objects.get(pk=film.pk).delete()
    assert count_stored(genre) == 0


def country(code="XA"):
    return Country.objects.create(code=code, name=f"Country {code}")


def test_country_counts_follow_the_films_countries_from_either_side(make):
    spain, france = country("XA"), country("XB")
    film, draft = make.film(), make.film(status=FilmStatus.DRAFT)
    film.countries.set([spain, france])
    draft.countries.add(spain)
    assert (count_stored(spain), count_stored(france)) == (1, 1)
    film.countries.remove(france)
    assert count_stored(france) == 0
    spain.films.add(make.film())
    assert count_stored(spain) == 2
    film.countries.clear()
    assert count_stored(spain) == 1
    make.set_status(draft.slug, FilmStatus.PUBLISHED)
    assert count_stored(spain) == 2
    Film.objects.get(pk=draft.pk).delete()
    assert count_stored(spain) == 1


def test_language_counts_follow_the_films_language_status_and_deletion(make):
    spanish = Language.objects.create(code="xa", name="Language xa")
    french = Language.objects.create(code="xb", name="Language xb")
    film = make.film(original_language=spanish)
    draft = make.film(original_language=spanish, status=FilmStatus.REVIEW)
    assert count_stored(spanish) == 1
    film.original_language = french
    film.save()
    assert (count_stored(spanish), count_stored(french)) == (0, 1)
    make.set_status(draft.slug, FilmStatus.PUBLISHED)
    assert count_stored(spanish) == 1
    film.original_language = None
    film.save()
    assert count_stored(french) == 0
    Film.objects.get(pk=draft.pk).delete()
    assert count_stored(spanish) == 0


def test_saving_a_country_never_writes_back_a_stale_count(make):
    stale = country("XC")
    make.film().countries.add(stale)
    stale.name = "Renamed while a film was added"
    stale.save()
    assert count_stored(stale) == 1


def test_film_count_is_not_editable_in_the_admin(catalog, admin_client):
    person = Person.objects.get(slug="pedro-almodovar")
    page = admin_client.get(f"/admin/catalog/person/{person.pk}/change/").content.decode()
    assert "Almodóvar" in page and 'name="film_count"' not in page


@pytest.mark.parametrize(
    ("url", "films"),
    [
        ("/films/?genre=drama", {"genres__slug": "drama"}),
        ("/genres/drama/", {"genres__slug": "drama"}),
        ("/films/?country=ES", {"countries": "ES"}),
        ("/films/?language=es", {"original_language": "es"}),
    ],
)
def test_lists_by_one_facet_show_the_stored_count_which_matches_the_films(catalog, client, url, films):
    make_draft = Film.objects.filter(status=FilmStatus.PUBLISHED, **films).first()
    factories.set_status(make_draft.slug, FilmStatus.DRAFT)
    count = Film.objects.published().filter(**films).count()
    assert count > 1
    heading = re.search(r"<h2[^>]*>(\d+) films\b", client.get(url).content.decode())
    assert heading and int(heading[1]) == count


def titles_of(film):
    return Film.objects.values_list("titles_folded", flat=True).get(pk=film.pk)


def test_fixtures_load_with_folded_titles_and_names(catalog):
    assert titles_of(Film.objects.get(slug="parallel-mothers")).split("\n")[:2] == [
        "parallel mothers",
        "madres paralelas",
    ]
    assert Person.objects.get(slug="pedro-almodovar").name_folded == "pedro almodovar"


def test_alternative_titles_are_folded_in_and_out_as_they_change(make):
    film, other = make.film("Volver"), make.film("Julieta")
    alternative = AlternativeTitle.objects.create(film=film, title="Zurückkehren")
    assert titles_of(film) == "volver\nzuruckkehren"
    alternative.film = other
    alternative.save()
    assert (titles_of(film), titles_of(other)) == ("volver", "julieta\nzuruckkehren")
    alternative.delete()
    assert titles_of(other) == "julieta"


def test_saving_only_the_title_or_name_refolds_it(make):
    film, person = make.film("Old"), make.person("Old Name")
    film.title = "Átame"
    film.save(update_fields=["title"])
    person.name = "Núria Espert"
    person.save(update_fields=["name"])
    assert titles_of(film) == "atame"
    assert Person.objects.get(pk=person.pk).name_folded == "nuria espert"


def test_refresh_derived_refolds_after_a_bulk_update(catalog, client):
    Film.objects.filter(slug="parallel-mothers").update(title="Mothers in Parallel")  # skips save()
    Person.objects.filter(slug="pedro-almodovar").update(name="Pedro Almodóvar Caballero")
    assert "parallel-mothers" not in client.get("/films/", {"q": "in parallel"}).content.decode()
    call_command("refresh_derived", verbosity=0)
    assert "/films/parallel-mothers/" in client.get("/films/", {"q": "in parallel"}).content.decode()
    assert Person.objects.get(slug="pedro-almodovar").name_folded == "pedro almodovar caballero"


def test_a_whole_film_form_saved_refreshes_derived_data_once(catalog, admin_client):
    film = Film.objects.get(slug="parallel-mothers")
    url = reverse("admin:catalog_film_change", args=[film.pk])
    data = change_form_data(admin_client.get(url))
    data["title"] = "Parallel Mothers (restored)"
    refreshes = []

    def record(changes, using, **kwargs):
        refreshes.append(changes)

    derived.refreshed.connect(record)
    try:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.post(url, data).status_code == 302
    finally:
        derived.refreshed.disconnect(record)
    assert len(refreshes) == 1  # one refresh, and so one new generation, for the film and all its rows
    assert refreshes[0].films == {film.pk} and refreshes[0].catalog
    # The film's words in search are rebuilt once: PostgreSQL's document, or SQLite's row of the films' table.
    rebuilt = (
        'UPDATE "catalog_film" SET "search_vector"'
        if connection.vendor == "postgresql"
        else "INSERT INTO catalog_film_search"
    )
    assert len([q for q in queries.captured_queries if rebuilt in q["sql"]]) == 1
    assert "restored" in Film.objects.values_list("titles_folded", flat=True).get(pk=film.pk)


# --- FilmTotal: the published films of each year, outcome and award body -----------------------------------


def true_totals():
    """What ``FilmTotal`` should hold, counted here film by film."""
    members = {}

    def add(kind, value, film):
        members.setdefault((kind, str(value)), set()).add(film)

    for film in Film.objects.published():
        add("year", film.year, film.pk)
    for nomination in Nomination.objects.filter(film__status=FilmStatus.PUBLISHED).select_related("category__body"):
        body = nomination.category.body.slug
        for kind, value in [
            ("outcome", nomination.outcome),
            ("outcome", "any"),
            ("body", body),
            ("body_outcome", f"{body}:{nomination.outcome}"),
        ]:
            add(kind, value, nomination.film_id)
    return {key: len(films) for key, films in members.items()}


def stored_totals():
    return {(kind, value): n for kind, value, n in FilmTotal.objects.values_list("kind", "value", "film_count")}


def test_fixtures_load_with_every_total_right(catalog):
    totals = stored_totals()
    assert totals == true_totals()
    assert totals[("body", "venice-film-festival")] >= 1 and totals[("outcome", "won")] >= 1


def _publish_a_film_from_1950(make):
    make.film(year=1950)


def _move_a_film_to_another_year(make):
    film = Film.objects.get(slug="parallel-mothers")
    film.year = 1961
    film.save()


def _unpublish_a_film(make):
    factories.set_status("parallel-mothers", FilmStatus.DRAFT)


def _delete_a_film(make):
    Film.objects.get(slug="parallel-mothers").delete()


def _add_a_nomination(make):
    make.nomination(Film.objects.get(slug="roma"), make.category(), outcome=Outcome.WON)


def _change_a_nominations_outcome(make):
    nomination = Nomination.objects.filter(film__slug="parallel-mothers", outcome=Outcome.WON).first()
    nomination.outcome = Outcome.NOMINATED
    nomination.save()


def _delete_a_films_nominations(make):
    Nomination.objects.filter(film__slug="parallel-mothers").delete()


def _move_a_category_to_another_body(make):
    category = Nomination.objects.filter(film__slug="parallel-mothers").first().category
    category.body = AwardBody.objects.create(name="A New Festival", slug="a-new-festival")
    category.save()


def _rename_an_award_bodys_slug(make):
    body = AwardBody.objects.get(slug="venice-film-festival")
    body.slug = "la-biennale"
    body.save()


def _bulk_update_then_refresh_derived(make):
    Film.objects.filter(slug="parallel-mothers").update(year=1955)
    call_command("refresh_derived", verbosity=0)


@pytest.mark.parametrize(
    "change",
    [
        _publish_a_film_from_1950,
        _move_a_film_to_another_year,
        _unpublish_a_film,
        _delete_a_film,
        _add_a_nomination,
        _change_a_nominations_outcome,
        _delete_a_films_nominations,
        _move_a_category_to_another_body,
        _rename_an_award_bodys_slug,
        _bulk_update_then_refresh_derived,
    ],
)
def test_totals_follow_every_change_to_what_they_count(catalog, make, change):
    before = stored_totals()
    change(make)
    assert stored_totals() == true_totals() != before


def test_a_film_saved_without_changing_its_year_or_status_leaves_the_totals_alone(catalog, admin_client):
    film = Film.objects.get(slug="parallel-mothers")
    url = reverse("admin:catalog_film_change", args=[film.pk])
    data = change_form_data(admin_client.get(url))
    data["logline"] = "Edited: the totals have nothing to count again."
    with CaptureQueriesContext(connection) as queries:
        assert admin_client.post(url, data).status_code == 302
    assert not [q for q in queries.captured_queries if "catalog_filmtotal" in q["sql"]]

    data = change_form_data(admin_client.get(url))  # the form carries the version it was read at
    data["year"] = "2020"
    assert admin_client.post(url, data).status_code == 302
    assert stored_totals() == true_totals()
    assert stored_totals()[("year", "2020")] >= 1


def test_totals_follow_a_bulk_action_and_a_restore_from_history(catalog, admin_client, publisher_client):
    film = Film.objects.get(slug="parallel-mothers")
    first = save_version(admin_client, film, year="2021")
    save_version(admin_client, film, year="1962")
    assert stored_totals() == true_totals() and ("year", "1962") in stored_totals()

    restore(admin_client, film, first)  # the history page's "Revert" to the version of 2021
    assert stored_totals() == true_totals() and ("year", "1962") not in stored_totals()

    confirm(publisher_client, choose(publisher_client, "unpublish", [film]))
    assert Film.objects.get(pk=film.pk).status != FilmStatus.PUBLISHED
    # The Lost Daughter is from 2021 too.
    assert stored_totals() == true_totals() and ("year", "2021") in stored_totals()
