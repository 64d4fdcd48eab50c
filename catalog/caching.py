"""Whole public pages cached for anonymous visitors, and never served stale.

Every cached page is filed under the catalog's current *generation*, a token kept in the shared cache.
Any save or delete of a catalog row (a film, a credit, a person's name, a genre...) replaces the token,
so every page cached before the change stops being found at once: no list of URLs to hunt down, and a
page that shows a person's name need not know it does. Old pages simply age out of the cache.

The token is replaced twice: at once, so that a request reading inside the same transaction sees its
own change, and again when the transaction commits. A page built from the old rows while the change
was still uncommitted is filed under the in-between token, which the commit makes unreachable.

The token is also the pages' ``ETag``, and the time of the change their ``Last-Modified``, so a
browser revalidating an unchanged page gets ``304 Not Modified`` without any rendering.

Each worker also keeps the pages it served last in its own memory (``RecentPages``), each with its
generation: the generation is still read from the shared cache whenever one is served, so a copy held by one
worker can never outlive a save made through another. It spares a cache hit the bulk of its cost, reading
the shared copy and inflating it.

A page is stored whole, with the headers every middleware gave it, and ``PageCacheMiddleware``, near the top
of the middleware, answers a visitor's request for a page this worker served lately before sessions, CSRF,
users, the security policy and URL routing run: serving a stored page costs about what ``/healthz`` costs.
Everything else, and any request carrying a session, takes the long way round, through ``public_page``.

The counts of the paginated lists are filed under the generation too (``cached_count``): every page of
a filtered list shows the same total, which the database would otherwise count again for each one.

A page is keyed on what changes it: its path and the query parameters it reads, which each view declares
once as form fields (``query_fields()``). Any other parameter (``utm_source``, ``fbclid``, junk) is dropped
before the view runs, so the page served is the page of the declared parameters alone, and a repeated
parameter keeps its last value, as forms read it. Values are written as their field reads them (``page=02``
is ``page=2``); a page asked with a value its field refuses is answered but not stored.
"""

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import wraps

from django import forms
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpResponse, QueryDict
from django.middleware.csp import get_nonce
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

from . import front_cache

# Renamed when the token's form changed: a token of the old form is simply not found, and a fresh one begins.
GENERATION_KEY = "catalog:generation:ns"
PAGE_KEY_PREFIX = "catalog:page"
COUNT_KEY_PREFIX = "catalog:count"


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


@dataclass(frozen=True)
class Generation:
    token: str

    @property
    def changed_at(self):
        """When the catalog last changed: the token starts with that time, in decimal nanoseconds."""
        return datetime.fromtimestamp(int(self.token.split("-")[0]) / 1e9, tz=UTC)

    @property
    def etag(self):
        return f'"{self.token}"'

    @classmethod
    def new(cls):
        # The random part keeps two changes in the same nanosecond, on two machines, apart. The time is decimal
        # so that the front cache can tell the newer of two tokens (front_cache.vcl).
        return cls(f"{time.time_ns()}-{secrets.token_hex(4)}")


def current_generation():
    token = _cache().get(GENERATION_KEY)
    if token is None:
        # First request, or the cache lost the key: a fresh token can only make pages miss, never stale.
        generation = Generation.new()
        _cache().add(GENERATION_KEY, generation.token, timeout=None)
        token = _cache().get(GENERATION_KEY, generation.token)
    return Generation(token)


def bump_generation():
    """Make every cached page out of date, here and in the front cache; call it after changing catalog rows
    without ``save()``."""
    generation = Generation.new()
    _cache().set(GENERATION_KEY, generation.token, timeout=None)
    front_cache.announce(generation.token)


