"""The film page shows every section of the seed article, hides spoilers, and keeps drafts private."""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.caching import bump_generation
from catalog.models import (
    Film,
    FilmNote,
    FilmStatus,
    Image,
    NoteKind,
    Person,
    PlotPart,
    PlotSection,
    Quote,
    Recommendation,
    Role,
    SpoilerLevel,
    Still,
)
from catalog.models.choices import Licence
from catalog.public.film_rows import films_beside
from tests.factories import set_status
from tests.pages import page_text

pytestmark = pytest.mark.django_db

PAGE = "/films/parallel-mothers/"


@pytest.fixture
def full_page(catalog, client):
    response = client.get(PAGE, {"spoilers": "all"})
    assert response.status_code == 200
    return page_text(response)


def test_film_page_shows_title_facts_and_cast(full_page):
    for fact in [
        "Parallel Mothers",
        "Madres paralelas",
        "2021",
        "Drama",
        "Melodrama",
        "Spain",
        "Spanish",
        "Pedro Almodóvar",
        "Alberto Iglesias",
    ]:
        assert fact in full_page, fact
    for actor, character in [
        ("Penélope Cruz", "Janis Martínez Moreno"),
        ("Milena Smit", "Ana Manso"),
        ("Israel Elejalde", "Arturo Buendía"),
        ("Aitana Sánchez-Gijón", "Teresa"),
        ("Julieta Serrano", "Brígida"),
        ("Rossy de Palma", "Elena"),
    ]:
        assert actor in full_page and character in full_page, actor
    assert "Ana’s mother" in full_page


def test_film_page_shows_every_stored_text_of_the_film(catalog, full_page):
    film = Film.objects.get(slug="parallel-mothers")
    for text in [film.logline, film.overview, film.movie_type, film.post_credits_note, film.score_note]:
        assert " ".join(text.split()) in full_page
    assert " ".join(film.why_watch.split()) in full_page
    assert " ".join(film.awards_note.split()) in full_page
    for section in film.plot_sections.all():
        assert section.heading in full_page
        assert " ".join(section.body.split()) in full_page
    for note in film.notes.all():
        assert " ".join(note.text.split()) in full_page, note
    for scene in film.key_scenes.all():
        assert scene.title in full_page and " ".join(scene.description.split()) in full_page
    for location in film.locations.all():
        assert location.place in full_page
    assert "Janis’s home village" in full_page


def test_film_page_names_each_section_of_the_article(full_page):
    for heading in [
        "Summary",
        "Ending",
        "Post-credits scenes",
        "Type of movie",
        "Cast",
        "Music",
        "Filming locations",
        "Awards and nominations",
        "Behind the scenes",
        "Inspirations and references",
        "Alternate endings and deleted scenes",
        "Book adaptations",
        "Key scenes",
        "Iconic quotes",
        "Easter eggs",
        "Trivia",
        "Why watch",
        "Recommended films",
        "Sources",
    ]:
        assert heading in full_page, heading


def test_film_page_shows_quotes_with_their_characters(catalog, full_page):
    for quote in Quote.objects.select_related("speaker__person"):
        assert quote.text in full_page
        assert quote.speaker.character_name in full_page


def test_film_page_marks_won_and_nominated(full_page):
    assert "Volpi Cup for Best Actress" in full_page
    assert "Best Original Score" in full_page
    assert "Won" in full_page and "Nominated" in full_page
    for body in ["Academy Awards", "BAFTA", "Venice Film Festival"]:
        assert body in full_page


def test_film_page_lists_the_directors_other_films_and_recommendations(full_page):
    for title in ["All About My Mother", "Talk to Her", "Volver", "The Skin I Live In", "Pain and Glory", "Julieta"]:
        assert title in full_page
    for title in ["Roma", "Pieces of a Woman", "The Lost Daughter", "Amour"]:
        assert title in full_page


