"""Pictures on the public pages: posters, backdrops, stills and photos from the library, each with its credit and
licence shown or a link away, drawn art where a film or person has none to show, and no query more for them."""

import html
import json
import re
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage

from catalog.models import Film, FilmStatus, Genre, Image, Person, Role, Still
from catalog.models.choices import Licence
from catalog.public.pictures import art_for
from tests.pages import count_queries, page_text
from tests.pictures import library_image

pytestmark = pytest.mark.django_db

MEDIA_URL = "/media/"


def images_without_files(count, prefix="still"):
    """Library rows whose files were never written: enough for counting queries, since a page reads no file."""
    return Image.objects.bulk_create(
        Image(
            title=f"{prefix} {n}",
            slug=f"{prefix}-{n}",
            alt_text=f"A {prefix} numbered {n}",
            licence=Licence.CC_BY_4,
            credit="Ana Fotógrafa",
            file=f"images/{prefix}-{n}.jpg",
            width=960,
            height=540,
            checksum=f"{prefix}-{n}".encode().hex().ljust(64, "0"),
        )
        for n in range(count)
    )


def stored(url):
    """Whether the file a page links to (``/media/...``) exists in storage."""
    path = urlsplit(url).path
    assert path.startswith(MEDIA_URL), url
    return default_storage.exists(path.removeprefix(MEDIA_URL))


def content(response):
    assert response.status_code == 200
    return response.content.decode()


def pictures_in(page):
    """Each ``<picture>`` element of the page, as its HTML."""
    return re.findall(r"<picture>.*?</picture>", page, re.S)


def img_attributes(picture):
    tag = re.search(r"<img [^>]*>", picture).group(0)
    attributes = {name: html.unescape(value) for name, value in re.findall(r'([a-z-]+)="([^"]*)"', tag)}
    return attributes | dict.fromkeys(re.findall(r" (loading|fetchpriority)=", tag), True)


def picture_of(page, image):
    """The ``<picture>`` that shows ``image`` (found by its alt text)."""
    found = [picture for picture in pictures_in(page) if f'alt="{html.escape(image.alt_text)}"' in picture]
    assert found, f"no <picture> of {image}"
    return found[0]


def json_ld(page):
    (data,) = [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)]
    return data


def og(page, name):
    match = re.search(rf'<meta property="og:{name}" content="([^"]*)">', page)
    return html.unescape(match.group(1)) if match else None


@pytest.fixture(autouse=True)
def uncached(settings):
    # Rows are changed past the signals that retire cached pages; every request here builds its page.
    settings.PAGE_CACHE = False


@pytest.fixture
def film(db, make):
    drama = Genre.objects.create(name="Drama", slug="drama")
    film = make.film("The Quiet Harbour", year=2019, slug="the-quiet-harbour")
    film.genres.add(drama)
    return film


@pytest.fixture
def pictured(film):
    """The film with a poster, a backdrop and three stills, the second captioned by its picture."""
    film.poster = library_image("harbour-poster", (600, 900), source_url="https://example.org/poster")
    film.backdrop = library_image("harbour-at-dusk", (1280, 720), credit="Bo Lens")
    film.save()
    colours = ["olive", "teal", "maroon"]
    for order, colour in enumerate(colours):
        image = library_image(f"still-{colour}", (960, 540), caption=f"The {colour} hour")
        Still.objects.create(film=film, image=image, order=order, caption="" if order == 1 else f"Scene {order}")
    return film


def test_the_film_page_shows_its_poster_as_a_picture_of_modern_formats_with_a_jpeg_fallback(pictured, client):
    page = content(client.get(pictured.get_absolute_url()))
    picture = picture_of(page, pictured.poster)
    assert 'type="image/avif"' in picture and 'type="image/webp"' in picture
    img = img_attributes(picture)
    assert img["src"].endswith(".jpg") and stored(img["src"])
    assert int(img["width"]) > 0 and int(img["height"]) == int(img["width"]) * 3 // 2
    assert img["decoding"] == "async"
    assert "loading" not in img, "the poster is in the first screenful: it must not wait to be scrolled to"
    for candidate in img["srcset"].split(", "):
        url, width = candidate.split(" ")
        assert width.endswith("w") and stored(url)
    for srcset in re.findall(r'<source type="[^"]+" srcset="([^"]+)"', picture):
        assert all(stored(candidate.split(" ")[0]) for candidate in srcset.split(", "))


def test_the_poster_and_backdrop_show_their_credit_licence_and_source(pictured, client):
    page = content(client.get(pictured.get_absolute_url()))
    text = page_text(client.get(pictured.get_absolute_url()))
    assert "Poster: Ana Fotógrafa · CC BY 4.0 · source" in text
    assert "Backdrop: Bo Lens · CC BY 4.0" in text
    assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>' in page
    assert '<a href="https://example.org/poster">source' in page


