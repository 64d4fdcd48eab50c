"""Benchmark filmsite at catalog scale on this machine and print one Markdown report.

Prepares a dedicated database (SQLite under bench/data/, or the PostgreSQL database that DATABASE_URL
names), fills it with synthetic films once, times every page type in-process, load-tests gunicorn
with wrk, reads the workers' memory, and writes the report to bench/results/<date>-<engine>.md.
See docs/benchmarks.md.

    make bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/filmsite_bench make bench
    .venv/bin/python bench/run.py --films 2000 --duration 3
"""

import argparse
import contextlib
import ctypes
import datetime
import http.client
import json
import os
import platform
import re
import runpy
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "bench"
DATA_DIR = BENCH_DIR / "data"
RESULTS_DIR = BENCH_DIR / "results"
PYTHON = sys.executable
GUNICORN = Path(sys.executable).parent / "gunicorn"
# What gunicorn will read (workers from WEB_CONCURRENCY, max_requests...), for waiting and for the report.
GUNICORN_CONF = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))

# The goals of docs/benchmarks.md, judged on in-process medians (ms) and on the server.
FILM_PAGE_GOAL_MS = 10
LIST_GOAL_MS = 15
WORST_LIST_GOAL_MS = 25
SEARCH_GOAL_MS = 50
WORKER_RSS_GOAL_MB = 60
CACHED_RATIO_GOAL = 0.90
# Through Varnish (make serve FRONT_CACHE=1), the cached film page's req/s against /healthz straight from gunicorn.
FRONT_CACHE_RATIO_GOAL = 5.0
# The load check: while HAMMER_CONNECTIONS ask for deep list pages and searches, the film page's p99 on a
# connection of its own stays within this multiple of its p99 on an idle server.
HAMMER_CONNECTIONS = 32
HAMMER_RATIO_GOAL = 3.0


def log(message):
    print(message, file=sys.stderr, flush=True)


class BenchError(Exception):
    """Something the person running the benchmark must fix; printed without a traceback."""


# --- Setup -----------------------------------------------------------------------------------------


def ensure_wrk():
    if shutil.which("wrk"):
        return
    command = ["apt-get", "install", "-y", "--no-install-recommends", "wrk"]
    if os.geteuid() != 0:
        raise BenchError(f"wrk is not installed. Install it, then run again:\n  sudo {' '.join(command)}")
    log("Installing wrk: " + " ".join(command))
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(command, env=env, check=False).returncode != 0:
        # A machine whose package lists were never fetched knows no wrk yet.
        subprocess.run(["apt-get", "update"], env=env, check=True)
        subprocess.run(command, env=env, check=True)