def test_the_directors_films_and_the_recommendations_come_from_one_query_in_page_order(catalog, make):
    film = Film.objects.get(slug="parallel-mothers")
    volver = Film.objects.get(slug="volver")
    # By the same director and recommended too: it belongs in both lists.
    Recommendation.objects.create(film=film, recommended=volver, order=0, reason="Another mother, another village.")
    draft = make.film("Unfinished", status=FilmStatus.DRAFT)
    Recommendation.objects.create(film=film, recommended=draft, order=0, reason="Not yet published.")
    recommendations = Recommendation.objects.filter(film=film, recommended__status=FilmStatus.PUBLISHED)
    expected_recommended = [
        (r.recommended.title, r.reason) for r in recommendations.select_related("recommended").order_by("order", "pk")
    ]
    expected_directed = list(Film.objects.published().by_same_directors(film).values_list("title", flat=True))

    with CaptureQueriesContext(connection) as queries:
        directed, recommended = films_beside(film)

    assert len(queries) == 1
    assert [f.title for f in directed] == expected_directed
    assert "Volver" in expected_directed
    assert [(f.title, f.card_note) for f in recommended] == expected_recommended
    assert recommended[0].title == "Volver"
    assert "Unfinished" not in [f.title for f in recommended]
    assert all(f.card_note == "" for f in directed)


def test_a_film_without_a_director_still_lists_its_recommendations(db, make):
    film = make.film("Untitled Short")
    Recommendation.objects.create(film=film, recommended=make.film("Liked"), reason="Same mood.")
    film = Film.objects.get(pk=film.pk)

    with CaptureQueriesContext(connection) as queries:
        directed, recommended = films_beside(film)

    assert len(queries) == 1
    assert directed == []
    assert [(f.title, f.card_note) for f in recommended] == [("Liked", "Same mood.")]


def test_major_spoilers_are_behind_a_labelled_reveal_by_default(catalog, client):
    content = client.get(PAGE).content.decode()
    ending = PlotSection.objects.get(film__slug="parallel-mothers", part=PlotPart.ENDING)
    first_words = html.escape(" ".join(ending.body.split()[:6]), quote=False)
    details = re.findall(r"<details(?![^>]*\bopen\b)[^>]*>.*?</details>", content, re.S)
    assert any("Reveals the ending" in block and first_words in " ".join(block.split()) for block in details)
    assert '<details class="spoiler" open' not in content


def test_reveal_all_opens_every_spoiler(catalog, client):
    content = client.get(PAGE, {"spoilers": "all"}).content.decode()
    blocks = re.findall(r"<details[^>]*>", content)
    assert blocks and all("open" in block for block in blocks)


def test_unsourced_and_sourced_claims_are_told_apart(catalog, client):
    note = FilmNote.objects.get(film__slug="parallel-mothers", title="Real forensic anthropologists")
    note.source_publication = "El País"
    note.source_url = "https://elpais.com/example"
    note.save()
    content = client.get(PAGE).content.decode()
    assert 'href="#source-' in content
    assert "El País" in page_text(client.get(PAGE))
    assert "https://elpais.com/example" in content


def test_a_source_link_that_is_not_http_is_never_rendered_as_a_link(catalog, client, make):
    # Written past the model's validation, as SQL by hand or an old backup could.
    FilmNote.objects.filter(film__slug="parallel-mothers", title="Real forensic anthropologists").update(
        source_publication="El País", source_url="javascript:alert(1)"
    )
    body = make.category().body
    type(body).objects.filter(pk=body.pk).update(website="javascript:alert(2)")
    bump_generation()
    content = client.get(PAGE).content.decode()
    assert "El País" in content
    assert "javascript:" not in content
    award_page = client.get(body.get_absolute_url())
    assert award_page.status_code == 200
    assert "javascript:" not in award_page.content.decode()


def test_unknown_film_is_a_404_in_the_sites_look(db, client):
    response = client.get("/films/no-such-film/")
    assert response.status_code == 404
    assert b"filmsite" in response.content


