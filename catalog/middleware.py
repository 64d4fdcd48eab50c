"""Tells visitors to come back shortly when the database is down or busy, instead of showing a server error."""

import logging
import sqlite3

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def database_unavailable(exception):
    """Whether ``exception`` says the database cannot be reached or is locked, not that a query is wrong."""
    if not isinstance(exception, OperationalError | InterfaceError):
        return False
    # SQLite also reports malformed or too complex SQL ("no such table", "LIKE or GLOB pattern too
    # complex") as an OperationalError, with the generic SQLITE_ERROR code: a bug to fix, not an outage.
    cause = exception.__cause__
    return not (isinstance(cause, sqlite3.Error) and getattr(cause, "sqlite_errorcode", None) == sqlite3.SQLITE_ERROR)


class DatabaseUnavailableMiddleware:
    """Answers 503 with ``Retry-After`` when a view finds the database unreachable or locked past its timeout.

    Nothing needs resetting afterwards: Django closes a connection that failed when the request ends,
    and checks a kept one before the next request uses it, so the site recovers by itself once the
    database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_unavailable(exception):
            return None
        logger.error("Database unavailable while serving %s %s", request.method, request.path, exc_info=exception)
        # Rendered without the request, so that no context processor (the signed-in user, messages)
        # reaches for the database that just failed.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        # A cache in front of the site must not go on serving the outage once the database is back.
        add_never_cache_headers(response)
        return response
