"""Hostile input: malformed, huge and malicious requests get a clear 4xx or a form error, never a server error.

Every request goes through a client that turns a server error into a 500 response instead of raising,
so that a crash shows up as a wrong status code. Writes that must fail also leave the data as it was.
The catalog is loaded once for the whole module and each test's changes are rolled back, so the module's
several hundred requests cost seconds, not a catalog load each.
"""

import copy
import re
from typing import NamedTuple
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from catalog.models import (
    AlternativeTitle,
    AwardBody,
    Credit,
    Film,
    FilmingLocation,
    FilmNote,
    Genre,
    KeyScene,
    Nomination,
    Person,
    PlotSection,
    Quote,
    Recommendation,
)
from catalog.models.identifiers import IDENTIFIER_FIELDS
from tests.admin_forms import add_rows, change_form_data
from tests.pages import page_text
from tests.traversal_paths import TRAVERSALS

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JAVASCRIPT = "javascript:alert(1)"
# An attribute that would run script when followed or loaded, however it is spaced or cased.
SCRIPT_URL_ATTRIBUTE = re.compile(
    r"""(?:href|src|action|formaction)\s*=\s*["']?\s*(?:javascript|vbscript|data):""", re.I
)

FILM = "parallel-mothers"
FILM_URL = f"/films/{FILM}/"
RIGHT_TO_LEFT_OVERRIDE = "\u202e"  # shows the text after it reversed

ON_SQLITE = connection.vendor == "sqlite"