def test_draft_film_is_hidden_from_anonymous_visitors(catalog, client):
    set_status("parallel-mothers", FilmStatus.DRAFT)
    assert client.get(PAGE).status_code == 404


def test_staff_can_preview_a_draft_with_a_banner(catalog, client, admin_user):
    set_status("parallel-mothers", FilmStatus.REVIEW)
    client.force_login(admin_user)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Draft — not public" in page_text(response)


def test_film_page_query_count_does_not_grow_with_content(catalog, client, make):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE).status_code == 200
        return len(queries)

    before = count_queries()
    film = Film.objects.get(slug="parallel-mothers")
    for n in range(5):
        person = make.person()
        make.credit(film, person, Role.ACTOR)
        make.credit(film, person, Role.PRODUCER)
        FilmNote.objects.create(
            film=film, kind=NoteKind.TRIVIA, title=f"More {n}", text="x", source_publication=f"P{n}"
        )
        Quote.objects.create(film=film, text=f"Line {n}", character_name="Extra", spoiler_level=SpoilerLevel.MILD)
        make.film(f"Recommended {n}").recommended_by.create(film=film)
        make.nomination(film, make.category(), year=2022)
        Still.objects.create(film=film, image=picture(f"still-{n}"), order=n)
    Film.objects.filter(pk=film.pk).update(poster=picture("poster"), backdrop=picture("backdrop"))
    Person.objects.filter(credits__film=film).update(photo=picture("photo"))
    bump_generation()  # update() skips the signals that retire cached pages
    assert count_queries() == before
    assert before <= 9


def picture(slug):
    """A library row with its rights stated; the page reads no file, so none is written."""
    (image,) = Image.objects.bulk_create(
        [
            Image(
                title=slug,
                slug=slug,
                alt_text=slug,
                credit="Ana Fotógrafa",
                licence=Licence.CC_BY_4,
                file=f"images/{slug}.jpg",
                width=1200,
                height=800,
                checksum=slug.encode().hex().ljust(64, "0"),
            )
        ]
    )
    return image


def test_a_filming_location_with_coordinates_links_to_the_place_on_openstreetmap(catalog, client):
    html_text = client.get(PAGE).content.decode()
    madrid = "https://www.openstreetmap.org/?mlat=40.41678&amp;mlon=-3.70379#map=13/40.41678/-3.70379"
    assert (
        f'<a href="{madrid}">40.41678, -3.70379<span class="visually-hidden"> (Madrid on OpenStreetMap)</span></a>'
        in (html_text)
    )
    film = Film.objects.get(slug="parallel-mothers")
    film.locations.create(place="Somewhere Unmapped", order=99)
    text = client.get(PAGE).content.decode()
    unmapped = text[text.index("Somewhere Unmapped") :]
    unmapped = unmapped[: unmapped.index("</li>")]
    assert "openstreetmap" not in unmapped


def spoiler_block(html_text, text):
    """The ``<details>`` that folds ``text``, or None when it is shown plainly."""
    at = html_text.index(text)
    start = html_text.rfind("<details", 0, at)
    end = html_text.rfind("</details>", 0, at)
    return html_text[start : html_text.index("</details>", at)] if start > end else None


def test_the_post_credits_note_a_reason_and_a_character_description_fold_by_their_own_levels(catalog, client):
    film = Film.objects.get(slug="parallel-mothers")
    teresa = film.credits.get(character_name="Teresa")
    assert teresa.character_description == "Ana’s mother"
    html_text = client.get(PAGE).content.decode()
    # As the fixtures level them: the note tells how the film ends, a reason its loss; "Ana's mother" nothing.
    assert 'class="spoiler spoiler--mild"' in spoiler_block(html_text, "The film ends for good with the exhumation")
    assert "Mild spoiler" in spoiler_block(html_text, "A raw account of a mother’s grief")
    assert spoiler_block(html_text, "Ana’s mother") is None
    assert spoiler_block(html_text, "Alfonso Cuarón’s intimate portrait") is None

    teresa.description_spoiler_level = SpoilerLevel.MAJOR
    teresa.save()
    html_text = client.get(PAGE).content.decode()
    folded = spoiler_block(html_text, "Ana’s mother")
    assert "spoiler--major" in folded and "Major spoiler" in folded and " open" not in folded.split(">")[0]
    revealed = client.get(PAGE, {"spoilers": "all"}).content.decode()
    assert spoiler_block(revealed, "Ana’s mother").startswith('<details class="spoiler spoiler--major" open>')


