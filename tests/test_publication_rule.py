"""Only Publishers move a film into or out of “published”, whatever admin page the change comes through.

History restores and recovering a deleted film are the paths a plain form check misses: django-reversion
writes the old version back before the change form runs, so the form would compare the submitted status
with the restored one and see no change. For someone who may not publish, a restore brings back the
content and keeps the status the film has now; a recovered film comes back as a draft.
"""

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from catalog.models import Film, FilmStatus
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


def change_url(film):
    return reverse("admin:catalog_film_change", args=[film.pk])


def save_version(client, film, **changes):
    """Save the film through its change form, as ``client``, recording one version in its history."""
    data = change_form_data(client.get(change_url(film)))
    data.update(changes)
    response = client.post(change_url(film), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    return Version.objects.get_for_object(film).first()


def restore(client, film, version):
    url = reverse("admin:catalog_film_revision", args=[film.pk, version.pk])
    form = client.get(url)
    assert form.status_code == 200
    return form, client.post(url, change_form_data(form))


def is_public(film):
    return Client().get(film.get_absolute_url()).status_code == 200


def published_version_of_a_draft(admin_client, make):
    film = make.film("Was Live", status=FilmStatus.DRAFT)
    published = save_version(admin_client, film, status=FilmStatus.PUBLISHED, title="Live title")
    save_version(admin_client, film, status=FilmStatus.DRAFT, title="Draft title")
    return film, published


def draft_version_of_a_published_film(admin_client, make):
    film = make.film("Now Live", status=FilmStatus.DRAFT)
    draft = save_version(admin_client, film, title="Draft title")
    save_version(admin_client, film, status=FilmStatus.PUBLISHED, title="Live title")
    return film, draft


def test_editor_restoring_a_published_version_gets_its_content_but_not_its_publication(
    admin_client, make, editor_client
):
    film, published = published_version_of_a_draft(admin_client, make)
    form, response = restore(editor_client, film, published)
    assert "stays Draft" in form.content.decode()
    assert response.status_code == 302
    film.refresh_from_db()
    assert film.title == "Live title"
    assert film.status == FilmStatus.DRAFT and film.published_at is None
    assert not is_public(film)


def test_editor_restoring_a_draft_version_of_a_published_film_leaves_it_published(admin_client, make, editor_client):
    film, draft = draft_version_of_a_published_film(admin_client, make)
    published_at = Film.objects.get(pk=film.pk).published_at
    _, response = restore(editor_client, film, draft)
    assert response.status_code == 302
    film.refresh_from_db()
    assert film.title == "Draft title"
    assert film.status == FilmStatus.PUBLISHED and film.published_at == published_at
    assert is_public(film)


def test_editor_cannot_force_publication_into_a_restore(admin_client, make, editor_client):
    film, published = published_version_of_a_draft(admin_client, make)
    url = reverse("admin:catalog_film_revision", args=[film.pk, published.pk])
    data = change_form_data(editor_client.get(url))
    data["status"] = FilmStatus.PUBLISHED
    assert editor_client.post(url, data).status_code == 200  # a form error
    film.refresh_from_db()
    assert (film.status, film.title) == (FilmStatus.DRAFT, "Draft title")


def test_publisher_restoring_a_version_restores_its_publication_too(admin_client, make, publisher_client):
    film, published = published_version_of_a_draft(admin_client, make)
    _, response = restore(publisher_client, film, published)
    assert response.status_code == 302
    film.refresh_from_db()
    assert film.status == FilmStatus.PUBLISHED and film.published_at is not None
    assert is_public(film)


def deleted_published_film(admin_client, make):
    film = make.film("Gone", status=FilmStatus.DRAFT)
    save_version(admin_client, film, status=FilmStatus.PUBLISHED)
    assert admin_client.post(reverse("admin:catalog_film_delete", args=[film.pk]), {"post": "yes"}).status_code == 302
    return film, Version.objects.get_deleted(Film).get(object_id=str(film.pk))


def recover(client, version):
    url = reverse("admin:catalog_film_recover", args=[version.pk])
    form = client.get(url)
    assert form.status_code == 200
    return form, client.post(url, change_form_data(form))


def test_editor_recovering_a_deleted_published_film_gets_a_draft(admin_client, make, editor_client):
    film, version = deleted_published_film(admin_client, make)
    _, response = recover(editor_client, version)
    assert response.status_code == 302
    recovered = Film.objects.get(pk=film.pk)
    assert recovered.status == FilmStatus.DRAFT and recovered.published_at is None
    assert not is_public(recovered)


def test_publisher_recovering_a_deleted_published_film_gets_it_back_published(admin_client, make, publisher_client):
    film, version = deleted_published_film(admin_client, make)
    _, response = recover(publisher_client, version)
    assert response.status_code == 302
    assert Film.objects.get(pk=film.pk).status == FilmStatus.PUBLISHED
    assert is_public(film)


def test_recover_refuses_a_film_that_was_not_deleted(admin_client, make):
    film = make.film()
    version = save_version(admin_client, film)
    assert admin_client.get(reverse("admin:catalog_film_recover", args=[version.pk])).status_code == 404


def test_history_urls_only_take_versions_of_that_film(admin_client, make):
    film, other = make.film(), make.film()
    version = save_version(admin_client, other, title="Other's title")
    url = reverse("admin:catalog_film_revision", args=[film.pk, version.pk])
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url, {}).status_code == 404


def test_a_user_without_catalog_permissions_sees_no_history(admin_client, make, client):
    film = make.film()
    version = save_version(admin_client, film, title="Recorded")
    client.force_login(User.objects.create_user("staff-only", password="pw", is_staff=True))
    for url in [
        reverse("admin:catalog_film_history", args=[film.pk]),
        reverse("admin:catalog_film_revision", args=[film.pk, version.pk]),
        reverse("admin:catalog_film_changes", args=[film.pk, version.pk]),
        reverse("admin:catalog_film_recoverlist"),
    ]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "You may not do that" in response.content.decode()
    assert client.post(reverse("admin:catalog_film_revision", args=[film.pk, version.pk]), {}).status_code == 403


def test_the_rule_holds_for_any_save_made_while_acting_for_an_editor(make):
    from catalog.publication import PublicationDenied, acting_as

    draft, published = make.film(status=FilmStatus.DRAFT), make.film(status=FilmStatus.PUBLISHED)
    editor = make.staff_in("Editor")
    with acting_as(editor):
        draft.status = FilmStatus.REVIEW
        draft.save()  # moving between unpublished states is an Editor's job
        published.title = "Retitled"
        published.save()  # and so is editing a published film
        for film, status in [(draft, FilmStatus.PUBLISHED), (published, FilmStatus.DRAFT)]:
            film.status = status
            with pytest.raises(PublicationDenied):
                film.save()
        with pytest.raises(PublicationDenied):
            make.film(status=FilmStatus.PUBLISHED)
        with pytest.raises(PublicationDenied), transaction.atomic():
            Film.objects.get(pk=published.pk).delete()
    assert Film.objects.get(pk=draft.pk).status == FilmStatus.REVIEW
    assert Film.objects.get(pk=published.pk).status == FilmStatus.PUBLISHED


def test_code_acting_for_nobody_is_not_held_to_it(make):
    # Loaders, commands and the shell run outside any request.
    film = make.film(status=FilmStatus.DRAFT)
    film.status = FilmStatus.PUBLISHED
    film.save()
    assert Film.objects.get(pk=film.pk).is_published
