"""Whole-page caching for visitors: fast when nothing changed, never stale when something did."""

import secrets

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse

from catalog.caching import RecentPages, bump_generation, cached_count, current_generation, public_page, recent_pages
from catalog.models import Film, FilmNote, FilmStatus, Genre, NoteKind, Person
from tests.admin_forms import change_form_data
from tests.pages import page_text
from tests.serving import redis_available

FILM = "/films/parallel-mothers/"
PERSON = "/people/penelope-cruz/"


def queries_for(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


@pytest.mark.parametrize(
    "url",
    [
        FILM,
        PERSON,
        "/",
        "/films/",
        "/films/?genre=drama&ordering=-year",
        "/people/",
        "/search/?q=cruz",
        "/sitemap.xml",
        "/sitemap-films.xml",
    ],
)
def test_a_visitor_gets_the_second_request_from_the_cache_without_touching_the_database(catalog, client, url):
    first, first_queries = queries_for(client, url)
    second, second_queries = queries_for(client, url)
    assert first.status_code == second.status_code == 200
    assert first_queries > 0
    assert second_queries == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_editing_a_persons_name_in_the_admin_shows_everywhere_at_once(catalog, client, admin_client):
    pages = [FILM, PERSON, "/people/", "/films/?person=penelope-cruz", "/search/?q=cruz"]
    for url in pages:
        assert "Penélope Cruz" in page_text(client.get(url)), url

    person = Person.objects.get(slug="penelope-cruz")
    change_url = reverse("admin:catalog_person_change", args=[person.pk])
    data = change_form_data(admin_client.get(change_url))
    data["name"] = "Penélope Cruz Sánchez"
    assert admin_client.post(change_url, data).status_code == 302

    for url in pages:
        assert "Penélope Cruz Sánchez" in page_text(client.get(url)), url


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda film: Film.objects.get(pk=film.pk).save(), id="film saved"),
        pytest.param(lambda film: film.credits.filter(quotes__isnull=True).first().delete(), id="credit deleted"),
        pytest.param(
            lambda film: FilmNote.objects.create(film=film, kind=NoteKind.TRIVIA, title="New", text="A new fact."),
            id="note added",
        ),
        pytest.param(lambda film: film.nominations.first().save(), id="nomination saved"),
        pytest.param(lambda film: film.genres.add(Genre.objects.create(name="Newgenre", slug="newgenre")), id="m2m"),
        pytest.param(lambda film: Genre.objects.filter(films=film).first().save(), id="genre saved"),
    ],
)
def test_any_change_to_what_a_film_page_shows_makes_it_fresh(catalog, client, change):
    film = Film.objects.get(slug="parallel-mothers")
    client.get(FILM)
    assert queries_for(client, FILM)[1] == 0
    change(film)
    assert queries_for(client, FILM)[1] > 0


