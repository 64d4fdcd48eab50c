"""No request holds a worker for long: a page whose queries outrun its budget answers 503 "try again"; the admin
gets a longer budget, and management commands none."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection

from catalog.models import Film, FilmStatus
from tests.pages import page_text

# Transactional: a cancelled statement aborts the transaction a test would otherwise run in, and another
# connection must see the films to lock them. Serialized rollback, as the suite's other transactional tests,
# so that they find the tables as they left them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LIST = "/films/?q=no+such+title"
ADMIN_LIST = "/admin/catalog/film/?q=no+such+title"


class SlowFilms:
    """Queries that read the films outlast a visitor's budget, but not an editor's or a command's.

    On PostgreSQL another connection locks the films table until ``let_go_soon()``. On SQLite, whose lock
    waits are not a query's work, the table holds thousands of films and a visitor's budget is nil: a query
    that reads them passes its deadline at SQLite's first look at the clock.
    """

    FILMS = 5000

    def __init__(self, settings):
        self.other = None
        if connection.vendor == "sqlite":
            settings.QUERY_BUDGET_SECONDS = 0
            Film.objects.bulk_create(
                Film(title=f"Film {n}", slug=f"film-{n}", year=2000, status=FilmStatus.PUBLISHED)
                for n in range(self.FILMS)
            )
        else:
            settings.QUERY_BUDGET_SECONDS = 0.2
            self.other = connection.copy()
            self.hold()

    def hold(self):
        if self.other is not None:
            with self.other.cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute("LOCK TABLE catalog_film IN ACCESS EXCLUSIVE MODE")

    def let_go_soon(self, seconds=0.5):
        """Ends the lock a moment from now, while the request about to be made waits for it."""
        if self.other is not None:
            threading.Timer(seconds, self.other.connection.execute, ["ROLLBACK"]).start()

    def close(self):
        if self.other is not None:
            self.other.connection.execute("ROLLBACK")
            self.other.connection.close()


@pytest.fixture
def slow_films(settings):
    slow = SlowFilms(settings)
    yield slow
    slow.close()


def assert_too_slow_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    text = page_text(response)
    assert "This page is taking too long" in text
    assert "Traceback" not in text and "OperationalError" not in text
    assert 'class="site-header"' in response.content.decode()


def statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def test_a_page_whose_queries_outrun_the_budget_answers_503_asking_to_try_again(slow_films, client, settings):
    assert_too_slow_page(client.get(LIST, raise_request_exception=False))
    slow_films.let_go_soon()
    settings.QUERY_BUDGET_SECONDS = 30
    assert client.get(LIST).status_code == 200


def test_an_editor_in_the_admin_gets_a_longer_budget_than_a_visitor(slow_films, admin_client, client, settings):
    settings.ADMIN_QUERY_BUDGET_SECONDS = 30
    slow_films.let_go_soon()
    assert admin_client.get(ADMIN_LIST).status_code == 200
    # The same worker's next request, on the connection it kept, has a visitor's budget again.
    slow_films.hold()
    assert_too_slow_page(client.get(LIST, raise_request_exception=False))


def test_a_command_run_after_a_request_has_no_budget(slow_films, client):
    if connection.vendor == "postgresql":
        before = statement_timeout()
    assert_too_slow_page(client.get(LIST, raise_request_exception=False))
    slow_films.let_go_soon()
    call_command("refresh_derived", verbosity=0)
    if connection.vendor == "postgresql":
        assert statement_timeout() == before
