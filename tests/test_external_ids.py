"""IMDb, Wikidata and TMDB identifiers: checked and unique in the admin, searchable there, linked on the public pages
and in their JSON-LD, looked up at ``/films/imdb/<id>/`` and the like, and kept by a backup."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Film, FilmStatus, Person
from tests.admin_forms import change_form_data
from tests.factories import set_status

pytestmark = pytest.mark.django_db

PARALLEL_MOTHERS = {"imdb_id": "tt12618926", "wikidata_id": "Q97664862", "tmdb_id": 661914}
PENELOPE_CRUZ = {"imdb_id": "nm0004851", "wikidata_id": "Q42930", "tmdb_id": 955}


def content(response):
    return response.content.decode()


def json_ld(response):
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content(response), re.S)
    return json.loads(block)


def elsewhere(response):
    """The ``(label, url)`` links of the page's "Elsewhere" row."""
    row = re.search(r"<dt>Elsewhere</dt><dd>(.*?)</dd>", content(response))
    return [(label, url) for url, label in re.findall(r'<a href="([^"]*)">([^<]*)</a>', row.group(1))] if row else []


def give(model, slug, ids):
    """Set ``ids`` on a row as an editor's save would, so that cached pages follow."""
    row = model.objects.get(slug=slug)
    for name, value in ids.items():
        setattr(row, name, value)
    row.save()
    return row


@pytest.fixture
def identified(catalog):
    give(Film, "parallel-mothers", PARALLEL_MOTHERS)
    give(Person, "penelope-cruz", PENELOPE_CRUZ)


# Formats: what the fields accept, and what the lookups' addresses accept.

VALID = [
    (Film, "imdb_id", "tt12618926"),
    (Film, "imdb_id", "tt0111161"),
    (Film, "imdb_id", "tt1234567890"),
    (Person, "imdb_id", "nm0004851"),
    (Film, "wikidata_id", "Q97664862"),
    (Person, "wikidata_id", "Q1"),
    (Film, "wikidata_id", "Q123456789012"),
    (Film, "tmdb_id", "661914"),
    (Person, "tmdb_id", "1"),
]
INVALID = [
    (Film, "imdb_id", "nm0004851"),  # a person's identifier on a film
    (Person, "imdb_id", "tt12618926"),
    (Film, "imdb_id", "TT12618926"),
    (Film, "imdb_id", "tt123456"),
    (Film, "imdb_id", "tt12345678901"),
    (Film, "imdb_id", "12618926"),
    (Film, "imdb_id", "https://www.imdb.com/title/tt12618926/"),
    (Film, "wikidata_id", "q97664862"),
    (Film, "wikidata_id", "Q0"),
    (Film, "wikidata_id", "Q012"),
    (Film, "wikidata_id", "P31"),
    (Film, "wikidata_id", "Q1234567890123"),
    (Film, "tmdb_id", "-5"),
    (Film, "tmdb_id", "661914a"),
]


@pytest.mark.parametrize(("model", "field", "value"), VALID)
def test_identifiers_in_the_right_format_are_accepted(model, field, value):
    model._meta.get_field(field).clean(value, None)


@pytest.mark.parametrize(("model", "field", "value"), INVALID)
def test_identifiers_in_another_format_are_refused(model, field, value):
    with pytest.raises(ValidationError):
        model._meta.get_field(field).clean(value, None)


def test_the_format_messages_show_an_example():
    with pytest.raises(ValidationError, match=r"7 to 10 digits: tt12618926"):
        Film._meta.get_field("imdb_id").clean("tt1", None)


# The admin: a duplicate is refused beside its field, and the changelists find rows by identifier.


def film_change_url(film):
    return reverse("admin:catalog_film_change", args=[film.pk])


def person_change_url(person):
    return reverse("admin:catalog_person_change", args=[person.pk])


