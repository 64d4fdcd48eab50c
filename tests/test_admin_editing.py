"""The admin's rough edges, smoothed: errors beside their field, the stored title in the heading, readable help,
a sidebar of what editors work with, and a history that starts when a film is loaded."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from catalog.models import Film
from tests.admin_forms import change_form_data
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def change_url(film):
    return reverse("admin:catalog_film_change", args=[film.pk])


def test_a_year_out_of_range_is_reported_at_the_year_and_the_heading_keeps_the_stored_title(catalog, editor_client):
    film = Film.objects.get(slug="parallel-mothers")
    data = change_form_data(editor_client.get(change_url(film)))
    data.update(year="1066", title="Renamed")
    response = editor_client.post(change_url(film), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["year"] == ["The year must be between 1888 and 2100."]
    assert "__all__" not in form.errors
    assert form["title"].value() == "Renamed" and form["year"].value() == "1066"  # what was typed is kept
    text = page_text(response)
    assert "Parallel Mothers (2021)" in text and "Renamed" not in text
    assert "(1066)" not in text
    assert Film.objects.get(pk=film.pk).year == 2021


def test_slug_help_shows_an_address_not_swallowed_markup(catalog, editor_client):
    film = Film.objects.get(slug="parallel-mothers")
    text = page_text(editor_client.get(change_url(film)))
    assert "/films/parallel-mothers/ for “parallel-mothers”" in text
    assert "/films//" not in text


def sidebar(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return {entry["object_name"] for app in response.context["app_list"] for entry in app["models"]}


def test_editors_are_listed_what_they_work_with(editor_client):
    listed = sidebar(editor_client)
    assert {"Film", "Person", "Genre", "Country", "Language", "AwardBody", "AwardCategory", "Nomination"} <= listed
    assert listed.isdisjoint({"Credit", "Quote", "FilmNote", "PlotSection", "KeyScene", "FilmingLocation"})
    assert listed.isdisjoint({"User", "Group", "AccessAttempt", "AccessLog", "AccessFailureLog"})


def test_a_superuser_is_listed_everything(admin_client):
    listed = sidebar(admin_client)
    assert {"Film", "Credit", "Quote", "User", "Group", "AccessAttempt"} <= listed


def test_an_inline_only_model_keeps_its_own_pages(editor_client):
    assert editor_client.get(reverse("admin:catalog_credit_changelist")).status_code == 200


def test_a_loaded_film_starts_its_history_with_the_load_once(db, admin_client):
    call_command("load_catalog", verbosity=0)
    call_command("load_catalog", verbosity=0)
    film = Film.objects.get(slug="parallel-mothers")
    versions = Version.objects.get_for_object(film)
    assert [version.revision.comment for version in versions] == ["Initial import"]
    history = page_text(admin_client.get(reverse("admin:catalog_film_history", args=[film.pk])))
    assert "Initial import" in history and "no recorded history" not in history.lower()
