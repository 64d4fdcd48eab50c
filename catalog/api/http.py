"""What every API view does besides answering: limits each client address, and answers ``304`` to a client that
already holds the catalog's current generation.

The catalog's generation (``catalog.caching``) changes with every save, so it is each answer's ``ETag`` as it is
the pages'. A client or shared cache that sends it back in ``If-None-Match`` gets ``304 Not Modified`` before any
row is read; ``Cache-Control: public, no-cache`` lets shared caches keep answers while making them ask each time,
so nobody is ever served a film as it was before an edit.
"""

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from rest_framework.throttling import SimpleRateThrottle

from filmsite.safety import client_ip

from ..caching import current_generation


class ClientAddressThrottle(SimpleRateThrottle):
    """``settings.API_RATE_LIMIT`` requests per client address, the address read as sign-in throttling reads it
    (behind a proxy, the one the proxy saw)."""

    scope = "api"

    def get_rate(self):
        return settings.API_RATE_LIMIT or None

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


class NotModified(Exception):
    """Raised by a view to answer ``response`` (a ``304``) at once; the exception handler hands it back."""

    def __init__(self, response):
        super().__init__(response.status_code)
        self.response = response


class CatalogAnswerMixin:
    """For read-only API views: ``304`` for a client holding the current generation, validators on every ``200``."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # the throttle first: a 304 is a request too
        self.generation = current_generation()
        not_modified = get_conditional_response(
            request, etag=self.generation.etag, last_modified=self._last_modified()
        )
        if not_modified is not None:
            raise NotModified(not_modified)

    def _last_modified(self):
        # Whole seconds, as the header carries them; two changes within one second differ by ETag only.
        return int(self.generation.changed_at.timestamp())

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code in (200, 304) and hasattr(self, "generation"):
            response["ETag"] = self.generation.etag
            response["Last-Modified"] = http_date(self._last_modified())
            patch_cache_control(response, public=True, no_cache=True)
        return response