def catalog_changed(using=DEFAULT_DB_ALIAS):
    """Bump the generation now, and once more when the current transaction commits (see the module's doc)."""
    bump_generation()
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return
    if not any(callback is bump_generation for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(bump_generation, using=using)


class RecentPages:
    """The pages a worker served last, by address, each as ``(content, headers)`` with the generation it was
    built from, up to a total of ``settings.PAGE_CACHE_LOCAL_BYTES``.

    An address holds one page, of the generation it was last stored or served under. The least recently
    served page goes first. A page larger than the whole allowance is not kept.
    """

    def __init__(self):
        self._pages = OrderedDict()
        self._size = 0
        # Threaded workers share the module: eviction must not interleave with another thread's insert.
        self._lock = threading.Lock()

    def __contains__(self, address):
        return address in self._pages

    def get(self, address, token):
        """The page at ``address`` if it is of the generation ``token``."""
        with self._lock:
            kept = self._pages.get(address)
            if kept is None or kept[0] != token:
                return None
            self._pages.move_to_end(address)
            return kept[1]

    def put(self, address, token, page):
        limit = settings.PAGE_CACHE_LOCAL_BYTES
        size = len(page[0])
        with self._lock:
            old = self._pages.pop(address, None)
            if old is not None:
                self._size -= len(old[1][0])
            if size > limit:
                return
            self._pages[address] = (token, page)
            self._size += size
            while self._size > limit:
                _, (_, (content, _)) = self._pages.popitem(last=False)
                self._size -= len(content)

    def keys(self):
        with self._lock:
            return list(self._pages)

    def clear(self):
        with self._lock:
            self._pages.clear()
            self._size = 0


recent_pages = RecentPages()


def _address(request):
    # Scheme and host are part of it: canonical links and JSON-LD carry absolute addresses. The query is the one
    # sent when the middleware looks a page up, and the canonical one (``canonical_query``) when the view does
    # and when a page is stored, so parameters the page does not read make no new entry. Pages kept for a front
    # cache carry other headers (``front_cache.may_keep``), so they are filed apart.
    address = f"{request.scheme}://{request.get_host()}{request.path}?{request.META.get('QUERY_STRING', '')}"
    if settings.FRONT_CACHE_URLS:
        address = f"front cache {address}"
    return hashlib.sha256(address.encode()).hexdigest()


def _shared_key(address, generation):
    return f"{PAGE_KEY_PREFIX}:{generation.token}:{address}"


def _stored(address, generation):
    """The page stored at ``address`` under ``generation``, as ``(content, headers)``: from this worker's memory,
    or else from the shared cache."""
    page = recent_pages.get(address, generation.token)
    if page is None:
        page = _cache().get(_shared_key(address, generation))
        if page is not None:
            recent_pages.put(address, generation.token, page)
    return page


def _keep(address, generation, response):
    page = (response.content, dict(response.items()))
    _cache().set(_shared_key(address, generation), page, settings.PAGE_CACHE_SECONDS)
    recent_pages.put(address, generation.token, page)


def _stored_response(request, page):
    content, headers = page
    response = HttpResponse(content, headers=headers)
    if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
        last_modified = parse_http_date_safe(headers.get("Last-Modified", ""))
        return get_conditional_response(request, headers.get("ETag"), last_modified, response) or response
    return response


class PageCacheMiddleware:
    """Answers an anonymous visitor's request for a stored page before the rest of the middleware runs, and
    stores the pages ``public_page`` marks once the rest has given them their headers.

    A stored page is kept whole, with the headers every middleware added (security policy, ``Vary``, length),
    so a visitor's request for it needs no session, CSRF check, user, security policy or URL routing: it costs
    about what ``/healthz`` costs. A request with a session cookie, which may be an editor's, goes the long way
    round, to ``public_page``, as does an address whose query is not written as the page's canonical one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        ):
            address = _address(request)
            # Only for an address this worker served lately: any other request is spared the generation's read.
            if address in recent_pages:
                # The view's page, if it comes to that, is filed under this generation too (the module's doc).
                request.page_generation = current_generation()
                page = recent_pages.get(address, request.page_generation.token)
                if page is not None:
                    return _stored_response(request, page)
        response = self.get_response(request)
        keep = getattr(response, "keep_at", None)
        # The middleware between here and the view may still have set a cookie, or used the page's nonce.
        if keep is not None and not response.cookies and not get_nonce(request):
            _keep(*keep, response)
        return response


def query_fields(view):
    """The form fields, by parameter name, of the query string ``view`` reads; see the module's doc.

    A view that is not ours declares them where it is wrapped: ``public_page(view, query={...})``.
    """
    view_class = getattr(view, "view_class", None)
    if view_class is not None and hasattr(view_class, "query_fields"):
        return view_class.query_fields()
    return {}


def canonical_query(data, fields):
    """``(query, valid)``: the parameters of ``data`` that ``fields`` name, in their order, each written as its
    field reads it; ``valid`` is false when a field refuses its value.

    Fields that check a value against the database (a genre's slug) take it as sent: the view checks it, and
    answers an unknown one with an error page, which is never stored.
    """
    query = QueryDict(mutable=True)
    valid = True
    for name, field in fields.items():
        if name not in data:
            continue
        value, ok = _canonical_value(field, data[name])
        query[name] = value
        valid = valid and ok
    query._mutable = False
    return query, valid


def _canonical_value(field, raw):
    if isinstance(field, forms.ModelChoiceField):
        return raw, True
    try:
        # The field's own steps, without subclasses' clean() (PersonNameField's looks people up).
        value = field.to_python(raw)
        field.validate(value)
        field.run_validators(value)
    except ValidationError:
        return raw, False
    return ("" if value in field.empty_values else str(value)), True


def _cacheable(request):
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated and settings.PAGE_CACHE


def cached_count(queryset):
    """``queryset.count()``, kept under the current generation so that no change to the catalog goes uncounted.

    The key is the queryset's SQL with its parameters, so two querysets share a count only when they ask the
    database the same question. Unlike pages, counts are kept for editors too: they are the same for everyone
    who runs the same query.
    """
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return 0  # a filter that can match nothing, such as ``pk__in=[]``
    return cached_by(("count", queryset.db, sql, params), queryset.count)


def cached_by(question, compute):
    """``compute()``, kept under the current generation and keyed by ``question``: a tuple of plain values
    (strings, numbers, tuples of them) that says everything the answer depends on besides the catalog."""
    return _kept_answer(f"{current_generation().token}:{_digest(question)}", compute, settings.PAGE_CACHE_SECONDS)


def cached_for(question, compute):
    """``compute()``, kept for ``settings.PAGE_CACHE_SECONDS`` whatever the catalog does meanwhile, keyed by
    ``question`` like ``cached_by``. Only for answers that stay right, if less exact, after a change: where a
    sitemap's pages start, not what they list."""
    return _kept_answer(f"lasting:{_digest(question)}", compute, settings.PAGE_CACHE_SECONDS)


def _digest(question):
    return hashlib.sha256(repr(question).encode()).hexdigest()


def _kept_answer(key, compute, seconds):
    key = f"{COUNT_KEY_PREFIX}:{key}"
    answer = _cache().get(key)
    if answer is None:
        answer = compute()
        _cache().set(key, answer, seconds)
    return answer


def public_page(view, query=None):
    """Serve ``view`` from the page cache to anonymous visitors; editors always get a fresh page.

    The view sees only the query parameters it declares (``query``, by default ``query_fields(view)``), for
    editors and visitors alike. Only complete ``200`` pages that set no cookie, up to
    ``settings.PAGE_CACHE_MAX_BYTES``, are stored. Anonymous responses carry the generation's ``ETag`` and
    ``Last-Modified`` with ``Cache-Control: no-cache``, so browsers revalidate every time and an unchanged page
    costs a ``304``. Behind a front cache, a stored page also says the front cache may keep it (``front_cache``).
    """
    declared = {}

    def fields():
        # Built at the first request rather than at import, when the URL modules load.
        if "fields" not in declared:
            declared["fields"] = query_fields(view) if query is None else query
        return declared["fields"]

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.GET, valid_query = canonical_query(request.GET, fields())
        request.META["QUERY_STRING"] = request.GET.urlencode()
        if not _cacheable(request):
            response = view(request, *args, **kwargs)
            if request.user.is_authenticated:
                add_never_cache_headers(response)
            return response

        generation = getattr(request, "page_generation", None) or current_generation()
        # Whole seconds, as the header carries them; two changes within one second differ by ETag only.
        last_modified = int(generation.changed_at.timestamp())
        not_modified = get_conditional_response(request, etag=generation.etag, last_modified=last_modified)
        if not_modified is not None:
            return not_modified

        address = _address(request)
        page = _stored(address, generation)
        if page is not None:
            return _stored_response(request, page)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200:
            response["ETag"] = generation.etag
            response["Last-Modified"] = http_date(last_modified)
            storable = valid_query and _storable(request, response)
            if storable:
                # Stored by PageCacheMiddleware, with the headers the middleware adds on the way out.
                response.keep_at = (address, generation)
            if storable and settings.FRONT_CACHE_URLS:
                front_cache.may_keep(response, generation.token)
            else:
                patch_cache_control(response, no_cache=True)
        return response

    return wrapper


def _storable(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # One outsized page (a person with thousands of credits) must not crowd out hundreds of others.
        and len(response.content) <= settings.PAGE_CACHE_MAX_BYTES
        # A page that used the CSRF token would hand one visitor's token to the next.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )
