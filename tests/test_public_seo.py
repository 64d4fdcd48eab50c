"""What search engines read: JSON-LD, meta descriptions, OpenGraph, canonical URLs, the sitemap and robots.txt."""

import html
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from catalog.caching import bump_generation
from catalog.models import (
    AwardBody,
    Film,
    FilmingLocation,
    FilmStatus,
    Genre,
    Image,
    Person,
    Quote,
    Role,
    SpoilerLevel,
)
from catalog.models.choices import Licence
from catalog.public.sitemaps import SITEMAPS, FilmSitemap
from tests.factories import set_status

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/films/",
    "/films/parallel-mothers/",
    "/people/",
    "/people/penelope-cruz/",
    "/genres/drama/",
    "/awards/",
    "/awards/venice-film-festival/",
    "/awards/venice-film-festival/2021/",
    "/search/?q=almodovar",
]


def content(response):
    return response.content.decode()


def json_ld(response):
    """Every JSON-LD block of the page, parsed."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content(response), re.S)
    return [json.loads(block) for block in blocks]


def meta(response, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', content(response))
    return html.unescape(match.group(1)) if match else None


@pytest.fixture
def movie(catalog, client):
    (data,) = json_ld(client.get("/films/parallel-mothers/"))
    return data


def test_film_page_json_ld_is_a_movie_with_the_article_facts(movie):
    assert movie["@context"] == "https://schema.org"
    assert movie["@type"] == "Movie"
    assert movie["name"] == "Parallel Mothers"
    assert movie["url"] == "http://testserver/films/parallel-mothers/"
    assert "Madres paralelas" in movie["alternateName"]
    assert movie["director"] == [
        {"@type": "Person", "name": "Pedro Almodóvar", "url": "http://testserver/people/pedro-almodovar/"}
    ]
    assert movie["musicBy"][0]["name"] == "Alberto Iglesias"
    assert set(movie["genre"]) == {"Drama", "Melodrama"}
    assert movie["countryOfOrigin"] == [{"@type": "Country", "name": "Spain"}]
    assert re.fullmatch(r"PT(\d+H)?(\d+M)?", movie["duration"])
    assert movie["datePublished"].startswith("2021")
    assert movie["award"] == ["Volpi Cup for Best Actress, Venice Film Festival 2021 (Penélope Cruz)"]


def test_film_json_ld_names_actors_as_performance_roles(movie):
    janis = next(role for role in movie["actor"] if role["actor"]["name"] == "Penélope Cruz")
    assert janis == {
        "@type": "PerformanceRole",
        "actor": {"@type": "Person", "name": "Penélope Cruz", "url": "http://testserver/people/penelope-cruz/"},
        "characterName": "Janis Martínez Moreno",
    }
    assert len(movie["actor"]) == 6


def test_film_json_ld_quotes_name_their_character_and_leave_out_spoilers(movie):
    quotes = {part["text"]: part for part in movie["hasPart"] if part["@type"] == "Quotation"}
    truth = quotes["The truth is always waiting, even if it takes generations to find it."]
    assert truth["spokenByCharacter"] == {"@type": "Person", "name": "Janis Martínez Moreno"}
    spoilers = Quote.objects.exclude(spoiler_level=SpoilerLevel.NONE).values_list("text", flat=True)
    assert spoilers and not set(spoilers) & set(quotes)


def test_film_json_ld_has_an_image_when_there_is_a_poster(catalog, client, make):
    (data,) = json_ld(client.get("/films/roma/"))
    assert "image" not in data
    assert meta(client.get("/films/roma/"), "property", "og:image") is None
    (poster,) = Image.objects.bulk_create(
        [
            Image(
                title="Roma poster",
                slug="roma-poster",
                alt_text="Cleo on the beach",
                credit="Netflix",
                licence=Licence.PRESS_KIT,
                file="images/ro/roma.jpg",
                width=1280,
                height=1920,
                checksum="ab" * 32,
            )
        ]
    )
    Film.objects.filter(slug="roma").update(poster=poster)
    bump_generation()  # update() skips the signals that invalidate cached pages
    response = client.get("/films/roma/")
    (data,) = json_ld(response)
    renditions = f"http://testserver/media/images/renditions/ab/{poster.rendition_key}"
    # The widest of the poster's renditions, and the link preview's own crop of it.
    assert data["image"] == f"{renditions}-poster-960.jpg"
    assert meta(response, "property", "og:image") == f"{renditions}-og-1200.jpg"
    assert meta(response, "property", "og:image:width") == "1200"
    assert meta(response, "property", "og:image:height") == "630"
    assert meta(response, "property", "og:image:alt") == "Cleo on the beach"


def test_duration_is_iso_8601():
    from catalog.public.seo import iso_duration

    assert [iso_duration(m) for m in (158, 120, 45, 0)] == ["PT2H38M", "PT2H", "PT45M", "PT0M"]


def test_person_page_json_ld_is_a_person(catalog, client):
    (data,) = json_ld(client.get("/people/penelope-cruz/"))
    assert data["@type"] == "Person"
    assert data["name"] == "Penélope Cruz"
    assert data["url"] == "http://testserver/people/penelope-cruz/"
    assert "Volpi Cup for Best Actress, Venice Film Festival 2021 (Penélope Cruz)" in data["award"]


@pytest.mark.parametrize(
    ("url", "first"),
    [
        ("/films/", "All About My Mother"),
        ("/people/", "Aitana Sánchez-Gijón"),
        ("/genres/thriller/", "The Skin I Live In"),
        ("/awards/", "Academy Awards"),
        ("/awards/venice-film-festival/2021/", "Parallel Mothers"),
        ("/", None),
    ],
)
def test_list_pages_carry_an_item_list(catalog, client, url, first):
    (data,) = json_ld(client.get(url))
    assert data["@type"] == "ItemList"
    items = data["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    assert all(item["url"].startswith("http://testserver/") for item in items)
    if first:
        assert items[0]["name"] == first


def test_item_list_positions_continue_on_later_pages(db, client, make):
    for n in range(30):
        make.film(f"Film {n:02}")
    (data,) = json_ld(client.get("/films/", {"page": 2}))
    assert data["itemListElement"][0]["position"] == 25


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_a_description_opengraph_and_a_canonical_url(catalog, client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert meta(response, "name", "description")
    for prop in ["og:title", "og:description", "og:type", "og:url", "og:site_name"]:
        assert meta(response, "property", prop), prop
    path = url.split("?")[0]
    assert f'<link rel="canonical" href="http://testserver{path}">' in content(response)


def test_canonical_url_drops_filters_and_the_spoiler_switch(catalog, client):
    page = content(client.get("/films/parallel-mothers/", {"spoilers": "all"}))
    assert '<link rel="canonical" href="http://testserver/films/parallel-mothers/">' in page
    page = content(client.get("/films/", {"genre": "drama"}))
    assert '<link rel="canonical" href="http://testserver/films/">' in page
    assert '<meta name="robots" content="noindex">' in page


def test_film_page_meta_describes_the_film(catalog, client):
    response = client.get("/films/parallel-mothers/")
    film = Film.objects.get(slug="parallel-mothers")
    assert meta(response, "name", "description") == film.logline[:160] or film.logline.startswith(
        meta(response, "name", "description")[:-1]
    )
    assert meta(response, "property", "og:type") == "video.movie"
    assert "<title>Parallel Mothers (2021) — filmsite</title>" in content(response)


def test_json_ld_cannot_be_broken_out_of(catalog, client):
    Film.objects.filter(slug="parallel-mothers").update(
        title="</script><script>alert(1)</script>", logline="<!-- & </SCRIPT>"
    )
    response = client.get("/films/parallel-mothers/")
    page = content(response)
    assert "<script>alert(1)" not in page
    (data,) = json_ld(response)
    assert data["name"] == "</script><script>alert(1)</script>"
    assert data["description"] == "<!-- & </SCRIPT>"


@pytest.mark.parametrize("url", PAGES)
def test_no_page_has_inline_script_only_json_ld_and_our_own_files(catalog, client, url):
    scripts = re.findall(r"<script[^>]*>", content(client.get(url)))
    own_file = re.compile(r'<script src="/static/catalog/js/[\w.-]+\.js" defer>')
    assert all(tag == '<script type="application/ld+json">' or own_file.fullmatch(tag) for tag in scripts), scripts


SITEMAP_NAMESPACE = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(client, url, element):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    found = ET.fromstring(response.content).findall(f"s:{element}/s:loc", SITEMAP_NAMESPACE)
    return [loc.text.removeprefix("http://testserver") for loc in found]


def sitemap_pages(client):
    return locations(client, "/sitemap.xml", "sitemap")


def sitemap_urls(client):
    """Every address of every sitemap the index lists, each once."""
    urls = [url for page in sitemap_pages(client) for url in locations(client, page, "url")]
    assert len(urls) == len(set(urls))
    return set(urls)


def test_sitemap_lists_exactly_the_published_pages(catalog, client, make):
    set_status("roma", FilmStatus.DRAFT)  # Alfonso Cuarón's only film
    uncredited = make.person("Nobody Yet", slug="nobody-yet")
    urls = sitemap_urls(client)

    films = {f.get_absolute_url() for f in Film.objects.published()}
    people = {p.get_absolute_url() for p in Person.objects.with_published_credits()}
    genres = {g.get_absolute_url() for g in Genre.objects.all()}
    bodies = {b.get_absolute_url() for b in AwardBody.objects.all()}
    ceremonies = {
        "/awards/academy-awards/2022/",
        "/awards/bafta/2022/",
        "/awards/european-film-awards/2021/",
        "/awards/goya-awards/2022/",
        "/awards/venice-film-festival/2021/",
    }
    sections = {"/", "/films/", "/people/", "/awards/"}
    assert urls == films | people | genres | bodies | ceremonies | sections
    assert "/films/roma/" not in urls and "/people/alfonso-cuaron/" not in urls
    assert uncredited.get_absolute_url() not in urls
    assert len(films) == 10 and "/people/penelope-cruz/" in urls


def test_sitemap_leaves_out_ceremonies_of_draft_films(catalog, client):
    set_status("parallel-mothers", FilmStatus.DRAFT)
    urls = sitemap_urls(client)
    assert not any(url.count("/") == 4 and url.startswith("/awards/") for url in urls)
    assert "/films/parallel-mothers/" not in urls and "/people/milena-smit/" not in urls


def test_the_sitemaps_ceremonies_follow_a_change_made_after_they_were_listed(catalog, client):
    ceremonies = {url for url in sitemap_urls(client) if url.count("/") == 4 and url.startswith("/awards/")}
    assert "/awards/venice-film-festival/2021/" in ceremonies
    set_status("parallel-mothers", FilmStatus.DRAFT)  # the only film at these ceremonies
    assert not any(url.count("/") == 4 and url.startswith("/awards/") for url in sitemap_urls(client))


def test_sitemap_query_count_does_not_grow(db, client, make):
    def add(count):
        for _ in range(count):
            film = make.film()
            make.credit(film, make.person(), Role.ACTOR)
            make.nomination(film, make.category())
            make.genre()

    add(2)
    cache.clear()  # where the pages start is kept through changes: read it afresh each time
    with CaptureQueriesContext(connection) as before:
        sitemap_urls(client)
    add(30)
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        sitemap_urls(client)
    assert len(after) == len(before)


def test_the_index_lists_one_sitemap_per_section(catalog, client):
    assert sitemap_pages(client) == [f"/sitemap-{section}.xml" for section in SITEMAPS]


def test_the_index_dates_the_films_sitemap_by_its_latest_change(catalog, client):
    Film.objects.filter(slug="volver").update(updated_at=datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC))
    root = ET.fromstring(client.get("/sitemap.xml").content)
    lastmod = {
        entry.find("s:loc", SITEMAP_NAMESPACE).text: entry.find("s:lastmod", SITEMAP_NAMESPACE)
        for entry in root.findall("s:sitemap", SITEMAP_NAMESPACE)
    }
    assert datetime.fromisoformat(lastmod["http://testserver/sitemap-films.xml"].text) == datetime(
        2031, 5, 6, 7, 8, 9, tzinfo=UTC
    )


@pytest.mark.parametrize("url", ["/sitemap.xml", *(f"/sitemap-{section}.xml" for section in SITEMAPS)])
def test_sitemaps_are_written_exactly_as_djangos_own_templates_write_them(catalog, client, settings, url):
    settings.PAGE_CACHE = False  # the page as its view renders it, with its context
    settings.TIME_ZONE = "Asia/Tokyo"  # where 23:30 UTC is the next day: dates are written in the site's zone
    Film.objects.filter(slug="volver").update(updated_at=datetime(2031, 5, 6, 23, 30, tzinfo=UTC))
    response = client.get(url)
    assert response.status_code == 200
    djangos = "sitemap_index.xml" if url == "/sitemap.xml" else "sitemap.xml"
    assert response.content.decode() == render_to_string(djangos, response.context_data)


def test_films_beyond_one_sitemap_page_are_listed_on_the_next_pages(catalog, client, monkeypatch):
    monkeypatch.setattr(FilmSitemap, "limit", 4)
    published = list(Film.objects.published().order_by("pk"))
    assert len(published) == 11

    film_pages = [page for page in sitemap_pages(client) if page.startswith("/sitemap-films.xml")]
    assert film_pages == ["/sitemap-films.xml", "/sitemap-films.xml?p=2", "/sitemap-films.xml?p=3"]
    listed = [url for page in film_pages for url in locations(client, page, "url")]
    assert listed == [film.get_absolute_url() for film in published]
    assert client.get("/sitemap-films.xml?p=4").status_code == 404


def test_films_published_after_the_pages_were_laid_out_are_each_listed_once(catalog, client, make, monkeypatch):
    monkeypatch.setattr(FilmSitemap, "limit", 4)
    first_pages = [page for page in sitemap_pages(client) if page.startswith("/sitemap-films.xml")]
    make.film("Published Since", status=FilmStatus.PUBLISHED)  # a key past the last page's first
    set_status("volver", FilmStatus.DRAFT)
    # Where the pages start is kept through the change: the pages stay, and every film is still on one.
    film_pages = [page for page in sitemap_pages(client) if page.startswith("/sitemap-films.xml")]
    assert film_pages == first_pages
    listed = [url for page in film_pages for url in locations(client, page, "url")]
    assert sorted(listed) == sorted(film.get_absolute_url() for film in Film.objects.published())
    assert len(listed) == len(set(listed))
    # No page is read by skipping rows.
    with CaptureQueriesContext(connection) as queries:
        client.get(film_pages[-1])
    assert not [q for q in queries.captured_queries if "OFFSET" in q["sql"].upper()]


def test_a_film_sitemap_page_gives_each_film_its_last_change(catalog, client):
    response = client.get("/sitemap-films.xml")
    root = ET.fromstring(response.content)
    lastmod = {
        url.find("s:loc", SITEMAP_NAMESPACE).text: url.find("s:lastmod", SITEMAP_NAMESPACE).text
        for url in root.findall("s:url", SITEMAP_NAMESPACE)
    }
    film = Film.objects.get(slug="parallel-mothers")
    assert lastmod["http://testserver/films/parallel-mothers/"] == film.updated_at.date().isoformat()
    assert len(lastmod) == Film.objects.published().count()


def test_an_unknown_sitemap_section_is_a_404(db, client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap(db, client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_film_json_ld_places_its_filming_locations_with_their_coordinates(movie):
    places = {place["name"]: place for place in movie["locationCreated"]}
    madrid = places["Madrid, Community of Madrid, Spain"]
    assert madrid["@type"] == "Place"
    assert madrid["geo"] == {"@type": "GeoCoordinates", "latitude": 40.41678, "longitude": -3.70379}
    assert any(name.startswith("Torremocha de Jarama") for name in places)


def test_a_spoiler_location_stays_out_of_the_json_ld_and_one_without_coordinates_has_no_geo(catalog, client):
    film = Film.objects.get(slug="parallel-mothers")
    FilmingLocation.objects.create(film=film, place="Secret Grave", spoiler_level=SpoilerLevel.MAJOR, order=90)
    FilmingLocation.objects.create(film=film, place="Somewhere Unmapped", order=91)
    (data,) = json_ld(client.get("/films/parallel-mothers/"))
    places = {place["name"]: place for place in data["locationCreated"]}
    assert "Secret Grave" not in places
    assert places["Somewhere Unmapped"] == {"@type": "Place", "name": "Somewhere Unmapped"}
