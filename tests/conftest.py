import os

import hypothesis
import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings

from catalog import derived
from catalog.data.loading import catalog_models
from catalog.models import Film, FilmNote, Person, Quote
from catalog.models.fields import SearchDocumentField
from tests import factories

# Property tests: CI draws a fixed set of examples, so a failure there can be replayed and every run costs the
# same; a developer's run draws new ones each time and remembers the failures it found.
hypothesis.settings.register_profile("ci", max_examples=100, derandomize=True, database=None, deadline=None)
hypothesis.settings.register_profile("dev", max_examples=200, deadline=None)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def pytest_configure(config):
    # One process runs the tests, so a cache in its memory serves them as the shared file cache would, without
    # the disk. Tests about the file cache or Redis set their own; servers started in subprocesses keep files.
    override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "filmsite-tests",
                "KEY_PREFIX": django_settings.CACHE_KEY_PREFIX,
                "OPTIONS": {"MAX_ENTRIES": 100_000},
            }
        }
    ).enable()


@pytest.fixture(scope="session")
def _playwright_before_the_database(request):
    # Playwright's sync API runs test code in a context of its own, where Django opens another
    # connection object. Set the test database up from there, so that the snapshot serialized_rollback
    # restores between browser tests lives on the connection those tests use.
    if any("browser" in item.fixturenames for item in request.session.items):
        request.getfixturevalue("playwright")


@pytest.fixture(scope="session")
def django_db_setup(_playwright_before_the_database, django_db_setup):
    return django_db_setup


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_page_cache():
    # Rows a test made are rolled back after it, but pages cached from them would outlive it.
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def _catalog_rows(django_db_setup, django_db_blocker):
    """Every row the fixtures load, read once per session from a load that is then rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_catalog", verbosity=0)
        rows = {model: list(model._base_manager.order_by("pk")) for model in _catalog_tables()}
        for model, instances in rows.items():
            for name in _derived_documents(model):  # rebuilt by the refresh, as after a load
                for instance in instances:
                    setattr(instance, name, None)
        transaction.set_rollback(True)
    return rows


def _catalog_tables():
    """The catalog's tables, each after those it refers to, many-to-many tables last."""
    models = catalog_models()
    return models + [field.remote_field.through for model in models for field in model._meta.local_many_to_many]


def _derived_documents(model):
    return [field.name for field in model._meta.concrete_fields if isinstance(field, SearchDocumentField)]


@pytest.fixture
def catalog(db, _catalog_rows):
    """The catalog as the fixtures describe it: the rows of one real load, copied in (much faster than loading)."""
    for model, rows in _catalog_rows.items():
        model._base_manager.bulk_create(rows)
    # Ids were copied: PostgreSQL's sequences must move past them before a test adds rows.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(_catalog_rows)):
            cursor.execute(statement)
    derived.refresh(
        derived.Changes(
            films={film.pk for film in _catalog_rows[Film]},
            names={person.pk for person in _catalog_rows[Person]},
            quotes={quote.pk for quote in _catalog_rows[Quote]},
            notes={note.pk for note in _catalog_rows[FilmNote]},
            totals=True,
            catalog=True,
        )
    )


@pytest.fixture
def make():
    return factories


@pytest.fixture
def editor_client(client):
    """The test client, signed in as a member of the Editor group."""
    client.force_login(factories.staff_in("Editor"))
    return client


@pytest.fixture
def publisher_client(client):
    client.force_login(factories.staff_in("Publisher"))
    return client


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Transactional tests last, whatever else reordered the run: each one empties the database as it ends,
    taking the rows the migrations made (groups, permissions, content types) with it."""

    def transactional(item):
        marker = item.get_closest_marker("django_db")
        flagged = marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
        return bool(flagged) or not {"transactional_db", "live_server"}.isdisjoint(item.fixturenames)

    items.sort(key=transactional)
