"""Every error the API gives, as an RFC 9457 problem document: one shape, JSON, never a page or a traceback.

``{"type": "about:blank", "title": "Not Found", "status": 404, "detail": "...", "instance": "/api/v1/..."}``,
with ``errors`` (``{"parameter": ["message", ...]}``) when a request's values were refused.
"""

import logging
import math
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.cache import add_never_cache_headers
from rest_framework import exceptions, status

from ..middleware import RETRY_AFTER_SECONDS, database_unavailable, query_budget_exceeded
from .http import NotModified

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem(status_code, detail, *, request=None, errors=None, headers=None):
    """A problem response for ``status_code``; the title is the status's own phrase."""
    body = {"type": "about:blank", "title": HTTPStatus(status_code).phrase, "status": status_code, "detail": detail}
    if request is not None:
        body["instance"] = request.path
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE, headers=headers)
    # An error is an answer about this moment: a cache must not go on serving it.
    add_never_cache_headers(response)
    return response


def _messages(detail):
    """``{"parameter": ["message"]}`` from a ValidationError's detail, whatever its nesting."""
    if isinstance(detail, dict):
        return {str(name): [str(message) for message in _flat(value)] for name, value in detail.items()}
    return {"non_field_errors": [str(message) for message in _flat(detail)]}


def _flat(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _flat(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _flat(item)
    else:
        yield value


def problem_exception_handler(exc, context):
    """REST framework's exception handler (``settings.REST_FRAMEWORK``): any exception a view raises, as a problem."""
    request = context.get("request")
    if isinstance(exc, NotModified):
        return exc.response
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Nothing is published at this address.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, exceptions.ValidationError):
        errors = _messages(exc.detail)
        names = ", ".join(name for name in errors if name != "non_field_errors")
        detail = f"Invalid value for {names}." if names else " ".join(errors["non_field_errors"])
        return problem(status.HTTP_400_BAD_REQUEST, detail, request=request, errors=errors)
    if isinstance(exc, exceptions.Throttled):
        wait = math.ceil(exc.wait or 1)
        detail = f"Too many requests from this address. Try again in {wait} seconds."
        return problem(exc.status_code, detail, request=request, headers={"Retry-After": str(wait)})
    if isinstance(exc, exceptions.APIException):
        headers = {"Allow": ", ".join(context["view"].allowed_methods)} if exc.status_code == 405 else None
        return problem(exc.status_code, str(exc.detail), request=request, headers=headers)
    if query_budget_exceeded(exc) or database_unavailable(exc):
        logger.error("Database unavailable while serving %s", request.path if request else "", exc_info=exc)
        return problem(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "The catalog cannot be read right now. Try again shortly.",
            request=request,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    logger.error("Error while serving %s", request.path if request else "", exc_info=exc)
    return problem(status.HTTP_500_INTERNAL_SERVER_ERROR, "Something went wrong on our side.", request=request)


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An error, as RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string", "description": "Always about:blank: the status says what went wrong."},
        "title": {"type": "string", "description": "The HTTP status's phrase."},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "What went wrong, for a person."},
        "instance": {"type": "string", "description": "The path asked for."},
        "errors": {
            "type": "object",
            "description": "The messages for each refused parameter.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["type", "title", "status", "detail"],
}

_PROBLEM_RESPONSE = {"content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
_DOCUMENTED = {
    "304": {"description": "Not modified since the ETag or date given in If-None-Match or If-Modified-Since."},
    "400": {"description": "A parameter's value was refused; ``errors`` names it.", **_PROBLEM_RESPONSE},
    "404": {"description": "Nothing is published at this address.", **_PROBLEM_RESPONSE},
    "429": {
        "description": "Too many requests from this address; Retry-After says when to try again.",
        **_PROBLEM_RESPONSE,
    },
    "default": {"description": "Any other error.", **_PROBLEM_RESPONSE},
}


def document_problems(result, generator, request, public):
    """drf-spectacular's post-processing hook: the problem responses every operation may give."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, response in _DOCUMENTED.items():
                responses.setdefault(code, response)
    return result


def not_found(request):
    """A problem for an address under ``/api/v1/`` that names no endpoint."""
    return problem(status.HTTP_404_NOT_FOUND, "No endpoint has this address; /api/v1/ lists them.", request=request)
