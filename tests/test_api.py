"""The public read API (``/api/v1/``): what it shows, what it hides, and how it answers over HTTP."""

import base64
import json

import pytest
from django.urls import reverse

from catalog.models import Film, FilmStatus, Genre, Person, Role
from catalog.public.filters import FilmFilter
from tests import factories
from tests.pictures import library_image

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def slugs(response):
    return [item["slug"] for item in response.json()["results"]]


def every_film(client, url):
    """The slugs of every page of a keyset-paged list, following ``next``."""
    seen = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        seen += slugs(response)
        url = response.json()["next"]
    return seen


def test_the_film_carries_every_section_of_its_page_with_spoiler_levels_and_sources(catalog, client):
    film = client.get("/api/v1/films/parallel-mothers/").json()

    assert film["title"] == "Parallel Mothers" and film["year"] == 2021
    assert film["identifiers"]["imdb"] == Film.objects.get(slug="parallel-mothers").imdb_id
    assert film["original_language"] == {"code": "es", "name": "Spanish"}
    assert {genre["slug"] for genre in film["genres"]} == set(
        Genre.objects.filter(films__slug="parallel-mothers").values_list("slug", flat=True)
    )
    directors = [credit for credit in film["credits"] if credit["role"] == Role.DIRECTOR]
    assert [credit["person"]["name"] for credit in directors] == ["Pedro Almodóvar"]
    assert directors[0]["person"]["api_url"] == "http://testserver/api/v1/people/pedro-almodovar/"
    assert {part["part"] for part in film["plot"]} == {"summary", "ending"}
    ending = next(part for part in film["plot"] if part["part"] == "ending")
    assert ending["spoiler_level"] == "major"
    assert film["notes"] and all(note["kind"] and note["spoiler_level"] for note in film["notes"])
    spoken = [quote for quote in film["quotes"] if quote["speaker"]]
    assert spoken and spoken[0]["speaker"]["person"]["slug"]
    placed = [place for place in film["locations"] if place["latitude"] is not None]
    assert placed and isinstance(placed[0]["latitude"], float)
    assert any(nomination["outcome"] == "won" for nomination in film["nominations"])
    assert all(nomination["award_body"]["slug"] for nomination in film["nominations"])
    assert film["recommendations"] and all("reason" in film_ for film_ in film["recommendations"])
    sourced = [
        item for section in ("notes", "quotes", "locations", "key_scenes", "nominations") for item in film[section]
    ]
    assert any(item["source"] and item["source"]["publication"] for item in sourced)
    assert any(item["source"] is None for item in sourced)
    disputed = [item for item in sourced if item["disputed"]]
    assert disputed and all(item["dispute_note"] for item in disputed)
    assert all("source" in part and "disputed" in part for part in film["plot"])
    assert film["url"] == "http://testserver/films/parallel-mothers/"


def test_a_picture_comes_with_its_credit_and_licence_and_an_unlicensed_one_not_at_all(catalog, client):
    film = Film.objects.get(slug="parallel-mothers")
    image = library_image("parallel-mothers-poster", credit="Sony Pictures Classics", licence="cc-by-4.0")
    film.poster = image
    film.save()
    poster = client.get("/api/v1/films/parallel-mothers/").json()["poster"]
    assert poster["credit"] == "Sony Pictures Classics"
    assert poster["licence"] == "cc-by-4.0" and poster["licence_url"].startswith("https://creativecommons.org/")
    assert poster["url"].startswith("http://testserver/") and poster["width"] > 0 and poster["height"] > 0

    image.licence = ""
    image.save()
    assert client.get("/api/v1/films/parallel-mothers/").json()["poster"] is None