def test_the_cache_is_invalidated_again_when_the_transaction_commits(db, make, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        person = make.person()
        person.save()
        make.film()
    # One callback per transaction, however many rows it saved.
    assert len(callbacks) == 1
    before = current_generation()
    callbacks[0]()
    assert current_generation() != before


def test_staff_always_get_a_fresh_page_marked_private(catalog, client, admin_client):
    client.get(FILM)
    response, queries = queries_for(admin_client, FILM)
    assert response.status_code == 200
    assert queries > 0
    assert "private" in response["Cache-Control"]
    assert not response.has_header("ETag")
    # ... and what they saw was not stored for visitors either.
    assert queries_for(admin_client, FILM)[1] > 0


def test_a_staff_preview_of_a_draft_is_never_served_to_visitors(catalog, client, admin_client):
    film = Film.objects.get(slug="parallel-mothers")
    film.status = FilmStatus.DRAFT
    film.save()
    assert admin_client.get(FILM).status_code == 200
    assert client.get(FILM).status_code == 404


@pytest.mark.parametrize("url", [FILM, PERSON])
def test_film_and_person_pages_answer_304_while_unchanged(catalog, client, url):
    first = client.get(url)
    assert first["Cache-Control"] == "no-cache"
    etag, last_modified = first["ETag"], first["Last-Modified"]

    revalidated, queries = queries_for(client, url, if_none_match=etag)
    assert revalidated.status_code == 304
    assert queries == 0
    assert revalidated.content == b""
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304

    Person.objects.get(slug="penelope-cruz").save()
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@pytest.mark.parametrize("url", [FILM, "/films/?genre=drama&ordering=-year"])
def test_a_page_from_the_cache_carries_every_header_it_was_built_with(catalog, client, no_recent_pages, url):
    built = client.get(url)
    for served_from in ("this worker's memory", "the shared cache"):
        again, queries = queries_for(client, url)
        assert queries == 0, served_from
        assert again.content == built.content, served_from
        assert dict(again.items()) == dict(built.items()), served_from
        no_recent_pages.clear()
    # What the middleware between the cache and the view gives every page: the policy, framing, Vary.
    assert {"Content-Security-Policy", "X-Frame-Options", "Vary", "ETag"} <= set(built.headers)


def nonce_page(request):
    return HttpResponse(f"<script nonce='{request._csp_nonce}'></script>")


urlpatterns = [path("nonce/", public_page(nonce_page)), path("", include("filmsite.urls"))]


@pytest.mark.urls(__name__)
def test_a_page_that_used_the_security_policys_nonce_is_never_stored(db, client):
    first, second = client.get("/nonce/"), client.get("/nonce/")
    # Each answer has a nonce of its own, in its header and its script alike.
    assert first.content != second.content
    for response in (first, second):
        nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
        assert f"nonce='{nonce}'" in response.content.decode()


def test_pages_that_are_not_found_are_not_cached(catalog, client):
    assert client.get("/films/no-such-film/").status_code == 404
    assert queries_for(client, "/films/no-such-film/")[1] > 0


def test_the_cache_key_includes_the_host_because_pages_carry_absolute_links(catalog, client):
    client.get(FILM, headers={"host": "localhost"})
    response = client.get(FILM, headers={"host": "127.0.0.1"})
    assert 'href="http://127.0.0.1/films/parallel-mothers/"' in response.content.decode()


def test_the_page_cache_can_be_switched_off(catalog, client, settings):
    settings.PAGE_CACHE = False
    client.get(FILM)
    response, queries = queries_for(client, FILM)
    assert queries > 0
    assert not response.has_header("ETag")


@pytest.fixture
def no_recent_pages():
    recent_pages.clear()
    yield recent_pages
    recent_pages.clear()


def test_a_worker_serves_a_page_again_from_its_own_memory(catalog, client, no_recent_pages):
    first = client.get(FILM)
    [address] = no_recent_pages.keys()
    # Another copy in the shared cache shows whether the second answer came from it.
    key = f"catalog:page:{current_generation().token}:{address}"
    assert cache.get(key) is not None
    cache.set(key, (b"the shared copy", {"Content-Type": "text/plain"}))
    second, queries = queries_for(client, FILM)
    assert queries == 0
    assert second.content == first.content


def test_a_worker_reads_the_shared_copy_of_a_page_it_has_not_served(catalog, client, no_recent_pages):
    first = client.get(FILM)
    no_recent_pages.clear()  # as in a worker that started after the page was stored
    second, queries = queries_for(client, FILM)
    assert queries == 0
    assert second.content == first.content
    assert len(no_recent_pages.keys()) == 1


def test_a_page_a_worker_keeps_is_not_served_once_the_catalog_changed_elsewhere(catalog, client, no_recent_pages):
    client.get(FILM)
    # What a save in another worker does: the rows change and the shared generation moves, while this
    # worker's memory is left as it was.
    Film.objects.filter(slug="parallel-mothers").update(title="Madres paralelas, revised")
    bump_generation()
    response, queries = queries_for(client, FILM)
    assert queries > 0
    assert "Madres paralelas, revised" in page_text(response)


def test_a_worker_keeps_pages_up_to_its_allowance_dropping_the_least_recently_served(settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 25
    pages = RecentPages()
    for address in "ab":
        pages.put(address, "g1", (b"x" * 10, {}))
    assert pages.get("a", "g1") is not None  # served again: now the most recent
    pages.put("c", "g1", (b"x" * 10, {}))
    assert pages.keys() == ["a", "c"]
    pages.put("big", "g1", (b"x" * 26, {}))
    assert pages.keys() == ["a", "c"]
    # An address holds one page: the newer generation's replaces the older, which is no longer served.
    pages.put("a", "g2", (b"y" * 10, {}))
    assert (pages.get("a", "g1"), pages.get("a", "g2")) == (None, (b"y" * 10, {}))
    assert pages.keys() == ["c", "a"]


def test_a_worker_keeps_no_pages_when_its_allowance_is_zero(catalog, client, settings, no_recent_pages):
    settings.PAGE_CACHE_LOCAL_BYTES = 0
    client.get(FILM)
    assert queries_for(client, FILM)[1] == 0
    assert no_recent_pages.keys() == []


def list_total(response):
    return response.context["paginator"].count


# The films' list also keeps its filters' counts (catalog.public.facets): those of the whole catalog, and
# those among its own films, sized first.
@pytest.mark.parametrize(("url", "kept"), [("/films/?decade=2020", 4), ("/people/?role=actor", 1)])
def test_every_page_of_a_list_shares_one_count_until_the_catalog_changes(catalog, client, settings, url, kept):
    settings.PAGE_CACHE = False  # the pages themselves are built each time; only the counts are kept
    first, first_queries = queries_for(client, url)
    second, second_queries = queries_for(client, url + "&page=1")
    assert list_total(first) == list_total(second) > 0
    assert second_queries == first_queries - kept

    Film.objects.get(slug="parallel-mothers").save()
    assert queries_for(client, url)[1] == first_queries


def test_a_list_counts_afresh_after_any_change_even_one_without_save(db, make, client, settings):
    settings.PAGE_CACHE = False
    make.film(year=2021)
    assert list_total(client.get("/films/?decade=2020")) == 1

    make.film(year=2022)  # saved, so the generation moves at once
    assert list_total(client.get("/films/?decade=2020")) == 2

    # A bulk change skips the signals; whoever makes one bumps the generation, as generate_catalog does.
    Film.objects.filter(year=2022).update(status=FilmStatus.DRAFT)
    assert list_total(client.get("/films/?decade=2020")) == 2
    bump_generation()
    assert list_total(client.get("/films/?decade=2020")) == 1


def test_lists_asking_different_questions_never_share_a_count(db, make, client, settings):
    settings.PAGE_CACHE = False
    make.film(year=2021)
    make.film(year=2021)
    make.film(year=1995)
    assert list_total(client.get("/films/?decade=2020")) == 2
    assert list_total(client.get("/films/?decade=1990")) == 1
    assert list_total(client.get("/films/?year_min=1990&year_max=1999")) == 1
    assert list_total(client.get("/films/")) == 3


def test_a_list_that_can_match_nothing_counts_zero_without_a_query(db):
    with CaptureQueriesContext(connection) as queries:
        assert cached_count(Film.objects.filter(pk__in=[])) == 0
    assert len(queries) == 0


@pytest.fixture(params=["files", "redis"])
def count_cache_entries(request, settings, tmp_path):
    """Counts the entries of the page cache, on the file cache a single machine uses and on Redis."""
    if request.param == "files":
        folder = tmp_path / "cache"
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(folder)}
        }
        yield lambda: len(list(folder.glob("*.djcache")))
        return
    if not redis_available():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    import redis

    url = "redis://127.0.0.1:6379/15"
    prefix = f"filmsite-test-{secrets.token_hex(4)}"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}
    }
    client = redis.Redis.from_url(url)
    yield lambda: sum(1 for _ in client.scan_iter(match=f"{prefix}:*", count=1000))
    caches["default"].clear()


