"""The benchmark's in-process half: picks the pages to measure and times them with Django's test client.

Run by ``bench/run.py`` in a child process whose environment already names the benchmark database and
production settings; it writes what it found as JSON to the file given with ``--out``.

    python bench/inprocess.py count --out counts.json
    python bench/inprocess.py measure --out results.json --requests 100 --budget 20
"""

import argparse
import json
import math
import platform
import re
import sqlite3
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

# Common words that say nothing about a title; searching for them measures nothing typical.
STOP_WORDS = {"the", "and", "with", "from", "that", "this", "into", "over", "your", "their", "what", "when"}


def setup_django():
    import django

    django.setup()


def catalog_counts():
    from catalog.models import Credit, Film, FilmNote, Nomination, Person

    return {
        "films": Film.objects.count(),
        "published_films": Film.objects.published().count(),
        "people": Person.objects.count(),
        "credits": Credit.objects.count(),
        "nominations": Nomination.objects.count(),
        "notes": FilmNote.objects.count(),
    }


def environment():
    import django
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        database = f"SQLite {sqlite3.sqlite_version}"
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": database,
        "vendor": connection.vendor,
        "cache": {
            "backend": settings.CACHES["default"]["BACKEND"],
            "location": str(settings.CACHES["default"].get("LOCATION", "")),
        },
        "conn_max_age": settings.DATABASES["default"].get("CONN_MAX_AGE", 0),
    }


def common_words(texts, min_length, number):
    words = Counter()
    for text in texts:
        words.update(w for w in re.findall(r"\w+", text.lower()) if len(w) >= min_length and w not in STOP_WORDS)
    return [word for word, _ in words.most_common(number)]


def common_word(texts, min_length):
    return next(iter(common_words(texts, min_length, 1)), None)


def title_words(number=50):
    """The commonest words of the film titles, which the load check searches for."""
    from catalog.models import Film

    return common_words(Film.objects.published().values_list("title", flat=True).iterator(chunk_size=5000), 4, number)


def pick_pages():
    """The concrete URLs of every page type, chosen from the data so each is a demanding but real page."""
    from django.conf import settings
    from django.db.models import Count, Q
    from django.urls import reverse

    from catalog.models import Country, Credit, Film, FilmStatus, Genre, Nomination, Person
    from catalog.public.views import PAGE_SIZE

    published = Film.objects.published()
    on_published = Q(films__status=FilmStatus.PUBLISHED)
    pages = [("Home", reverse("catalog:home"))]

    film = published.annotate(n=Count("credits")).order_by("-n", "pk").values("slug", "n").first()
    if film is None:
        raise SystemExit("The benchmark database has no published film.")
    pages.append((f"Film, most credits ({film['n']})", reverse("catalog:film-detail", args=[film["slug"]])))
    if published.filter(slug="parallel-mothers").exists():
        pages.append(("Film, Parallel Mothers", reverse("catalog:film-detail", args=["parallel-mothers"])))

    films_url = reverse("catalog:film-list")
    pages.append(("Film list, page 1", films_url))
    # The deepest page a visitor may ask for; deeper ones answer with advice to narrow the list.
    deep_page = min(settings.LIST_MAX_PAGES, math.ceil(published.count() / PAGE_SIZE))
    if deep_page > 1:
        pages.append((f"Film list, page {deep_page}", f"{films_url}?page={deep_page}"))

    genre = Genre.objects.annotate(n=Count("films", filter=on_published)).order_by("-n", "pk").first()
    decades = {row["decade"]: row["films"] for row in published.filter(genres=genre).decades()}
    decade = 1990 if decades.get(1990) else max(decades, key=decades.get)
    pages.append(
        ("Film list, genre + decade + newest", f"{films_url}?genre={genre.slug}&decade={decade}&ordering=-year")
    )
    pages.append(("Film list, many filters", films_url + "?" + many_filters_query()))
    # One broad filter alone: the count covers a large share of the catalog.
    pages.append(("Film list, genre alone", f"{films_url}?genre={genre.slug}"))
    country = Country.objects.annotate(n=Count("films", filter=on_published)).order_by("-n", "pk").first()
    if country:
        pages.append(("Film list, country alone", f"{films_url}?country={country.pk}"))

    pages.append(("People list, page 1", reverse("catalog:person-list")))
    person = Credit.objects.on_published_films().values("person__slug").annotate(n=Count("pk")).order_by("-n").first()
    pages.append(
        (f"Person, most credits ({person['n']})", reverse("catalog:person-detail", args=[person["person__slug"]]))
    )

    ceremony = (
        Nomination.objects.for_published_films()
        .values("category__body__slug", "year")
        .annotate(n=Count("pk"))
        .order_by("-n", "-year")
        .first()
    )
    if ceremony:
        url = reverse("catalog:award-ceremony", args=[ceremony["category__body__slug"], ceremony["year"]])
        pages.append((f"Award ceremony, most nominations ({ceremony['n']})", url))

    pages.append(("Genre, most films", reverse("catalog:genre-detail", args=[genre.slug])))

    search_url = reverse("catalog:search")
    word = common_word(published.values_list("title", flat=True).iterator(chunk_size=5000), min_length=4)
    if word:
        pages.append((f"Search, title word “{word}”", f"{search_url}?q={word}"))
        pages.append((f"Film list, title word “{word}”", f"{films_url}?q={word}"))
    surnames = Counter(
        name.split()[-1] for name in Person.objects.values_list("name", flat=True).iterator(chunk_size=5000) if name
    )
    surname = next((s for s, _ in surnames.most_common() if len(s) >= 3 and s.isalpha()), None)
    if surname:
        pages.append((f"Search, surname “{surname}”", f"{search_url}?q={surname}"))
        pages.append((f"People list, surname “{surname}”", f"{reverse('catalog:person-list')}?q={surname}"))

    pages += api_pages(film["slug"], person["person__slug"], genre, decade, word)
    pages.append(("Feed, new films", reverse("catalog:feed-new")))

    from catalog.public.sitemaps import PAGE_SIZE as SITEMAP_PAGE_SIZE

    pages.append(("Sitemap index", reverse("sitemap")))
    last_page = math.ceil(published.count() / SITEMAP_PAGE_SIZE)
    pages.append((f"Sitemap, films page {last_page}", f"{reverse('sitemap-section', args=['films'])}?p={last_page}"))
    return pages


