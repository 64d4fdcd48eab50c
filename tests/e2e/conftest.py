"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

One browser serves the whole run (pytest-playwright's session-scoped ``browser``) and one live
server serves every test (pytest-django's session-scoped ``live_server``). Each test gets a fresh
browser context, so cookies and storage never leak from one journey into the next.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

# Playwright's sync API keeps an event loop running in the test thread, and Django refuses ORM calls
# from such a thread unless told the caller knows it is synchronous code. The tests' own setup is.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The machine has no open network: without these, Chromium keeps trying to reach its own services.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = Path(os.environ.get("FILMSITE_TEST_ARTIFACTS", ROOT / "test-results"))
SCREENSHOTS = ARTIFACTS / "screenshots"
PHONE = {"width": 390, "height": 844}
PASSWORD = "correct horse battery staple"
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def require(path, what, how):
    if not Path(path).exists():
        pytest.fail(f"The browser tests need {what} at {path}: {how}.", pytrace=False)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require(CHROMIUM, "Chromium", "install Debian's package with 'apt-get install -y chromium' or set CHROMIUM")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    return {**browser_context_args, "base_url": live_server.url}


@pytest.fixture(autouse=True)
def no_script_errors(request):
    """Fail a browser test whose pages break the Content-Security-Policy or throw a script error.

    Every journey thus also proves that the site, admin included, works under the policy.
    """
    if "page" not in request.fixturenames:
        yield
        return
    context = request.getfixturevalue("context")
    problems = []
    context.on("console", lambda m: "Content Security Policy" in m.text and problems.append(m.text))
    context.on("weberror", lambda e: problems.append(f"{e.page.url if e.page else ''}: {e.error}"))
    yield
    assert not problems, "\n".join(problems)


@pytest.fixture
def phone_page(browser, browser_context_args):
    context = browser.new_context(**{**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True})
    yield context.new_page()
    context.close()


def make_staff(username, group):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return make_staff("elena", "Editor")


@pytest.fixture
def publisher(db):
    return make_staff("pablo", "Publisher")


def log_in(page, user):
    """Sign in through the admin's own login form, as a person would."""
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def axe_violations(page, impacts=None):
    """axe-core's WCAG 2.1 A/AA violations on the page, as 'rule (impact): targets' lines."""
    require(AXE_JS, "axe-core", "run 'npm ci' at the project root (make test does)")
    # Evaluated through the driver, so the page's Content-Security-Policy does not apply to it.
    if page.evaluate("() => typeof axe") == "undefined":
        page.evaluate(AXE_JS.read_text())
    options = {"runOnly": {"type": "tag", "values": WCAG_A_AA}, "resultTypes": ["violations"]}
    violations = page.evaluate("options => axe.run(document, options).then(r => r.violations)", options)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[node['target'] for node in v['nodes']][:5]}"
        for v in violations
        if impacts is None or v["impact"] in impacts
    ]


def html_errors(documents):
    """The Nu HTML Checker's errors for each {name: html} document, checked in one JVM start."""
    require(VNU_JAR, "the Nu HTML Checker", "run 'npm ci' at the project root (make test does)")
    java = shutil.which("java")
    if java is None:
        pytest.fail("The HTML check needs Java 11+: apt-get install -y default-jre-headless", pytrace=False)
    folder = ARTIFACTS / "html"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths = {}
    for name, html in documents.items():
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(html, encoding="utf-8")
    result = subprocess.run(
        [java, "-jar", VNU_JAR, "--errors-only", "--format", "json", "--exit-zero-always", *map(str, paths.values())],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    # vnu names files "file:/tmp/x.html"; Python's as_uri() writes "file:///tmp/x.html".
    by_name = {"file:" + str(path.resolve()): name for name, path in paths.items()}
    errors = {}
    for message in messages:
        name = by_name.get(message.get("url"), message.get("url"))
        errors.setdefault(name, []).append(f"line {message.get('lastLine')}: {message['message']}")
    return errors


def pytest_terminal_summary(terminalreporter):
    if SCREENSHOTS.exists():
        terminalreporter.write_line(f"Screenshots of the public pages: {SCREENSHOTS}")