def junk():
    """Parameters no page reads, as campaign links and cache-busting scripts add them."""
    return {
        f"utm_{secrets.token_hex(3)}": secrets.token_hex(8),
        secrets.token_hex(2): "",
        "fbclid": secrets.token_hex(12),
    }


def test_a_thousand_requests_with_junk_parameters_add_at_most_one_cache_entry(catalog, client, count_cache_entries):
    current_generation()
    before = count_cache_entries()
    first = client.get(FILM, junk())
    for _ in range(999):
        response = client.get(FILM, junk())
        assert response.status_code == 200
    assert count_cache_entries() - before <= 1
    assert response.content == first.content == client.get(FILM).content


@pytest.mark.parametrize(
    ("first", "same"),
    [
        ("/films/?genre=drama&ordering=-year", "/films/?ordering=-year&genre=drama"),
        ("/films/?decade=2020", "/films/?decade=1990&decade=2020"),
        ("/films/?year_min=1990", "/films/?year_min=01990"),
        ("/search/?q=cruz", "/search/?q=%20cruz%20"),
        ("/people/?role=actor", "/people/?role=actor&utm_source=newsletter"),
        ("/films/?page=1", "/films/?page=01"),
    ],
)
def test_addresses_that_ask_the_same_question_share_one_cached_page(catalog, client, first, same):
    expected = client.get(first)
    response, queries = queries_for(client, same)
    assert queries == 0
    assert response.content == expected.content


