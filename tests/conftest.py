import pytest
from django.core.management import call_command

from tests import factories


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


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
