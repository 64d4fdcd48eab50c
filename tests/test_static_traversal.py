"""The development server answers a path that climbs out of the static or media folder with a 404, never a 500.

`runserver` is run for real, with debug on, as `make run` starts it: its static handling sits outside Django's
own error handling, which the test client never goes through. Production's answers to the same paths are in
tests/test_hostile_input.py.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.traversal_paths import TRAVERSALS

# Static and media file serving never reaches the database.
pytestmark = pytest.mark.engine_independent

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        # http.client sends the path as given: no normalising of dots or slashes on the way.
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def development_server(tmp_path_factory):
    """`manage.py runserver` with debug on, as `make run` starts it (static files served, uploads too)."""
    folder = tmp_path_factory.mktemp("runserver")
    (folder / "media").mkdir()
    (folder / "media" / "poster.txt").write_text("an uploaded file")
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        DJANGO_CACHE_DIR=str(folder / "cache"),
    )
    log = (folder / "runserver.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(port, "/healthz")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"runserver did not start:\n{(folder / 'runserver.log').read_text()}", pytrace=False)
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_the_development_server_still_serves_static_files_and_uploads(development_server):
    status, body = get(development_server, "/static/favicon.svg")
    assert status == 200 and b"<svg" in body
    assert get(development_server, "/media/poster.txt") == (200, b"an uploaded file")


@pytest.mark.parametrize("path", [path for path in TRAVERSALS if path.startswith(("/static/", "/media/"))])
def test_the_development_server_answers_a_path_out_of_its_folders_with_404(development_server, path):
    status, body = get(development_server, path)
    # Django's own serve() answers a path leaving MEDIA_ROOT with 400 (a suspicious request); both are fine.
    assert status in (400, 404)
    # Neither the settings module's source nor the database file came back.
    assert b"def env_bool" not in body and b"SQLite format 3" not in body
