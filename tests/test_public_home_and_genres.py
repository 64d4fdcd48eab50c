"""The home page's ways in, and genre pages: published films only, in a fixed number of queries."""

import html
import re

import pytest

from catalog.models import Film, FilmStatus, FilmTotal, Genre, Nomination, Outcome, Role
from tests.factories import set_status
from tests.pages import count_queries

pytestmark = pytest.mark.django_db


def content(response):
    return html.unescape(response.content.decode())


def test_home_shows_recent_films_winners_and_ways_in(catalog, client):
    response = client.get("/")
    assert response.status_code == 200
    page = content(response)
    assert page.count('class="film-card"') == 6
    assert "Recent award winners" in page and "Volpi Cup for Best Actress" in page
    assert 'href="/awards/venice-film-festival/2021/"' in page
    assert 'href="/genres/drama/">Drama' in page
    assert 'href="/films/?decade=2010">2010s' in page and 'href="/films/?decade=1990">1990s' in page
    assert 'href="/people/pedro-almodovar/">Pedro Almodóvar' in page
    assert 'href="/people/"' in page and 'href="/films/?ordering=-updated"' in page


def test_home_shows_the_most_recently_updated_film_first(catalog, client):
    film = Film.objects.get(slug="amour")
    film.save()
    first = re.search(r'class="film-card__title"><a href="([^"]+)"', content(client.get("/"))).group(1)
    assert first == "/films/amour/"


def test_home_leaves_out_drafts_and_their_awards(catalog, client, admin_client):
    set_status("parallel-mothers", FilmStatus.DRAFT)
    for who in (client, admin_client):
        page = content(who.get("/"))
        assert "/films/parallel-mothers/" not in page
        assert "Recent award winners" not in page
        assert "?decade=2020" in page  # Pieces of a Woman and The Lost Daughter remain


def test_home_genres_list_only_genres_with_published_films(catalog, client):
    page = content(client.get("/"))
    assert "/genres/drama/" in page and "/genres/horror/" not in page


def test_genre_page_lists_its_published_films(catalog, client):
    response = client.get("/genres/thriller/")
    assert response.status_code == 200
    page = content(response)
    assert "<h1>Thriller</h1>" in page
    assert 'href="/films/the-skin-i-live-in/"' in page and "/films/volver/" not in page
    assert 'href="/films/?genre=thriller"' in page


def test_draft_film_is_absent_from_its_genre_page(catalog, client, admin_client):
    set_status("the-skin-i-live-in", FilmStatus.DRAFT)
    for who in (client, admin_client):
        page = content(who.get("/genres/thriller/"))
        assert "/films/the-skin-i-live-in/" not in page and "No published films in this genre yet." in page


def test_unknown_genre_is_404(db, client):
    assert client.get("/genres/no-such-genre/").status_code == 404


def test_genre_page_is_paginated(db, client, make):
    genre = make.genre("Noir")
    for n in range(30):
        make.film(f"Noir {n:02}", year=1950 + n).genres.add(genre)
    first = content(client.get(genre.get_absolute_url()))
    assert first.count('class="film-card"') == 24 and 'href="?page=2"' in first
    assert content(client.get(genre.get_absolute_url(), {"page": 2})).count('class="film-card"') == 6
    assert client.get(genre.get_absolute_url(), {"page": 3}).status_code == 404


def test_home_query_count_does_not_grow(db, client, make):
    def add(count):
        for n in range(count):
            genre = make.genre()
            film = make.film(year=1950 + n)
            film.genres.add(genre)
            make.credit(film, make.person(), Role.DIRECTOR)
            make.nomination(film, make.category(), outcome=Outcome.WON)

    add(2)
    before = count_queries(client, "/")
    add(30)
    assert count_queries(client, "/") == before
    assert before <= 5


def test_genre_page_query_count_does_not_grow(db, client, make):
    genre = Genre.objects.create(name="Drama", slug="drama")

    def add(count):
        for _ in range(count):
            make.film().genres.add(genre)

    add(2)
    before = count_queries(client, "/genres/drama/")
    add(40)
    assert count_queries(client, "/genres/drama/") == before
    assert before <= 3


def test_decades_add_up_the_published_films_of_each_year_newest_first(db, make):
    for year in (1994, 1999, 1999, 2001, 2023):
        make.film(f"Film of {year}", year=year)
    make.film("A draft", year=1985, status=FilmStatus.DRAFT)
    assert Film.objects.published().decades() == [
        {"decade": 2020, "films": 1},
        {"decade": 2000, "films": 1},
        {"decade": 1990, "films": 3},
    ]
    assert Film.objects.none().decades() == []
    # The home page reads the same from the years the catalog keeps counted.
    assert FilmTotal.objects.decades() == Film.objects.published().decades()


def test_the_newest_wins_are_those_a_sort_of_every_win_puts_first(db, make):
    body_a, body_b = make.category(name="Best Film"), make.category(name="Best Actor")
    for n, (year, category) in enumerate([(2001, body_a), (2003, body_b), (2003, body_a), (2002, body_b)]):
        make.nomination(make.film(f"Film {n}"), category, year=year, outcome=Outcome.WON)
    make.nomination(make.film("Draft", status=FilmStatus.DRAFT), body_a, year=2004, outcome=Outcome.WON)
    make.nomination(make.film("Lost"), body_a, year=2005, outcome=Outcome.NOMINATED)
    published = Nomination.objects.for_published_films()
    every = list(published.won().order_by("-year", "category__body__name", "category__name", "film__title"))
    for count in (1, 2, 3, 6):
        assert list(published.recent_wins(count)) == every[:count], count


def test_the_most_credited_directors_follow_a_change_to_the_catalog(catalog, client, make):
    newcomer = make.person("Agnès Newcomer")
    assert "Agnès Newcomer" not in content(client.get("/"))
    for n in range(12):
        make.credit(make.film(f"Newcomer film {n}"), newcomer, Role.DIRECTOR)
    assert f'href="{newcomer.get_absolute_url()}">Agnès Newcomer' in content(client.get("/"))