def test_drafts_never_appear(catalog, client, admin_client):
    factories.set_status("volver", FilmStatus.DRAFT)
    draft_only = factories.person("Only In A Draft")
    factories.credit(Film.objects.get(slug="volver"), draft_only, role=Role.DIRECTOR)

    for who in (client, admin_client):  # a signed-in editor reads the public API too
        response = who.get("/api/v1/films/volver/")
        assert response.status_code == 404 and response["Content-Type"] == PROBLEM
        assert who.get(f"/api/v1/people/{draft_only.slug}/").status_code == 404
        for url in [
            "/api/v1/films/?page_size=100",
            "/api/v1/films/?person=pedro-almodovar",
            "/api/v1/films/parallel-mothers/",
            "/api/v1/people/pedro-almodovar/",
            "/api/v1/people/?q=only",
            "/api/v1/search/?q=volver",
            "/api/v1/genres/",
        ]:
            response = who.get(url)
            assert response.status_code == 200, url
            assert "/films/volver/" not in response.content.decode(), url
            assert draft_only.slug not in response.content.decode(), url


# Every filter of the film list, alone and together, as a visitor would write them.
FILM_QUERIES = [
    "",
    "q=mother",
    "q=madre",
    "genre=drama",
    "year_min=2000",
    "year_max=1999",
    "year_min=1990&year_max=2010",
    "decade=2000",
    "country=ES",
    "language=es",
    "person=penelope-cruz",
    "person=Penélope Cruz",
    "award=any",
    "award=won",
    "award=nominated",
    "award_body=venice-film-festival",
    "award=won&award_body=academy-awards",
    "ordering=-year",
    "ordering=year",
    "ordering=-title",
    "ordering=-updated",
    "genre=drama&decade=2010&ordering=-year",
]


@pytest.mark.parametrize("query", FILM_QUERIES)
def test_a_film_filter_finds_the_same_films_as_the_film_list(catalog, client, query):
    page = client.get(f"/films/?{query}")
    assert page.status_code == 200
    on_the_site = [film.slug for film in page.context["page_obj"].object_list]

    in_the_api = slugs(client.get(f"/api/v1/films/?{query}&page_size={len(on_the_site) or 1}"))
    assert in_the_api == on_the_site


