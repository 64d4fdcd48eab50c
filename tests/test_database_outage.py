"""When the database is unreachable or locked, pages answer 503 "try again shortly", and recover once it is back."""

import logging
import socket
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import DatabaseError, close_old_connections, connection

from catalog.middleware import database_unavailable
from tests.pages import page_text

# Transactional: the tests swap the connection itself, which a test wrapped in a transaction cannot survive.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FILM = "/films/parallel-mothers/"


def refused_port():
    """A local TCP port that nothing listens on: bound, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def database_unreachable(tmp_path):
    """Points the connection at a database that is not there, then puts the real one back."""
    settings_dict = connection.settings_dict
    saved_settings = dict(settings_dict)
    # Set aside rather than closed: closing SQLite's in-memory test database would delete it.
    saved_connection, connection.connection = connection.connection, None
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "no-such-folder" / "db.sqlite3")
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=refused_port())
    try:
        yield
    finally:
        if connection.connection is not None:
            connection.connection.close()
        settings_dict.clear()
        settings_dict.update(saved_settings)
        connection.connection = saved_connection


@contextmanager
def films_table_locked():
    """Another connection holds a write lock on the films table; ours gives up waiting after a tenth of a second."""
    other = connection.copy()
    with other.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("BEGIN IMMEDIATE")
            cursor.execute("UPDATE catalog_film SET title = title")
        else:
            cursor.execute("BEGIN")
            cursor.execute("LOCK TABLE catalog_film IN ACCESS EXCLUSIVE MODE")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA busy_timeout")
            (saved_timeout,) = cursor.fetchone()
            cursor.execute("PRAGMA busy_timeout = 100")
        else:
            cursor.execute("SET lock_timeout = '100ms'")
    try:
        yield
    finally:
        with other.cursor() as cursor:
            cursor.execute("ROLLBACK")
        # Closed directly: Django leaves connections to an in-memory SQLite database open on close().
        other.connection.close()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"PRAGMA busy_timeout = {int(saved_timeout)}")
            else:
                cursor.execute("RESET lock_timeout")


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    text = page_text(response)
    assert "The catalog is briefly unavailable" in text
    assert "Traceback" not in text and "OperationalError" not in text
    # The site's own header and footer, so the visitor knows where they are.
    assert 'class="site-header"' in response.content.decode()
    assert 'class="site-footer"' in response.content.decode()


def test_film_page_answers_503_while_the_database_is_unreachable_and_200_once_it_is_back(
    catalog, client, tmp_path, caplog
):
    assert client.get(FILM).status_code == 200
    cache.clear()  # a cached copy would be served: see the next test
    with caplog.at_level(logging.ERROR, logger="catalog.middleware"), database_unreachable(tmp_path):
        response = client.get(FILM, raise_request_exception=False)
    assert_unavailable_page(response)
    assert any(FILM in record.getMessage() for record in caplog.records if record.name == "catalog.middleware")
    assert client.get(FILM).status_code == 200


def test_visitors_still_get_pages_cached_before_the_database_went_away(catalog, client, tmp_path):
    before = client.get(FILM)
    with database_unreachable(tmp_path):
        during = client.get(FILM, raise_request_exception=False)
    assert during.status_code == 200
    assert during.content == before.content


@pytest.mark.parametrize(
    "url",
    ["/", "/films/?genre=drama", "/people/penelope-cruz/", "/awards/venice-film-festival/", "/search/?q=volver"],
    ids=["home", "film-list", "person", "award-body", "search"],
)
def test_every_kind_of_public_page_answers_503_while_the_database_is_unreachable(client, tmp_path, url):
    with database_unreachable(tmp_path):
        response = client.get(url, raise_request_exception=False)
    assert_unavailable_page(response)


def test_a_signed_in_editor_gets_503_too_and_is_still_signed_in_afterwards(admin_client, tmp_path):
    with database_unreachable(tmp_path):
        response = admin_client.get("/admin/catalog/film/", raise_request_exception=False)
    assert_unavailable_page(response)
    assert admin_client.get("/admin/catalog/film/").status_code == 200


def test_film_page_answers_503_when_the_films_table_stays_locked_past_the_timeout(catalog, client):
    with films_table_locked():
        response = client.get(FILM, raise_request_exception=False)
    assert_unavailable_page(response)
    assert client.get(FILM).status_code == 200


def test_a_broken_query_is_a_bug_not_an_outage(db):
    with pytest.raises(DatabaseError) as raised, connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table")
    assert not database_unavailable(raised.value)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only a database server can drop a connection")
def test_a_kept_connection_the_server_dropped_is_replaced_at_the_next_request(catalog, client):
    assert connection.settings_dict["CONN_MAX_AGE"] > 0 and connection.settings_dict["CONN_HEALTH_CHECKS"]
    cache.clear()
    assert client.get(FILM).status_code == 200
    dropped = connection.connection.info.backend_pid
    other = connection.copy()
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [dropped])
    other.close()
    cache.clear()
    # What Django's request handler does when a request starts; the test client leaves it out.
    close_old_connections()
    response = client.get(FILM)
    assert response.status_code == 200
    assert "Parallel Mothers" in page_text(response)
    assert connection.connection.info.backend_pid != dropped


@pytest.mark.parametrize("url", ["/api/v1/films/?genre=drama", "/api/v1/films/parallel-mothers/", "/api/v1/awards/"])
def test_the_api_answers_a_503_problem_while_the_database_is_unreachable(client, tmp_path, url):
    with database_unreachable(tmp_path):
        response = client.get(url, raise_request_exception=False)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    problem = response.json()
    assert problem["status"] == 503 and "Traceback" not in problem["detail"]