def test_the_backdrop_is_drawn_first_and_fetched_first(pictured, client):
    page = content(client.get(pictured.get_absolute_url()))
    backdrop = picture_of(page, pictured.backdrop)
    assert page.index(backdrop) < page.index("<h1")
    img = img_attributes(backdrop)
    assert img.get("fetchpriority") and "loading" not in img
    assert (int(img["width"]) * 9) // 16 == int(img["height"])


def test_the_gallery_shows_the_stills_in_order_with_captions_credits_and_a_full_size_link(pictured, client):
    page = content(client.get(pictured.get_absolute_url()))
    gallery = re.search(r'<section class="film-section film-section--stills" id="stills">.*?</section>', page, re.S)
    assert gallery, "no stills section"
    figures = re.findall(r"<figure class=\"still\".*?</figure>", gallery.group(0), re.S)
    stills = list(pictured.stills.select_related("image").order_by("order"))
    assert len(figures) == len(stills) == 3
    for figure, still in zip(figures, stills, strict=True):
        assert html.escape(still.image.alt_text) in figure
        assert html.escape(still.shown_caption) in figure
        assert "Still: Ana Fotógrafa" in figure
        link = re.search(r'<a class="still__link" href="([^"]+)"', figure).group(1)
        assert link.endswith(".jpg") and stored(link)
        assert img_attributes(figure)["loading"]
    assert "The teal hour" in gallery.group(0)  # the picture's caption, where the still has none of its own
    assert '<a href="#stills">Stills</a>' in page


def test_a_picture_without_its_licence_or_credit_is_not_shown(film, client):
    unlicensed = library_image("unlicensed-poster", licence=Licence.NOT_STATED)
    uncredited = library_image("uncredited-still", (960, 540), credit="")
    # Past the film's checks, as a row written some other way could be.
    Film.objects.filter(pk=film.pk).update(poster=unlicensed)
    Still.objects.create(film=film, image=uncredited)
    page = content(client.get(film.get_absolute_url()))
    assert "<picture>" not in page
    assert 'id="stills"' not in page
    assert unlicensed.alt_text not in page and uncredited.alt_text not in page
    assert f'class="poster poster--large {art_for(film.slug).css_class}"' in page


def test_the_drawn_poster_carries_the_title_as_text_and_differs_from_film_to_film(db, client, make):
    first, second = make.film("Night Train", year=1999), make.film("A Long Summer", year=2004)
    assert art_for(first.slug) != art_for(second.slug)
    page = content(client.get("/films/"))
    for film in (first, second):
        art = f'<div class="poster poster--small {art_for(film.slug).css_class}" aria-hidden="true">'
        art += f'<span class="art__title">{film.title}</span><span class="art__year">{film.year}</span></div>'
        assert art in page, film


def test_drawn_art_spreads_over_every_colour_and_motif():
    arts = {art_for(f"film-{n}") for n in range(400)}
    assert {art.tone for art in arts} == set(range(1, 9))
    assert {art.motif for art in arts} == {1, 2, 3}


@pytest.mark.parametrize("url", ["/", "/films/", "/search/?q=harbour", "/genres/drama/"])
def test_cards_show_posters_without_their_credit_and_link_to_the_page_that_has_it(pictured, client, url):
    page = content(client.get(url))
    picture = picture_of(page, pictured.poster)
    img = img_attributes(picture)
    assert "-card-" in img["src"] and stored(img["src"])
    assert img["decoding"] == "async" and img["width"] and img["height"]
    assert "Ana Fotógrafa" not in page
    assert f'href="{pictured.get_absolute_url()}"' in page


def test_a_list_loads_the_posters_of_its_first_screenful_at_once_and_the_rest_when_scrolled_to(db, client, make):
    for n, poster in enumerate(images_without_files(8, prefix="poster")):
        make.film(f"Film {n:02}", poster=poster)
    posters = [img_attributes(picture) for picture in pictures_in(content(client.get("/films/")))]
    assert [bool(poster.get("loading")) for poster in posters] == [False] * 6 + [True] * 2


def test_the_directors_other_films_and_recommendations_show_their_posters(pictured, client, make):
    film = make.film("Harbour Lights")
    film.recommendations.create(recommended=pictured, reason="The same sea.")
    page = content(client.get(film.get_absolute_url()))
    assert "-card-" in img_attributes(picture_of(page, pictured.poster))["src"]


def test_person_pages_cards_and_cast_lists_show_headshots(film, client, make):
    photo = library_image("ana-smiling", (800, 1000), credit="Carla Retrato")
    actor = make.person("Ana Actriz", slug="ana-actriz", photo=photo)
    make.credit(film, actor, Role.ACTOR)
    without = make.person("Bea Sin Foto", slug="bea-sin-foto")
    make.credit(film, without, Role.ACTOR)

    person_page = content(client.get(actor.get_absolute_url()))
    img = img_attributes(picture_of(person_page, photo))
    assert "-headshot-" in img["src"] and img["width"] == img["height"]
    assert "Photo: Carla Retrato · CC BY 4.0" in page_text(client.get(actor.get_absolute_url()))

    for url in (film.get_absolute_url(), "/people/", "/search/?q=ana"):
        page = content(client.get(url))
        assert "-headshot-" in img_attributes(picture_of(page, photo))["src"], url
    cast = content(client.get(film.get_absolute_url()))
    assert f'<span class="cast__photo {art_for(without.slug).css_class}" aria-hidden="true">BF</span>' in cast


