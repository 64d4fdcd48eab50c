"""The people list and person pages: filters, drafts kept out, fixed query counts."""

import html
import re

import pytest

from catalog.models import FilmStatus, Outcome, Role
from tests.factories import set_status
from tests.pages import count_queries

pytestmark = pytest.mark.django_db

URL = "/people/"


def content(response):
    return response.content.decode()


def names(response):
    cards = re.findall(r'class="person-card__name"><a href="[^"]+">([^<]+)</a>', content(response))
    return [html.unescape(name) for name in cards]


def test_people_list_shows_everyone_with_a_published_credit(catalog, client):
    response = client.get(URL)
    assert response.status_code == 200
    found = names(response)
    assert len(found) == 12 and found == sorted(found)
    assert 'href="/people/pedro-almodovar/"' in content(response)


def test_people_list_shows_roles_and_film_counts(catalog, client):
    page = html.unescape(content(client.get(URL, {"q": "almodovar"})))
    assert "Director, Writer · 7 films" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"role": "composer"}, ["Alberto Iglesias"]),
        ({"role": "director", "q": "al"}, ["Alfonso Cuarón", "Maggie Gyllenhaal", "Pedro Almodóvar"]),
        ({"role": "writer", "q": "haneke"}, ["Michael Haneke"]),
        ({"q": "penelope"}, ["Penélope Cruz"]),
        ({"q": "JULIETA"}, ["Julieta Serrano"]),
        ({"q": "lmodó"}, ["Pedro Almodóvar"]),  # anywhere in the name, accents aside
        ({"role": "cinematographer"}, []),
    ],
)
def test_people_filters(catalog, client, query, expected):
    response = client.get(URL, query)
    assert response.status_code == 200
    assert names(response) == expected


@pytest.mark.parametrize("query", [{"role": "evil"}, {"q": "x" * 50_000}])
def test_invalid_people_filters_are_form_errors(catalog, client, query):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert "could not be used" in content(response)


@pytest.mark.parametrize("page", ["0", "abc", "999"])
def test_bogus_people_pages_answer_404(catalog, client, page):
    assert client.get(URL, {"page": page}).status_code == 404


def test_person_with_only_draft_credits_is_absent_from_the_people_list(catalog, client, admin_client):
    set_status("roma", FilmStatus.DRAFT)
    for who in (client, admin_client):
        assert "Alfonso Cuarón" not in names(who.get(URL))


def test_person_page_shows_filmography_by_role_and_awards(catalog, client):
    response = client.get("/people/penelope-cruz/")
    assert response.status_code == 200
    page = html.unescape(content(response))
    for text in ["Penélope Cruz", "Filmography", "Actor", "Raimunda", "Volpi Cup for Best Actress", "Won"]:
        assert text in page, text
    assert 'href="/films/volver/"' in page
    assert 'href="/films/?person=penelope-cruz"' in page


def test_person_page_leaves_out_draft_films(catalog, client):
    set_status("volver", FilmStatus.DRAFT)
    page = content(client.get("/people/penelope-cruz/"))
    assert "/films/volver/" not in page and "Raimunda" not in page


def test_person_with_only_draft_credits_is_404_for_visitors_and_a_preview_for_staff(catalog, client, admin_client):
    set_status("roma", FilmStatus.DRAFT)
    assert client.get("/people/alfonso-cuaron/").status_code == 404
    response = admin_client.get("/people/alfonso-cuaron/")
    assert response.status_code == 200
    page = html.unescape(content(response))
    assert "Draft — not public" in page and '<meta name="robots" content="noindex">' in page
    assert "/films/roma/" not in page


def test_people_list_query_count_does_not_grow(db, client, make):
    def add(count):
        for _ in range(count):
            film = make.film()
            person = make.person()
            make.credit(film, person, Role.DIRECTOR)
            make.credit(film, person, Role.WRITER)
            make.credit(make.film(), person, Role.ACTOR)

    add(3)
    before = count_queries(client, URL), count_queries(client, URL, {"role": "director", "q": "person"})
    add(40)
    assert (count_queries(client, URL), count_queries(client, URL, {"role": "director", "q": "person"})) == before
    assert max(before) <= 4, before


def test_person_page_query_count_does_not_grow(db, client, make):
    person = make.person(slug="busy")
    category = make.category()

    def add(count):
        for _ in range(count):
            film = make.film()
            make.credit(film, person, Role.ACTOR)
            make.credit(film, person, Role.DIRECTOR)
            make.nomination(film, category, person=person, outcome=Outcome.WON, year=2000 + film.pk % 50)

    add(2)
    before = count_queries(client, "/people/busy/")
    add(20)
    assert count_queries(client, "/people/busy/") == before
    assert before <= 4


def test_a_filmography_escapes_titles_and_characters(db, client, make):
    person = make.person("Ana Torrent")
    film = make.film('Cría <cuervos> & "Co"', slug="cria-cuervos")
    make.credit(film, person, Role.ACTOR, character_name="Ana <b>")
    page = content(client.get(person.get_absolute_url()))
    assert (
        '<a href="/films/cria-cuervos/">Cría &lt;cuervos&gt; &amp; &quot;Co&quot;</a>'
        ' <span class="filmography__as">as Ana &lt;b&gt;</span>'
    ) in page
    assert "<cuervos>" not in page and "<b>" not in page