def test_an_identifier_another_film_has_is_refused_at_its_field(admin_client, make):
    make.film("Parallel Mothers", **PARALLEL_MOTHERS)
    other = make.film()
    data = change_form_data(admin_client.get(film_change_url(other)))
    data.update({name: str(value) for name, value in PARALLEL_MOTHERS.items()})
    response = admin_client.post(film_change_url(other), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {
        "imdb_id": ["Film with this IMDb ID already exists."],
        "wikidata_id": ["Film with this Wikidata ID already exists."],
        "tmdb_id": ["Film with this TMDB ID already exists."],
    }
    assert not form.non_field_errors()
    other.refresh_from_db()
    assert (other.imdb_id, other.wikidata_id, other.tmdb_id) == ("", "", None)


def test_an_identifier_another_person_has_is_refused_at_its_field(admin_client, make):
    make.person("Penélope Cruz", **PENELOPE_CRUZ)
    other = make.person()
    data = change_form_data(admin_client.get(person_change_url(other)))
    data.update({name: str(value) for name, value in PENELOPE_CRUZ.items()})
    response = admin_client.post(person_change_url(other), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "imdb_id": ["Person with this IMDb ID already exists."],
        "wikidata_id": ["Person with this Wikidata ID already exists."],
        "tmdb_id": ["Person with this TMDB ID already exists."],
    }


def test_a_duplicate_identifier_is_reported_at_its_field_outside_the_admin_too(make):
    make.film(wikidata_id="Q97664862")
    with pytest.raises(ValidationError) as refused:
        Film(title="Copy", slug="copy", year=2021, wikidata_id="Q97664862").validate_constraints()
    assert refused.value.message_dict == {"wikidata_id": ["Film with this Wikidata ID already exists."]}


def test_a_bad_format_is_shown_at_its_field(admin_client, make):
    film = make.film()
    data = change_form_data(admin_client.get(film_change_url(film)))
    data.update(imdb_id="nm0004851", wikidata_id="97664862")
    response = admin_client.post(film_change_url(film), data)
    errors = response.context["adminform"].form.errors
    assert errors["imdb_id"] == ["An IMDb title identifier is “tt” and 7 to 10 digits: tt12618926."]
    assert errors["wikidata_id"] == ["A Wikidata identifier is “Q” and a number, e.g. Q97664862."]


def test_films_and_people_without_identifiers_are_saved_side_by_side(admin_client, make):
    make.film()
    film = make.film()
    make.person()
    person = make.person()
    for url in (film_change_url(film), person_change_url(person)):
        data = change_form_data(admin_client.get(url))
        assert (data["imdb_id"], data["wikidata_id"], data["tmdb_id"]) == ("", "", "")
        assert admin_client.post(url, data).status_code == 302
    assert Film.objects.filter(imdb_id="", wikidata_id="", tmdb_id=None).count() == 2
    assert Person.objects.filter(imdb_id="", wikidata_id="", tmdb_id=None).count() == 2


def test_the_film_form_has_an_identifiers_fieldset_in_its_overview(admin_client, make):
    response = admin_client.get(film_change_url(make.film()))
    (overview,) = [panel for panel in response.context["form_sections"] if panel.slug == "overview"]
    fieldsets = {fieldset.name: [field for line in fieldset for field in line] for fieldset in overview.fieldsets}
    assert [field.field.name for field in fieldsets["Identifiers"]] == ["imdb_id", "wikidata_id", "tmdb_id"]


def changelist(client, model, query):
    response = client.get(reverse(f"admin:catalog_{model}_changelist"), {"q": query})
    assert response.status_code == 200
    return {str(row) for row in response.context["cl"].result_list}


@pytest.mark.parametrize("query", ["tt12618926", "Q97664862", "q97664862", "661914"])
def test_the_film_changelist_finds_a_film_by_any_of_its_identifiers(admin_client, identified, query):
    assert changelist(admin_client, "film", query) == {str(Film.objects.get(slug="parallel-mothers"))}


@pytest.mark.parametrize("query", ["nm0004851", "Q42930", "955"])
def test_the_person_changelist_finds_a_person_by_any_of_their_identifiers(admin_client, identified, query):
    assert changelist(admin_client, "person", query) == {"Penélope Cruz"}


def test_words_are_still_searched_as_titles_and_part_of_an_identifier_finds_nothing(admin_client, identified):
    assert str(Film.objects.get(slug="parallel-mothers")) in changelist(admin_client, "film", "Parallel Mothers")
    assert changelist(admin_client, "film", "tt1261") == set()
    assert changelist(admin_client, "person", "9") == set()


# Visitors: links on the pages and sameAs in their JSON-LD.


def test_the_film_page_links_to_the_film_elsewhere(identified, client):
    response = client.get("/films/parallel-mothers/")
    assert elsewhere(response) == [
        ("IMDb", "https://www.imdb.com/title/tt12618926/"),
        ("Wikidata", "https://www.wikidata.org/wiki/Q97664862"),
        ("TMDB", "https://www.themoviedb.org/movie/661914"),
    ]
    assert json_ld(response)["sameAs"] == [url for _, url in elsewhere(response)]


def test_the_person_page_links_to_the_person_elsewhere(identified, client):
    response = client.get("/people/penelope-cruz/")
    assert elsewhere(response) == [
        ("IMDb", "https://www.imdb.com/name/nm0004851/"),
        ("Wikidata", "https://www.wikidata.org/wiki/Q42930"),
        ("TMDB", "https://www.themoviedb.org/person/955"),
    ]
    assert json_ld(response)["sameAs"] == [url for _, url in elsewhere(response)]


def test_only_the_identifiers_set_are_linked(catalog, client):
    give(Film, "parallel-mothers", {"wikidata_id": "Q97664862"})
    response = client.get("/films/parallel-mothers/")
    assert elsewhere(response) == [("Wikidata", "https://www.wikidata.org/wiki/Q97664862")]
    assert json_ld(response)["sameAs"] == ["https://www.wikidata.org/wiki/Q97664862"]


def test_pages_without_identifiers_have_no_elsewhere_row_nor_same_as(catalog, client):
    for url in ("/films/parallel-mothers/", "/people/penelope-cruz/"):
        response = client.get(url)
        assert "Elsewhere" not in content(response)
        assert "sameAs" not in json_ld(response)


def page_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_identifiers_cost_the_film_and_person_pages_no_query(catalog, client, settings):
    settings.PAGE_CACHE = False
    urls = ("/films/parallel-mothers/", "/people/penelope-cruz/")
    before = [page_queries(client, url) for url in urls]
    give(Film, "parallel-mothers", PARALLEL_MOTHERS)
    give(Person, "penelope-cruz", PENELOPE_CRUZ)
    assert [page_queries(client, url) for url in urls] == before


# Lookups: /films/imdb/<id>/ and the like send the visitor on to the page.

FILM_LOOKUPS = ["/films/imdb/tt12618926/", "/films/wikidata/Q97664862/", "/films/tmdb/661914/"]
PERSON_LOOKUPS = ["/people/imdb/nm0004851/", "/people/wikidata/Q42930/", "/people/tmdb/955/"]


@pytest.mark.parametrize(
    ("url", "page"),
    [
        *((url, "/films/parallel-mothers/") for url in FILM_LOOKUPS),
        *((url, "/people/penelope-cruz/") for url in PERSON_LOOKUPS),
    ],
)
def test_a_lookup_by_identifier_redirects_to_the_page_in_one_query(identified, client, url, page):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == page
    assert len(queries) == 1


def test_lookups_have_names_to_reverse(identified):
    assert reverse("catalog:film-by-imdb", args=["tt12618926"]) == "/films/imdb/tt12618926/"
    assert reverse("catalog:person-by-tmdb", args=[955]) == "/people/tmdb/955/"


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("/films/imdb/tt0000001/", id="unknown-imdb"),
        pytest.param("/films/wikidata/Q1/", id="unknown-wikidata"),
        pytest.param("/films/tmdb/1/", id="unknown-tmdb"),
        pytest.param("/films/tmdb/9999999999/", id="tmdb-past-the-largest-stored"),
        pytest.param("/people/imdb/nm0000001/", id="unknown-person"),
        pytest.param("/films/imdb/nm0004851/", id="person-id-for-a-film"),
        pytest.param("/people/imdb/tt12618926/", id="film-id-for-a-person"),
        pytest.param("/films/imdb/TT12618926/", id="imdb-upper-case"),
        pytest.param("/films/imdb/tt126/", id="imdb-too-short"),
        pytest.param("/films/imdb/tt12618926/more/", id="more-after-the-identifier"),
        pytest.param("/films/wikidata/q97664862/", id="wikidata-lower-case"),
        pytest.param("/films/wikidata/Q097664862/", id="wikidata-leading-zero"),
        pytest.param("/films/tmdb/0661914/", id="tmdb-leading-zero"),
        pytest.param("/films/tmdb/-661914/", id="tmdb-negative"),
        pytest.param("/films/tmdb/661914.0/", id="tmdb-not-a-whole-number"),
        pytest.param("/films/tmdb/99999999999999999999/", id="tmdb-of-20-digits"),
        pytest.param("/films/letterboxd/parallel-mothers/", id="unknown-catalog"),
    ],
)
def test_unknown_and_malformed_identifiers_are_the_site_404(identified, client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in content(response)


def test_a_draft_film_is_404_to_visitors_and_redirects_staff_to_its_preview(identified, client, admin_client):
    set_status("parallel-mothers", FilmStatus.DRAFT)
    for url in FILM_LOOKUPS:
        assert client.get(url).status_code == 404, url
        response = admin_client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/films/parallel-mothers/"), url


def test_a_person_without_a_published_film_is_404_to_visitors_and_redirects_staff(catalog, client, admin_client):
    give(Person, "alfonso-cuaron", {"imdb_id": "nm0190859"})
    assert client.get("/people/imdb/nm0190859/").status_code == 302
    set_status("roma", FilmStatus.DRAFT)
    assert client.get("/people/imdb/nm0190859/").status_code == 404
    response = admin_client.get("/people/imdb/nm0190859/")
    assert (response.status_code, response["Location"]) == (302, "/people/alfonso-cuaron/")


def test_lookups_answer_head_and_refuse_other_methods(identified, client):
    assert client.head(FILM_LOOKUPS[0]).status_code == 302
    for method in (client.post, client.put, client.delete):
        assert method(FILM_LOOKUPS[0]).status_code == 405


# Backups: the identifiers are exported and restored with the rest of the row.


def test_a_backup_keeps_the_identifiers(identified, tmp_path):
    backup = tmp_path / "catalog.json"
    call_command("export_catalog", str(backup), verbosity=0)
    Film.objects.filter(slug="parallel-mothers").update(imdb_id="", wikidata_id="", tmdb_id=None)
    Person.objects.filter(slug="penelope-cruz").update(imdb_id="", wikidata_id="", tmdb_id=None)

    call_command("restore_catalog", str(backup), "--replace", "--no-media", verbosity=0)
    film = Film.objects.get(slug="parallel-mothers")
    person = Person.objects.get(slug="penelope-cruz")
    assert {name: getattr(film, name) for name in PARALLEL_MOTHERS} == PARALLEL_MOTHERS
    assert {name: getattr(person, name) for name in PENELOPE_CRUZ} == PENELOPE_CRUZ


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner, which needs the index's condition")
@pytest.mark.parametrize("model", [Film, Person])
@pytest.mark.parametrize("name", ["imdb_id", "wikidata_id", "tmdb_id"])
def test_a_lookup_by_identifier_reads_its_index_not_the_whole_table(model, name):
    plan = model.objects.identified_as(name, ["Q1" if name == "wikidata_id" else 1]).explain()
    assert "SEARCH" in plan and "SCAN" not in plan
