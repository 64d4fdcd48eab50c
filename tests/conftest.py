import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests import factories


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


@pytest.fixture
def catalog(db):
    """The catalog as the fixtures describe it."""
    call_command("load_catalog", verbosity=0)


@pytest.fixture
def make():
    return factories
