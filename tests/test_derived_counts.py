"""Each person's ``film_count`` follows the credits and the films' status, however they change."""

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from catalog.models import Film, FilmStatus, Person, Role

pytestmark = pytest.mark.django_db


def count_of(person):
    return Person.objects.values_list("film_count", flat=True).get(pk=person.pk)


def true_counts():
    published = Q(credits__film__status=FilmStatus.PUBLISHED)
    rows = Person.objects.annotate(truth=Count("credits__film", filter=published, distinct=True))
    return dict(rows.values_list("slug", "truth"))


def stored_counts():
    return dict(Person.objects.values_list("slug", "film_count"))


def test_fixtures_load_with_every_count_right(catalog):
    counts = stored_counts()
    assert counts == true_counts()
    assert counts["pedro-almodovar"] == 7 and counts["penelope-cruz"] > 1


def test_credits_count_each_published_film_once(make):
    person, film, other = make.person(), make.film(), make.film()
    assert count_of(person) == 0
    make.credit(film, person, Role.DIRECTOR)
    make.credit(film, person, Role.WRITER)
    assert count_of(person) == 1
    make.credit(other, person, Role.ACTOR)
    assert count_of(person) == 2


def test_draft_films_do_not_count_until_published(make):
    person, film = make.person(), make.film(status=FilmStatus.DRAFT)
    make.credit(film, person, Role.DIRECTOR)
    assert count_of(person) == 0
    make.set_status(film.slug, FilmStatus.PUBLISHED)
    assert count_of(person) == 1
    make.set_status(film.slug, FilmStatus.REVIEW)
    assert count_of(person) == 0


def test_deleting_a_credit_or_its_film_recounts(make):
    person, film, other = make.person(), make.film(), make.film()
    credit = make.credit(film, person, Role.EDITOR)
    make.credit(other, person, Role.EDITOR)
    credit.delete()
    assert count_of(person) == 1
    other.delete()
    assert count_of(person) == 0


def test_a_credit_moved_to_someone_else_recounts_both(make):
    before, after, film = make.person(), make.person(), make.film()
    credit = make.credit(film, before, Role.COMPOSER)
    credit.person = after
    credit.save()
    assert (count_of(before), count_of(after)) == (0, 1)


def test_saving_a_person_never_writes_back_a_stale_count(make):
    person, film = make.person(), make.film()
    stale = Person.objects.get(pk=person.pk)
    make.credit(film, person, Role.PRODUCER)
    stale.bio = "Edited while someone else added a credit."
    stale.save()
    assert count_of(person) == 1


def test_recount_films_repairs_counts_after_a_bulk_update(catalog):
    Film.objects.filter(slug="parallel-mothers").update(status=FilmStatus.DRAFT)  # skips save(): counts go stale
    assert stored_counts() != true_counts()
    call_command("recount_films", verbosity=0)
    assert stored_counts() == true_counts()


def test_film_count_is_not_editable_in_the_admin(catalog, admin_client):
    person = Person.objects.get(slug="pedro-almodovar")
    page = admin_client.get(f"/admin/catalog/person/{person.pk}/change/").content.decode()
    assert "Almodóvar" in page and 'name="film_count"' not in page
