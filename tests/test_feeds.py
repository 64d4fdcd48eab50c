"""The Atom feeds: valid Atom that feed readers parse, with what is new in the catalog, drafts never among it."""

import re
import xml.etree.ElementTree as ET
from datetime import datetime

import feedparser
import pytest

from catalog.models import Film, FilmStatus, Genre, Role
from tests import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["/films/new.atom", "/films/updated.atom", "/genres/drama/films.atom", "/people/penelope-cruz/films.atom"]
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def atom_problems(xml, url):
    """What breaks the rules of RFC 4287 that feed validators check, as a list of messages (empty when valid)."""
    problems = []
    feed = ET.fromstring(xml)
    if feed.tag != f"{ATOM}feed":
        return [f"the root is {feed.tag}, not an Atom feed"]

    def one(element, name, where):
        found = element.findall(f"{ATOM}{name}")
        if len(found) != 1:
            problems.append(f"{where} has {len(found)} <{name}> elements, not one")
        return found[0] if found else None

    def check_date(element, where):
        if element is not None and not RFC3339.match(element.text or ""):
            problems.append(f"{where}'s date {element.text!r} is not RFC 3339")

    def check_links(element, where):
        alternates = [link for link in element.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        if len(alternates) > 1:
            problems.append(f"{where} has {len(alternates)} alternate links")
        for link in element.findall(f"{ATOM}link"):
            if not link.get("href", "").startswith("http"):
                problems.append(f"{where} links to {link.get('href')!r}, not an absolute address")

    feed_id = one(feed, "id", "the feed")
    one(feed, "title", "the feed")
    check_date(one(feed, "updated", "the feed"), "the feed")
    check_links(feed, "the feed")
    selves = [link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if selves != [f"http://testserver{url}"]:
        problems.append(f"the feed's self link is {selves}, not its own address")
    if feed_id is not None and not (feed_id.text or "").startswith("http"):
        problems.append(f"the feed's id {feed_id.text!r} is not an IRI")
    feed_has_author = feed.find(f"{ATOM}author/{ATOM}name") is not None

    ids = []
    for number, entry in enumerate(feed.findall(f"{ATOM}entry"), start=1):
        where = f"entry {number}"
        entry_id = one(entry, "id", where)
        ids.append(entry_id.text if entry_id is not None else None)
        one(entry, "title", where)
        check_date(one(entry, "updated", where), where)
        check_date(entry.find(f"{ATOM}published"), where)
        check_links(entry, where)
        if entry.find(f"{ATOM}content") is None and entry.find(f"{ATOM}summary") is None:
            problems.append(f"{where} has neither content nor summary")
        if not feed_has_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"{where} has no author and the feed has none")
        for category in entry.findall(f"{ATOM}category"):
            if not category.get("term"):
                problems.append(f"{where} has a category without a term")
    if len(ids) != len(set(ids)):
        problems.append("two entries share an id")
    return problems


@pytest.mark.parametrize("url", FEEDS)
def test_every_feed_is_valid_atom_that_feed_readers_parse(catalog, client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")

    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.entries
    assert atom_problems(response.content, url) == []


def test_an_entry_has_a_summary_its_director_as_author_its_genres_and_dates(catalog, client):
    parsed = feedparser.parse(client.get("/people/penelope-cruz/films.atom").content)
    entry = next(entry for entry in parsed.entries if entry.link == "http://testserver/films/parallel-mothers/")
    film = Film.objects.get(slug="parallel-mothers")

    assert entry.title == "Parallel Mothers (2021)"
    assert entry.summary == film.logline
    assert entry.author == "Pedro Almodóvar"
    assert {tag.term for tag in entry.tags} == set(film.genres.values_list("name", flat=True))
    assert datetime.fromisoformat(entry.updated) == film.updated_at


def test_a_newly_published_film_leads_the_new_films_and_an_edit_leads_the_updated_ones(catalog, client):
    newcomer = factories.film("The Newcomer", status=FilmStatus.DRAFT, year=2026, slug="the-newcomer")
    assert "the-newcomer" not in client.get("/films/new.atom").content.decode()

    newcomer.status = FilmStatus.PUBLISHED
    newcomer.save()
    new = feedparser.parse(client.get("/films/new.atom").content)
    assert new.entries[0].link == "http://testserver/films/the-newcomer/"
    assert new.entries[0].published

    volver = Film.objects.get(slug="volver")
    volver.logline = "Raimunda's mother comes back."
    volver.save()
    updated = feedparser.parse(client.get("/films/updated.atom").content)
    assert updated.entries[0].link == "http://testserver/films/volver/"
    assert updated.entries[0].summary == "Raimunda's mother comes back."


def test_drafts_never_appear_in_a_feed(catalog, client):
    factories.set_status("volver", FilmStatus.DRAFT)
    for url in FEEDS:
        assert "/films/volver/" not in client.get(url).content.decode(), url


def test_a_genre_or_person_feed_holds_their_films_only(catalog, client):
    drama = feedparser.parse(client.get("/genres/drama/films.atom").content)
    links = {entry.link.removeprefix("http://testserver") for entry in drama.entries}
    in_drama = Genre.objects.get(slug="drama").films.filter(status=FilmStatus.PUBLISHED)
    assert links == {film.get_absolute_url() for film in in_drama}

    director = factories.person("Una Directora")
    factories.credit(factories.film("Her Film", year=2024), director, role=Role.DIRECTOR)
    factories.credit(factories.film("Her Draft", status=FilmStatus.DRAFT), director, role=Role.DIRECTOR)
    hers = feedparser.parse(client.get(f"/people/{director.slug}/films.atom").content)
    assert [entry.title for entry in hers.entries] == ["Her Film (2024)"]
    assert hers.entries[0].author == "Una Directora"


def test_a_feed_of_nothing_public_is_not_found(catalog, client):
    assert client.get("/genres/no-such-genre/films.atom").status_code == 404
    only_draft = factories.person("Draft Only")
    factories.credit(factories.film("Unseen", status=FilmStatus.DRAFT), only_draft)
    assert client.get(f"/people/{only_draft.slug}/films.atom").status_code == 404


def alternates(html):
    return re.findall(r'<link rel="alternate" type="application/atom\+xml" title="([^"]+)" href="([^"]+)">', html)


def test_pages_offer_their_feeds_to_feed_readers(catalog, client):
    expected = {
        "/": ["/films/new.atom"],
        "/films/": ["/films/new.atom", "/films/updated.atom"],
        "/genres/drama/": ["/films/new.atom", "/genres/drama/films.atom"],
        "/people/penelope-cruz/": ["/films/new.atom", "/people/penelope-cruz/films.atom"],
        "/films/parallel-mothers/": ["/films/new.atom"],
    }
    for page, feeds in expected.items():
        found = alternates(client.get(page).content.decode())
        assert [href for _, href in found] == feeds, page
        assert all(title for title, _ in found), page
        for href in feeds:
            assert client.get(href).status_code == 200, href
