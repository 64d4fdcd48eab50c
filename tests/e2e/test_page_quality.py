"""axe-core and the Nu HTML Checker on every kind of public page, photographed too, and axe-core on the film form.

One test per check visits all the pages, so the catalog loads once per check rather than once per
page, and a failure lists every page with its problems instead of stopping at the first.
"""

import pytest
from django.template.loader import render_to_string

from catalog.models import Film

from .conftest import SCREENSHOTS, axe_violations, html_errors, log_in, screenshot

# Accessibility and valid HTML of rendered pages: the same whatever engine filled them.
pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.engine_independent]

FILM = "/films/parallel-mothers/"
REVEALED = f"{FILM}?spoilers=all"

# An address for each kind of public page and each state of it worth checking (filtered, spoilers
# shown, a value refused), with the status the server should answer.
PUBLIC_PAGES = {
    "home": ("/", 200),
    "film-list": ("/films/?genre=drama&decade=2020&ordering=-year", 200),
    "film-list-invalid": ("/films/?year_min=1999&year_max=1990&decade=1066", 400),
    "film": (FILM, 200),
    "film-spoilers-revealed": (REVEALED, 200),
    "person-list": ("/people/?role=director", 200),
    "person": ("/people/penelope-cruz/", 200),
    "genre": ("/genres/drama/", 200),
    "award-list": ("/awards/", 200),
    "award-body": ("/awards/venice-film-festival/", 200),
    "award-ceremony": ("/awards/venice-film-festival/2021/", 200),
    "search": ("/search/?q=mother", 200),
    "search-empty": ("/search/", 200),
    "search-invalid": ("/search/?q=" + "almodovar" * 12, 400),
    "person-list-invalid": ("/people/?role=extra", 400),
    "not-found": ("/films/no-such-film/", 404),
    # Rendered without a request when a view fails, so it is checked as that text, on the site's origin.
    "server-error": (None, 500),
}


def visit(page, name):
    """Open a public page as a visitor would; any problem on the way comes back as a line to report."""
    path, status = PUBLIC_PAGES[name]
    if path is None:
        page.set_content(render_to_string("500.html"))
        return []
    if name == "film-spoilers-revealed":
        page.goto(FILM)
        page.get_by_role("link", name="Reveal all spoilers").click(timeout=5000)
        page.wait_for_url(f"**{path}", timeout=5000)
        return []
    response = page.goto(path)
    return [] if response.status == status else [f"{path} answered {response.status}, not {status}"]


def open_filters(page):
    """On a phone the film list's filters fold away; open them so that they are checked and photographed too."""
    if not page.locator("details.filters").evaluate("details => details.open"):
        page.locator(".filters__summary").click()


def scrolls_sideways(page):
    """WCAG's reflow criterion, which axe-core leaves to people: nothing may need a sideways scroll at phone width."""
    width = page.evaluate("document.documentElement.scrollWidth")
    return [f"the page is {width}px wide, wider than the phone"] if width > page.viewport_size["width"] else []


def report(problems):
    return "\n".join(f"{name}:\n  " + "\n  ".join(lines) for name, lines in problems.items())


def test_public_pages_have_no_accessibility_violations_at_desktop_or_phone_size(page, phone_page, catalog):
    problems = {}
    for size, tab in (("desktop", page), ("phone", phone_page)):
        for name in PUBLIC_PAGES:
            found = visit(tab, name)
            if size == "phone" and name.startswith("film-list"):
                open_filters(tab)
            screenshot(tab, f"{name}-{size}")
            if size == "phone":
                found += scrolls_sideways(tab)
            if found := found + axe_violations(tab):
                problems[f"{name} ({size})"] = found
    assert not problems, f"Accessibility problems (axe-core's WCAG 2.1 A/AA rules and reflow):\n{report(problems)}"


def test_public_pages_are_valid_html(page, catalog):
    # The server's own bytes, not the browser's re-serialisation of its DOM: vnu should judge what is sent.
    documents, problems = {}, {}
    for name, (path, status) in PUBLIC_PAGES.items():
        if path is None:
            documents[name] = render_to_string("500.html")
            continue
        response = page.request.get(path)
        documents[name] = response.text()
        if response.status != status:
            problems[name] = [f"{path} answered {response.status}, not {status}"]
    for name, errors in html_errors(documents).items():
        problems.setdefault(name, []).extend(errors)
    assert not problems, f"The Nu HTML Checker found errors:\n{report(problems)}"


SERIOUS = {"serious", "critical"}


def test_film_change_form_has_no_serious_accessibility_violations(page, publisher, catalog):
    # A publisher sees every control an editor does, and the delete boxes besides.
    log_in(page, publisher)
    film = Film.objects.get(slug="parallel-mothers")
    page.goto(f"/admin/catalog/film/{film.pk}/change/")
    # select2 draws the autocomplete boxes after load; check what the editor actually gets.
    page.locator(".select2-search__field[aria-label]").first.wait_for()
    found = axe_violations(page, impacts=SERIOUS)
    assert not found, "axe-core found serious violations on the film form:\n  " + "\n  ".join(found)


def outside_the_screen(page, selector):
    """Descriptions of the visible elements matching ``selector`` that reach past the right edge of the screen."""
    return page.evaluate(
        """([selector, width]) => [...document.querySelectorAll(selector)]
            .filter(element => element.getClientRects().length)
            .map(element => [element.name || element.textContent.trim(), element.getBoundingClientRect().right])
            .filter(([, right]) => right > width)
            .map(([name, right]) => `${name} ends at ${Math.round(right)}px`)""",
        [selector, page.viewport_size["width"]],
    )


def test_the_credits_fit_the_screen_on_a_desktop_and_on_a_phone(page, phone_page, editor, catalog):
    film = Film.objects.get(slug="parallel-mothers")
    page.set_viewport_size({"width": 1280, "height": 900})
    problems = {}
    for size, tab in (("desktop", page), ("phone", phone_page)):
        log_in(tab, editor)
        tab.goto(f"/admin/catalog/film/{film.pk}/change/#section-cast")
        tab.locator("#credits-group .select2-container").first.wait_for()
        credits = tab.locator("#credits-group")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        credits.screenshot(path=SCREENSHOTS / f"admin-film-credits-{size}.png")
        found = scrolls_sideways(tab)
        found += outside_the_screen(
            tab, "#credits-group th, #credits-group input:not([type=hidden]), #credits-group select"
        )
        if found:
            problems[size] = found
    assert not problems, f"The credits do not fit:\n{report(problems)}"
