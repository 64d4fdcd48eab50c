"""Small builders that make exactly what a test needs, with unique defaults."""

from itertools import count

from django.contrib.auth.models import Group, User

from catalog.models import (
    AwardBody,
    AwardCategory,
    Credit,
    Film,
    FilmStatus,
    Genre,
    Nomination,
    Person,
    Role,
)

_serial = count(1)


def film(title=None, *, status=FilmStatus.PUBLISHED, year=2000, **fields):
    n = next(_serial)
    title = title or f"Film {n}"
    fields.setdefault("slug", f"film-{n}")
    return Film.objects.create(title=title, year=year, status=status, **fields)


def person(name=None, **fields):
    n = next(_serial)
    fields.setdefault("slug", f"person-{n}")
    return Person.objects.create(name=name or f"Person {n}", **fields)


def credit(film, person, role=Role.ACTOR, **fields):
    if role == Role.ACTOR:
        fields.setdefault("character_name", f"Character {next(_serial)}")
    return Credit.objects.create(film=film, person=person, role=role, **fields)


def genre(name=None):
    n = next(_serial)
    return Genre.objects.create(name=name or f"Genre {n}", slug=f"genre-{n}")


def category(name=None, body=None):
    n = next(_serial)
    body = body or AwardBody.objects.create(name=f"Award body {n}", slug=f"award-body-{n}")
    return AwardCategory.objects.create(body=body, name=name or f"Category {n}", slug=f"category-{n}")


def nomination(film, category, year=2001, **fields):
    return Nomination.objects.create(film=film, category=category, year=year, **fields)


def set_status(slug, status):
    """Move the film to ``status`` as an editor would, through ``save()``, so everything derived follows."""
    film = Film.objects.get(slug=slug)
    film.status = status
    film.save()
    return film


def staff_in(group_name, username=None):
    """A staff account in one of the editorial groups (``"Editor"``, ``"Publisher"``)."""
    user = User.objects.create_user(username or f"{group_name.lower()}-{next(_serial)}", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user
