"""The film list's filters say how many films each choice gives, with the other filters as they are, and offer no
choice that gives none (catalog.public.facets)."""

import re

import pytest

from catalog.models import Country, Film, FilmStatus, Genre, Outcome
from tests.pages import select_options

URL = "/films/"
FACETS = ("genre", "decade", "country", "language", "award", "award_body")


@pytest.fixture(autouse=True)
def built_each_time(settings):
    settings.PAGE_CACHE = False  # the page's context is read


def counted_options(page, name):
    """``{value: number}`` of the choices of ``name`` that show a number; the empty choice aside."""
    numbers = {}
    for value, label in select_options(page, name):
        if match := re.fullmatch(r".+ \(([\d,]+)\)", label):
            numbers[value] = int(match.group(1).replace(",", ""))
    return numbers


def films_listed(client, query):
    response = client.get(URL, query)
    assert response.status_code == 200, query
    return response.context["paginator"].count


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"genre": "drama"},
        {"genre": "drama", "decade": "2020"},
        {"country": "ES", "language": "es"},
        {"q": "mother"},
        {"person": "penelope-cruz"},
        {"award": "won"},
        {"award": "won", "award_body": "venice-film-festival"},
        {"award_body": "goya-awards", "year_min": "2000"},
    ],
)
def test_every_number_is_what_following_its_choice_lists(catalog, client, query):
    page = client.get(URL, query).content.decode()
    checked = 0
    for name in FACETS:
        for value, number in counted_options(page, name).items():
            # Following a choice replaces the filter's value and keeps the others.
            assert films_listed(client, {**query, name: value}) == number, (name, value)
            checked += 1
    assert checked >= 5  # the numbers are there to check


def test_choices_that_would_list_no_film_are_not_offered(catalog, client):
    Genre.objects.create(name="Western", slug="western")
    page = client.get(URL).content.decode()
    assert "western" not in dict(select_options(page, "genre"))
    assert "1880" not in dict(select_options(page, "decade"))
    decades = counted_options(page, "decade")
    assert decades and all(number > 0 for number in decades.values())
    # Every choice offered shows its number: none is offered blind.
    for name in FACETS:
        assert len(counted_options(page, name)) == len(select_options(page, name)) - 1, name

    # Among Spanish films, only the decades and genres they have.
    page = client.get(URL, {"country": "ES"}).content.decode()
    spanish = Film.objects.published().filter(countries="ES")
    assert set(counted_options(page, "decade")) == {
        str(year // 10 * 10) for year in spanish.values_list("year", flat=True)
    }
    assert set(counted_options(page, "genre")) == set(spanish.values_list("genres__slug", flat=True)) - {None}


def test_a_chosen_value_stays_offered_even_when_it_lists_nothing(catalog, client):
    response = client.get(URL, {"genre": "drama", "decade": "1950"})
    assert response.context["paginator"].count == 0
    page = response.content.decode()
    assert re.search(r'<option value="1950" selected>1950s \(0\)</option>', page)
    assert dict(select_options(page, "genre"))["drama"].startswith("Drama (")


def test_drafts_are_not_counted_and_a_change_is_counted_at_once(catalog, client, make, settings):
    settings.PAGE_CACHE = False
    western = Genre.objects.create(name="Western", slug="western")
    draft = make.film("Unfinished Western", status=FilmStatus.DRAFT, year=1960)
    draft.genres.add(western)
    assert "western" not in dict(select_options(client.get(URL).content.decode(), "genre"))

    draft.status = FilmStatus.PUBLISHED
    draft.save()  # the counts kept for the page before are no longer read
    page = client.get(URL).content.decode()
    assert dict(select_options(page, "genre"))["western"] == "Western (1)"
    assert counted_options(page, "decade")["1960"] >= 1


def test_choices_over_too_many_films_show_no_number_and_hide_nothing(catalog, client, settings):
    settings.FACET_COUNT_MAX_FILMS = 3
    response = client.get(URL, {"year_min": "1990"})
    assert response.context["paginator"].count > 3
    page = response.content.decode()
    assert counted_options(page, "genre") == {}
    assert dict(select_options(page, "genre")).keys() >= {"drama", "comedy"}
    assert "Choices show their number of films once your other filters leave 3 films or fewer." in page

    # A filter alone counts the whole catalog: its own choices keep their numbers, the others' have none.
    page = client.get(URL, {"genre": "drama"}).content.decode()
    assert counted_options(page, "genre")["drama"] == Genre.objects.get(slug="drama").film_count
    assert counted_options(page, "decade") == {}

    page = client.get(URL).content.decode()
    assert "Choices show their number" not in page  # with no filter, every choice is counted


def test_an_outcome_and_an_award_body_count_the_same_nomination(catalog, client, make):
    film = Film.objects.get(slug="parallel-mothers")
    venice = film.nominations.filter(category__body__slug="venice-film-festival")
    assert venice.filter(outcome=Outcome.WON).exists()
    page = client.get(URL, {"award_body": "venice-film-festival"}).content.decode()
    won_at_venice = Film.objects.published().filter(
        nominations__outcome=Outcome.WON, nominations__category__body__slug="venice-film-festival"
    )
    assert counted_options(page, "award")["won"] == won_at_venice.distinct().count()


def test_an_invalid_value_is_left_out_of_the_counts_as_it_is_of_the_list(catalog, client):
    response = client.get(URL, {"genre": "no-such-genre", "country": "ES"})
    assert response.status_code == 400
    page = response.content.decode()
    spanish = Film.objects.published().filter(countries="ES").count()
    assert sum(counted_options(page, "language").values()) == spanish
    assert counted_options(page, "country")["ES"] == Country.objects.get(code="ES").film_count
