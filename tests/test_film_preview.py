"""The preview of unsaved edits: the public film page from the form's contents, with nothing saved."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from catalog import caching
from catalog.models import Film, FilmNote, FilmStatus, Quote, SpoilerLevel
from tests.admin_forms import add_rows, change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def film(catalog):
    return Film.objects.get(slug="parallel-mothers")


def change_url(film):
    return reverse("admin:catalog_film_change", args=[film.pk])


def preview_url(film):
    return reverse("admin:catalog_film_preview", args=[film.pk])


def form_of(client, film):
    return change_form_data(client.get(change_url(film)))


def main_of(page):
    """The page's main content, without the banner saying what kind of view it is."""
    main = re.search(r'<main id="content"[^>]*>(.*)</main>', page, re.S).group(1)
    return " ".join(re.sub(r'<div class="draft-banner">.*?</div>', "", main, flags=re.S).split())


def snapshot():
    return (
        list(Quote.objects.order_by("pk").values_list("pk", "text")),
        Film.objects.count(),
        Version.objects.count(),
        LogEntry.objects.count(),
        caching.current_generation().token,
    )


def test_an_editor_previews_an_edited_quote_and_nothing_is_saved(editor_client, film):
    data = form_of(editor_client, film)
    old = data["quotes-0-text"]
    data["quotes-0-text"] = "A line the editor is still working on."
    before = snapshot()

    response = editor_client.post(preview_url(film), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "A line the editor is still working on." in page and old not in page
    assert "Preview — not saved." in page
    assert '<meta name="robots" content="noindex">' in page
    assert response["X-Robots-Tag"] == "noindex" and "no-store" in response["Cache-Control"]
    assert snapshot() == before
    visitor = Client().get(film.get_absolute_url()).content.decode()
    assert old in visitor and "still working on" not in visitor


def test_the_preview_shows_the_page_as_visitors_see_it(editor_client, film):
    """Unchanged, the preview is the public page itself: spoilers folded, citations and all."""
    preview = editor_client.post(preview_url(film), form_of(editor_client, film)).content.decode()
    public = Client().get(film.get_absolute_url()).content.decode()
    assert main_of(preview) == main_of(public)


def test_rows_added_in_the_form_are_previewed_with_their_spoiler_fold(editor_client, film):
    data = add_rows(
        form_of(editor_client, film),
        "notes",
        {
            "kind": FilmNote.Kind.TRIVIA,
            "title": "Unsaved trivia",
            "text": "Only in the preview.",
            "order": 99,
            "spoiler_level": SpoilerLevel.MAJOR,
        },
    )
    page = editor_client.post(preview_url(film), data).content.decode()
    assert "Only in the preview." in page
    assert not FilmNote.objects.filter(title="Unsaved trivia").exists()


def test_a_new_film_is_previewed_from_the_add_form_and_not_created(editor_client, catalog):
    url = reverse("admin:catalog_film_add")
    data = change_form_data(editor_client.get(url))
    data.update(title="Not Yet Made", slug="not-yet-made", year="2030", status=FilmStatus.DRAFT)
    count = Film.objects.count()
    response = editor_client.post(reverse("admin:catalog_film_preview_add"), data)
    assert response.status_code == 200
    assert "Not Yet Made" in response.content.decode()
    assert Film.objects.count() == count


def test_a_form_with_errors_previews_its_errors_by_section(editor_client, film):
    data = form_of(editor_client, film)
    data["year"] = "1066"
    data["quotes-0-text"] = ""
    before = snapshot()
    page = editor_client.post(preview_url(film), data).content.decode()
    assert "This preview cannot be shown" in page
    assert "Overview" in page and "The year must be between 1888 and 2100." in page
    assert re.search(r"<h2>Quotes</h2>\s*<ul class=\"errorlist\">\s*<li>Quote 1, Text: This field is required", page)
    assert snapshot() == before


def test_an_editor_cannot_preview_a_publication_they_may_not_make(editor_client, catalog, make):
    draft = make.film("Still A Draft", status=FilmStatus.DRAFT)
    data = {**form_of(editor_client, draft), "status": FilmStatus.PUBLISHED}
    page = editor_client.post(preview_url(draft), data).content.decode()
    assert "This preview cannot be shown" in page
    draft.refresh_from_db()
    assert draft.status == FilmStatus.DRAFT


def test_only_users_who_may_change_the_film_may_preview_it(client, admin_client, film):
    data = form_of(admin_client, film)
    viewer = User.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_film"))
    client.force_login(viewer)
    assert client.get(change_url(film)).status_code == 200
    assert client.post(preview_url(film), data).status_code == 403
    assert client.post(reverse("admin:catalog_film_preview_add"), data).status_code == 403
    assert Client().post(preview_url(film), data).status_code == 302  # to the sign-in page


def test_a_preview_is_posted_not_fetched(editor_client, film):
    assert editor_client.get(preview_url(film)).status_code == 405


def test_an_unknown_film_has_no_preview(editor_client, catalog):
    assert editor_client.post(reverse("admin:catalog_film_preview", args=[999999]), {}).status_code == 404


def test_the_form_offers_a_preview_only_to_those_who_may_change_it(editor_client, client, film):
    assert f'formaction="{preview_url(film)}"' in editor_client.get(change_url(film)).content.decode()
    viewer = User.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_film"))
    client.force_login(viewer)
    assert "formaction=" not in client.get(change_url(film)).content.decode()