def bench_database(films, seed):
    """The benchmark's DATABASE_URL: from the environment (PostgreSQL), or a SQLite file of its own."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        path = DATA_DIR / f"films-{films}-seed-{seed}.sqlite3"
        return f"sqlite:///{path}", dj_database_url.parse(f"sqlite:///{path}")
    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if Path(config["NAME"]).resolve() == (BASE_DIR / "db.sqlite3").resolve():
            raise BenchError("DATABASE_URL names the development database db.sqlite3; unset it to use bench/data/.")
    elif config["ENGINE"] == "django.db.backends.postgresql":
        if "bench" not in config["NAME"]:
            raise BenchError(
                f"The benchmark adds synthetic films to the database it is given, and {config['NAME']!r} does not "
                "look like a benchmark database. Name one with 'bench' in it, e.g. "
                "DATABASE_URL=postgres://postgres@127.0.0.1:5432/filmsite_bench."
            )
    else:
        raise BenchError(f"The benchmark runs on SQLite or PostgreSQL, not {config['ENGINE']}.")
    return url, config


def describe_database(config):
    if config["ENGINE"] == "django.db.backends.sqlite3":
        path = Path(config["NAME"])
        return str(path.relative_to(BASE_DIR)) if path.is_relative_to(BASE_DIR) else str(path)
    return f"database {config['NAME']} on {config.get('HOST') or 'localhost'}:{config.get('PORT') or 5432}"


def postgres_params(config, dbname):
    return {
        "dbname": dbname,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
    }


def postgres_connect(config):
    """A connection to the server's maintenance database, for creating and dropping the benchmark's."""
    import psycopg

    return psycopg.connect(**postgres_params(config, "postgres"), autocommit=True)


def vacuum_analyze(config):
    import psycopg

    log("VACUUM ANALYZE")
    with psycopg.connect(**postgres_params(config, config["NAME"]), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def reset_database(config):
    if config["ENGINE"] == "django.db.backends.sqlite3":
        for suffix in ("", "-wal", "-shm"):
            Path(config["NAME"] + suffix).unlink(missing_ok=True)
        return
    from psycopg import sql

    with postgres_connect(config) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(config["NAME"])))


def create_database(config):
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        return
    from psycopg import sql

    with postgres_connect(config) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            log(f"Creating PostgreSQL database {config['NAME']}")
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def manage(env, *args):
    log("$ manage.py " + " ".join(args))
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, stdout=sys.stderr, check=True)


def child_json(env, *args):
    """Runs bench/inprocess.py and returns what it wrote."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [PYTHON, str(BENCH_DIR / "inprocess.py"), *args, "--out", out.name], cwd=BASE_DIR, env=env, check=True
        )
        return json.loads(Path(out.name).read_text())


def prepare_catalog(env, config, films, seed):
    """Migrates, loads the fixtures and, when the catalog is smaller than asked, adds synthetic films once."""
    create_database(config)
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "load_catalog")
    have = child_json(env, "count")["counts"]["films"]
    if have >= films:
        log(f"The database holds {have} films; reusing them.")
    else:
        generate = BASE_DIR / "catalog" / "management" / "commands" / "generate_catalog.py"
        if not generate.exists():
            raise BenchError(
                f"The database holds {have} films and {films} were asked, but manage.py has no generate_catalog "
                "command. Ask for fewer (--films 0 measures the fixtures alone)."
            )
        fixture_films = sum(
            record.get("model") == "catalog.film"
            for path in (BASE_DIR / "fixtures").glob("*.json")
            for record in json.loads(path.read_text())
        )
        if have > fixture_films:
            raise BenchError(
                f"The database holds {have} films, an earlier, smaller catalog; {films} were asked. "
                "Run again with --reset to rebuild it, or name another database."
            )
        started = time.monotonic()
        manage(env, "generate_catalog", "--films", str(films), "--seed", str(seed))
        log(f"Generated the catalog in {time.monotonic() - started:.0f} s.")
        if config["ENGINE"] == "django.db.backends.postgresql":
            # Autovacuum would get there within minutes; doing it now makes the first run like later ones.
            vacuum_analyze(config)
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")


# --- The server --------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def die_with_parent():
    """Ask Linux to stop this child (the server, wrk) if the benchmark itself is killed outright (SIGKILL)."""
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG


