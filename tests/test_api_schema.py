"""The API tested against its own OpenAPI document by schemathesis: every endpoint and documented parameter, with
values that fit the document and values that break it. No answer may be a server error, and each must be one the
document describes, in the shape it gives."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from catalog.models import FilmStatus
from tests import factories

# The document as the API serves it; serving it reads no rows, so it is read once, when the tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@pytest.fixture
def published_catalog(catalog, settings):
    settings.API_RATE_LIMIT = ""  # thousands of requests from one address, by design
    # A draft the API must never show, whatever it is asked.
    factories.film("Secret Draft", status=FilmStatus.DRAFT, slug="secret-draft")
    # As Django's test client does: a request ending must not close the connection that holds the test's
    # transaction (a real server closes it, or keeps it for CONN_MAX_AGE).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_as_its_document_says(published_catalog, case):
    # Every check but one: a value the document allows may still name no row (a genre's slug, a cursor), and is
    # rightly refused with a 400; the document cannot list the catalog's rows.
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
    assert b"secret-draft" not in response.content
