"""The front cache for real: `make serve FRONT_CACHE=1 WEB_INSTANCES=2` puts Varnish in front of two gunicorn
instances sharing one database and one Redis, and an editor's save through either is seen through Varnish
at the next request.

The site runs on the engine of the test run: a database file on SQLite, a scratch database on PostgreSQL.
"""

import http.client
import os
import secrets
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
import pytest
from playwright.sync_api import expect

from catalog.front_cache import ANNOUNCE_METHOD, GENERATION_HEADER
from tests.serving import REDIS_URL, fetch, free_port, make_serve, manage, production_env, redis_available

from .conftest import PASSWORD, require

FILM = "/films/parallel-mothers/"


@dataclass
class Site:
    front: str  # Varnish
    instances: list  # the gunicorn instances behind it
    env: dict


@contextmanager
def scratch_database(folder):
    """A database of the test run's engine for the served site, dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{folder / 'db.sqlite3'}"
        return
    name = f"filmsite_front_{secrets.token_hex(4)}"
    server = url.rsplit("/", 1)[0]
    # The run's own database need not exist (pytest makes test_<name>); the server's maintenance one does.
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require("/usr/sbin/varnishd", "Varnish", "run 'make front-cache-tools' as root (make test does)")
    if not redis_available():
        pytest.fail("The front cache's tests need Redis on 127.0.0.1:6379.", pytrace=False)
    folder = tmp_path_factory.mktemp("front-cache")
    port = free_port(3)
    varnish_dir = f"/tmp/filmsite-varnish-test-{port}"  # nosec B108 - Varnish's own user must read it
    with scratch_database(folder) as database_url:
        env = production_env(
            DATABASE_URL=database_url,
            REDIS_URL=REDIS_URL,
            DJANGO_CACHE_KEY_PREFIX=f"front-{secrets.token_hex(4)}",
            DJANGO_STATIC_ROOT=str(folder / "static"),
            DJANGO_MEDIA_ROOT=str(folder / "media"),
            # Plain HTTP on loopback: the session cookie must travel without TLS.
            DJANGO_SECURE_COOKIES="0",
            DJANGO_SUPERUSER_PASSWORD=PASSWORD,
            VARNISH_DIR=varnish_dir,
            WEB_CONCURRENCY="1",
        )
        for command in (
            ("migrate", "--no-input"),
            ("load_catalog",),
            ("createsuperuser", "--no-input", "--username", "marta", "--email", "marta@example.org"),
        ):
            result = manage(*command, env=env)
            assert result.returncode == 0, result.stdout + result.stderr
        try:
            with make_serve(folder, env, port, "FRONT_CACHE=1", "WEB_INSTANCES=2", ready=FILM) as front:
                instances = [f"http://127.0.0.1:{port + n}" for n in (1, 2)]
                yield Site(front, instances, {**env, "DJANGO_FRONT_CACHE_URLS": front})
        finally:
            shutil.rmtree(varnish_dir, ignore_errors=True)


@pytest.fixture
def tab(browser):
    """A browser tab of its own: the site under test is not pytest-django's live server, nor its database."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


def visit(url):
    """An anonymous visit: whether the front cache had the page, and the page."""
    _, headers, body = fetch(url)
    return headers["X-Cache"], body.decode()


def kept(url):
    """The page at ``url`` once the front cache serves it from its store.

    The first visit after a change builds the page; at the front cache's start, the second may too (its first
    page taught it the generation, after that page was filed)."""
    for _ in range(3):
        cache, body = visit(url)
        if cache == "hit":
            return body
    pytest.fail(f"the front cache never kept {url}")


def sign_in(tab, base):
    tab.goto(f"{base}/admin/login/?next=/admin/")
    tab.get_by_label("Username").fill("marta")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Log in").click()
    tab.wait_for_url("**/admin/")


def test_a_save_through_one_web_server_is_seen_through_the_front_cache_at_once(tab, site):
    new_title = "Mothers in Parallel"
    assert new_title not in kept(site.front + FILM)
    assert new_title not in kept(f"{site.front}/films/")

    # The editor works on the first instance directly; the pages come through the front cache.
    sign_in(tab, site.instances[0])
    tab.goto(f"{site.instances[0]}/admin/catalog/film/?q=parallel")
    tab.get_by_role("link", name="Parallel Mothers").first.click()
    tab.get_by_label("Title:", exact=True).filter(visible=True).fill(new_title)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Save", exact=True).first.click()
    expect(tab.get_by_text("was changed successfully")).to_be_visible()

    cache, body = visit(site.front + FILM)
    assert (cache, new_title in body) == ("miss", True)
    assert new_title in visit(f"{site.front}/films/")[1]
    # And the new page is kept in turn.
    assert new_title in kept(site.front + FILM)


def test_editors_and_the_admin_always_reach_the_web_servers(tab, site):
    person = f"{site.front}/people/penelope-cruz/"
    sign_in(tab, site.front)  # through the front cache itself
    for _ in range(2):
        response = tab.request.get(person)
        assert (response.status, response.headers["x-cache"]) == (200, "miss")
        assert "private" in response.headers["cache-control"]
        admin = tab.request.get(f"{site.front}/admin/")
        assert (admin.status, admin.headers["x-cache"]) == (200, "miss")
        assert "<title>The catalog |" in admin.text()  # the signed-in dashboard, not the login page
    # What the editor was served was not kept for the next visitor.
    assert visit(person)[0] == "miss"
    assert [visit(f"{site.front}/admin/login/")[0] for _ in range(2)] == ["miss", "miss"]


def announce(site, token, source="127.0.0.1"):
    host, port = site.front.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5, source_address=(source, 0))
    try:
        connection.request(ANNOUNCE_METHOD, "/", headers={GENERATION_HEADER: token})
        return connection.getresponse().status
    finally:
        connection.close()


def test_only_the_web_servers_announce_and_no_page_older_than_the_news_is_kept(site):
    newer = f"{time.time_ns()}-{secrets.token_hex(4)}"
    # 127.0.0.2 is this machine too, but not an address the front cache takes announcements from.
    assert announce(site, newer, source="127.0.0.2") == 403
    assert announce(site, "1-<script>") == 400
    assert announce(site, newer) == 204

    # The site still builds its pages from the generation before the announced one: none is kept.
    url = f"{site.front}/awards/"
    assert [visit(url)[0] for _ in range(3)] == ["miss", "miss", "miss"]

    # The site's next change is newer still, and its pages are kept again.
    result = manage("shell", "-c", "from catalog.caching import bump_generation; bump_generation()", env=site.env)
    assert result.returncode == 0, result.stderr
    kept(url)