def test_a_page_whose_only_spoiler_is_a_character_description_offers_to_reveal_it(catalog, client, make):
    film = make.film("Quiet Film")
    make.credit(film, make.person("Ann Actor"), character_description="secretly the killer")
    assert "Reveal all spoilers" not in client.get(film.get_absolute_url()).content.decode()
    film.credits.update(description_spoiler_level=SpoilerLevel.MAJOR)
    film.save()  # a change the page cache hears of
    assert "Reveal all spoilers" in client.get(film.get_absolute_url()).content.decode()


def test_the_api_gives_each_text_its_spoiler_level(catalog, client):
    film = client.get("/api/v1/films/parallel-mothers/").json()
    assert film["post_credits_spoiler_level"] == "mild"
    reasons = {rec["slug"]: rec["reason_spoiler_level"] for rec in film["recommendations"]}
    assert reasons["pieces-of-a-woman"] == "mild" and reasons["roma"] == "none"
    assert {credit["description_spoiler_level"] for credit in film["credits"]} == {"none"}


def test_each_statement_says_whether_it_has_a_source_and_a_disputed_one_says_why(catalog, client):
    html_text = client.get(PAGE, {"spoilers": "all"}).content.decode()
    crib = html_text[html_text.index("A crib from All About My Mother") :]
    crib = crib[: crib.index("</p>")]
    assert '<sup class="citation citation--none">[no source]</sup>' in crib
    assert '<span class="disputed"><strong class="disputed__label">Disputed:</strong> No interview' in crib
    oscar = html_text[html_text.index('class="nomination__category">Best Actress') :]
    oscar = oscar[: oscar.index("</li>")]
    assert '<a href="#source-' in oscar and "[no source]" not in oscar

    summary = re.search(r'<p class="sources__summary">(.*?)</p>', html_text).group(1)
    unsourced, claims = map(int, re.match(r"(\d+) of the (\d+) statements", summary).groups())
    assert html_text.count("[no source]") == unsourced < claims
    assert "4 are disputed" in summary


def test_a_plot_section_cites_its_source_in_the_numbered_sources(catalog, client):
    summary = PlotSection.objects.get(film__slug="parallel-mothers", part=PlotPart.SUMMARY, order=1)
    summary.source_publication = "Sony Pictures Classics press notes"
    summary.save()
    html_text = client.get(PAGE).content.decode()
    plot = html_text[html_text.index(f"<h3>{summary.heading}</h3>") :]
    plot = plot[: plot.index("</p>", plot.index('class="plot__sourcing"'))]
    number = re.search(r'<a href="#source-(\d+)">', plot).group(1)
    assert f'<li id="source-{number}">' in html_text
    assert "<cite>Sony Pictures Classics press notes</cite>" in html_text


def test_a_claim_is_disputed_with_a_reason_or_not_at_all(catalog):
    note = FilmNote.objects.filter(film__slug="parallel-mothers", disputed=False).first()
    note.disputed = True
    with pytest.raises(ValidationError) as refused:
        note.full_clean()
    assert "dispute_note" in refused.value.message_dict
    note.disputed, note.dispute_note = False, "A reason without the mark."
    with pytest.raises(ValidationError) as refused:
        note.full_clean()
    assert "disputed" in refused.value.message_dict
