"""Keeps slow requests from holding a worker, and tells visitors to come back shortly, instead of showing a
server error, when the database is down, busy, or a page would take too long."""

import logging
import sqlite3
import time
from contextlib import ExitStack

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# SQLite virtual machine instructions between two looks at the clock: often enough to stop within a
# millisecond or so of the deadline, rarely enough that the looks cost nothing measurable.
SQLITE_PROGRESS_STEPS = 10_000
# PostgreSQL's code for a statement cancelled by statement_timeout; psycopg is not imported on SQLite.
QUERY_CANCELED = "57014"


def database_unavailable(exception):
    """Whether ``exception`` says the database cannot be reached or is locked, not that a query is wrong."""
    if not isinstance(exception, OperationalError | InterfaceError):
        return False
    # SQLite also reports malformed or too complex SQL ("no such table", "LIKE or GLOB pattern too
    # complex") as an OperationalError, with the generic SQLITE_ERROR code: a bug to fix, not an outage.
    cause = exception.__cause__
    return not (isinstance(cause, sqlite3.Error) and getattr(cause, "sqlite_errorcode", None) == sqlite3.SQLITE_ERROR)


def query_budget_exceeded(exception):
    """Whether ``exception`` is a query stopped because the request ran out of its database time."""
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    if isinstance(cause, sqlite3.Error):
        return getattr(cause, "sqlite_errorcode", None) == sqlite3.SQLITE_INTERRUPT
    return getattr(cause, "sqlstate", None) == QUERY_CANCELED


class QueryBudget:
    """The database time one request may use, given to each connection just before its first query.

    On PostgreSQL it is the connection's ``statement_timeout``; on SQLite a progress handler that stops any
    query once the request's deadline has passed. Both are taken off again when the request ends (``end``):
    a worker keeps its connection for the next request (``CONN_MAX_AGE``), which may be an editor's. A request
    that never queries, such as a page served from the cache, costs nothing.
    """

    def __init__(self, seconds):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        # Each alias's DB-API connection the budget was given to: a connection opened anew needs it again.
        self.applied = {}

    def __call__(self, execute, sql, params, many, context):
        connection = context["connection"]
        if self.applied.get(connection.alias) is not connection.connection:
            self.applied[connection.alias] = connection.connection
            self._set(connection.vendor, connection.connection)
        return execute(sql, params, many, context)

    def _set(self, vendor, raw):
        # Through the DB-API connection, so that the setting is not counted among the page's queries.
        if vendor == "postgresql":
            with raw.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {max(1, round(self.seconds * 1000))}")
        elif vendor == "sqlite":
            raw.set_progress_handler(self._past_deadline, SQLITE_PROGRESS_STEPS)

    def _past_deadline(self):
        return time.monotonic() > self.deadline

    def end(self):
        for alias, raw in self.applied.items():
            connection = connections[alias]
            if connection.connection is not raw:
                continue  # closed or replaced during the request: the setting went with it
            try:
                if connection.vendor == "postgresql":
                    with raw.cursor() as cursor:
                        cursor.execute("RESET statement_timeout")
                elif connection.vendor == "sqlite":
                    raw.set_progress_handler(None, SQLITE_PROGRESS_STEPS)
            except connection.Database.Error:
                # A connection that cannot take a RESET is broken; Django closes it before the next request.
                logger.warning("Could not lift the query budget on %s", alias, exc_info=True)


class QueryBudgetMiddleware:
    """Gives each request ``QUERY_BUDGET_SECONDS`` of database time, or ``ADMIN_QUERY_BUDGET_SECONDS`` in the admin.

    A query that runs past it fails, and ``DatabaseUnavailableMiddleware`` answers 503.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        budget = QueryBudget(self.seconds_for(request))
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(budget))
            try:
                return self.get_response(request)
            finally:
                budget.end()

    def seconds_for(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        if request.path.startswith(self.admin_prefix):
            return settings.ADMIN_QUERY_BUDGET_SECONDS
        return settings.QUERY_BUDGET_SECONDS


class DatabaseUnavailableMiddleware:
    """Answers 503 with ``Retry-After`` when a view finds the database unreachable or locked past its timeout,
    or runs out of its query budget.

    Nothing needs resetting afterwards: Django closes a connection that failed when the request ends,
    and checks a kept one before the next request uses it, so the site recovers by itself once the
    database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if query_budget_exceeded(exception):
            logger.warning("Query budget exceeded while serving %s %s", request.method, request.get_full_path())
            return self.try_again_later(too_slow=True)
        if not database_unavailable(exception):
            return None
        logger.error("Database unavailable while serving %s %s", request.method, request.path, exc_info=exception)
        return self.try_again_later(too_slow=False)

    def try_again_later(self, *, too_slow):
        # Rendered without the request, so that no context processor (the signed-in user, messages)
        # reaches for the database that just failed.
        response = HttpResponse(render_to_string("503.html", {"too_slow": too_slow}), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        # A cache in front of the site must not go on serving the outage once the database is back.
        add_never_cache_headers(response)
        return response
