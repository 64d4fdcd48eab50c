"""On SQLite, editors saving at the same moment while visitors read neither lock each other out nor lose a save.

The workload runs in a subprocess configured only by DATABASE_URL, as a server worker is, on a
migrated database file of its own: the suite's in-memory database cannot show file locking.
"""

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from django.db import connection

from filmsite.settings import BASE_DIR

pytestmark = pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="SQLite locking settings; this run uses PostgreSQL, where they do not apply",
)

WRITERS = 3
SAVES = 15
READERS = 4


def workload():
    """Readers list films while writers save one film as the admin does; print what happened as JSON."""
    import threading

    from django.core.management import call_command
    from django.db import connection, connections, transaction

    from catalog.models import Film, Genre

    call_command("migrate", verbosity=0)
    film = Film.objects.create(title="Contended", slug="contended", year=2000)
    errors, reads = [], [0] * READERS
    writing = threading.Barrier(WRITERS + READERS)
    done = threading.Event()

    def save(writer):
        for n in range(SAVES):
            # Read, then write, in one transaction: the shape of every admin save.
            with transaction.atomic():
                edited = Film.objects.get(pk=film.pk)
                edited.title = f"Saved by writer {writer}, time {n}"
                edited.save()
                edited.genres.add(Genre.objects.create(name=f"Genre {writer}-{n}", slug=f"genre-{writer}-{n}"))

    def read(reader):
        while not done.is_set():
            list(Film.objects.for_listing())
            Film.objects.get(pk=film.pk).genres.count()
            reads[reader] += 1

    def run(work, number):
        try:
            writing.wait()
            work(number)
        except Exception as error:
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    writers = [threading.Thread(target=run, args=(save, n)) for n in range(WRITERS)]
    readers = [threading.Thread(target=run, args=(read, n)) for n in range(READERS)]
    for thread in writers + readers:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    for thread in readers:
        thread.join()

    film.refresh_from_db()
    with connection.cursor() as cursor:
        pragmas = {name: cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in ("synchronous", "busy_timeout")}
    print(
        json.dumps(
            {
                "errors": errors,
                "reads": reads,
                "lock_version": film.lock_version,
                "genres": film.genres.count(),
                "pragmas": pragmas,
            }
        )
    )


def run_with_database(database, code, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env, DJANGO_SETTINGS_MODULE="filmsite.settings", DATABASE_URL=f"sqlite:///{database}")
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_concurrent_admin_saves_and_page_reads_neither_fail_nor_lose_a_save(tmp_path):
    database = tmp_path / "filmsite.sqlite3"
    report = run_with_database(database, "from tests.test_sqlite_concurrency import workload; workload()")

    assert report["errors"] == []
    assert all(report["reads"]), "every reader read while the writers wrote"
    # Every save read the version the previous one wrote: none was lost to a concurrent one.
    assert report["lock_version"] == 1 + WRITERS * SAVES
    assert report["genres"] == WRITERS * SAVES
    assert report["pragmas"] == {"synchronous": 1, "busy_timeout": 20_000}  # NORMAL; 20 seconds
    with sqlite3.connect(database) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_busy_timeout_can_be_set_from_the_environment(tmp_path):
    show = "from django.db import connection; print(connection.cursor().execute('PRAGMA busy_timeout').fetchone()[0])"
    assert run_with_database(tmp_path / "filmsite.sqlite3", show, DJANGO_SQLITE_TIMEOUT="3") == 3000
