"""The front cache: Varnish in front of the web servers, told of every change to the catalog.

The page cache (``catalog.caching``) files each page under the catalog's *generation*. The front cache does
the same: its configuration (``vcl()``, from ``templates/front_cache/varnish.vcl``) adds the generation it
knows to the key of every page, so a new generation makes every page it holds unreachable at once, like a
ban, with no list of addresses to purge. It learns each new generation in two ways:

- ``announce()``: every change to the generation is sent to each front cache at once
  (``settings.FRONT_CACHE_URLS``), by the derived-data service through ``caching.bump_generation``;
- from the pages themselves: a page says which generation it was built from (``SURROGATE_KEY``), and a
  newer one than the front cache knows is taken as an announcement, so a lost announcement (the front
  cache restarting, say) heals at the next page built.

A page built from an older generation than the front cache knows, such as a page whose rendering began
before a save committed, is passed on but never kept. Only pages the page cache itself would store carry the
key (``may_keep``); editors, the admin and the API never do, and the front cache passes any request that
carries a session.
"""

import http.client
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

# The request method and header that announce a generation, and the response header naming a page's.
ANNOUNCE_METHOD = "BAN"
GENERATION_HEADER = "Catalog-Generation"
SURROGATE_KEY = "Surrogate-Key"
KEY_PREFIX = "catalog-"
ANNOUNCE_TIMEOUT_SECONDS = 2


def announce(token):
    """Tell every front cache that ``token`` is the catalog's generation now. A front cache that cannot be
    reached is logged, not raised: the save that bumped the generation has happened either way."""
    for url in settings.FRONT_CACHE_URLS:
        address = urlsplit(url)
        connection = http.client.HTTPConnection(address.hostname, address.port or 80, timeout=ANNOUNCE_TIMEOUT_SECONDS)
        try:
            connection.request(ANNOUNCE_METHOD, "/", headers={GENERATION_HEADER: token})
            status = connection.getresponse().status
        except (OSError, http.client.HTTPException):
            logger.error("Could not tell the front cache at %s of generation %s", url, token, exc_info=True)
            continue
        finally:
            connection.close()
        if status != 204:
            logger.error("The front cache at %s answered %s to generation %s", url, status, token)


def may_keep(response, token):
    """Let the front cache keep ``response``, a page of generation ``token``, until a newer generation."""
    patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_SECONDS)
    response[SURROGATE_KEY] = KEY_PREFIX + token


def vcl(backends):
    """Varnish's configuration for serving this site from ``backends``, a list of ``(host, port)``."""
    allowed = [host for host in settings.ALLOWED_HOSTS if host != "*" and not host.startswith(".")]
    return render_to_string(
        "front_cache/varnish.vcl",
        {
            "backends": backends,
            "announcers": settings.FRONT_CACHE_ANNOUNCERS,
            "probe_host": allowed[0] if allowed else "localhost",
            "announce_method": ANNOUNCE_METHOD,
            "generation_header": GENERATION_HEADER,
            "surrogate_key": SURROGATE_KEY,
            "key_prefix": KEY_PREFIX,
            "admin_path": reverse("admin:index"),
            "session_cookie": settings.SESSION_COOKIE_NAME,
        },
    )
