"""Settings for filmsite, read from the environment with safe local defaults.

Every knob is an environment variable (``DJANGO_*``, plus the conventional
``DATABASE_URL``); nothing secret lives in the repository.
"""

import hashlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


DEBUG = env_bool("DJANGO_DEBUG", default=False)

# The development key is public by design: it only ever signs local sessions. Tooling (migrations, checks) may run
# with it; the WSGI/ASGI entry points refuse to serve with it (filmsite/safety.py).
DEVELOPMENT_SECRET_KEY = "filmsite-development-key-not-for-production"  # nosec B105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "") or DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "catalog.apps.EditorialAdminConfig",  # django.contrib.admin, with the editors' dashboard
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: `runserver` then leaves static files to whitenoise, as production does. Its own
    # static handler runs outside Django's error handling, so a path such as /static/../x answered 500.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "reversion",
    "axes",
    "catalog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that may answer, so that every API answer, an error or a 304 too, carries CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    # Static files are answered before sessions or the database are touched.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A visitor's request for a stored page is answered here, before sessions, CSRF, users and routing.
    "catalog.caching.PageCacheMiddleware",
    # Around everything that may query, sessions included (QUERY_BUDGET_SECONDS below).
    "catalog.middleware.QueryBudgetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "catalog.middleware.DatabaseUnavailableMiddleware",
    # Holds every film saved during the request to its user's right to publish.
    "catalog.publication.PublicationRuleMiddleware",
    # A request that may write runs in one transaction, with derived data refreshed once before it commits.
    "catalog.derived.WritesInOneBatchMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during sign-in into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "filmsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "filmsite.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Opening a PostgreSQL connection costs more than serving a cached page, so a worker keeps its
        # connection between requests; the health check at each request's first query replaces one the
        # server dropped (a restart, an idle timeout) instead of failing that request.
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several server workers share one file. WAL lets readers carry on while one writer commits;
    # IMMEDIATE takes the write lock when a transaction begins, so a transaction that reads and
    # then saves (every admin save) cannot fail half-way with "database is locked"; the timeout
    # is how long a writer queues for that lock. synchronous=NORMAL is safe with WAL: a power cut
    # may lose the last commits but never corrupts the file.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("DJANGO_SQLITE_TIMEOUT", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }

# How long the database may work for one request before the visitor is told to try again (503), so that a
# slow page cannot hold a worker while every page behind it waits. On PostgreSQL it is each statement's
# statement_timeout; on SQLite the request's queries share it. The admin's saves and bulk actions get longer.
# Management commands (migrate, load_catalog, generate_catalog...) run outside requests, without a limit.
QUERY_BUDGET_SECONDS = env_int("DJANGO_QUERY_BUDGET_SECONDS", 3)
ADMIN_QUERY_BUDGET_SECONDS = env_int("DJANGO_ADMIN_QUERY_BUDGET_SECONDS", 20)

# PostgreSQL's lookups, indexes and unaccent support; importing it loads psycopg, so only on PostgreSQL.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_filters"), "django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every worker process: Redis when configured, otherwise files on this machine
# (a per-process memory cache would let one worker serve a page another worker's save made stale).
# Keys are prefixed with the database's identity, so two sites (or a benchmark copy) sharing one Redis never
# read each other's pages.
_database_identity = "|".join(str(DATABASES["default"].get(key, "")) for key in ("HOST", "PORT", "NAME"))
CACHE_KEY_PREFIX = (
    os.environ.get("DJANGO_CACHE_KEY_PREFIX") or hashlib.sha256(_database_identity.encode()).hexdigest()[:8]
)
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("DJANGO_CACHE_DIR") or str(BASE_DIR / "var" / "cache"),
            "OPTIONS": {"MAX_ENTRIES": env_int("DJANGO_CACHE_MAX_ENTRIES", 20000)},
        }
    }
CACHES["default"]["KEY_PREFIX"] = CACHE_KEY_PREFIX

