"""The operator's side: settings from the environment and the local setup commands."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from filmsite.settings import BASE_DIR

# Settings and setup commands, not the database's behaviour.
pytestmark = pytest.mark.engine_independent

SHOW_DEBUG = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
SERVE = "import filmsite.wsgi; print('serving')"


def run_settings(code=SHOW_DEBUG, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env, DJANGO_SETTINGS_MODULE="filmsite.settings")
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_server_refuses_to_start_without_a_secret_key():
    result = run_settings(SERVE, DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_server_starts_with_a_secret_key():
    result = run_settings(SERVE, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="a-real-secret-for-this-test")
    assert result.returncode == 0, result.stderr
    assert "serving" in result.stdout


def test_tooling_can_load_settings_without_a_secret_key():
    result = run_settings(DJANGO_DEBUG="0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_debug_mode_starts_with_the_development_key():
    result = run_settings(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_a_malformed_boolean_setting_is_explained():
    result = run_settings(DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


@pytest.mark.django_db
def test_local_admin_is_created_once_with_a_printed_password():
    if connection.vendor != "sqlite":
        with pytest.raises(CommandError, match="only for the local SQLite"):
            call_command("ensure_local_admin")
        return
    out = StringIO()
    call_command("ensure_local_admin", stdout=out)
    password = out.getvalue().split("password: ")[1].split()[0]
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)

    again = StringIO()
    call_command("ensure_local_admin", stdout=again)
    assert "already exists" in again.getvalue()
    assert password not in again.getvalue()
    assert get_user_model().objects.count() == 1


def test_healthz_answers_without_the_database_or_a_session(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "sessionid" not in response.cookies
    assert client.post("/healthz").status_code == 405