def test_a_junk_parameter_never_shows_in_the_page_served(db, make, client):
    for n in range(30):
        make.film(f"Film {n:02}")
    response = client.get("/films/", {"ordering": "-year", "utm_campaign": "hello-from-another-visitor"})
    assert "page=2" in response.content.decode()  # the page links, which carry the list's own parameters
    assert "hello-from-another-visitor" not in response.content.decode()


def test_a_value_the_page_refuses_is_answered_but_not_stored(catalog, client):
    assert client.get(FILM, {"spoilers": "please"}).status_code == 200
    assert queries_for(client, FILM + "?spoilers=please")[1] > 0
    client.get(FILM, {"spoilers": "all"})
    assert queries_for(client, FILM + "?spoilers=all")[1] == 0


def test_a_page_larger_than_the_cap_is_served_but_not_stored(catalog, client, settings, no_recent_pages):
    settings.PAGE_CACHE_MAX_BYTES = len(client.get(FILM).content) - 1
    cache.clear()
    no_recent_pages.clear()
    response = client.get(FILM)
    assert response.status_code == 200
    assert queries_for(client, FILM)[1] > 0
    assert no_recent_pages.keys() == []
    settings.PAGE_CACHE_MAX_BYTES = len(response.content)
    client.get(FILM)
    assert queries_for(client, FILM)[1] == 0


def test_behind_a_front_cache_only_the_pages_stored_here_may_be_kept_there(catalog, client, admin_client, settings):
    settings.FRONT_CACHE_URLS = ["http://127.0.0.1:9"]  # nothing here is changed, so nothing is announced
    for response in (client.get(FILM), client.get(FILM)):  # built, then from the page cache
        assert response["Surrogate-Key"] == f"catalog-{current_generation().token}"
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=0", f"s-maxage={settings.PAGE_CACHE_SECONDS}"}
    # A value the page refuses, a page not found and an editor's page: none may be kept.
    for response in (client.get(FILM, {"spoilers": "please"}), client.get("/films/no-such-film/")):
        assert not response.has_header("Surrogate-Key")
        assert "s-maxage" not in response.get("Cache-Control", "")
    response = admin_client.get(FILM)
    assert not response.has_header("Surrogate-Key")
    assert "private" in response["Cache-Control"]
    # Without a front cache, browsers are told to ask every time.
    settings.FRONT_CACHE_URLS = []
    response = client.get(FILM)
    assert not response.has_header("Surrogate-Key")
    assert response["Cache-Control"] == "no-cache"


def test_a_save_goes_through_when_the_front_cache_cannot_be_told_and_says_so(catalog, settings, caplog):
    settings.FRONT_CACHE_URLS = ["http://127.0.0.1:9"]  # nothing listens there
    film = Film.objects.get(slug="parallel-mothers")
    film.logline = "Two mothers, one ward."
    film.save()
    assert Film.objects.get(slug="parallel-mothers").logline == "Two mothers, one ward."
    failures = [record for record in caplog.records if record.name == "catalog.front_cache"]
    assert failures and all(record.levelname == "ERROR" for record in failures)
    assert "http://127.0.0.1:9" in failures[0].getMessage()
