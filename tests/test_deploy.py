"""Production settings: deploy checks, security headers, login throttling, the shared cache, gunicorn."""

import re
import secrets
import subprocess
import sys
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.urls import reverse

from filmsite.safety import client_ip
from tests.serving import REDIS_URL, ROOT, fetch, free_port, make_serve, manage, production_env, redis_available

# Production settings and the server's own behaviour, not the database's.
pytestmark = pytest.mark.engine_independent

PASSWORD = "correct horse battery staple"
# What the TLS-terminating proxy in front of gunicorn adds to every request it forwards.
HTTPS = {"X-Forwarded-Proto": "https"}


def test_deploy_checks_pass_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_checks_catch_debug_left_on():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(DJANGO_DEBUG="1"))
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_a_web_worker_loads_pillow_only_when_an_image_is_uploaded():
    # Every worker would otherwise carry Pillow (about 3 MB) for the rare editor's upload.
    code = (
        "import sys; from filmsite.wsgi import application; "
        "import filmsite.urls, catalog.admin, catalog.public.views, catalog.models.images; "
        "print('PIL' in sys.modules)"
    )
    env = production_env(DJANGO_SETTINGS_MODULE="filmsite.settings")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["False"], result.stderr


@pytest.mark.django_db
def test_security_headers_on_public_pages(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert "unsafe-inline" not in policy["script-src"]
    assert "unsafe-eval" not in policy["script-src"]
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_public_pages_carry_no_inline_script(client, catalog):
    for url in ["/", "/films/", "/films/parallel-mothers/", "/people/penelope-cruz/", "/awards/", "/search/?q=cruz"]:
        html = client.get(url).content.decode()
        scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        # Structured data is a data block, which browsers never execute.
        assert all('type="application/ld+json"' in attributes for attributes in scripts), (url, scripts)


@pytest.mark.django_db
def test_admin_pages_are_under_the_policy(admin_client, catalog):
    response = admin_client.get(reverse("admin:catalog_film_changelist"))
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_https_is_enforced_in_production():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    env = production_env(DJANGO_SETTINGS_MODULE="filmsite.settings")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["True", "True", "True", str(365 * 24 * 3600)], result.stderr


@pytest.mark.django_db
def test_unknown_host_is_refused(client):
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("elena", password=PASSWORD, is_staff=True, is_superuser=True)


def sign_in(client, username, password, next_url="/admin/"):
    return client.post(
        f"{reverse('admin:login')}?next={next_url}",
        {"username": username, "password": password, "next": next_url},
        REMOTE_ADDR="203.0.113.7",
    )


def test_sign_in_never_redirects_off_site(client, staff):
    response = sign_in(client, "elena", PASSWORD, next_url="https://evil.example/phish")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_repeated_wrong_passwords_lock_the_account_out_from_that_address(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "elena", "wrong")
        assert response.status_code == 200
        assert "correct username and password" in response.content.decode()

    locked = sign_in(client, "elena", "wrong")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "60 minutes" in locked.content.decode()

    # Even the right password is refused while the lock lasts, and no session is made.
    assert sign_in(client, "elena", PASSWORD).status_code == 429
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_lockout_is_per_address(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "elena", "wrong")
    other_address = client.post(
        reverse("admin:login"), {"username": "elena", "password": PASSWORD}, REMOTE_ADDR="198.51.100.20"
    )
    assert other_address.status_code == 302


def test_a_right_password_resets_the_count(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "elena", "wrong")
    assert sign_in(client, "elena", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "elena", "wrong")
    assert sign_in(client, "elena", PASSWORD).status_code == 302


def test_redis_url_selects_the_shared_cache():
    code = "import django; django.setup(); from django.conf import settings as s; print(s.CACHES['default'])"
    env = production_env(DJANGO_SETTINGS_MODULE="filmsite.settings", REDIS_URL=REDIS_URL)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert "RedisCache" in result.stdout and REDIS_URL in result.stdout, result.stderr


def test_the_redis_cache_shares_values_between_processes(settings):
    if not redis_available():
        pytest.fail(
            "Redis is not running on 127.0.0.1:6379. Start it with: redis-server --daemonize yes "
            "--bind 127.0.0.1 --port 6379 --save '' --appendonly no",
            pytrace=False,
        )
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "shared"}
    settings.CACHES = {"default": redis}
    cache = caches["default"]
    key = f"filmsite-test-{secrets.token_hex(4)}"
    try:
        cache.set(key, {"title": "Parallel Mothers"}, timeout=30)
        # A separate process (another worker) reads what this one wrote.
        code = (
            f"import django; django.setup(); from django.core.cache import cache; print(cache.get({key!r})['title'])"
        )
        env = production_env(
            DJANGO_SETTINGS_MODULE="filmsite.settings", REDIS_URL=REDIS_URL, DJANGO_CACHE_KEY_PREFIX="shared"
        )
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.stdout.strip() == "Parallel Mothers", result.stderr
    finally:
        cache.delete(key)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`make serve` for real: migrations, collectstatic and gunicorn with production settings."""
    folder = tmp_path_factory.mktemp("serve")
    env = production_env(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        DJANGO_BEHIND_PROXY="1",
        DJANGO_SECURE_SSL_REDIRECT="1",
        WEB_CONCURRENCY="1",
    )
    (folder / "media" / "posters").mkdir(parents=True)
    (folder / "media" / "posters" / "poster.txt").write_text("an uploaded file")
    with make_serve(folder, env, free_port(), headers=HTTPS) as base:
        yield base


def test_make_serve_answers_with_production_headers(served):
    status, headers, body = fetch(f"{served}/", HTTPS)
    assert status == 200
    assert "<h1>Films, in depth</h1>" in body.decode()
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Content-Security-Policy" in headers


def test_make_serve_redirects_plain_http_to_https(served):
    request = urllib.request.Request(f"{served}/films/", headers={"X-Forwarded-Proto": "http"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.build_opener(NoRedirect).open(request, timeout=10)  # nosec B310
    assert answer.value.code == 301
    assert answer.value.headers["Location"].startswith("https://")


def test_make_serve_serves_hashed_compressed_static_files_cached_for_a_year(served):
    _, _, body = fetch(f"{served}/", HTTPS)
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body.decode())
    assert stylesheet, "the stylesheet is not linked under a hashed name"
    status, headers, _ = fetch(served + stylesheet.group(1), {**HTTPS, "Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]


def test_make_serve_serves_uploads_but_nothing_outside_the_media_folder(served):
    status, _, body = fetch(f"{served}/media/posters/poster.txt", HTTPS)
    assert (status, body) == (200, b"an uploaded file")
    with pytest.raises(urllib.error.HTTPError) as answer:
        fetch(f"{served}/media/../db.sqlite3", HTTPS)
    assert answer.value.code in (400, 404)
    with pytest.raises(urllib.error.HTTPError) as answer:
        fetch(f"{served}/media/%2e%2e/db.sqlite3", HTTPS)
    assert answer.value.code in (400, 404)


def test_throttling_counts_the_address_our_proxy_saw_not_one_the_client_forged(rf, settings):
    request = rf.get("/admin/login/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.7")
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "10.0.0.2"
    settings.BEHIND_PROXY = True
    # The left entry came from the client and could say anything; the right one our proxy appended.
    assert client_ip(request) == "203.0.113.7"
