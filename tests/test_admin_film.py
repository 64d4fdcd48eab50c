"""Editing a film in the admin: one page for everything, roles, history, locking, completeness."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Credit, Film, FilmStatus, Nomination, Quote, Recommendation, Role
from tests.admin_forms import add_rows, change_form_data

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:catalog_film_add")


def change_url(film):
    return reverse("admin:catalog_film_change", args=[film.pk])


def new_film_data(client, **fields):
    data = change_form_data(client.get(ADD_URL))
    data.update({"title": "The New Film", "slug": "the-new-film", "year": "2024", "status": "draft"})
    data.update(fields)
    return data


def test_a_whole_film_is_added_in_one_post(admin_client, make):
    actor, director = make.person("Ana Actor"), make.person("Dora Director")
    body_category = make.category("Best Actress")
    data = new_film_data(admin_client)
    add_rows(
        data,
        "credits",
        {
            "person": actor.pk,
            "role": Role.ACTOR,
            "character_name": "Lola",
            "billing_order": 1,
            "description_spoiler_level": "none",
        },
        {"person": director.pk, "role": Role.DIRECTOR, "billing_order": 1, "description_spoiler_level": "none"},
    )
    add_rows(
        data, "quotes", {"text": "A line to remember.", "character_name": "Lola", "order": 1, "spoiler_level": "none"}
    )
    add_rows(
        data,
        "nominations",
        {"category": body_category.pk, "year": 2025, "person": actor.pk, "outcome": "won", "spoiler_level": "none"},
    )
    add_rows(
        data,
        "plot_sections",
        {"part": "summary", "heading": "Beginning", "body": "It starts.", "order": 1, "spoiler_level": "none"},
    )
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    film = Film.objects.get(slug="the-new-film")
    assert film.credits.count() == 2
    assert film.quotes.get().text == "A line to remember."
    assert film.nominations.get().person == actor
    assert film.plot_sections.count() == 1


def test_a_nomination_for_someone_without_a_credit_is_a_form_error(admin_client, make):
    stranger = make.person("Not In It")
    data = new_film_data(admin_client)
    add_rows(
        data,
        "nominations",
        {
            "category": make.category().pk,
            "year": 2025,
            "person": stranger.pk,
            "outcome": "nominated",
            "spoiler_level": "none",
        },
    )
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "has no credit on this film" in response.content.decode()
    assert not Film.objects.filter(slug="the-new-film").exists()


def test_year_out_of_range_is_a_form_error_and_nothing_is_saved(admin_client):
    response = admin_client.post(ADD_URL, new_film_data(admin_client, year="1700"))
    assert response.status_code == 200
    assert "between 1888 and 2100" in response.content.decode()
    assert not Film.objects.exists()


def test_a_duplicate_credit_in_one_save_is_a_form_error(admin_client, make):
    person = make.person()
    data = new_film_data(admin_client)
    row = {"person": person.pk, "role": Role.COMPOSER, "billing_order": 1}
    add_rows(data, "credits", row, row)
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert not Film.objects.exists()
    assert response.context["inline_admin_formsets"]


def test_a_film_recommending_itself_is_a_form_error(admin_client, make):
    film = make.film()
    data = change_form_data(admin_client.get(change_url(film)))
    add_rows(data, "recommendations", {"recommended": film.pk, "reason": "It is great", "order": 1})
    response = admin_client.post(change_url(film), data)
    assert response.status_code == 200
    assert "cannot recommend itself" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_a_quote_speaker_from_another_film_is_refused(admin_client, make):
    film, other = make.film(), make.film()
    stranger = make.credit(other, make.person(), character_name="Elsewhere")
    data = change_form_data(admin_client.get(change_url(film)))
    add_rows(data, "quotes", {"text": "Not mine", "speaker": stranger.pk, "order": 1, "spoiler_level": "none"})
    response = admin_client.post(change_url(film), data)
    assert response.status_code == 200
    assert not Quote.objects.exists()


def test_editor_cannot_publish_through_the_form(editor_client, make):
    film = make.film(status=FilmStatus.REVIEW)
    data = change_form_data(editor_client.get(change_url(film)))
    data["status"] = FilmStatus.PUBLISHED
    response = editor_client.post(change_url(film), data)
    assert response.status_code == 200
    film.refresh_from_db()
    assert film.status == FilmStatus.REVIEW


def test_editor_can_submit_for_review(editor_client, make):
    film = make.film(status=FilmStatus.DRAFT)
    data = change_form_data(editor_client.get(change_url(film)))
    data["status"] = FilmStatus.REVIEW
    assert editor_client.post(change_url(film), data).status_code == 302
    film.refresh_from_db()
    assert film.status == FilmStatus.REVIEW


def test_editor_cannot_publish_or_delete_with_actions(editor_client, make):
    film = make.film(status=FilmStatus.REVIEW)
    changelist = reverse("admin:catalog_film_changelist")
    editor_client.post(changelist, {"action": "publish", "_selected_action": [film.pk]})
    film.refresh_from_db()
    assert film.status == FilmStatus.REVIEW
    editor_client.post(changelist, {"action": "delete_selected", "_selected_action": [film.pk], "post": "yes"})
    assert Film.objects.filter(pk=film.pk).exists()
    assert editor_client.post(reverse("admin:catalog_film_delete", args=[film.pk]), {"post": "yes"}).status_code == 403


def test_publisher_publishes_unpublishes_and_deletes(publisher_client, make):
    film = make.film(status=FilmStatus.REVIEW)
    changelist = reverse("admin:catalog_film_changelist")
    publisher_client.post(changelist, {"action": "publish", "_selected_action": [film.pk], "post": "yes"})
    film.refresh_from_db()
    assert film.status == FilmStatus.PUBLISHED and film.published_at is not None
    publisher_client.post(changelist, {"action": "unpublish", "_selected_action": [film.pk], "post": "yes"})
    film.refresh_from_db()
    assert film.status == FilmStatus.DRAFT
    assert (
        publisher_client.post(reverse("admin:catalog_film_delete", args=[film.pk]), {"post": "yes"}).status_code == 302
    )
    assert not Film.objects.filter(pk=film.pk).exists()


def test_second_of_two_concurrent_saves_is_refused_and_keeps_its_input(admin_client, make):
    film = make.film("Original title")
    first = change_form_data(admin_client.get(change_url(film)))
    second = change_form_data(admin_client.get(change_url(film)))
    first["title"] = "First editor's title"
    second["title"] = "Second editor's title"
    assert admin_client.post(change_url(film), first).status_code == 302
    response = admin_client.post(change_url(film), second)
    assert response.status_code == 200
    assert "Someone else saved this film" in response.content.decode()
    assert 'value="Second editor&#x27;s title"' in response.content.decode()
    film.refresh_from_db()
    assert film.title == "First editor's title"
    # Saving again from the refused form is now a deliberate overwrite.
    again = change_form_data(response)
    assert admin_client.post(change_url(film), again).status_code == 302
    film.refresh_from_db()
    assert film.title == "Second editor's title"


def test_history_records_inline_changes_and_restores_them(admin_client, make):
    film = make.film()
    credit = make.credit(film, make.person("Pat"), character_name="Before")
    data = change_form_data(admin_client.get(change_url(film)))
    assert admin_client.post(change_url(film), data).status_code == 302  # first recorded version
    data = change_form_data(admin_client.get(change_url(film)))
    data["credits-0-character_name"] = "After"
    assert admin_client.post(change_url(film), data).status_code == 302
    credit.refresh_from_db()
    assert credit.character_name == "After"

    history = admin_client.get(reverse("admin:catalog_film_history", args=[film.pk]))
    actions = history.context["action_list"]
    assert len(actions) == 2
    changes = admin_client.get(actions[0]["url"] + "changes/").content.decode()
    assert "Before" in changes and "After" in changes

    older = actions[1]["url"]
    restore_form = admin_client.get(older)
    assert restore_form.status_code == 200
    credit.refresh_from_db()
    assert credit.character_name == "After"  # viewing an old version changes nothing
    assert admin_client.post(older, change_form_data(restore_form)).status_code == 302
    credit.refresh_from_db()
    assert credit.character_name == "Before"


def test_completeness_lists_missing_sections_and_filters_incomplete_films(admin_client, catalog, make):
    bare = make.film("Bare Film")
    changelist = reverse("admin:catalog_film_changelist")
    content = admin_client.get(changelist).content.decode()
    assert "no summary" in content and "no quotes" in content
    incomplete = admin_client.get(changelist, {"completeness": "incomplete"}).context["cl"].result_list
    assert bare in incomplete
    unsourced = admin_client.get(changelist, {"completeness": "unsourced"}).context["cl"].result_list
    assert [film.slug for film in unsourced] == ["parallel-mothers"]
    page = admin_client.get(change_url(Film.objects.get(slug="parallel-mothers"))).content.decode()
    assert "Unsourced claims:" in page


def test_changelist_and_change_page_queries_stay_bounded(admin_client, make):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url).status_code == 200
        return len(captured)

    film = make.film()
    make.credit(film, make.person(), Role.DIRECTOR)
    changelist = reverse("admin:catalog_film_changelist")
    before_list, before_change = queries(changelist), queries(change_url(film))
    for _ in range(10):
        other = make.film()
        make.credit(other, make.person(), Role.DIRECTOR)
    for _ in range(10):
        person = make.person()
        make.credit(film, person, Role.ACTOR)
        Nomination.objects.create(film=film, category=make.category(), year=2020, person=person)
    assert queries(changelist) == before_list
    assert queries(change_url(film)) <= before_change + 5
    assert Credit.objects.filter(film=film).count() == 11


def test_change_page_offers_preview_for_drafts_and_view_on_site_when_published(admin_client, make):
    draft = make.film(status=FilmStatus.DRAFT)
    assert "Preview draft (staff only)" in admin_client.get(change_url(draft)).content.decode()
    published = make.film(status=FilmStatus.PUBLISHED)
    content = admin_client.get(change_url(published)).content.decode()
    assert "View on site" in content and "Preview draft" not in content


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("title", "Bell\x07", "Remove the invisible control character (U+0007)"),
        ("notes-0-source_url", "ftp://example.org/note", "Enter a valid URL."),
    ],
)
def test_the_form_refuses_what_the_loaders_refuse(admin_client, make, field, value, error):
    film = make.film("Clean Title")
    data = change_form_data(admin_client.get(change_url(film)))
    add_rows(data, "notes", {"kind": "trivia", "title": "Note", "text": "Text.", "order": 1, "spoiler_level": "none"})
    data[field] = value
    response = admin_client.post(change_url(film), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    film.refresh_from_db()
    assert film.title == "Clean Title" and not film.notes.exists()