# Whole public pages for anonymous visitors (catalog.caching). Off by default while developing, so that
# template edits show at once; saves invalidate cached pages whatever the timeout.
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", default=not DEBUG)
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 60 * 60)
# Bytes of recently served pages each worker also keeps in memory (about 40 film pages); 0 keeps none.
PAGE_CACHE_LOCAL_BYTES = env_int("DJANGO_PAGE_CACHE_LOCAL_BYTES", 1_000_000)
# A page larger than this is served but not stored: a few outsized pages must not crowd out the rest.
PAGE_CACHE_MAX_BYTES = env_int("DJANGO_PAGE_CACHE_MAX_BYTES", 500_000)
# Varnish in front of the site (catalog.front_cache; `make serve FRONT_CACHE=1`): the addresses each change of
# the catalog is announced to, and the addresses it accepts announcements from.
FRONT_CACHE_URLS = env_list("DJANGO_FRONT_CACHE_URLS")
FRONT_CACHE_ANNOUNCERS = env_list("DJANGO_FRONT_CACHE_ANNOUNCERS", "127.0.0.1,::1")

# Pages of a public list a visitor may ask for; deeper ones are answered with advice to narrow the filters.
LIST_MAX_PAGES = env_int("DJANGO_LIST_MAX_PAGES", 100)
# The film list counts its filters' options over at most this many films (catalog.public.facets).
FACET_COUNT_MAX_FILMS = env_int("DJANGO_FACET_COUNT_MAX_FILMS", 1000)

# Only editors sign in, and only to the admin.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

AUTHENTICATION_BACKENDS = [
    # Refuses sign-in for a locked-out username/address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one account from one address lock that pair out for an hour; a right
# password resets the count. Locking by username alone would let anyone lock an editor out.
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 60) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Password spraying (a few common passwords against every account) stays under that limit, so an address whose
# failed sign-ins name ten different usernames within the cool-off is locked out as a whole. Editors sharing an
# office's address each mistype their own name: ten different ones in an hour is not an accident.
AXES_HANDLER = "filmsite.safety.LoginThrottle"
LOGIN_ADDRESS_USERNAME_LIMIT = env_int("DJANGO_LOGIN_ADDRESS_USERNAME_LIMIT", 10)
AXES_LOCKOUT_CALLABLE = "filmsite.safety.locked_out"
# Behind a proxy every request comes from the proxy's address; the client is what it forwarded.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
AXES_CLIENT_IP_CALLABLE = "filmsite.safety.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Production serves collected files under content-hashed names, gzip-compressed, cached for a year
# (whitenoise). That needs `collectstatic` first, so development and tests use plain names.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Without collected files (development, tests) whitenoise finds static files where they are written.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = DEBUG

MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded posters are served by Django itself in local setups (make run, make serve); a real
# deployment hands /media/ to the web server or an object store and leaves this off.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=DEBUG)
# Pictures' renditions encoded at the encoders' fastest: larger files in a fraction of the time
# (catalog/models/renditions.py). For the tests and slow machines; a public site keeps it off.
FAST_RENDITIONS = env_bool("DJANGO_FAST_RENDITIONS")

# Requests: a film's change form with every inline is a few hundred fields; uploads stream to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# HTTPS. The defaults are production's; a laptop (DEBUG on) gets plain HTTP. Behind a proxy that
# terminates TLS, set DJANGO_BEHIND_PROXY=1 so the forwarded scheme is trusted.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script anywhere: the public pages use none, and the admin's own scripts are files.
# Inline <script> that ever becomes necessary carries {{ csp_nonce }}. JSON-LD data blocks are not
# executed, so the policy leaves them alone.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The public read API (catalog.api): anonymous, read-only, JSON only.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["catalog.api.http.ClientAddressThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "catalog.api.problems.problem_exception_handler",
    "URL_FORMAT_OVERRIDE": None,
    "COERCE_DECIMAL_TO_STRING": False,
}
# Requests one client address may make to the API, e.g. "120/minute"; "" turns the limit off.
API_RATE_LIMIT = os.environ.get("DJANGO_API_RATE_LIMIT", "300/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "filmsite API",
    "DESCRIPTION": (
        "The catalog's published films, people, awards, genres, countries and languages, read-only, as JSON. "
        "Drafts never appear. Lists take the same filters as the site's lists and are paged by cursor."
    ),
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_NO_READ_ONLY_REQUIRED": False,
    # Every spoiler level, whatever field holds it, is one enum in the document.
    "ENUM_NAME_OVERRIDES": {"SpoilerLevel": "catalog.models.choices.SpoilerLevel"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "catalog.api.problems.document_problems",
    ],
}
# Any site may read the API from a browser; nothing else is shared, and no credentials are sent.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Link"]

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