@pytest.mark.parametrize("query", ["", "q=cruz", "role=director", "role=actor", "q=pe&role=actor"])
def test_a_person_filter_finds_the_same_people_as_the_people_list(catalog, client, query):
    page = client.get(f"/people/?{query}")
    on_the_site = [person.slug for person in page.context["page_obj"].object_list]
    assert slugs(client.get(f"/api/v1/people/?{query}&page_size=24")) == on_the_site


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("year_min=abc", "year_min"),
        ("year_min=2020&year_max=1990", "__all__"),
        ("year_max=99999", "year_max"),
        ("genre=no-such-genre", "genre"),
        ("decade=1234", "decade"),
        ("country=XX", "country"),
        ("language=zz", "language"),
        ("person=Nobody At All", "person"),
        ("person=50%25s off", "person"),
        ("award=maybe", "award"),
        ("award_body=nowhere", "award_body"),
        ("ordering=budget", "ordering"),
        ("q=a%00b", "q"),
        ("page_size=0", "page_size"),
        ("page_size=1000", "page_size"),
        ("cursor=not-a-cursor", "cursor"),
    ],
)
def test_a_refused_value_is_a_problem_naming_its_parameter(catalog, client, query, parameter):
    response = client.get(f"/api/v1/films/?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 400 and problem["title"] == "Bad Request" and problem["type"] == "about:blank"
    assert parameter in problem["errors"] and problem["errors"][parameter][0]
    if parameter != "__all__":
        assert parameter in problem["detail"]


def test_every_error_is_a_problem_document_never_a_page(catalog, client):
    cases = {
        "/api/v1/no-such-endpoint/": 404,
        "/api/v1/films/no-such-film/": 404,
        "/api/v1/people/nobody/": 404,
        "/api/v1/awards/nowhere/": 404,
        "/api/v1/awards/venice-film-festival/1901/": 404,
        "/api/v1/search/": 400,
        "/api/v1/search/?q=" + "x" * 500: 400,
    }
    for url, status in cases.items():
        response = client.get(url)
        assert response.status_code == status, url
        assert response["Content-Type"] == PROBLEM, url
        assert response.json()["status"] == status, url

    posted = client.post("/api/v1/films/", {"title": "Mine"})
    assert posted.status_code == 405 and posted["Content-Type"] == PROBLEM
    assert "GET" in posted["Allow"] and "POST" not in posted["Allow"]
    assert client.get("/api/v1/films/", HTTP_ACCEPT="text/html").status_code == 406


def test_cursor_pages_stay_stable_when_films_are_added_between_them(catalog, client):
    first = client.get("/api/v1/films/?page_size=3").json()
    everything = every_film(client, "/api/v1/films/?page_size=100")
    assert slugs_of(first) == everything[:3]

    # New films that sort before, inside and after the first page, added before the second is read.
    for title in ("AAA first of all", everything[1].replace("-", " ").title() + " again", "Zzz last of all"):
        factories.film(title, year=2020)
    second = client.get(first["next"]).json()
    assert slugs_of(second)[0] == everything[3]
    assert set(slugs_of(second)).isdisjoint(slugs_of(first))

    back = client.get(second["previous"]).json()
    assert slugs_of(back)[-1] == everything[2]
    # Following every page sees each published film exactly once, new ones included.
    followed = every_film(client, "/api/v1/films/?page_size=4&ordering=-year")
    assert len(followed) == len(set(followed)) == Film.objects.published().count()
    assert followed == [film.slug for film in Film.objects.published().order_by("-year", "title", "pk")]


def slugs_of(page):
    return [item["slug"] for item in page["results"]]


def test_a_cursor_from_another_ordering_is_refused(catalog, client):
    cursor = client.get("/api/v1/films/?page_size=2&ordering=-year").json()["next"].split("cursor=")[1].split("&")[0]
    response = client.get(f"/api/v1/films/?ordering=title&cursor={cursor}")
    assert response.status_code == 400 and "cursor" in response.json()["errors"]

    forged = base64.urlsafe_b64encode(json.dumps({"by": "title,year,pk", "after": ["x", "y", 1]}).encode()).decode()
    assert client.get(f"/api/v1/films/?cursor={forged}").status_code == 400


def test_an_unchanged_catalog_answers_not_modified_and_a_save_changes_the_etag(catalog, client):
    url = "/api/v1/films/parallel-mothers/"
    response = client.get(url)
    etag = response["ETag"]
    assert response["Last-Modified"]
    assert "public" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert client.get("/api/v1/people/", HTTP_IF_NONE_MATCH=etag).status_code == 304

    film = Film.objects.get(slug="parallel-mothers")
    film.logline = "Two mothers, one maternity ward."
    film.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed.json()["logline"] == "Two mothers, one maternity ward."


def test_each_client_address_is_limited_and_told_when_to_come_back(catalog, client, settings):
    settings.API_RATE_LIMIT = "3/minute"
    for _ in range(3):
        assert client.get("/api/v1/genres/", REMOTE_ADDR="203.0.113.7").status_code == 200
    refused = client.get("/api/v1/genres/", REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429 and refused["Content-Type"] == PROBLEM
    assert 0 < int(refused["Retry-After"]) <= 60
    assert client.get("/api/v1/genres/", REMOTE_ADDR="203.0.113.8").status_code == 200
    # The site's pages are not limited by the API's allowance.
    assert client.get("/films/", REMOTE_ADDR="203.0.113.7").status_code == 200


def test_behind_a_proxy_the_limit_counts_the_address_the_proxy_saw(catalog, client, settings):
    settings.API_RATE_LIMIT = "2/minute"
    settings.BEHIND_PROXY = True
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(2):
        assert client.get("/api/v1/genres/", HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy).status_code == 200
    assert client.get("/api/v1/genres/", HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy).status_code == 429
    # A client that forges the left of the header is still counted by the address the proxy appended.
    forged = client.get("/api/v1/genres/", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9", **proxy)
    assert forged.status_code == 429
    assert client.get("/api/v1/genres/", HTTP_X_FORWARDED_FOR="198.51.100.10", **proxy).status_code == 200


def test_any_site_may_read_the_api_from_a_browser(catalog, client):
    response = client.get("/api/v1/films/", HTTP_ORIGIN="https://festival.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]

    preflight = client.options(
        "/api/v1/films/", HTTP_ORIGIN="https://festival.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 200 and "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert not client.get("/films/", HTTP_ORIGIN="https://festival.example").has_header("Access-Control-Allow-Origin")


def test_people_awards_and_vocabularies(catalog, client):
    cruz = client.get("/api/v1/people/penelope-cruz/").json()
    assert cruz["name"] == "Penélope Cruz"
    assert any(credit["film"]["slug"] == "parallel-mothers" for credit in cruz["credits"])
    assert any(n["film"]["slug"] == "parallel-mothers" and n["outcome"] == "won" for n in cruz["nominations"])

    bodies = client.get("/api/v1/awards/").json()
    venice = next(body for body in bodies if body["slug"] == "venice-film-festival")
    ceremony = client.get(venice["ceremonies"][0]["api_url"]).json()
    assert ceremony["award_body"]["slug"] == "venice-film-festival"
    assert any(n["film"]["slug"] == "parallel-mothers" for n in ceremony["nominations"])
    assert client.get(venice["api_url"]).json()["ceremonies"] == venice["ceremonies"]

    genres = client.get("/api/v1/genres/").json()
    drama = next(genre for genre in genres if genre["slug"] == "drama")
    assert drama["film_count"] == Genre.objects.get(slug="drama").film_count
    assert slugs(client.get(drama["films"])) == slugs(client.get("/api/v1/films/?genre=drama"))
    assert any(
        country["code"] == "ES" and country["film_count"] for country in client.get("/api/v1/countries/").json()
    )
    assert any(language["code"] == "es" for language in client.get("/api/v1/languages/").json())


def test_search_finds_what_the_search_page_finds(catalog, client):
    found = client.get("/api/v1/search/?q=janis").json()
    page = client.get("/search/?q=janis").context["results"]
    assert [film["slug"] for film in found["films"]] == [film.slug for film in page.films]
    assert [person["slug"] for person in found["people"]] == [person.slug for person in page.people]
    assert [quote["text"] for quote in found["quotes"]] == [quote.text for quote in page.quotes]
    assert [note["title"] for note in found["notes"]] == [note.title for note in page.notes]
    assert found["quotes"] or found["notes"]


def test_the_index_and_the_openapi_document_describe_every_endpoint(client):
    index = client.get("/api/v1/").json()
    assert index["openapi"] == "http://testserver/api/v1/openapi.json"
    document = client.get(reverse("api:schema")).json()
    assert document["openapi"].startswith("3.1")
    for name in ("films", "people", "awards", "genres", "countries", "languages", "search"):
        assert index[name].removeprefix("http://testserver") in document["paths"], name
    film_parameters = {p["name"] for p in document["paths"]["/api/v1/films/"]["get"]["parameters"]}
    assert set(FilmFilter.base_filters) | {"cursor", "page_size"} == film_parameters

    docs = client.get(index["docs"])
    assert docs.status_code == 200 and b"swagger-ui" in docs.content
    assert b"cdn" not in docs.content.lower()


def test_a_person_without_published_films_is_not_found(catalog, client):
    nobody = Person.objects.create(name="Nobody Yet", slug="nobody-yet")
    response = client.get(f"/api/v1/people/{nobody.slug}/")
    assert response.status_code == 404 and response.json()["detail"]


def test_each_answer_is_built_for_its_own_request(catalog, client):
    # Serializers are built once per thread and reused: nothing of one request may reach the next.
    local = client.get("/api/v1/films/parallel-mothers/", HTTP_HOST="localhost").json()
    here = client.get("/api/v1/films/parallel-mothers/").json()
    assert local["url"] == "http://localhost/films/parallel-mothers/"
    assert here["url"] == "http://testserver/films/parallel-mothers/"
    assert local["credits"][0]["person"]["url"].startswith("http://localhost/")
    assert here["credits"][0]["person"]["url"].startswith("http://testserver/")
    volver = client.get("/api/v1/films/volver/").json()
    assert volver["title"] == "Volver" and volver["credits"] != here["credits"]
