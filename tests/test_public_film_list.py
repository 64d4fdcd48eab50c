"""The film list: every filter, combined filters, sorting, pagination that keeps filters, and bad input."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import AlternativeTitle, Country, Film, FilmStatus, Genre, Language, Outcome, Role
from tests.factories import set_status
from tests.pages import page_text, select_options

pytestmark = pytest.mark.django_db

URL = "/films/"


def titles(response):
    """The film titles of the result cards, in page order."""
    cards = re.findall(r'class="film-card__title"><a href="[^"]+">([^<]+)</a>', content(response))
    return [html.unescape(title) for title in cards]


def content(response):
    return response.content.decode()


def test_film_list_shows_published_films_linking_to_their_pages(catalog, client):
    response = client.get(URL)
    assert response.status_code == 200
    assert len(titles(response)) == Film.objects.published().count() == 11
    assert 'href="/films/parallel-mothers/"' in content(response)
    assert "11 films" in page_text(response)


def test_film_list_is_sorted_by_title_by_default(catalog, client):
    found = titles(client.get(URL))
    assert found == sorted(found)


def test_draft_film_is_absent_from_the_film_list_for_visitors_and_staff(catalog, client, admin_client):
    set_status("volver", FilmStatus.DRAFT)
    set_status("julieta", FilmStatus.REVIEW)
    for who in (client, admin_client):
        found = titles(who.get(URL))
        assert "Volver" not in found and "Julieta" not in found
        assert "Parallel Mothers" in found


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "parallel"}, ["Parallel Mothers"]),
        ({"q": "MADRES paralelas"}, ["Parallel Mothers"]),  # original title, any case
        ({"q": "dolor gloria"}, ["Pain and Glory"]),  # every word, in any order
        ({"q": "ralel"}, ["Parallel Mothers"]),  # anywhere in a word, as typed: "paralelas"
        ({"q": "lory ai"}, ["Pain and Glory"]),  # a word too short for a trigram index, and a long one
        ({"q": "ralel xyz"}, []),
        ({"genre": "thriller"}, ["The Skin I Live In"]),
        ({"genre": "comedy"}, ["Volver"]),
        ({"year_min": "2020"}, ["Parallel Mothers", "Pieces of a Woman", "The Lost Daughter"]),
        ({"year_max": "2002"}, ["All About My Mother", "Talk to Her"]),
        ({"year_min": "2016", "year_max": "2019"}, ["Julieta", "Pain and Glory", "Roma"]),
        ({"decade": "1990"}, ["All About My Mother"]),
        ({"decade": "2010"}, ["Amour", "Julieta", "Pain and Glory", "Roma", "The Skin I Live In"]),
        ({"country": "MX"}, ["Roma"]),
        ({"country": "US"}, ["Pieces of a Woman", "The Lost Daughter"]),
        ({"language": "fr"}, ["Amour"]),
        ({"person": "penelope-cruz"}, ["All About My Mother", "Pain and Glory", "Parallel Mothers", "Volver"]),
        ({"person": "alfonso-cuaron"}, ["Roma"]),
        ({"person": "Penélope Cruz"}, ["All About My Mother", "Pain and Glory", "Parallel Mothers", "Volver"]),
        ({"award": "won"}, ["Parallel Mothers"]),
        ({"award": "nominated"}, ["Parallel Mothers"]),
        ({"award": "any"}, ["Parallel Mothers"]),
        ({"award_body": "bafta"}, ["Parallel Mothers"]),
        # Its nomination's category is not recorded; the nomination still counts.
        ({"award_body": "goya-awards"}, ["Parallel Mothers"]),
    ],
)
def test_each_filter_narrows_the_list(catalog, client, query, expected):
    response = client.get(URL, query)
    assert response.status_code == 200
    assert titles(response) == expected


def test_title_filter_matches_alternative_titles(catalog, client):
    AlternativeTitle.objects.create(film=Film.objects.get(slug="amour"), title="Liebe")
    assert titles(client.get(URL, {"q": "liebe"})) == ["Amour"]


def test_title_filter_ignores_accents_both_ways(catalog, client, make):
    make.film("Léolo", slug="leolo")
    make.film("Cafe Society", slug="cafe-society")
    assert titles(client.get(URL, {"q": "leolo"})) == ["Léolo"]
    assert titles(client.get(URL, {"q": "LÉOLO"})) == ["Léolo"]
    assert titles(client.get(URL, {"q": "café"})) == ["Cafe Society"]


def test_outcome_and_award_body_apply_to_the_same_nomination(catalog, client):
    # Parallel Mothers won at Venice and was only nominated at the Oscars.
    assert titles(client.get(URL, {"award": "won", "award_body": "venice-film-festival"})) == ["Parallel Mothers"]
    assert titles(client.get(URL, {"award": "won", "award_body": "academy-awards"})) == []
    assert titles(client.get(URL, {"award": "nominated", "award_body": "academy-awards"})) == ["Parallel Mothers"]


def test_filters_combine(catalog, client):
    response = client.get(URL, {"genre": "drama", "country": "ES", "year_min": "2010", "person": "pedro-almodovar"})
    assert titles(response) == ["Julieta", "Pain and Glory", "Parallel Mothers", "The Skin I Live In"]
    response = client.get(URL, {"genre": "melodrama", "decade": "2020", "award": "won"})
    assert titles(response) == ["Parallel Mothers"]


@pytest.mark.parametrize(
    ("ordering", "first", "last"),
    [
        ("title", "All About My Mother", "Volver"),
        ("-title", "Volver", "All About My Mother"),
        ("year", "All About My Mother", "The Lost Daughter"),  # films of the same year by title
        ("-year", "Parallel Mothers", "All About My Mother"),
    ],
)
def test_ordering_choices(catalog, client, ordering, first, last):
    found = titles(client.get(URL, {"ordering": ordering}))
    assert (found[0], found[-1]) == (first, last)


def test_recently_updated_ordering_puts_the_latest_edit_first(catalog, client):
    film = Film.objects.get(slug="roma")
    film.logline = "Edited just now."
    film.save()
    assert titles(client.get(URL, {"ordering": "-updated"}))[0] == "Roma"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year_min": "abc"}, "Enter a whole number."),
        ({"year_max": "20.5"}, "Enter a whole number."),
        ({"year_min": "9" * 30}, "Ensure this value is less than or equal to 2100."),
        ({"year_max": "-5"}, "Ensure this value is greater than or equal to 1888."),
        ({"year_min": "2020", "year_max": "2010"}, "The years are the wrong way round: from 2020 to 2010."),
        ({"genre": "nope"}, "Select a valid choice."),
        ({"country": "XX"}, "Select a valid choice."),
        ({"language": "zz"}, "Select a valid choice."),
        ({"person": "nobody-at-all"}, "Nobody called “nobody-at-all” has films in the catalog."),
        ({"award": "lost"}, "Select a valid choice."),
        ({"award_body": "razzies"}, "Select a valid choice."),
        ({"decade": "1234"}, "Select a valid choice."),
        ({"ordering": "evil"}, "Select a valid choice."),
        ({"ordering": "status"}, "Select a valid choice."),
        ({"q": "x" * 50_000}, "Ensure this value has at most 100 characters"),
    ],
)
def test_invalid_filter_values_are_form_errors_not_server_errors(catalog, client, query, message):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert message in page_text(response)
    assert "could not be used" in page_text(response)


def test_valid_filters_still_apply_next_to_an_invalid_one(catalog, client):
    response = client.get(URL, {"genre": "thriller", "year_min": "abc"})
    assert response.status_code == 400
    assert titles(response) == ["The Skin I Live In"]


def test_filter_form_labels_every_control(catalog, client):
    page = content(client.get(URL))
    form = page[page.index('class="filters__form"') :]
    form = form[: form.index("</form>")]
    for control_id in re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', form):
        assert f'<label class="field__label" for="{control_id}">' in form, control_id


def test_empty_results_say_so_and_offer_to_clear_the_filters(catalog, client):
    response = client.get(URL, {"q": "zzzz"})
    assert response.status_code == 200
    assert titles(response) == []
    assert "No films match these filters" in page_text(response)
    assert 'href="/films/">Clear all filters</a>' in content(response)


@pytest.fixture
def many_dramas(db, make):
    drama = Genre.objects.create(name="Drama", slug="drama")
    films = [make.film(f"Drama {n:02}", year=1990 + n) for n in range(30)]
    for film in films:
        film.genres.add(drama)
    return films


def test_pagination_keeps_the_filters_and_sort_order_in_every_link(many_dramas, client):
    response = client.get(URL, {"genre": "drama", "ordering": "-year"})
    assert response.status_code == 200
    assert len(titles(response)) == 24
    links = re.findall(r'class="pagination__(?:page|step)"[^>]*href="([^"]+)"', content(response))
    assert links
    for link in (html.unescape(link) for link in links):
        assert "genre=drama" in link and "ordering=-year" in link, link
    second = client.get(URL, {"genre": "drama", "ordering": "-year", "page": "2"})
    assert titles(second) == [f"Drama {n:02}" for n in range(5, -1, -1)]
    assert "Page 2 of 2" in page_text(second)


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999", "3", "1e3", "9" * 40])
def test_bogus_and_deep_page_numbers_answer_404_not_500(many_dramas, client, page):
    response = client.get(URL, {"genre": "drama", "page": page})
    assert response.status_code == 404
    assert b"filmsite" in response.content


def test_a_page_beyond_the_last_served_asks_to_narrow_the_list_without_counting(many_dramas, client, settings):
    settings.LIST_MAX_PAGES = 1
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"genre": "drama", "ordering": "-year", "page": "2"})
    assert response.status_code == 404
    text = page_text(response)
    assert "This list stops at page 1" in text
    assert "narrow the list with the filters, or change the sort order" in text
    assert 'href="/films/?genre=drama&amp;ordering=-year">Back to the first page</a>' in content(response)
    assert not [query for query in queries if "COUNT(" in query["sql"].upper()]


def test_page_links_stop_at_the_last_page_served(many_dramas, client, settings):
    settings.LIST_MAX_PAGES = 1
    response = client.get(URL, {"genre": "drama"})
    links = re.findall(r'class="pagination__page"[^>]*href="([^"]+)"', content(response))
    assert links and not [link for link in links if "page=2" in link]


def test_last_is_an_accepted_page_name(many_dramas, client):
    assert client.get(URL, {"page": "last"}).status_code == 200


def test_film_list_query_count_does_not_grow_with_the_catalog(db, client, make):
    genre = Genre.objects.create(name="Drama", slug="drama")
    spain, _ = Country.objects.get_or_create(code="ES", defaults={"name": "Spain"})
    spanish, _ = Language.objects.get_or_create(code="es", defaults={"name": "Spanish"})
    director = make.person("Pedro Almodóvar", slug="pedro-almodovar")
    category = make.category()

    def add_films(count):
        for _ in range(count):
            film = make.film(original_language=spanish)
            film.genres.add(genre)
            film.countries.add(spain)
            make.credit(film, director, Role.DIRECTOR)
            make.credit(film, make.person(), Role.ACTOR)
            make.nomination(film, category, outcome=Outcome.WON)

    query = {
        "q": "film",
        "genre": "drama",
        "country": "ES",
        "language": "es",
        "person": "pedro-almodovar",
        "award": "won",
        "award_body": category.body.slug,
        "decade": "2000",
        "year_min": "1990",
        "ordering": "-year",
    }

    def count_queries(params):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, params).status_code == 200
        return len(queries)

    add_films(3)
    before = count_queries(query), count_queries({})
    add_films(40)
    assert (count_queries(query), count_queries({})) == before
    assert before[0] <= 12 and before[1] <= 8, before


def test_the_cast_or_crew_filter_is_a_text_box_with_suggestions_not_a_list_of_everyone(catalog, client, make):
    for n in range(30):
        make.credit(Film.objects.get(slug="roma"), make.person(f"Extra Person {n}"), Role.ACTOR)
    page = content(client.get(URL))
    assert "Extra Person" not in page
    box = re.search(r'<input[^>]*name="person"[^>]*>', page).group(0)
    assert 'list="id_person-suggestions"' in box
    assert 'data-suggest="/people/suggestions.json"' in box
    assert '<datalist id="id_person-suggestions"></datalist>' in page


def test_a_filtered_list_names_the_person_it_is_filtered_by(catalog, client):
    response = client.get(URL, {"person": "penelope-cruz"})
    assert "With Penélope Cruz" in page_text(response)


def test_namesakes_are_all_matched_by_name(catalog, client, make):
    namesake = make.person("Penélope Cruz")
    make.credit(make.film("Another Story"), namesake, Role.ACTOR)
    assert "Another Story" in titles(client.get(URL, {"person": "Penélope Cruz"}))
    assert "Another Story" not in titles(client.get(URL, {"person": "penelope-cruz"}))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("pen", ["Penélope Cruz"]), ("Pedro", ["Pedro Almodóvar"]), ("alfonso cu", ["Alfonso Cuarón"]), ("zzz", [])],
)
def test_suggestions_offer_credited_people_whose_name_starts_with_what_was_typed(catalog, client, typed, expected):
    response = client.get("/people/suggestions.json", {"q": typed})
    assert response.status_code == 200
    assert [person["name"] for person in response.json()["results"]] == expected


def test_suggestions_leave_out_people_without_a_published_film_and_stop_at_ten(catalog, client, make):
    film = Film.objects.get(slug="roma")
    for n in range(12):
        make.credit(film, make.person(f"Penny {n:02}"), Role.ACTOR)
    make.credit(make.film(status=FilmStatus.DRAFT), make.person("Penny Draft"), Role.ACTOR)
    names = [person["name"] for person in client.get("/people/suggestions.json", {"q": "penny"}).json()["results"]]
    assert names == [f"Penny {n:02}" for n in range(10)]


@pytest.mark.parametrize("query", [{}, {"q": "p"}, {"q": "x" * 101}])
def test_suggestions_refuse_a_missing_or_unusable_query_with_400(db, client, query):
    response = client.get("/people/suggestions.json", query)
    assert response.status_code == 400
    assert "q" in response.json()["errors"]


def test_filter_options_come_from_one_query_in_name_order(catalog, client):
    filmless = Country.objects.filter(film_count=0).first()  # not offered, and refused if sent
    Genre.objects.create(name="Western", slug="western")  # no film: not offered
    with CaptureQueriesContext(connection) as queries:
        page = content(client.get(URL))
    option_queries = [q["sql"] for q in queries if '"catalog_country"."name"' in q["sql"]]
    assert len(option_queries) == 1 and "UNION ALL" in option_queries[0]
    offered = {
        "genre": ("Any genre", Genre.objects.with_published_films()),
        "country": ("Any country", Country.objects.with_published_films()),
        "language": ("Any language", Language.objects.with_published_films()),
    }
    for name, (empty, queryset) in offered.items():
        options = select_options(page, name)
        assert options[0] == ("", empty)
        assert [label for _, label in options[1:]] == [
            f"{row.name} ({row.film_count})" for row in queryset.order_by("name")
        ], name
    assert ("ES", f"Spain ({Country.objects.get(code='ES').film_count})") in select_options(page, "country")
    assert filmless.code not in dict(select_options(page, "country"))
    assert "western" not in dict(select_options(page, "genre"))
    assert dict(select_options(page, "award_body"))["venice-film-festival"].startswith("Venice Film Festival (")
    refused = client.get(URL, {"country": filmless.code})
    assert refused.status_code == 400 and "Select a valid choice" in content(refused)
    chosen = content(client.get(URL, {"country": "ES"}))
    assert re.search(r'<option value="ES" selected>Spain \(\d+\)</option>', chosen)


@pytest.mark.parametrize(
    "query",
    [{}, {"ordering": "-year"}, {"ordering": "-updated"}, {"genre": "drama", "ordering": "year"}, {"decade": "2000"}],
)
def test_later_pages_show_the_films_plain_offsets_would(db, make, client, query):
    drama = Genre.objects.create(name="Drama", slug="drama")
    # Shared titles and years, so only the tie-breakers (title, then id) keep the pages apart.
    for n in range(70):
        film = make.film(f"Film {n % 7}", year=1995 + n % 11)
        if n % 3:
            film.genres.add(drama)
    make.film("Unpublished", status=FilmStatus.DRAFT)

    shown, pages = [], client.get(URL, query).context["paginator"].num_pages
    assert pages >= 2
    for page in range(1, pages + 1):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {**query, "page": page})
        assert response.status_code == 200
        shown += [film.pk for film in response.context["page_obj"]]
        listing = next(q["sql"] for q in queries if "ORDER BY" in q["sql"] and "catalog_film" in q["sql"])
        # From the second page on, the skipped films are read by their ids only.
        assert ("IN (SELECT" in listing) == (page > 1)

    # The list's own queryset, in its own order, read without any paging.
    assert shown == list(response.context["filter"].qs.values_list("pk", flat=True))
    assert len(shown) == len(set(shown))
