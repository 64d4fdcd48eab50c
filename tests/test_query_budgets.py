"""Query budgets on a generated catalog: each page runs a fixed, small number of queries however big it grows.

The catalog is grown from 500 to 2,000 synthetic films (the full-size measurements, at 100,000 films, are
the benchmark's job: docs/benchmarks.md). Every page is counted twice, once at each size, uncached.
"""

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.synthetic import generate_catalog
from catalog.models import Credit, Film, Genre, Nomination

# The most queries each page may run. The product promises at most 10 for the film page; it needs 9: the
# film with its poster and backdrop, then catalog.public.film_rows' eight statements, the stills' among them.
BUDGETS = {
    "film page": 9,
    "film page, Parallel Mothers": 9,
    "film list": 7,
    "film list, deep page": 7,
    "film list, genre + decade + ordering": 8,
    "film list, every filter": 12,
    "person page, busiest person": 3,
    "people list": 3,
    "award ceremony": 3,
    "search": 5,
    "home": 5,
    "genre page": 3,
    "api film": 9,
    "api film list": 1,
    "api film list, every filter": 5,
    "api person, busiest person": 3,
    "api people list": 1,
    "api award ceremony": 2,
    "api awards": 2,
    "api genres": 1,
    "api search": 4,
    "feed of new films": 3,
    "feed of a person's films": 4,
    "admin film changelist": 10,
    "admin film change page": 40,
}


def pages():
    """The page of each kind that the current catalog makes heaviest."""
    busiest_film = Film.objects.published().annotate(n=Count("credits")).order_by("-n", "pk").first()
    busiest_person = Credit.objects.on_published_films().values("person__slug").annotate(n=Count("pk"))
    busiest_person = busiest_person.order_by("-n", "person__slug").first()["person__slug"]
    ceremony = Nomination.objects.for_published_films().values("category__body__slug", "year")
    ceremony = ceremony.annotate(n=Count("pk")).order_by("-n", "year").first()
    genre = Genre.objects.with_published_films().order_by("-film_count", "slug").first().slug
    pages_deep = Film.objects.published().count() // 24
    every_filter = (
        f"q=the&genre={genre}&year_min=1900&year_max=2030&decade=2010&country=US&language=en"
        f"&person={busiest_person}&award=any&ordering=-updated"
    )
    return {
        "film page": busiest_film.get_absolute_url(),
        "film page, Parallel Mothers": "/films/parallel-mothers/",
        "film list": "/films/",
        "film list, deep page": f"/films/?page={pages_deep}",
        "film list, genre + decade + ordering": f"/films/?genre={genre}&decade=1990&ordering=-year",
        "film list, every filter": f"/films/?{every_filter}",
        "person page, busiest person": f"/people/{busiest_person}/",
        "people list": "/people/?page=2",
        "award ceremony": f"/awards/{ceremony['category__body__slug']}/{ceremony['year']}/",
        "search": "/search/?q=night",
        "home": "/",
        "genre page": f"/genres/{genre}/",
        "api film": f"/api/v1{busiest_film.get_absolute_url()}",
        "api film list": "/api/v1/films/?ordering=-year",
        "api film list, every filter": f"/api/v1/films/?{every_filter}",
        "api person, busiest person": f"/api/v1/people/{busiest_person}/",
        "api people list": "/api/v1/people/?role=actor",
        "api award ceremony": f"/api/v1/awards/{ceremony['category__body__slug']}/{ceremony['year']}/",
        "api awards": "/api/v1/awards/",
        "api genres": "/api/v1/genres/",
        "api search": "/api/v1/search/?q=night",
        "feed of new films": "/films/new.atom",
        "feed of a person's films": f"/people/{busiest_person}/films.atom",
        "admin film changelist": reverse("admin:catalog_film_changelist"),
        "admin film change page": reverse("admin:catalog_film_change", args=[busiest_film.pk]),
    }


def count_queries(client, url):
    client.get(url)  # process-wide caches (content types, for one) fill on the first request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def measure(client, admin_client, urls):
    return {
        name: count_queries(admin_client if name.startswith("admin") else client, url) for name, url in urls.items()
    }


def test_every_page_keeps_its_query_budget_as_the_catalog_grows(catalog, client, admin_client, settings):
    settings.PAGE_CACHE = False  # count what building each page costs, not a cache hit
    generate_catalog(500, seed=7)
    urls = pages()
    small = measure(client, admin_client, urls)
    generate_catalog(1500, seed=8)
    # The same addresses again: the busiest film and person have gained rivals, not lost rows.
    large = measure(client, admin_client, urls)

    over_budget = {name: count for name, count in large.items() if count > BUDGETS[name]}
    grew = {name: (small[name], large[name]) for name in small if large[name] != small[name]}
    assert not over_budget, f"over budget: {over_budget}; budgets: {BUDGETS}"
    assert not grew, f"query counts that grew with the catalog (500 → 2,000 films): {grew}"
