"""Query counts of every kind of page after a large import, against the budgets the test suite holds pages to.

    DATABASE_URL=... DJANGO_SECURE_SSL_REDIRECT=0 .venv/bin/python -m bench.import_budgets --publish 2000

Imported films arrive as drafts, which no public page shows: ``--publish`` first publishes that many of them
(with their derived data refreshed), so that the busiest film, person, genre and ceremony are imported ones.
The pages and budgets are those of ``tests/test_query_budgets.py``; each page is counted uncached.
"""

import argparse
import os

import django


def publish(number):
    from catalog import derived
    from catalog.models import Film, FilmStatus

    drafts = list(Film.objects.filter(status=FilmStatus.DRAFT).order_by("pk").values_list("pk", flat=True)[:number])
    Film.objects.filter(pk__in=drafts).update(status=FilmStatus.PUBLISHED)
    derived.refresh(derived.Changes(films=set(drafts), film_facets=set(drafts), catalog=True))
    return len(drafts)


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmsite.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client
    from django.test.utils import override_settings

    from tests.test_query_budgets import BUDGETS, measure, pages

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publish", type=int, default=0, help="publish this many drafts first")
    args = parser.parse_args()
    with transaction.atomic():
        published = publish(args.publish) if args.publish else 0
    user, _ = get_user_model().objects.get_or_create(
        username="bench-budgets", defaults={"is_staff": True, "is_superuser": True}
    )
    admin = Client()
    admin.force_login(user)
    # Uncached, and static files named without the manifest that collectstatic would write.
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(
        PAGE_CACHE=False, ALLOWED_HOSTS=["testserver"], STORAGES={**settings.STORAGES, "staticfiles": static}
    ):
        counts = measure(Client(), admin, pages())
    print(f"{published} drafts published first")
    print("| page | queries | budget |\n|---|---|---|")
    for name, count in counts.items():
        print(f"| {name} | {count} | {BUDGETS[name]}{'' if count <= BUDGETS[name] else ' — over'} |")


if __name__ == "__main__":
    main()