def test_json_ld_and_link_previews_point_to_existing_renditions(pictured, client, make):
    page = content(client.get(pictured.get_absolute_url()))
    movie = json_ld(page)
    assert movie["image"].startswith("http://testserver/media/") and "-poster-" in movie["image"]
    assert stored(movie["image"])
    preview = og(page, "image")
    assert "-og-" in preview and preview.endswith(".jpg") and stored(preview)
    assert (og(page, "image:width"), og(page, "image:height")) == ("1200", "630")
    assert og(page, "image:alt") == pictured.backdrop.alt_text  # the wide picture suits the wide preview

    photo = library_image("bo-portrait", (900, 900))
    person = make.person("Bo Retratado", photo=photo)
    make.credit(pictured, person, Role.DIRECTOR)
    page = content(client.get(person.get_absolute_url()))
    assert stored(json_ld(page)["image"]) and "-headshot-" in json_ld(page)["image"]
    assert stored(og(page, "image")) and og(page, "image:alt") == photo.alt_text


def test_a_page_without_a_picture_offers_none_to_link_previews(film, client):
    page = content(client.get(film.get_absolute_url()))
    assert og(page, "image") is None and "image" not in json_ld(page)


def test_every_img_reserves_its_shape(pictured, client, make):
    make.credit(pictured, make.person(photo=library_image("someone", (500, 500))), Role.ACTOR)
    for url in (pictured.get_absolute_url(), "/", "/films/", "/people/"):
        for tag in re.findall(r"<img [^>]*>", content(client.get(url))):
            assert re.search(r' width="\d+"', tag) and re.search(r' height="\d+"', tag), (url, tag)
            assert 'decoding="async"' in tag, (url, tag)


def test_the_film_page_runs_as_many_queries_with_forty_stills_and_pictures_everywhere_as_with_none(film, client, make):
    cast = [make.person() for _ in range(3)]
    for person in cast:
        make.credit(film, person, Role.ACTOR)
    beside = make.film("Beside")
    beside.recommended_by.create(film=film)
    count_queries(client, film.get_absolute_url())
    before = count_queries(client, film.get_absolute_url())

    poster, backdrop, photo, *stills = images_without_files(43)
    Film.objects.filter(pk__in=[film.pk, beside.pk]).update(poster=poster, backdrop=backdrop)
    Person.objects.filter(pk__in=[person.pk for person in cast]).update(photo=photo)
    Still.objects.bulk_create(Still(film=film, image=image, order=n) for n, image in enumerate(stills))
    page = content(client.get(film.get_absolute_url()))
    assert page.count('<figure class="still"') == 40
    assert len(pictures_in(page)) == 2 + 3 + 1 + 40  # backdrop, poster, cast, the recommended card, stills

    assert count_queries(client, film.get_absolute_url()) == before == 9


@pytest.mark.parametrize("url", ["/", "/films/", "/search/?q=film", "/genres/drama/", "/people/"])
def test_list_pages_run_as_many_queries_with_pictures_as_without(film, client, make, url):
    drama = Genre.objects.get(slug="drama")
    for n in range(12):
        each = make.film(f"Film {n}")
        each.genres.add(drama)
        make.credit(each, make.person(f"Person {n}"), Role.DIRECTOR)
    count_queries(client, url)  # what a process looks up once (the list's stored count) is looked up
    before = count_queries(client, url)

    films, people = Film.objects.order_by("pk"), Person.objects.order_by("pk")
    for each, poster in zip(films, images_without_files(films.count(), prefix="poster"), strict=True):
        Film.objects.filter(pk=each.pk).update(poster=poster)
    for each, photo in zip(people, images_without_files(people.count(), prefix="photo"), strict=True):
        Person.objects.filter(pk=each.pk).update(photo=photo)
    assert "<picture>" in content(client.get(url)), url
    assert count_queries(client, url) == before


def test_a_draft_preview_shows_pictures_as_the_published_page_will(pictured, admin_client):
    Film.objects.filter(pk=pictured.pk).update(status=FilmStatus.DRAFT)
    page = content(admin_client.get(pictured.get_absolute_url()))
    assert len(pictures_in(page)) == 5  # backdrop, poster and three stills


def test_a_decorative_picture_has_an_empty_alt_and_its_full_size_link_a_name_all_the_same(film, client):
    image = library_image("texture", (960, 540), alt_text="", decorative=True)
    Still.objects.create(film=film, image=image)
    page = content(client.get(film.get_absolute_url()))
    (still,) = re.findall(r'<figure class="still".*?</figure>', page, re.S)
    assert img_attributes(still)["alt"] == ""
    assert '<span class="visually-hidden">Still 1 (full size)</span></a>' in still