@pytest.fixture(scope="module")
def _module_catalog(django_db_setup, django_db_blocker):
    """The fixtures' catalog and an Editor, loaded once in a transaction that the module's end rolls back.

    Each test runs inside it in a savepoint of its own (pytest-django's ``db``), so what a test changes is
    undone after it, as with a catalog loaded per test.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_catalog", verbosity=0)
        editor = User.objects.create_user("hostile-editor", password="unused", is_staff=True)
        editor.groups.add(Group.objects.get(name="Editor"))
        yield
        transaction.set_rollback(True)


@pytest.fixture
def catalog(_module_catalog, db):
    """The catalog as the fixtures describe it (loaded once for the module)."""


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@pytest.fixture
def editor(admin_user):
    """A superuser signed in to the admin."""
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    return client


@pytest.fixture
def editor_in_group(catalog):
    """An editor as the site has them: staff, in the Editor group, not a superuser."""
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="hostile-editor"))
    return client


@pytest.fixture(scope="module")
def _film_forms():
    return {}


@pytest.fixture
def film_form(catalog, editor, _film_forms):
    """The film's change URL and a fresh copy of its form data, rendered once for the module.

    The page is the same for every test (each test's saves are rolled back), and rendering it is most of what
    these tests would otherwise spend.
    """
    url = reverse("admin:catalog_film_change", args=[Film.objects.get(slug=FILM).pk])
    if url not in _film_forms:
        _film_forms[url] = change_form_data(editor.get(url))
    return url, copy.deepcopy(_film_forms[url])


def assert_clear_answer(response, status):
    """The expected status, and nothing a visitor should never see: a traceback or their input as live markup."""
    assert response.status_code == status
    body = response.content.decode(errors="replace")
    assert "Traceback" not in body
    assert SCRIPT not in body and IMG not in body
    assert not SCRIPT_URL_ATTRIBUTE.search(body)


def catalog_rows():
    """Every row an editor can change from the pages these tests post to, for "nothing changed" checks."""
    models = [
        Film,
        Person,
        Credit,
        AlternativeTitle,
        PlotSection,
        FilmNote,
        KeyScene,
        Quote,
        FilmingLocation,
        Nomination,
        Recommendation,
        Genre,
        AwardBody,
    ]
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


# Public pages: every bad value is a 400 (a form error shown next to the field) or a 404.

PUBLIC_REQUESTS = [
    pytest.param("/films/?q=" + "a" * 50_000, 400, id="film-title-filter-of-50000-characters"),
    pytest.param("/films/?q=" + "%25_%25_%5C" * 5, 200, id="film-title-filter-of-like-wildcards"),
    pytest.param("/films/?q=mothers%00", 400, id="film-title-filter-with-nul-byte"),
    pytest.param("/films/?q=%E2%80%AEsrehtom", 200, id="film-title-filter-with-right-to-left-override"),
    pytest.param("/films/?q=" + quote(SCRIPT), 200, id="film-title-filter-with-script-is-escaped"),
    pytest.param("/films/?year_min=abc", 400, id="year-not-a-number"),
    pytest.param("/films/?year_min=1e3", 400, id="year-in-exponent-notation"),
    pytest.param("/films/?year_min=99999999999999999999", 400, id="year-wider-than-any-integer-column"),
    pytest.param("/films/?year_max=" + quote(IMG), 400, id="year-with-markup-is-escaped"),
    pytest.param("/films/?year_min=2020&year_max=1990", 400, id="years-the-wrong-way-round"),
    pytest.param("/films/?decade=-1", 400, id="decade-negative"),
    pytest.param("/films/?decade=1995", 400, id="decade-not-a-decade"),
    pytest.param("/films/?genre=no-such-genre", 400, id="genre-unknown"),
    pytest.param("/films/?genre=%00", 400, id="genre-nul-byte"),
    pytest.param("/films/?country=%00", 400, id="country-nul-byte"),
    pytest.param("/films/?country=../../etc", 400, id="country-path-traversal"),
    pytest.param("/films/?language=99999999999999999999", 400, id="language-huge-number"),
    pytest.param("/films/?person=" + quote(SCRIPT), 400, id="person-with-script-is-escaped"),
    pytest.param("/films/?award=everything", 400, id="award-outcome-unknown"),
    pytest.param("/films/?award_body=%E2%80%AEvenice-film-festival", 400, id="award-body-with-right-to-left-override"),
    pytest.param("/films/?ordering=password", 400, id="ordering-by-unlisted-field"),
    pytest.param("/films/?ordering=-id__foo", 400, id="ordering-by-lookup-path"),
    pytest.param("/films/?ordering=title,password", 400, id="ordering-with-one-unlisted-field"),
    pytest.param("/films/?page=-1", 404, id="page-negative"),
    pytest.param("/films/?page=0", 404, id="page-zero"),
    pytest.param("/films/?page=99999999999999999999", 404, id="page-huge"),
    pytest.param("/films/?page=1e3", 404, id="page-in-exponent-notation"),
    pytest.param("/films/?page=%00", 404, id="page-nul-byte"),
    pytest.param("/films/?page=last", 200, id="page-last-is-a-real-page"),
    pytest.param("/films/?genre=drama&genre=comedy", 200, id="repeated-filter-takes-the-last-value"),
    pytest.param("/films/?genre=drama&genre=comedy&page=1&page=2", 404, id="repeated-page-takes-the-last-value"),
    pytest.param(
        "/films/?" + "&".join(f"x{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)),
        400,
        id="more-parameters-than-allowed",
    ),
    pytest.param("/people/?q=" + "a" * 50_000, 400, id="people-name-filter-of-50000-characters"),
    pytest.param("/people/?q=cruz%00", 400, id="people-name-filter-with-nul-byte"),
    pytest.param("/people/?role=emperor", 400, id="people-role-unknown"),
    pytest.param("/people/?page=-1", 404, id="people-page-negative"),
    pytest.param("/genres/drama/?page=abc", 404, id="genre-page-not-a-number"),
    pytest.param("/awards/venice-film-festival/99999999999999999999/", 404, id="ceremony-year-huge"),
    pytest.param("/awards/venice-film-festival/0/", 404, id="ceremony-year-zero"),
    pytest.param("/search/?q=" + "a" * 20_000, 400, id="search-of-20000-characters"),
    pytest.param("/search/?q=volver%00", 400, id="search-with-nul-byte"),
    pytest.param("/search/?q=%E2%80%AEvolver", 200, id="search-with-right-to-left-override"),
    pytest.param("/search/?q=" + quote(SCRIPT), 200, id="search-with-script-is-escaped"),
    pytest.param("/search/?q=" + quote(IMG), 200, id="search-with-attribute-breakout-is-escaped"),
    pytest.param("/search/?q=volver&q=julieta", 200, id="search-repeated"),
    pytest.param(f"{FILM_URL}?spoilers=" + quote(SCRIPT), 200, id="film-page-with-script-in-spoilers-flag"),
    pytest.param("/films/parallel-mothers%00/", 404, id="film-slug-with-nul-byte"),
    pytest.param("/films/%E2%80%AEparallel-mothers/", 404, id="film-slug-with-right-to-left-override"),
    pytest.param("/people/penelope-cruz%E2%80%AE/", 404, id="person-slug-with-right-to-left-override"),
    pytest.param("/genres/%00/", 404, id="genre-slug-nul-byte"),
    pytest.param("/awards/%E2%80%AEvenice-film-festival/", 404, id="award-body-slug-with-right-to-left-override"),
    pytest.param("/films/%FF%FE/", 404, id="film-slug-not-utf8"),
    pytest.param("/films/" + "a" * 5_000 + "/", 404, id="film-slug-of-5000-characters"),
    pytest.param("/films/..%2f..%2fetc%2fpasswd/", 404, id="film-slug-path-traversal"),
    pytest.param("/films/../../etc/passwd", 404, id="path-traversal-in-path"),
    pytest.param("/static/../settings.py", 404, id="static-path-traversal"),
    pytest.param("/static/..%2f..%2ffilmsite%2fsettings.py", 404, id="static-encoded-path-traversal"),
    pytest.param("/media/../db.sqlite3", 404, id="media-path-traversal"),
    pytest.param("/media/..%2f..%2fdb.sqlite3", 404, id="media-encoded-path-traversal"),
    pytest.param("/sitemap-films.xml?p=abc", 404, id="sitemap-page-not-a-number"),
    pytest.param("/sitemap-films.xml?p=99999999999999999999", 404, id="sitemap-page-huge"),
    pytest.param("/sitemap-films.xml?p=0", 404, id="sitemap-page-zero"),
    pytest.param("/sitemap-%00.xml", 404, id="sitemap-section-nul-byte"),
    pytest.param("/sitemap-films.xml/", 404, id="sitemap-section-with-trailing-slash"),
]


@pytest.mark.parametrize(("url", "status"), PUBLIC_REQUESTS)
def test_public_pages_answer_bad_input_with_a_clear_4xx(catalog, visitor, url, status):
    assert_clear_answer(visitor.get(url), status)


@pytest.mark.parametrize("wildcard", ["%", "_", "%_%"])
def test_like_wildcards_in_the_title_filter_match_themselves_not_every_film(catalog, visitor, wildcard):
    response = visitor.get("/films/", {"q": wildcard})
    assert_clear_answer(response, 200)
    assert 'class="film-card__title"' not in response.content.decode()


def test_an_invalid_filter_is_shown_back_escaped_next_to_its_error(catalog, visitor):
    response = visitor.get("/films/", {"year_max": IMG})
    assert_clear_answer(response, 400)
    assert f'value="{escape(IMG)}"' in response.content.decode()


PUBLIC_PAGES = [
    "/",
    "/films/",
    FILM_URL,
    "/people/",
    "/people/penelope-cruz/",
    "/genres/drama/",
    "/awards/",
    "/awards/venice-film-festival/",
    "/awards/venice-film-festival/2021/",
    "/search/?q=volver",
    "/robots.txt",
    "/sitemap.xml",
    "/sitemap-films.xml",
]


@pytest.mark.parametrize("method", ["post", "put", "delete"])
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_refuse_methods_other_than_get_with_405(catalog, visitor, url, method):
    rows = catalog_rows()
    response = getattr(visitor, method)(url)
    assert_clear_answer(response, 405)
    assert "GET" in response["Allow"]
    assert catalog_rows() == rows


@pytest.mark.parametrize(
    "host",
    [
        pytest.param("evil.example", id="unknown-host"),
        pytest.param("a" * 10_000 + ".example", id="host-of-10000-characters"),
        pytest.param("localhost:abc", id="host-with-port-not-a-number"),
        pytest.param("localhost/evil", id="host-with-path"),
        pytest.param("localhost@evil.example", id="host-with-user-info"),
        pytest.param("localhost\x00", id="host-with-nul-byte"),
        pytest.param("", id="host-empty"),
    ],
)
def test_requests_for_a_host_we_do_not_serve_are_400(db, visitor, host):
    response = visitor.get("/films/", headers={"host": host})
    assert_clear_answer(response, 400)
    assert "evil.example" not in response.content.decode()


# Signing in: wherever ``next`` points, a successful sign-in stays on this site.


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("https://evil.example/", id="absolute-url"),
        pytest.param("//evil.example/", id="scheme-relative-url"),
        pytest.param("///evil.example/", id="three-slashes"),
        pytest.param("/\\evil.example/", id="slash-backslash"),
        pytest.param("\\\\evil.example/", id="two-backslashes"),
        pytest.param("https:evil.example", id="scheme-without-slashes"),
        pytest.param(" //evil.example/", id="leading-space"),
        pytest.param("http://testserver@evil.example/", id="our-host-as-user-info"),
        pytest.param("\x00//evil.example/", id="leading-nul-byte"),
        pytest.param(JAVASCRIPT, id="javascript-url"),
    ],
)
def test_signing_in_never_redirects_off_site(db, visitor, django_user_model, target):
    django_user_model.objects.create_superuser("boss", "boss@example.com", "a-long-Passw0rd")
    response = visitor.post(
        "/admin/login/?next=" + quote(target), {"username": "boss", "password": "a-long-Passw0rd", "next": target}
    )
    assert response.status_code == 302
    location = response["Location"]
    parts = urlsplit(location)
    assert parts.scheme == "" and parts.netloc == ""
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "_auth_user_id" in visitor.session


def test_the_sign_in_page_shows_a_hostile_next_escaped(db, visitor):
    assert_clear_answer(visitor.get("/admin/login/", {"next": IMG}), 200)


# Editing: script in any text an editor can type is shown as text on the public pages.


# Texts of the film and its inline rows that the film page shows: they must appear, as text.
FILM_PAGE_SHOWS = [
    "title",
    "original_title",
    "logline",
    "overview",
    "movie_type",
    "post_credits_note",
    "score_note",
    "awards_note",
    "why_watch",
    "alternative title",
    "alternative note",
    "heading",
    "body",
    "character",
    "character description",
    "place",
    "region",
    "stands in for",
    "location description",
    "trivia",
    "note",
    "scene",
    "scene text",
    "quote",
    "speaker",
    "ctx",
    "publication",
    "reason",
]


def film_text_fields(form):
    """The film's own free-text fields, as the admin form offers them (identifiers have a format of their own)."""
    return [
        name
        for name, field in form.fields.items()
        if field.__class__.__name__ == "CharField"
        and name not in ("slug", *IDENTIFIER_FIELDS)
        and not getattr(field, "choices", None)
    ]


@pytest.mark.parametrize(
    "payload", [SCRIPT, IMG, JAVASCRIPT], ids=["script-tag", "attribute-breakout", "javascript-url"]
)
def test_script_typed_into_the_film_form_is_shown_escaped_on_public_pages(catalog, editor, visitor, make, payload):
    film = Film.objects.get(slug=FILM)
    url = reverse("admin:catalog_film_change", args=[film.pk])
    form_page = editor.get(url)
    data = change_form_data(form_page)
    fields = film_text_fields(form_page.context["adminform"].form)
    assert {"title", "overview", "logline", "why_watch"} <= set(fields)
    data.update({name: f"{payload} {name}" for name in fields})

    actor = make.person("Extra Actor")
    recommended = (
        Film.objects.published().exclude(pk=film.pk).exclude(pk__in=film.recommendations.values("recommended"))
    )
    row = {"order": 9, "spoiler_level": "none"}
    source = {"source_url": "https://example.com/source", "source_publication": f"{payload} publication"}
    add_rows(
        data, "alternative_titles", {"title": f"{payload} alternative title", "note": f"{payload} alternative note"}
    )
    add_rows(
        data, "plot_sections", {**row, "part": "summary", "heading": f"{payload} heading", "body": f"{payload} body"}
    )
    add_rows(
        data,
        "credits",
        {
            "person": actor.pk,
            "role": "actor",
            "character_name": f"{payload} character",
            "character_description": f"{payload} character description",
            "description_spoiler_level": "none",
            "billing_order": 99,
        },
    )
    add_rows(
        data,
        "locations",
        {
            **row,
            **source,
            "place": f"{payload} place",
            "region": f"{payload} region",
            "stands_in_for": f"{payload} stands in for",
            "description": f"{payload} location description",
        },
    )
    add_rows(
        data, "notes", {**row, **source, "kind": "trivia", "title": f"{payload} trivia", "text": f"{payload} note"}
    )
    add_rows(
        data, "key_scenes", {**row, **source, "title": f"{payload} scene", "description": f"{payload} scene text"}
    )
    add_rows(
        data,
        "quotes",
        {
            **row,
            **source,
            "text": f"{payload} quote",
            "character_name": f"{payload} speaker",
            "context": f"{payload} ctx",
        },
    )
    add_rows(
        data,
        "recommendations",
        {"recommended": recommended.first().pk, "reason": f"{payload} reason", "spoiler_level": "none", "order": 9},
    )

    response = editor.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    film.refresh_from_db()
    assert film.title == f"{payload} title" and film.is_published

    page = visitor.get(FILM_URL)
    assert_clear_answer(page, 200)
    text = page_text(page)
    assert [shown for shown in FILM_PAGE_SHOWS if f"{payload} {shown}" not in text] == []
    assert escape(f"{payload} title") in page.content.decode()
    # Searched by the word after the payload: PostgreSQL's text search skips what sits inside <script> tags.
    for url in ["/", "/films/", "/search/?q=title", actor.get_absolute_url()]:
        assert_clear_answer(visitor.get(url), 200)
    assert f"{payload} title" in page_text(visitor.get("/search/", {"q": "title"}))


@pytest.mark.parametrize("payload", [SCRIPT, IMG], ids=["script-tag", "attribute-breakout"])
def test_script_typed_into_a_person_is_shown_escaped_on_public_pages(catalog, editor, visitor, payload):
    person = Person.objects.get(slug="penelope-cruz")
    url = reverse("admin:catalog_person_change", args=[person.pk])
    data = change_form_data(editor.get(url))
    data.update({"name": f"{payload} name", "bio": f"{payload} bio", "birth_place": f"{payload} birth place"})
    response = editor.post(url, data)
    assert response.status_code == 302, response.context["errors"]

    page = visitor.get(person.get_absolute_url())
    assert_clear_answer(page, 200)
    assert f"{payload} name" in page_text(page) and f"{payload} bio" in page_text(page)
    for url in ["/people/", FILM_URL, "/search/?q=name", "/awards/venice-film-festival/2021/"]:
        response = visitor.get(url)
        assert_clear_answer(response, 200)
        assert f"{payload} name" in page_text(response), url


def test_script_typed_into_a_genre_and_an_award_body_is_shown_escaped(catalog, editor, visitor):
    genre_url = reverse("admin:catalog_genre_change", args=[Genre.objects.get(slug="drama").pk])
    data = change_form_data(editor.get(genre_url))
    data.update({"name": f"{SCRIPT} Drama", "description": f"{IMG} description"})
    response = editor.post(genre_url, data)
    assert response.status_code == 302, response.context["errors"]
    body_url = reverse("admin:catalog_awardbody_change", args=[AwardBody.objects.get(slug="venice-film-festival").pk])
    data = change_form_data(editor.get(body_url))
    data.update({"name": f"{SCRIPT} Venice", "short_name": IMG[:50], "description": f"{IMG} description"})
    response = editor.post(body_url, data)
    assert response.status_code == 302, response.context["errors"]

    for url in ["/", "/films/", "/genres/drama/", FILM_URL, "/awards/", "/awards/venice-film-festival/"]:
        assert_clear_answer(visitor.get(url), 200)
    assert f"{SCRIPT} Drama" in page_text(visitor.get("/genres/drama/"))
    assert f"{SCRIPT} Venice" in page_text(visitor.get("/awards/venice-film-festival/"))


# Links: a URL field takes web addresses only, so no stored link can run script.

SCRIPT_URLS = [
    pytest.param(JAVASCRIPT, id="javascript"),
    pytest.param("JaVaScRiPt:alert(1)", id="javascript-mixed-case"),
    pytest.param(" javascript:alert(1)", id="javascript-leading-space"),
    pytest.param("javascript://example.com/%0Aalert(1)", id="javascript-disguised-as-a-host"),
    pytest.param("data:text/html,<script>alert(1)</script>", id="data-url"),
    pytest.param("vbscript:msgbox(1)", id="vbscript"),
]


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_a_source_link_that_could_run_script_is_a_form_error(film_form, editor, visitor, url):
    change_url, data = film_form
    data["title"] = "Renamed in the same save"
    note = {"kind": "trivia", "title": "Linked", "text": "A claim.", "order": 9, "spoiler_level": "none"}
    add_rows(data, "notes", {**note, "source_url": url, "source_publication": "Somewhere"})
    rows = catalog_rows()

    response = editor.post(change_url, data)
    assert_clear_answer(response, 200)
    assert response.context["errors"]
    assert catalog_rows() == rows
    assert_clear_answer(visitor.get(FILM_URL), 200)


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_an_award_body_website_that_could_run_script_is_a_form_error(catalog, editor, visitor, url):
    body = AwardBody.objects.get(slug="venice-film-festival")
    change_url = reverse("admin:catalog_awardbody_change", args=[body.pk])
    data = change_form_data(editor.get(change_url))
    data["website"] = url
    rows = catalog_rows()

    response = editor.post(change_url, data)
    assert_clear_answer(response, 200)
    assert response.context["errors"]
    assert catalog_rows() == rows
    assert_clear_answer(visitor.get("/awards/venice-film-festival/"), 200)


# Editing: malformed values in the film form are form errors, and the film stays as it was.

FILM_FORM_CHANGES = [
    pytest.param({"year": "abc"}, id="year-not-a-number"),
    pytest.param({"year": "99999999999999999999"}, id="year-huge"),
    pytest.param({"runtime_minutes": "-5"}, id="runtime-negative"),
    pytest.param({"slug": "../../etc/passwd"}, id="slug-path-traversal"),
    pytest.param({"slug": f"parallel-mothers{RIGHT_TO_LEFT_OVERRIDE}"}, id="slug-with-right-to-left-override"),
    pytest.param({"title": "Parallel\x00Mothers"}, id="title-with-nul-byte"),
    pytest.param({"overview": "x" * 10 + "\x00"}, id="overview-with-nul-byte"),
    pytest.param({"title": "a" * 50_000}, id="title-of-50000-characters"),
    pytest.param({"status": "deleted"}, id="status-unknown"),
    pytest.param({"release_date": "2021-02-31"}, id="release-date-impossible"),
    pytest.param({"original_language": "../../etc"}, id="language-unknown"),
    pytest.param(
        {"countries": ["\x00"]},
        id="country-nul-byte",
    ),
    pytest.param(
        {"original_language": "\x00"},
        id="language-nul-byte",
    ),
    pytest.param({"lock_version": "abc"}, id="lock-version-not-a-number"),
    pytest.param({"credits-TOTAL_FORMS": "abc"}, id="inline-form-count-not-a-number"),
    pytest.param({"credits-0-id": "99999999999999999999"}, id="inline-row-id-huge"),
    pytest.param({"credits-0-billing_order": "99999999999999999999"}, id="billing-order-huge"),
    pytest.param({"credits-0-role": "\x00"}, id="credit-role-nul-byte"),
    pytest.param(
        {"genres": ["abc"]},
        id="genre-not-an-id",
    ),
    pytest.param(
        {"genres": ["99999999999999999999"]},
        id="genre-id-huge",
    ),
    pytest.param(
        {"credits-0-person": "abc"},
        id="credit-person-not-an-id",
    ),
]


@pytest.mark.parametrize("changes", FILM_FORM_CHANGES)
def test_malformed_film_form_values_are_form_errors_and_change_nothing(film_form, editor, changes):
    url, data = film_form
    data["why_watch"] = "Changed in the same save."
    data.update(changes)
    rows = catalog_rows()

    response = editor.post(url, data)
    assert_clear_answer(response, 200)
    assert response.context["errors"] or response.context["adminform"].form.non_field_errors()
    assert catalog_rows() == rows


NEW_NOTE = {"kind": "trivia", "title": "A note", "text": "A claim.", "order": 9, "spoiler_level": "none"}


@pytest.mark.parametrize(
    "row",
    [
        pytest.param({"kind": "\x00"}, id="kind-nul-byte"),
        pytest.param({"order": "99999999999999999999"}, id="order-huge"),
        pytest.param({"spoiler_level": "everything"}, id="spoiler-level-unknown"),
        pytest.param({"source_retrieved": "yesterday"}, id="retrieved-date-not-a-date"),
        pytest.param({"source_url": "https://example.com/" + "a" * 50_000}, id="source-url-of-50000-characters"),
        pytest.param({"text": ""}, id="text-missing"),
    ],
)
def test_malformed_inline_rows_are_form_errors_and_change_nothing(film_form, editor, row):
    url, data = film_form
    add_rows(data, "notes", {**NEW_NOTE, **row})
    rows = catalog_rows()

    response = editor.post(url, data)
    assert_clear_answer(response, 200)
    assert response.context["errors"]
    assert catalog_rows() == rows


@pytest.mark.parametrize(
    "selected",
    [
        pytest.param("abc", id="not-an-id"),
        pytest.param(
            "99999999999999999999",
            id="huge-id",
        ),
    ],
)
def test_a_bulk_action_on_a_malformed_selection_changes_nothing(catalog, editor, selected):
    rows = catalog_rows()
    response = editor.post(
        reverse("admin:catalog_film_changelist"), {"action": "unpublish", "_selected_action": [selected], "index": "0"}
    )
    assert response.status_code in (200, 302, 400)
    assert catalog_rows() == rows


# The admin's lists and forms read their query strings too.

ADMIN_REQUESTS = [
    pytest.param("/admin/catalog/film/?q=%E2%80%AE" + quote(SCRIPT), 200, id="film-search-with-script"),
    pytest.param("/admin/catalog/film/?o=password", 200, id="film-list-unknown-ordering"),
    pytest.param("/admin/catalog/film/?p=-1", 200, id="film-list-page-negative"),
    pytest.param("/admin/catalog/film/?password=x", 302, id="film-list-unknown-filter"),
    pytest.param("/admin/catalog/film/?genres__id__exact=abc", 302, id="film-list-genre-not-an-id"),
    pytest.param("/admin/catalog/film/?_to_field=password", 400, id="film-list-unknown-to-field"),
    pytest.param("/admin/catalog/film/abc/change/", 302, id="film-change-id-not-a-number"),
    pytest.param("/admin/catalog/film/99999999999999999999/change/", 302, id="film-change-id-huge"),
    pytest.param("/admin/catalog/nomination/?year=abc", 302, id="nomination-list-year-not-a-number"),
    pytest.param("/admin/catalog/person/?q=%00", 400, id="person-search-nul-byte"),
    pytest.param(
        "/admin/autocomplete/?term=x&app_label=catalog&model_name=film&field_name=password",
        403,
        id="autocomplete-unknown-field",
    ),
    pytest.param(
        "/admin/catalog/film/?q=" + "a" * 50_000,
        200,
        id="film-search-of-50000-characters",
    ),
    pytest.param(
        "/admin/catalog/film/?decade=%C2%B2",
        200,
        id="film-list-decade-superscript-digit",
    ),
    pytest.param(
        "/admin/catalog/film/?status__exact=%00",
        400,
        id="film-list-status-nul-byte",
    ),
    pytest.param(
        "/admin/autocomplete/?term=%00&app_label=catalog&model_name=film&field_name=genres",
        200,
        id="autocomplete-nul-byte",
    ),
    pytest.param(
        "/admin/catalog/film/add/?genres=abc",
        200,
        id="film-add-initial-genre-not-an-id",
    ),
]


@pytest.mark.parametrize(("url", "status"), ADMIN_REQUESTS)
def test_admin_pages_answer_bad_query_strings_without_a_server_error(catalog, editor, url, status):
    assert_clear_answer(editor.get(url), status)


# The sweep: hundreds of hostile requests to every public page and the admin's lists, forms, history and
# recovery pages, as a visitor and as an editor in the Editor group. Whatever each answers (200, a 4xx, a
# redirect), it is never a server error, never shows a traceback and never sends an injected script back.


class Hostile(NamedTuple):
    who: str  # "visitor" or "editor" (the Editor group's member)
    path: str  # as sent: the test client percent-decodes it once, as a WSGI server does
    headers: tuple = ()

    def label(self):
        extra = "".join(f" {name}: {value}" for name, value in self.headers)
        return f"{self.who} {self.path}{extra}"[:120]


# What a visitor or a scanner puts in a URL: tracking tags, injection probes, framework guesses, junk.
JUNK_QUERIES = [
    "utm_source=newsletter&utm_medium=email&utm_campaign=" + quote(SCRIPT),
    "utm=" + "x" * 5_000,
    "fbclid=" + quote(IMG),
    "gclid=%00%01%1b",
    "%00=%00",
    "=&&=&",
    "a[]=1&a[]=2&a[b]=3",
    "__proto__[x]=1&constructor=1",
    "q[$ne]=1&" + quote("' OR '1'='1") + "=1",
    "format=json&callback=" + quote(SCRIPT),
    "debug=1&DJANGO_SETTINGS_MODULE=x",
    "next=" + quote("//evil.example/"),
]

PUBLIC_SWEEP_PAGES = [
    "/",
    "/films/",
    FILM_URL,
    "/people/",
    "/people/penelope-cruz/",
    "/people/suggestions.json",
    "/genres/drama/",
    "/awards/",
    "/awards/venice-film-festival/",
    "/awards/venice-film-festival/2021/",
    "/search/",
    "/robots.txt",
    "/sitemap.xml",
    "/sitemap-films.xml",
    "/healthz",
]

# Values for every filter a public list reads: oversized, NUL and control characters, broken encodings, markup.
HOSTILE_VALUES = [
    "%00",
    "a%00b",
    "%01%02%03%1b%7f",
    "%0d%0aSet-Cookie:%20x=1",
    "%C0%AE%C0%AE",  # an overlong encoding of ".."
    "%ED%A0%80",  # a lone UTF-16 surrogate, not valid UTF-8
    "%FF%FE%FD",
    "%E2%80%AE" + quote(SCRIPT),
    quote(SCRIPT),
    quote(IMG),
    quote(JAVASCRIPT),
    "x" * 10_000,
    "-1",
    "1e308",
    "99999999999999999999999999999999",
    "NaN",
    "%25%25%5F%5C",
    "..%2F..%2Fetc%2Fpasswd",
]

PUBLIC_FILTERS = {
    "/films/": ["q", "year_min", "year_max", "decade", "genre", "country", "language", "person", "award", "ordering"],
    "/people/": ["q", "role", "page"],
    "/search/": ["q", "page"],
    "/people/suggestions.json": ["q"],
}


BAD_SLUGS = [
    "%00",
    "-",
    "a" * 2_000,
    "%E2%80%AE",
    "%F0%9F%8E%AC",
    quote(SCRIPT),
    "..",
    "%2e%2e",
    "99999999999999999999",
]

ODD_HEADERS = [
    ("Cookie", "sessionid=" + "x" * 4_000),
    ("Cookie", "csrftoken=%00; sessionid=%00"),
    ("Cookie", "sessionid=../../etc/passwd"),
    ("If-Modified-Since", "yesterday" + SCRIPT),
    ("If-None-Match", SCRIPT),
    ("Accept-Language", "xx-" + "x" * 500),
    ("Accept-Language", SCRIPT),
    ("Accept", "../../etc/passwd"),
    ("Referer", JAVASCRIPT),
    ("User-Agent", SCRIPT + "\x01"),
    ("X-Forwarded-For", "127.0.0.1, " + SCRIPT),
    ("X-Forwarded-Host", "evil.example"),
    ("Range", "bytes=999999999999-1"),
]

# The admin lists an editor opens, each asked with hostile filters, ordering, paging and lookups.
ADMIN_LISTS = [
    "film",
    "person",
    "credit",
    "genre",
    "country",
    "language",
    "awardbody",
    "awardcategory",
    "nomination",
    "filmnote",
    "quote",
    "recommendation",
]
ADMIN_LIST_QUERIES = [
    "q=" + quote(SCRIPT),
    "q=%00",
    "q=" + "%E2%80%AE" * 50,
    "o=999",
    "o=-abc.1",
    "p=abc",
    "p=99999999999999999999",
    "all=&p=-1",
    "_popup=1&_to_field=id",
    "_to_field=" + quote(SCRIPT),
    "e=1",
    "utm_source=" + quote(SCRIPT),
    "pk=abc",
    "pk__in=1,abc",
    "id__gt=99999999999999999999",
    "name__regex=(",
    "name__iregex=" + quote("^(a+)+$"),
    "slug__regex=%5C",
]
FILM_LIST_QUERIES = [
    "title__regex=(",
    "title__regex=[",
    "title__iregex=" + quote("(a|aa)+$"),
    "title__regex=" + quote(SCRIPT),
    "status__exact=" + quote(SCRIPT),
    "genres__id__exact=99999999999999999999",
    "year__gte=abc",
    "decade=" + quote(SCRIPT),
    "poster=%00",
    "awards=" + "x" * 3_000,
    "completeness=-1",
    "credits__person__name__regex=(",
]

# Pages of one film and one person in the admin, with ids good and bad; {film} and {person} become real ids.
ADMIN_OBJECT_PAGES = [
    "/admin/catalog/film/{film}/change/",
    "/admin/catalog/film/{film}/history/",
    "/admin/catalog/film/{film}/delete/",
    "/admin/catalog/film/{film}/history/1/",
    "/admin/catalog/film/{film}/history/99999999999999999999/",
    "/admin/catalog/film/{film}/history/abc/",
    "/admin/catalog/film/recover/",
    "/admin/catalog/film/recover/1/",
    "/admin/catalog/film/recover/99999999999999999999/",
    "/admin/catalog/film/recover/%00/",
    "/admin/catalog/film/recover/?q=" + quote(SCRIPT),
    "/admin/catalog/film/abc/history/",
    "/admin/catalog/film/99999999999999999999/history/",
    "/admin/catalog/film/-1/delete/",
    "/admin/catalog/film/" + quote(SCRIPT) + "/change/",
    "/admin/catalog/film/{film}/change/?_changelist_filters=" + quote("title__regex=("),
    "/admin/catalog/film/{film}/change/?_changelist_filters=" + quote(SCRIPT),
    "/admin/catalog/film/add/?title=" + quote(SCRIPT),
    "/admin/catalog/film/add/?year=99999999999999999999&genres=1,abc",
    "/admin/catalog/person/{person}/change/",
    "/admin/catalog/person/{person}/history/",
    "/admin/catalog/person/%00/change/",
    "/admin/catalog/person/99999999999999999999/history/",
    "/admin/catalog/person/add/?name=" + quote(IMG),
    "/admin/catalog/nomination/99999999999999999999/change/",
    "/admin/catalog/credit/abc/delete/",
    "/admin/catalog/",
    "/admin/catalog/nosuchmodel/",
    "/admin/auth/user/",
    "/admin/auth/user/1/password/",
    "/admin/axes/accessattempt/",
    "/admin/r/99999999999999999999/1/",
    "/admin/r/abc/abc/",
    "/admin/jsi18n/?language=" + quote(SCRIPT),
    "/admin/autocomplete/?term=" + quote(SCRIPT) + "&app_label=catalog&model_name=film&field_name=genres",
    "/admin/autocomplete/?term=x&app_label=%00&model_name=%00&field_name=%00",
    "/admin/autocomplete/?term=x&app_label=catalog&model_name=credit&field_name=person&page=99999999999999999999",
    "/admin/login/?next=" + quote(SCRIPT),
    "/admin/logout/?next=" + quote(JAVASCRIPT),
    "/admin/password_change/?" + quote(SCRIPT) + "=1",
]


def hostile_requests():
    """The sweep's catalogue, in groups that each run as one test: every entry a distinct request."""
    groups = {}
    for page in PUBLIC_SWEEP_PAGES:
        groups[f"junk-query-on-{page}"] = [Hostile("visitor", f"{page}?{query}") for query in JUNK_QUERIES]
    for page, names in PUBLIC_FILTERS.items():
        for name in names:
            groups[f"hostile-{name}-on-{page}"] = [
                Hostile("visitor", f"{page}?{name}={value}") for value in HOSTILE_VALUES
            ]
    groups["traversal"] = [Hostile("visitor", path) for path in TRAVERSALS]
    for prefix in ["/films/", "/people/", "/genres/", "/awards/", "/awards/venice-film-festival/"]:
        groups[f"bad-slug-under-{prefix}"] = [Hostile("visitor", f"{prefix}{slug}/") for slug in BAD_SLUGS]
    groups["odd-headers"] = [Hostile("visitor", FILM_URL, (header,)) for header in ODD_HEADERS]
    for model in ADMIN_LISTS:
        groups[f"admin-{model}-list"] = [
            Hostile("editor", f"/admin/catalog/{model}/?{query}") for query in ADMIN_LIST_QUERIES
        ]
    groups["admin-film-list-lookups"] = [
        Hostile("editor", f"/admin/catalog/film/?{query}") for query in FILM_LIST_QUERIES
    ]
    groups["admin-object-pages"] = [Hostile("editor", path) for path in ADMIN_OBJECT_PAGES]
    groups["admin-traversal"] = [Hostile("editor", path) for path in TRAVERSALS[:8]]
    return {name.replace("/", "_").strip("_"): requests for name, requests in groups.items()}


HOSTILE_GROUPS = hostile_requests()
HOSTILE_REQUESTS = [request for requests in HOSTILE_GROUPS.values() for request in requests]


def every_request_this_module_makes():
    """The sweep and the lists above, as (who, method, path, headers): what the module asks of the site."""
    requests = {(r.who, "GET", r.path, r.headers) for r in HOSTILE_REQUESTS}
    requests |= {("visitor", "GET", p.values[0], ()) for p in PUBLIC_REQUESTS}
    requests |= {("superuser", "GET", p.values[0], ()) for p in ADMIN_REQUESTS}
    return requests


def test_the_sweep_has_no_request_twice():
    assert len(set(HOSTILE_REQUESTS)) == len(HOSTILE_REQUESTS)


@pytest.mark.parametrize("count", [len(every_request_this_module_makes())], ids=lambda count: f"{count}-requests")
def test_the_module_makes_at_least_250_distinct_hostile_requests(count):
    assert count >= 250


def server_error_signs(response):
    """What a visitor must never see, as a list: empty when the answer is clean."""
    body = response.content.decode(errors="replace")
    signs = []
    if response.status_code >= 500:
        signs.append(f"status {response.status_code}")
    if "Traceback" in body:
        signs.append("a traceback")
    signs += [f"{payload} unescaped" for payload in (SCRIPT, IMG) if payload in body]
    if SCRIPT_URL_ATTRIBUTE.search(body):
        signs.append("a script URL in an attribute")
    return signs


@pytest.mark.parametrize("group", HOSTILE_GROUPS)
def test_hostile_requests_never_get_a_server_error_a_traceback_or_their_script_back(catalog, group):
    visitor = Client(raise_request_exception=False)
    editor = Client(raise_request_exception=False)
    editor.force_login(User.objects.get(username="hostile-editor"))
    ids = {"film": Film.objects.get(slug=FILM).pk, "person": Person.objects.get(slug="penelope-cruz").pk}
    failures = []
    for request in HOSTILE_GROUPS[group]:
        client = editor if request.who == "editor" else visitor
        response = client.get(request.path.format(**ids), headers=dict(request.headers))
        failures += [f"{request.label()}: {sign}" for sign in server_error_signs(response)]
    assert failures == []


@pytest.mark.parametrize("path", ["%00/history/", "%00/history/1/", "1%00/history/1/"])
def test_a_nul_byte_in_a_film_id_on_its_history_pages_is_not_a_server_error(catalog, editor_in_group, path):
    assert server_error_signs(editor_in_group.get(f"/admin/catalog/film/{path}")) == []