def api_pages(film, person, genre, decade, word):
    """The API's answers beside the pages they mirror, labelled "API …"; the deep list starts halfway through the
    catalog, from a cursor, as a client that followed every ``next`` would reach it."""
    from django.urls import reverse

    from catalog.api.pagination import encode_cursor
    from catalog.models import Film

    films = reverse("api:film-list")
    published = Film.objects.published().order_by("title", "year", "pk")
    middle = published.values_list("title", "year", "pk")[published.count() // 2]
    pages = [
        ("API film, most credits", reverse("api:film-detail", args=[film])),
        ("API film list, page 1", films),
        ("API film list, halfway, by cursor", f"{films}?cursor={encode_cursor('title,year,pk', middle)}"),
        ("API film list, genre + decade + newest", f"{films}?genre={genre.slug}&decade={decade}&ordering=-year"),
        ("API film list, many filters", f"{films}?{many_filters_query()}"),
        ("API people list, page 1", reverse("api:person-list")),
        ("API person, most credits", reverse("api:person-detail", args=[person])),
    ]
    if published.filter(slug="parallel-mothers").exists():
        pages.insert(1, ("API film, Parallel Mothers", reverse("api:film-detail", args=["parallel-mothers"])))
    if word:
        pages.append((f"API search, title word “{word}”", f"{reverse('api:search')}?q={word}"))
    return pages


def many_filters_query():
    """Country, language, award won, year range and newest-updated ordering, chosen so that some films match."""
    from urllib.parse import urlencode

    from django.db.models import Count

    from catalog.models import Country, Film, Language, Outcome

    winners = Film.objects.published().filter(nominations__outcome=Outcome.WON).distinct()
    award = "won"
    if not winners.exists():
        winners, award = Film.objects.published(), "any"
    country = (
        Country.objects.filter(films__in=winners.values("pk")).annotate(n=Count("films")).order_by("-n", "pk").first()
    )
    if country:
        winners = winners.filter(countries=country)
    language = (
        Language.objects.filter(films__in=winners.values("pk")).annotate(n=Count("films")).order_by("-n", "pk").first()
    )
    if language:
        winners = winners.filter(original_language=language)
    years = sorted(winners.values_list("year", flat=True))
    params = {}
    if country:
        params["country"] = country.pk
    if language:
        params["language"] = language.pk
    params["award"] = award
    if years:
        params["year_min"] = years[len(years) // 10]
        params["year_max"] = years[len(years) * 9 // 10]
    params["ordering"] = "-updated"
    return urlencode(params)


def get_ok(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}, not 200; the benchmark stops here.")
    return response


def time_requests(client, url, requests, budget, min_requests, before_each=None):
    """Milliseconds of up to ``requests`` GETs of ``url``, stopping after ``budget`` seconds once there are
    ``min_requests``; ``before_each`` runs untimed before every request."""
    timings = []
    deadline = time.perf_counter() + budget
    for _ in range(requests):
        if before_each:
            before_each()
        start = time.perf_counter()
        get_ok(client, url)
        timings.append((time.perf_counter() - start) * 1000)
        if time.perf_counter() > deadline and len(timings) >= min_requests:
            break
    return timings


def measure_page(client, url, requests, budget, min_requests=5):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    get_ok(client, url)  # warm: templates compiled, lazy imports done, connection open
    with CaptureQueriesContext(connection) as queries:
        response = get_ok(client, url)
    query_count = len(queries.captured_queries)  # now: each request starts by emptying the query log
    timings = time_requests(client, url, requests, budget, min_requests)
    # The same page just after a catalog change: nothing filed under the old generation (list counts) helps.
    from catalog.caching import bump_generation

    after_change = time_requests(
        client, url, max(min_requests, requests // 4), budget / 4, min_requests, before_each=bump_generation
    )
    return {
        "median_ms": statistics.median(timings),
        "after_change_ms": statistics.median(after_change),
        "p90_ms": statistics.quantiles(timings, n=10, method="inclusive")[8] if len(timings) > 1 else timings[0],
        "queries": query_count,
        "kb": len(response.content) / 1024,
        "requests": len(timings),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["count", "measure"])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per page before stopping early")
    args = parser.parse_args()

    setup_django()
    result = {"counts": catalog_counts()}
    if args.action == "measure":
        from django.test import Client

        result["environment"] = environment()
        # A failing page is logged by Django (django.request) and then stops the run through get_ok().
        client = Client(raise_request_exception=False)
        result["title_words"] = title_words()
        result["pages"] = []
        for label, url in pick_pages():
            print(f"  {label}: {url}", file=sys.stderr, flush=True)
            result["pages"].append(
                {"label": label, "url": url, **measure_page(client, url, args.requests, args.budget)}
            )
    args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
