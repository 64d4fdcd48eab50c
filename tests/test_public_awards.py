"""Award bodies, their pages and their ceremonies: winners and nominees linking to films and people."""

import html
import re

import pytest
from django.db import IntegrityError, transaction

from catalog.models import AwardBody, AwardCategory, Film, FilmStatus, Nomination, Outcome, Role
from tests.factories import set_status
from tests.pages import count_queries

pytestmark = pytest.mark.django_db

CEREMONY = "/awards/venice-film-festival/2021/"


def content(response):
    return html.unescape(response.content.decode())


def test_award_list_shows_every_body_with_links_to_its_ceremonies(catalog, client):
    response = client.get("/awards/")
    assert response.status_code == 200
    page = content(response)
    for body in AwardBody.objects.all():
        assert f'href="{body.get_absolute_url()}">{body.name}</a>' in page
    assert f'href="{CEREMONY}">2021</a>' in page
    assert 'href="/awards/academy-awards/2022/">2022</a>' in page


def test_award_body_page_lists_editions_linking_to_ceremonies(catalog, client):
    page = content(client.get("/awards/academy-awards/"))
    assert 'href="/awards/academy-awards/2022/">2022</a>' in page
    assert "Best Actress" in page and "Best Original Score" in page
    assert 'href="/people/penelope-cruz/">Penélope Cruz</a>' in page


def test_ceremony_page_shows_categories_nominees_and_winners(catalog, client):
    response = client.get(CEREMONY)
    assert response.status_code == 200
    page = content(response)
    assert "<h1>Venice Film Festival 2021</h1>" in page
    assert "<h2>Volpi Cup for Best Actress</h2>" in page
    assert 'href="/films/parallel-mothers/">Parallel Mothers</a>' in page
    assert 'href="/people/penelope-cruz/">Penélope Cruz</a>' in page
    assert "badge--won" in page
    assert 'href="/awards/venice-film-festival/"' in page


def test_ceremony_lists_winners_before_nominees_within_a_category(catalog, client, make):
    category = Nomination.objects.get(
        film__slug="parallel-mothers", category__body__slug="venice-film-festival"
    ).category
    rival = make.film("The Rival", slug="the-rival")
    make.nomination(rival, category, year=2021, outcome=Outcome.NOMINATED)
    page = content(client.get(CEREMONY))
    assert page.index("Parallel Mothers</a>") < page.index("The Rival</a>")


def test_ceremony_links_to_neighbouring_editions(catalog, client, make):
    category = Nomination.objects.get(
        film__slug="parallel-mothers", category__body__slug="venice-film-festival"
    ).category
    make.nomination(make.film(slug="older"), category, year=2019)
    page = content(client.get(CEREMONY))
    assert 'rel="prev" href="/awards/venice-film-festival/2019/"' in page


@pytest.mark.parametrize(
    "url",
    ["/awards/venice-film-festival/1999/", "/awards/venice-film-festival/2022/", "/awards/no-such-body/2021/"],
)
def test_unknown_ceremony_is_404(catalog, client, url):
    assert client.get(url).status_code == 404


def test_ceremony_of_only_draft_films_is_404_and_left_out_of_the_lists(catalog, client, admin_client):
    set_status("parallel-mothers", FilmStatus.DRAFT)
    for who in (client, admin_client):
        assert who.get(CEREMONY).status_code == 404
        assert CEREMONY not in content(who.get("/awards/"))
        body_page = content(who.get("/awards/venice-film-festival/"))
        assert "Parallel Mothers" not in body_page and "No nominations recorded yet." in body_page


def test_award_list_query_count_does_not_grow(db, client, make):
    def add(count):
        for n in range(count):
            category = make.category()
            for year in (2001, 2002):
                make.nomination(make.film(), category, year=year + n)

    add(2)
    before = count_queries(client, "/awards/")
    add(15)
    assert count_queries(client, "/awards/") == before
    assert before <= 2


def test_award_body_and_ceremony_query_counts_do_not_grow(db, client, make):
    category = make.category()
    body = category.body
    other = make.category(body=body)

    def add(count):
        for _ in range(count):
            film = make.film()
            person = make.person()
            make.credit(film, person, Role.ACTOR)
            make.nomination(film, category, year=2020, person=person, outcome=Outcome.WON)
            make.nomination(film, other, year=2020)
            make.nomination(film, other, year=2019)

    add(2)
    pages = [body.get_absolute_url(), f"/awards/{body.slug}/2020/"]
    before = [count_queries(client, url) for url in pages]
    add(15)
    assert [count_queries(client, url) for url in pages] == before
    assert max(before) <= 3, before


def test_nomination_rows_share_one_include(catalog, client):
    """The body page and the ceremony page render nominees with the same markup."""
    body_page = client.get("/awards/venice-film-festival/").content.decode()
    ceremony_page = client.get(CEREMONY).content.decode()
    row = re.search(r'<li class="nomination[^"]*">.*?</li>', ceremony_page, re.S).group(0)
    assert row in body_page


def test_each_nomination_year_on_film_and_person_pages_leads_to_its_ceremony(catalog, client):
    venice_2021 = 'href="/awards/venice-film-festival/2021/"'
    oscars_2022 = 'href="/awards/academy-awards/2022/"'
    for page in ("/films/parallel-mothers/", "/people/penelope-cruz/"):
        text = content(client.get(page))
        assert f'<a {venice_2021} aria-label="Venice Film Festival 2021">2021</a>' in text, page
        assert f"<a {oscars_2022}" in text, page
        assert client.get("/awards/academy-awards/2022/").status_code == 200


def test_a_ceremony_with_one_recorded_nomination_says_so_plainly(catalog, client, make):
    category = make.category("Best Debut")
    make.nomination(film=Film.objects.get(slug="volver"), category=category, year=2007)
    page = content(client.get(f"/awards/{category.body.slug}/2007/"))
    assert "Only this nomination of the" in page and "is recorded in the catalog so far" in page

    make.nomination(film=Film.objects.get(slug="julieta"), category=category, year=2007)
    page = content(client.get(f"/awards/{category.body.slug}/2007/"))
    assert "Only this nomination" not in page
    assert "The 2 nominations recorded in the catalog" in page


def test_a_nomination_without_a_recorded_category_says_so_and_invents_none(catalog, client):
    film_page = content(client.get("/films/parallel-mothers/"))
    goyas = film_page[film_page.index('href="/awards/goya-awards/">Goya Awards</a>') :]
    goyas = goyas[: goyas.index("</ul>")]
    assert '<span class="nomination__category">Category not recorded</span>' in goyas
    assert "badge--nominated" in goyas

    ceremony = content(client.get("/awards/european-film-awards/2021/"))
    assert "<h2>Category not recorded</h2>" in ceremony
    assert "Only this nomination of the European Film Awards 2021 is recorded" in ceremony

    api = client.get("/api/v1/films/parallel-mothers/").json()
    goya = next(n for n in api["nominations"] if n["award_body"]["slug"] == "goya-awards")
    assert goya["category"] is None and "year is assumed" in goya["note"]


def test_an_award_body_has_one_category_not_recorded_at_most(catalog):
    goyas = AwardBody.objects.get(slug="goya-awards")
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardCategory.objects.create(body=goyas, name="Unknown", slug="unknown", recorded=False)