class Server:
    """gunicorn with gunicorn.conf.py on a free port; stopped cleanly on leaving the ``with`` block."""

    def __init__(self, env, name):
        self.port = free_port()
        self.env = {**env, "HOST": "127.0.0.1", "PORT": str(self.port)}
        self.log_path = DATA_DIR / f"gunicorn-{name}.log"
        self.process = None

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log_file = self.log_path.open("w")
        # The access log (stdout) is written as in production and thrown away; errors go to the log file.
        self.process = subprocess.Popen(
            [str(GUNICORN), "--config", "gunicorn.conf.py"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log_file,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        try:
            self.wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def wait_until_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=2) as response:
                    if response.status == 200 and len(self.workers()) >= self.expected_workers():
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer /healthz within {timeout} s:\n{self.log_tail()}")

    def expected_workers(self):
        return GUNICORN_CONF["workers"]

    def log_tail(self, lines=30):
        self.log_file.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()  # gunicorn's graceful shutdown: workers finish their request and exit
            try:
                self.process.wait(timeout=GUNICORN_CONF["graceful_timeout"] + 10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log_file.close()

    def workers(self):
        """The process ids of the master's children, the workers."""
        children = []
        for task in Path(f"/proc/{self.process.pid}/task").glob("*"):
            with contextlib.suppress(OSError):
                children += [int(pid) for pid in (task / "children").read_text().split()]
        return children

    def worker_rss_mb(self):
        sizes = []
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
            if match:
                sizes.append(int(match.group(1)) / 1024)
        return sizes

    def get(self, path):
        """The status of one GET, or why there was none (a worker that timed out closes the connection)."""
        try:
            with urllib.request.urlopen(self.url(path), timeout=120) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except (OSError, http.client.HTTPException) as error:
            return f"no answer ({error})"

    def hit_each(self, paths, times):
        """Requests every path ``times`` times, as many at once as there are workers, so each worker sees it.

        A failure is reported and the run goes on: wrk's error column then shows how often it happens.
        """
        with ThreadPoolExecutor(max_workers=self.expected_workers()) as pool:
            for path in paths:
                failures = [status for status in pool.map(self.get, [path] * times) if status != 200]
                if failures:
                    log(f"  warning: GET {path} from gunicorn: {failures[0]} ({len(failures)} of {times})")


class FrontCache:
    """Varnish in front of one ``Server``, configured as ``make serve FRONT_CACHE=1`` configures it."""

    def __init__(self, port):
        self.port = port
        # Varnish reads its configuration as its own user: outside the private bench/data.
        self.folder = Path(tempfile.mkdtemp(prefix="filmsite-bench-varnish-"))
        self.folder.chmod(0o755)
        self.server = None
        self.process = None

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def workers(self):
        return self.server.workers()

    def start(self, server):
        self.server = server
        varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
        if not Path(varnishd).exists():
            raise BenchError("Varnish is not installed: run `make front-cache-tools` as root.")
        vcl = self.folder / "filmsite.vcl"
        command = [PYTHON, "manage.py", "front_cache_vcl", f"127.0.0.1:{server.port}"]
        written = subprocess.run(command, cwd=BASE_DIR, env=server.env, capture_output=True, text=True, check=True)
        vcl.write_text(written.stdout)
        listen = f"127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [varnishd, "-F", "-n", str(self.folder / "instance"), "-a", listen, "-f", str(vcl), "-s", "malloc,256m"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), urllib.request.urlopen(self.url("/healthz"), timeout=2) as response:
                if response.status == 200:
                    return self
            time.sleep(0.2)
        raise BenchError("Varnish did not answer /healthz within 30 s.")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)


# --- wrk ---------------------------------------------------------------------------------------------

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def parse_duration_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not match:
        raise BenchError(f"Cannot read wrk's latency {text!r}.")
    return float(match.group(1)) * UNITS_MS[match.group(2)]


def parse_wrk(output):
    """Req/s, p50, p99 and error counts from ``wrk --latency`` output."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    total = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    if not (rps and p50 and p99 and total):
        raise BenchError(f"Cannot read wrk's output:\n{output}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return {
        "rps": float(rps.group(1)),
        "p50_ms": parse_duration_ms(p50.group(1)),
        "p99_ms": parse_duration_ms(p99.group(1)),
        "requests": int(total.group(1)),
        "errors": errors,
    }


def run_wrk(server, path, args, *, threads=None, connections=None, duration=None, script=None, quiet=False):
    """One bounded wrk run against ``path``, counting the workers gunicorn replaced meanwhile."""
    threads, connections = threads or args.threads, connections or args.connections
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration or args.duration}s", "--latency"]
    command += ["--timeout", "30s", *(["--script", str(script)] if script else []), server.url(path)]
    log("$ " + " ".join(command))
    seen = set(server.workers())
    before = len(seen)
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=die_with_parent
    ) as wrk:
        try:
            while wrk.poll() is None:
                seen.update(server.workers())
                time.sleep(0.02)
        except BaseException:
            wrk.kill()
            raise
        output, errors = wrk.communicate()
    if wrk.returncode != 0:
        raise BenchError(f"wrk failed with exit status {wrk.returncode}:\n{errors}")
    if args.verbose:
        log(output)
    result = {**parse_wrk(output), "restarts": len(seen) - before}
    if result["errors"] and not quiet:
        log(f"  warning: {result['errors']} errors (socket errors or non-2xx answers); see bench/data/gunicorn-*.log")
    return result


def hammer_paths(words, max_pages):
    """Deep pages of the film list in two orders, below and beyond the last page served, and searches for
    common title words, on the search page and paged on the film list: requests each unlike the last."""
    paths = [f"/films/?ordering={order}&page={n}" for order in ("-year", "title") for n in range(2, 6 * max_pages)]
    for word in map(urllib.parse.quote, words):
        paths.append(f"/search/?q={word}")
        paths += [f"/films/?q={word}&page={n}" for n in range(1, 4)]
    return paths


HAMMER_SCRIPT = """
local paths = {%s}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7919)
end
function init(args)
  step = offset
