"""The declared film page sections are what the page shows, what completeness checks and where search links."""

import html
import re

import pytest

from catalog.admin import completeness
from catalog.models import Film, FilmNote, NoteKind, Quote
from catalog.models.sections import CHECKS, FILM_SECTIONS

pytestmark = pytest.mark.django_db

DECLARED = [section.slug for section in FILM_SECTIONS]


def shown_sections(client, film):
    response = client.get(film.get_absolute_url(), {"spoilers": "all"})
    assert response.status_code == 200
    return re.findall(r'<section class="film-section[^"]*" id="([^"]+)"', response.content.decode()), response


def test_parallel_mothers_shows_its_sections_in_the_declared_order(catalog, client):
    film = Film.objects.get(slug="parallel-mothers")
    shown, _ = shown_sections(client, film)
    assert shown == [slug for slug in DECLARED if slug in shown]
    # The article the catalog was modelled on fills all but the directors' other films, and the fixtures ship no
    # pictures (none of the film's stills may be copied without a licence).
    assert set(DECLARED) - set(shown) <= {"more-by-the-director", "stills"}


def test_what_completeness_finds_filled_the_page_shows(catalog, client):
    film = completeness.with_completeness(Film.objects.filter(slug="parallel-mothers")).get()
    shown, _ = shown_sections(client, film)
    for section in FILM_SECTIONS:
        if section.checks and all(getattr(film, check.field) for check in section.checks):
            assert section.slug in shown, section.slug


def test_a_bare_film_shows_no_section_and_misses_every_check(db, client, make):
    bare = make.film("Bare")
    shown, _ = shown_sections(client, bare)
    assert shown == []
    annotated = completeness.with_completeness(Film.objects.filter(pk=bare.pk)).get()
    assert completeness.missing_sections(annotated) == [check.label for check in CHECKS]


@pytest.mark.parametrize("kind", list(NoteKind))
def test_search_links_every_kind_of_note_to_the_section_that_shows_it(catalog, client, kind):
    film = Film.objects.get(slug="parallel-mothers")
    FilmNote.objects.create(film=film, kind=kind, title=f"Zanzibar {kind.label}", text="A findable note.")
    results = client.get("/search/", {"q": f"Zanzibar {kind.label}"}).content.decode()
    link = re.search(r'href="([^"]+)">Zanzibar', results).group(1)
    assert link.startswith(film.get_absolute_url())
    anchor = html.unescape(link).partition("#")[2]
    _, page = shown_sections(client, film)
    section = re.search(rf'<section[^>]* id="{anchor}">.*?</section>', page.content.decode(), re.S).group(0)
    assert f"Zanzibar {kind.label}" in section


def test_search_links_a_quote_to_the_quotes_section(catalog, client):
    quote = Quote.objects.filter(film__slug="parallel-mothers").first()
    results = client.get("/search/", {"q": quote.text[:40]}).content.decode()
    anchor = re.search(r'href="/films/parallel-mothers/#([^"]+)"', results).group(1)
    _, page = shown_sections(client, quote.film)
    section = re.search(rf'<section[^>]* id="{anchor}">.*?</section>', page.content.decode(), re.S).group(0)
    assert html.escape(quote.text[:40]) in section or quote.text[:40] in html.unescape(section)
