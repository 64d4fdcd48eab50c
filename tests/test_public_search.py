"""Site search: films, people, quotes and notes, accent-insensitive, published films only."""

import html
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import search as search_module
from catalog.models import FilmNote, FilmStatus, NoteKind, Quote, Role, SpoilerLevel
from catalog.search import fold, search_catalog
from tests.factories import set_status

pytestmark = pytest.mark.django_db

URL = "/search/"


def content(response):
    return response.content.decode()


def section(response, name):
    """The HTML of one result group, or "" when the page has none."""
    match = re.search(rf'<section[^>]*id="{name}".*?</section>', content(response), re.S)
    return match.group(0) if match else ""


def search(client, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return response


def test_search_box_is_in_the_header_of_every_page(catalog, client):
    for url in ["/", "/films/", "/films/parallel-mothers/", "/people/", "/awards/"]:
        page = content(client.get(url))
        assert 'role="search"' in page and 'action="/search/"' in page, url
        assert '<label class="visually-hidden" for="site-search-q">' in page


@pytest.mark.parametrize(
    ("query", "name", "url"),
    [
        ("almodovar", "Pedro Almodóvar", "/people/pedro-almodovar/"),
        ("ALMODOVAR", "Pedro Almodóvar", "/people/pedro-almodovar/"),
        ("penelope", "Penélope Cruz", "/people/penelope-cruz/"),
        ("penelope cruz", "Penélope Cruz", "/people/penelope-cruz/"),
        ("Penélope", "Penélope Cruz", "/people/penelope-cruz/"),
        ("sanchez gijon", "Aitana Sánchez-Gijón", "/people/aitana-sanchez-gijon/"),
        ("mundruczo", "Kornél Mundruczó", "/people/kornel-mundruczo/"),
    ],
)
def test_people_are_found_by_name_without_accents(catalog, client, query, name, url):
    people = section(search(client, query), "people")
    assert f'href="{url}">{name}</a>' in people


def test_people_results_show_their_roles(catalog, client):
    assert "Director, Writer · 7 films" in html.unescape(section(search(client, "almodovar"), "people"))


def test_notes_of_a_film_come_in_the_order_of_its_page(catalog, client):
    notes = html.unescape(section(search(client, "almodovar"), "notes"))
    kinds = re.findall(r'class="search-hit__where">([^,]+),', notes)
    assert kinds[0] == "Behind the scenes" and kinds[-1] == "Trivia", kinds


def test_films_are_found_by_title_or_original_title(catalog, client):
    assert 'href="/films/parallel-mothers/"' in section(search(client, "madres paralelas"), "films")
    assert 'href="/films/talk-to-her/"' in section(search(client, "talk to her"), "films")


def test_a_quote_is_found_by_a_word_in_it_and_links_to_the_quotes_section(catalog, client):
    quotes = section(search(client, "generations"), "quotes")
    assert "The truth is always waiting, even if it takes generations to find it." in html.unescape(quotes)
    assert 'href="/films/parallel-mothers/#quotes"' in quotes
    assert "Janis Martínez Moreno" in quotes


def test_a_trivia_note_is_found_by_a_word_in_it_and_links_to_its_section(catalog, client):
    notes = section(search(client, "anthropologists"), "notes")
    assert "Real forensic anthropologists" in notes
    assert 'href="/films/parallel-mothers/#trivia"' in notes


def test_notes_link_to_the_section_of_their_kind(catalog, client):
    notes = section(search(client, "Velazquez"), "notes")  # "A homage to Velázquez", an inspiration
    assert 'href="/films/parallel-mothers/#inspirations"' in notes


def test_a_typographic_apostrophe_matches_a_typed_one(catalog, client):
    notes = section(search(client, "cruz's most demanding"), "notes")
    assert "most demanding role" in html.unescape(notes)


def test_spoiler_quotes_found_by_search_stay_folded(catalog, client):
    quote = Quote.objects.get(text__startswith="We’re connected forever")
    assert quote.spoiler_level == SpoilerLevel.MILD
    quotes = section(search(client, "connected forever"), "quotes")
    assert re.search(r"<details class=\"spoiler[^\"]*\">(?:(?!</details>).)*connected forever", quotes, re.S)


def test_results_are_grouped_with_headings_in_order(catalog, client):
    page = content(search(client, "almodovar"))
    headings = re.findall(r"<h([1-6])[^>]*>", page)
    assert headings.count("1") == 1
    levels = [int(level) for level in headings]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    assert "Pedro Almodóvar" in section(search(client, "almodovar"), "people")
    assert "Almodóvar" in html.unescape(section(search(client, "almodovar"), "notes"))


def test_draft_film_is_absent_from_search(catalog, client, admin_client):
    set_status("parallel-mothers", FilmStatus.DRAFT)
    for who in (client, admin_client):
        assert section(search(who, "madres"), "films") == ""
        assert section(search(who, "generations"), "quotes") == ""
        assert section(search(who, "anthropologists"), "notes") == ""
        # Milena Smit is credited on Parallel Mothers only.
        assert section(search(who, "milena"), "people") == ""
    assert "Nothing in the catalog matches" in content(search(client, "anthropologists"))


def test_nothing_found_says_so(catalog, client):
    page = content(search(client, "zzzzqqq"))
    assert "Nothing in the catalog matches “zzzzqqq”" in html.unescape(page)


def test_empty_search_shows_a_prompt(catalog, client):
    for response in (client.get(URL), client.get(URL, {"q": "   "})):
        assert response.status_code == 200
        assert "Accents are optional" in html.unescape(content(response))


def test_a_very_long_query_is_a_form_error_not_a_server_error(catalog, client):
    response = client.get(URL, {"q": "almodovar " * 5_000})
    assert response.status_code == 400
    assert "at most 100 characters" in content(response)
    # The header box is not refilled with the whole of it.
    assert "almodovar " * 20 not in content(response)


def test_query_characters_are_not_wildcards(catalog, client):
    for query in ["%", "_", "\\", "%%%", "a_b"]:
        assert 'id="films"' not in content(search(client, query)), query


def test_many_matches_are_cut_and_the_rest_offered(db, client, make):
    for n in range(25):
        make.film(f"Mirror {n:02}")
    films = section(search(client, "mirror"), "films")
    assert films.count("film-card__title") == 20
    assert 'href="/films/?q=mirror">All matching films</a>' in films


def test_a_word_found_in_many_rows_is_answered_from_a_bounded_number_of_them(db, make, monkeypatch):
    monkeypatch.setattr(search_module, "SEARCH_CANDIDATES", 3)
    for n in range(6):
        film = make.film(f"Lantern {n}")
        FilmNote.objects.create(film=film, kind=NoteKind.TRIVIA, title=f"Note {n}", text="A lantern lit every take.")
    found = search_catalog("lantern", limit=10)
    assert len(found.notes) == 3
    assert 3 <= len(found.films) <= 6  # full-text search reads up to as many again by any word


def test_fold_removes_accents_case_and_typographic_quotes():
    assert fold("Penélope Cruz’s CAFÉ") == "penelope cruz's cafe"
    assert fold("Straße Ærø Łódź") == "strasse aero lodz"


def test_search_query_count_does_not_grow_with_matches(db, client, make):
    def add(count):
        for n in range(count):
            film = make.film(f"Almodóvar tribute {n}")
            person = make.person(f"Almodóvar fan {n}")
            credit = make.credit(film, person, Role.ACTOR, character_name=f"Almodóvar {n}")
            Quote.objects.create(film=film, text=f"Almodóvar line {n}", speaker=credit)
            FilmNote.objects.create(film=film, kind=NoteKind.TRIVIA, title=f"Almodóvar note {n}", text="x")

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            search(client, "almodovar")
        return len(queries)

    add(2)
    before = count_queries()
    add(30)
    assert count_queries() == before
    assert before <= 5
