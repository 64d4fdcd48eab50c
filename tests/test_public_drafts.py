"""Drafts stay out of everything public; staff preview them on their own pages only."""

import pytest

from catalog.models import Film, FilmStatus, Recommendation
from tests.factories import set_status

pytestmark = pytest.mark.django_db


def content(response):
    return response.content.decode()


@pytest.fixture
def volver_is_a_draft(catalog):
    set_status("volver", FilmStatus.DRAFT)
    Recommendation.objects.create(
        film=Film.objects.get(slug="parallel-mothers"), recommended=Film.objects.get(slug="volver"), order=99
    )


def test_draft_film_is_absent_from_related_film_blocks(volver_is_a_draft, client, admin_client):
    for who in (client, admin_client):
        page = content(who.get("/films/parallel-mothers/"))
        assert "/films/volver/" not in page
        assert "/films/julieta/" in page  # another of the director's films, published


def test_draft_film_is_absent_from_every_public_list(volver_is_a_draft, client, admin_client):
    pages = [
        "/",
        "/films/",
        "/films/?person=pedro-almodovar",
        "/genres/comedy/",
        "/people/penelope-cruz/",
        "/people/pedro-almodovar/",
        "/search/?q=volver",
        "/sitemap-films.xml",
        "/api/v1/films/?page_size=100",
        "/api/v1/films/parallel-mothers/",
        "/api/v1/people/pedro-almodovar/",
        "/api/v1/search/?q=volver",
    ]
    for who in (client, admin_client):
        for url in pages:
            response = who.get(url)
            assert response.status_code == 200, url
            assert "/films/volver/" not in content(response), url


def test_staff_preview_of_a_draft_film_is_not_indexed(volver_is_a_draft, client, admin_client):
    assert client.get("/films/volver/").status_code == 404
    page = content(admin_client.get("/films/volver/"))
    assert "Draft — not public" in page
    assert '<meta name="robots" content="noindex">' in page


def test_published_pages_are_indexable(catalog, client):
    for url in ["/", "/films/", "/films/volver/", "/people/penelope-cruz/", "/genres/comedy/", "/awards/"]:
        assert 'name="robots"' not in content(client.get(url)), url