end
function request()
  step = step + 1
  return wrk.format("GET", paths[(step * 104729) %% #paths + 1])
end
"""


def load_check(server, film, words, args):
    """The film page's p99 on an idle server, then on a connection of its own while HAMMER_CONNECTIONS others
    ask for deep pages and searches (wrk with a script that spreads them over many addresses)."""
    max_pages = int(os.environ.get("DJANGO_LIST_MAX_PAGES") or 100)
    paths = hammer_paths(words, max_pages)
    idle = run_wrk(server, film, args, threads=1, connections=1)
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(HAMMER_SCRIPT % ", ".join(json.dumps(path) for path in paths))
        script.flush()
        command = ["wrk", "-t2", f"-c{HAMMER_CONNECTIONS}", f"-d{args.duration + 4}s", "--latency"]
        command += ["--timeout", "30s", "--script", script.name, server.url("/")]
        log("$ " + " ".join(command))
        with subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=die_with_parent
        ) as wrk:
            try:
                time.sleep(2)  # the hammer at full strength before the film page is measured
                loaded = run_wrk(server, film, args, threads=1, connections=1)
                output, errors = wrk.communicate()
            except BaseException:
                wrk.kill()
                raise
    if wrk.returncode != 0 or errors.strip():
        # A script wrk cannot run leaves it requesting "/" alone, which would measure nothing.
        raise BenchError(f"wrk failed (exit status {wrk.returncode}):\n{errors}")
    hammer = parse_wrk(output)
    statuses = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "film": film,
        "idle": idle,
        "loaded": loaded,
        "hammer": {**hammer, "not_2xx": int(statuses.group(1)) if statuses else 0, "paths": len(paths)},
        "ratio": loaded["p99_ms"] / idle["p99_ms"] if idle["p99_ms"] else float("inf"),
    }


# --- The report --------------------------------------------------------------------------------------


def read_first(path, pattern, default="unknown"):
    try:
        match = re.search(pattern, Path(path).read_text(), re.MULTILINE)
    except OSError:
        return default
    return match.group(1).strip() if match else default


def machine():
    memory_kb = int(read_first("/proc/meminfo", r"^MemTotal:\s+(\d+) kB", "0"))
    return {
        "cpu": read_first("/proc/cpuinfo", r"^model name\s*:\s*(.+)$"),
        "cores": os.cpu_count(),
        "ram_gb": memory_kb / 1024 / 1024,
        "os": read_first("/etc/os-release", r'^PRETTY_NAME="?([^"\n]+)"?$') + f", Linux {platform.release()}",
    }


def command_version(*command):
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError:
        return "unknown"
    match = re.search(r"\d+(\.\d+)+", result.stdout + result.stderr)
    return match.group(0) if match else "unknown"


def code_version():
    def git(*args):
        return subprocess.run(["git", *args], cwd=BASE_DIR, capture_output=True, text=True, check=False).stdout

    commit = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    return commit + (" with uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else "")


def cache_description(cache):
    name = cache["backend"].rsplit(".", 1)[-1]
    location = re.sub(r"//[^@/]*@", "//", cache["location"])  # no password in the report
    if location.startswith(str(BASE_DIR)):
        location = str(Path(location).relative_to(BASE_DIR))
    if name == "LocMemCache":
        return f"{name}, one per worker process"
    return f"{name} ({location}), shared by the workers"


def ms(value):
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def latency(row, key):
    """A wrk latency, or a dash when no request finished within the run (the page is slower than --duration)."""
    return ms(row[key]) if row["requests"] else "—"


def goals(pages, load, memory_mb, vendor, check_result=None):
    """Each goal of docs/benchmarks.md with the measured value and whether it is met."""
    by_label = {page["label"]: page for page in pages}
    rows = []

    def check(goal, value, limit, text, higher_is_better=False):
        met = value >= limit if higher_is_better else value <= limit
        rows.append((goal, text, "met" if met else "**missed**"))

    films = [p for p in pages if p["label"].startswith("Film,")]
    worst = max(films, key=lambda p: p["median_ms"])
    check(f"Film page ≤{FILM_PAGE_GOAL_MS} ms", worst["median_ms"], FILM_PAGE_GOAL_MS, f"{ms(worst['median_ms'])} ms")
    api = [p for p in pages if p["label"].startswith("API")]
    lists = [p for p in pages if p not in api and ("list" in p["label"].lower() or p["label"].startswith("Genre"))]
    many = by_label.get("Film list, many filters")
    ordinary = [p for p in lists if p is not many]
    slowest = max(ordinary, key=lambda p: p["median_ms"])
    fresh = max(ordinary, key=lambda p: p["after_change_ms"])
    check(
        f"Lists ≤{LIST_GOAL_MS} ms",
        slowest["median_ms"],
        LIST_GOAL_MS,
        f"slowest {ms(slowest['median_ms'])} ms ({slowest['label']}); just after a change "
        f"{ms(fresh['after_change_ms'])} ms ({fresh['label']})",
    )
    if many:
        check(
            f"Worst list ≤{WORST_LIST_GOAL_MS} ms",
            many["median_ms"],
            WORST_LIST_GOAL_MS,
            f"{ms(many['median_ms'])} ms",
        )
    # The API's goals are the embedded default's; PostgreSQL's numbers are reported beside them.
    api_goals = (
        ("API film detail", [p for p in api if p["label"].startswith("API film,")], FILM_PAGE_GOAL_MS),
        ("API lists", [p for p in api if "list" in p["label"]], LIST_GOAL_MS),
    )
    for name, measured, limit in api_goals:
        if not measured:
            continue
        slowest = max(measured, key=lambda p: p["median_ms"])
        text = f"slowest {ms(slowest['median_ms'])} ms ({slowest['label']})"
        if vendor == "sqlite":
            check(f"{name} ≤{limit} ms", slowest["median_ms"], limit, text)
        else:
            rows.append((f"{name} ≤{limit} ms on SQLite", text, "not judged on PostgreSQL"))
    searches = [p for p in pages if p["label"].startswith("Search")]
    if searches:
        slowest = max(searches, key=lambda p: p["median_ms"])
        text = f"slowest {ms(slowest['median_ms'])} ms"
        check(f"Search ≤{SEARCH_GOAL_MS} ms", slowest["median_ms"], SEARCH_GOAL_MS, text)
    check(f"Worker RSS ≤{WORKER_RSS_GOAL_MB} MB", memory_mb, WORKER_RSS_GOAL_MB, f"{memory_mb:.0f} MB")
    ratio_goals = (
        ("film_cached", f"Cached film page ≥{CACHED_RATIO_GOAL:.0%} of", CACHED_RATIO_GOAL, "{:.0%}"),
        ("film_front", f"Film page through Varnish ≥{FRONT_CACHE_RATIO_GOAL:.0f}×", FRONT_CACHE_RATIO_GOAL, "{:.1f}×"),
    )
    for key, goal, limit, shown in ratio_goals:
        row = next((row for row in load if row["key"] == key), None)
        if row:
            check(f"{goal} /healthz req/s", row["ratio"], limit, shown.format(row["ratio"]), higher_is_better=True)
    if check_result:
        check(
            f"Film page p99 under {HAMMER_CONNECTIONS} hammering connections ≤{HAMMER_RATIO_GOAL:.0f}× idle",
            check_result["ratio"],
            HAMMER_RATIO_GOAL,
            f"{ms(check_result['loaded']['p99_ms'])} ms against {ms(check_result['idle']['p99_ms'])} ms idle: "
            f"{check_result['ratio']:.1f}×",
        )
    return rows


def load_check_report(check):
    if not check:
        return []
    hammer = check["hammer"]
    return [
        f"## Load check (page cache on, {HAMMER_CONNECTIONS} connections on deep pages and searches)",
        "",
        "| Requests | Req/s | p50 ms | p99 ms | Answers other than 2xx |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| Film page alone, 1 connection | {check['idle']['rps']:.0f} | {ms(check['idle']['p50_ms'])} | "
        f"{ms(check['idle']['p99_ms'])} | {check['idle']['errors']} |",
        f"| Film page, 1 connection, under the hammer | {check['loaded']['rps']:.0f} | "
        f"{ms(check['loaded']['p50_ms'])} | {ms(check['loaded']['p99_ms'])} | {check['loaded']['errors']} |",
        f"| The hammer: {HAMMER_CONNECTIONS} connections over {hammer['paths']:,} addresses | {hammer['rps']:.0f} | "
        f"{ms(hammer['p50_ms'])} | {ms(hammer['p99_ms'])} | {hammer['not_2xx']} |",
        "",
        f"The film page's p99 under the hammer is **{check['ratio']:.1f}×** its p99 alone (goal: at most "
        f"{HAMMER_RATIO_GOAL:.0f}×). The hammer's answers other than 2xx are the deep pages beyond the last page "
        "served (404 with advice) and any 503 of a request past its query budget.",
        "",
    ]


def report(info):
    env, counts, args = info["environment"], info["counts"], info["args"]
    lines = [
        f"# filmsite benchmark: {info['engine_name']}, {counts['films']:,} films",
        "",
        f"- Date: {info['date']}",
        f"- Code: {info['code']}",
        f"- Machine: {info['machine']['cpu']}, {info['machine']['cores']} cores, "
        f"{info['machine']['ram_gb']:.1f} GB RAM, {info['machine']['os']}; load average at the start "
        f"{info['machine']['load']:.2f}",
        f"- Software: Python {env['python']}, Django {env['django']}, gunicorn {info['gunicorn']}, wrk {info['wrk']}",
        f"- Database: {env['database']} ({info['database']}), CONN_MAX_AGE {env['conn_max_age']}",
        f"- Cache: {cache_description(env['cache'])}",
        f"- Server: gunicorn.conf.py, {info['workers']} sync workers, DEBUG off",
        f"- Catalog: {counts['films']:,} films ({counts['published_films']:,} published), "
        f"{counts['people']:,} people, {counts['credits']:,} credits, {counts['nominations']:,} nominations, "
        f"{counts['notes']:,} notes "
        f"(asked for {args['films']:,}, seed {args['seed']})",
        "",
        "## In-process (django.test.Client, page cache off)",
        "",
        "| Page | URL | Median ms | p90 ms | After a change ms | Queries | KB | Requests |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page in info["pages"]:
        lines.append(
            f"| {page['label']} | `{page['url']}` | {ms(page['median_ms'])} | {ms(page['p90_ms'])} | "
            f"{ms(page['after_change_ms'])} | {page['queries']} | {page['kb']:.0f} | {page['requests']} |"
        )
    lines += [
        "",
        "After a change: the median of requests each made just after the catalog's generation moved, as it does "
        "on every save, so no list total counted before it is used. Queries: the second request's.",
        "",
        f"## Under load (gunicorn, wrk -t{args['threads']} -c{args['connections']} -d{args['duration']}s)",
        "",
        "| Page | URL | Req/s | p50 ms | p99 ms | vs /healthz | Errors | Restarts |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in info["load"]:
        lines.append(
            f"| {row['label']} | `{row['path']}` | {row['rps']:.0f} | {latency(row, 'p50_ms')} | "
            f"{latency(row, 'p99_ms')} | {row['ratio']:.0%} | {row['errors']} | {row['restarts']} |"
        )
    lines += [
        "",
        "Every row but the cached film page comes from a server started with `DJANGO_PAGE_CACHE=0`; the cached row "
        "from a second, otherwise identical server with `DJANGO_PAGE_CACHE=1`, whose film page was requested "
        "first; the row through Varnish from a third behind Varnish, as `make serve FRONT_CACHE=1` runs them. "
        "Restarts: workers gunicorn replaced during the run (it replaces one after about "
        f"{GUNICORN_CONF['max_requests']:,} requests).",
        "",
        *load_check_report(info.get("load_check")),
        "## Memory",
        "",
        f"Largest gunicorn worker RSS once every page type was served: **{max(info['rss_warm']):.0f} MB** "
        f"(workers: {', '.join(f'{mb:.0f}' for mb in info['rss_warm'])} MB); after the load runs: "
        f"{max(info['rss_after'], default=0):.0f} MB.",
        "",
        "## Goals",
        "",
        "| Goal | Measured | |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {goal} | {text} | {verdict} |" for goal, text, verdict in info["goals"]]
    return "\n".join(lines) + "\n"


# --- The run -----------------------------------------------------------------------------------------


def base_env(database_url):
    """Production settings as ``make serve`` gives them, pointed at the benchmark's own database and folders."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="filmsite.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SERVE_MEDIA="1",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_STATIC_ROOT=str(DATA_DIR / "static"),
        DJANGO_MEDIA_ROOT=str(DATA_DIR / "media"),
        # Used when REDIS_URL is unset and the cache is kept in files.
        DJANGO_CACHE_DIR=str(DATA_DIR / "cache"),
        DATABASE_URL=database_url,
        # The benchmark asks from one address far more often than the API lets a client; the limit's bookkeeping
        # is still done on every request.
        DJANGO_API_RATE_LIMIT="1000000/minute",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def load_test(env, pages, args, words=()):
    """The wrk rows and the memory readings, from a server without the page cache and one with it."""
    by_label = {page["label"]: page["url"] for page in pages}
    film = next(url for label, url in by_label.items() if label.startswith("Film, most credits"))
    filtered = by_label["Film list, genre + decade + newest"]
    search = next((url for label, url in by_label.items() if label.startswith("Search, title")), None)
    rows = [("healthz", "/healthz (trivial view)", "/healthz"), ("film", "Film page, uncached", film)]
    rows += [("list", "Film list, genre + decade + newest", filtered)]
    if search:
        rows.append(("search", "Search, title word", search))

    results, memory = [], {}
    log("Load test: page cache off")
    with Server({**env, "DJANGO_PAGE_CACHE": "0"}, "uncached") as server:
        server.hit_each(list(by_label.values()), times=server.expected_workers() * 2)
        memory["workers"] = len(server.workers())
        memory["warm"] = server.worker_rss_mb()
        for key, label, path in rows:
            server.hit_each([path], times=4)
            results.append({"key": key, "label": label, "path": path, **run_wrk(server, path, args)})
        memory["after"] = server.worker_rss_mb()
    log("Load test: page cache on")
    with Server({**env, "DJANGO_PAGE_CACHE": "1"}, "cached") as server:
        server.hit_each([film], times=server.expected_workers() * 2)
        results.insert(
            2, {"key": "film_cached", "label": "Film page, cached", "path": film, **run_wrk(server, film, args)}
        )
        log("Load check: the film page while deep pages and searches hammer the server")
        memory["load_check"] = load_check(server, film, words, args)
    log("Load test: behind Varnish")
    front = FrontCache(free_port())
    try:
        with Server({**env, "DJANGO_PAGE_CACHE": "1", "DJANGO_FRONT_CACHE_URLS": front.url("")}, "front") as server:
            front.start(server)
            for _ in range(3):  # the first pages teach Varnish the generation; then it keeps the page
                urllib.request.urlopen(front.url(film), timeout=30).read()  # nosec B310 - our own server
            row = {"key": "film_front", "label": "Film page, through Varnish", "path": film}
            results.insert(3, {**row, **run_wrk(front, film, args)})
    finally:
        front.stop()
    ceiling = results[0]["rps"]
    for row in results:
        row["ratio"] = row["rps"] / ceiling if ceiling else 0
    return results, memory


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=100_000, help="catalog size to measure (default 100000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic catalog (default 1)")
    parser.add_argument("--duration", type=int, default=5, help="seconds of each wrk run (default 5)")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page in-process (default 100)")
    parser.add_argument(
        "--budget", type=float, default=20, help="seconds per page in-process before stopping early (default 20)"
    )
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (default 4)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--reset", action="store_true", help="drop the benchmark database and build it anew")
    parser.add_argument("--verbose", action="store_true", help="show wrk's own output")
    args = parser.parse_args()
    if args.connections < args.threads:
        parser.error("--connections must be at least --threads")

    # Another busy process skews every number; the report says how busy the machine was.
    load_at_start = os.getloadavg()[0]
    # Turn a plain `kill` into the same clean exit as Ctrl-C, so the servers are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        ensure_wrk()
        database_url, config = bench_database(args.films, args.seed)
        env = base_env(database_url)
        if args.reset:
            log(f"Dropping {describe_database(config)}")
            reset_database(config)
        prepare_catalog(env, config, args.films, args.seed)

        log("In-process timings (page cache off)")
        measured = child_json(
            {**env, "DJANGO_PAGE_CACHE": "0"},
            "measure",
            "--requests",
            str(args.requests),
            "--budget",
            str(args.budget),
        )
        load, memory = load_test(env, measured["pages"], args, measured.get("title_words", []))
    except BenchError as error:
        log(f"bench: {error}")
        return 1
    except subprocess.CalledProcessError as error:
        log(f"bench: {' '.join(map(str, error.cmd))} failed with exit status {error.returncode}")
        return 1
    except KeyboardInterrupt:
        log("bench: interrupted")
        return 130

    now = datetime.datetime.now(datetime.UTC)
    vendor = measured["environment"]["vendor"]
    info = {
        "date": now.strftime("%Y-%m-%d %H:%M UTC"),
        "code": code_version(),
        "machine": {**machine(), "load": load_at_start},
        "gunicorn": command_version(str(GUNICORN), "--version"),
        "wrk": command_version("wrk", "-v"),
        "engine_name": "PostgreSQL" if vendor == "postgresql" else "SQLite",
        "database": describe_database(config),
        "environment": measured["environment"],
        "counts": measured["counts"],
        "pages": measured["pages"],
        "load": load,
        "workers": memory["workers"],
        "rss_warm": memory["warm"],
        "rss_after": memory["after"],
        "load_check": memory["load_check"],
        "args": vars(args),
    }
    info["goals"] = goals(measured["pages"], load, max(memory["warm"]), vendor, memory["load_check"])
    text = report(info)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{now:%Y-%m-%d}-{vendor}.md"
    path.write_text(text)
    print(text)
    log(f"Written to {path.relative_to(BASE_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
