"""Publishers schedule a film to go live or back to draft; ``manage.py publish_scheduled`` carries it out.

The clock is fixed (time-machine): each test says what time the command runs at.
"""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.timezone import localtime
from reversion.models import Version

from catalog.models import Film, FilmStatus
from catalog.publication import PublicationDenied, acting_as
from tests.admin_forms import change_form_data
from tests.factories import staff_in

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


def change_url(film):
    return reverse("admin:catalog_film_change", args=[film.pk])


def save_form(client, film, **changes):
    data = change_form_data(client.get(change_url(film)))
    data.update(changes)
    return client.post(change_url(film), data)


def schedule_fields(moment, name="go_live_at"):
    local = localtime(moment)
    return {f"{name}_0": local.strftime("%Y-%m-%d"), f"{name}_1": local.strftime("%H:%M:%S")}


def publish_scheduled(at):
    out = StringIO()
    with time_machine.travel(at, tick=False):
        call_command("publish_scheduled", stdout=out)
    return out.getvalue()


def is_public(film):
    return Client().get(film.get_absolute_url()).status_code == 200


@pytest.fixture
def publisher():
    return staff_in("Publisher")


@pytest.fixture
def scheduled(make, client, publisher):
    """A film in review that a Publisher scheduled, through the change form, to go live at noon."""
    film = make.film("Scheduled Film", status=FilmStatus.REVIEW)
    client.force_login(publisher)
    response = save_form(client, film, **schedule_fields(NOON))
    assert response.status_code == 302, response.context and response.context["errors"]
    film.refresh_from_db()
    assert film.go_live_at == NOON
    return film


def test_a_publisher_schedules_a_film_and_is_recorded_as_its_scheduler(scheduled, publisher, client):
    assert scheduled.scheduled_by == publisher
    page = client.get(change_url(scheduled)).content.decode()
    assert "Goes live at" in page and f"scheduled by {publisher.username}" in page


def test_the_film_goes_live_only_once_its_time_has_come(scheduled):
    assert "0 scheduled change(s)" in publish_scheduled(NOON - MINUTE)
    scheduled.refresh_from_db()
    assert scheduled.status == FilmStatus.REVIEW and not is_public(scheduled)

    assert "1 scheduled change(s)" in publish_scheduled(NOON + MINUTE)
    scheduled.refresh_from_db()
    assert scheduled.status == FilmStatus.PUBLISHED and scheduled.go_live_at is None
    assert scheduled.published_at == NOON + MINUTE
    assert is_public(scheduled)


def test_the_revision_says_it_was_scheduled_and_by_whom(scheduled, publisher):
    publish_scheduled(NOON)
    revision = Version.objects.get_for_object(scheduled).first().revision
    assert revision.user == publisher
    assert "Published as scheduled by" in revision.comment and publisher.username in revision.comment


def test_running_again_changes_nothing(scheduled):
    publish_scheduled(NOON)
    versions = Version.objects.get_for_object(scheduled).count()
    assert "0 scheduled change(s)" in publish_scheduled(NOON + 10 * MINUTE)
    assert Version.objects.get_for_object(scheduled).count() == versions


def test_a_published_film_goes_back_to_draft_at_its_unpublish_time(make, client, publisher):
    film = make.film("Going Away", status=FilmStatus.PUBLISHED)
    client.force_login(publisher)
    assert save_form(client, film, **schedule_fields(NOON, "unpublish_at")).status_code == 302
    publish_scheduled(NOON + MINUTE)
    film.refresh_from_db()
    assert film.status == FilmStatus.DRAFT and film.unpublish_at is None
    assert not is_public(film)


def test_unpublishing_before_going_live_is_refused_at_the_field(make, client, publisher):
    film = make.film("Muddled", status=FilmStatus.DRAFT)
    client.force_login(publisher)
    response = save_form(client, film, **schedule_fields(NOON), **schedule_fields(NOON - MINUTE, "unpublish_at"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["unpublish_at"] == ["“Unpublish at” must be later than “go live at”."]


def test_an_editor_cannot_schedule_through_the_form(make, client):
    film = make.film("Not Yours", status=FilmStatus.REVIEW)
    client.force_login(staff_in("Editor"))
    response = save_form(client, film, **schedule_fields(NOON))
    assert response.status_code == 302
    film.refresh_from_db()
    assert film.go_live_at is None
    page = client.get(change_url(film)).content.decode()
    assert "Only Publishers can schedule" in page


def test_an_editor_cannot_schedule_by_any_other_save(make):
    film = make.film("Not Yours Either", status=FilmStatus.REVIEW)
    film.go_live_at = NOON
    with acting_as(staff_in("Editor")), pytest.raises(PublicationDenied):
        film.save()
    assert Film.objects.get(pk=film.pk).go_live_at is None


def test_an_editor_restoring_a_scheduled_version_keeps_the_schedule_as_it_is(scheduled, client):
    with_schedule = Version.objects.get_for_object(scheduled).first()
    publisher_client = Client()
    publisher_client.force_login(scheduled.scheduled_by)
    assert save_form(publisher_client, scheduled, go_live_at_0="", go_live_at_1="").status_code == 302
    client.force_login(staff_in("Editor"))
    url = reverse("admin:catalog_film_revision", args=[scheduled.pk, with_schedule.pk])
    assert client.post(url, change_form_data(client.get(url))).status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.go_live_at is None
