"""axe-core and the Nu HTML Checker on every kind of public page, photographed too, and axe-core on the film form.

One test per check visits all the pages, so the catalog loads once per check rather than once per
page, and a failure lists every page with its problems instead of stopping at the first. The catalog has
pictures for these checks: the film page a poster, a backdrop, twelve stills and photos of half its cast,
the home page posters beside drawn ones.
"""

import pytest
from django.template.loader import render_to_string

from catalog.models import Film, Person, Still
from catalog.models.choices import Licence
from tests.pictures import library_image

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
    "film-without-pictures": ("/films/volver/", 200),
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


@pytest.fixture
def pictures(settings, catalog):
    """Pictures for the film page, the home page's most recent films and a person page, served by the live server."""
    settings.ROOT_URLCONF = "tests.pictures"
    film = Film.objects.get(slug="parallel-mothers")
    film.poster = library_image("parallel-mothers-poster", (480, 720), credit="Sony Pictures Classics")
    film.backdrop = library_image(
        "janis-at-the-dig", (1280, 720), licence=Licence.CC_BY_SA_4, source_url="https://example.org/dig"
    )
    film.save()
    for n in range(12):
        still = library_image(f"parallel-mothers-still-{n + 1}", (800, 450), caption=f"Scene {n + 1}" if n % 3 else "")
        Still.objects.create(
            film=film, image=still, order=n, caption="" if n % 3 else f"Janis, in the scene numbered {n + 1}"
        )
    for slug in ("penelope-cruz", "milena-smit", "rossy-de-palma"):
        person = Person.objects.get(slug=slug)
        person.photo = library_image(f"{slug}-portrait", (400, 400), credit="Carla Retrato")
        person.save()
    for slug in ("volver", "roma", "amour"):
        other = Film.objects.get(slug=slug)
        if slug != "volver":  # Volver keeps its drawn poster: the large one is checked too
            other.poster = library_image(
                f"{slug}-poster", (480, 720), licence=Licence.PRESS_KIT, credit="The distributor"
            )
        other.save()  # the most recently updated: first on the home page


# What counts as a layout shift: the page moving under the reader without their doing, summed as Chrome's
# Cumulative Layout Shift is, while the reader scrolls down a screen at a time and waits at each for the
# pictures in view to load (a picture that grew out of sight would move nothing the reader sees).
LAYOUT_SHIFT = """async () => {
    let shift = 0;
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) shift += entry.value;
    }).observe({type: 'layout-shift', buffered: true});
    const frame = () => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 50)));
    const inView = img => {
        const box = img.getBoundingClientRect();
        return box.bottom > -innerHeight && box.top < 2 * innerHeight;
    };
    for (let y = 0; ; y += innerHeight / 2) {
        scrollTo({top: y, behavior: 'instant'});
        await frame();
        const loading = [...document.images].filter(img => inView(img) && !img.complete).map(
            img => new Promise(resolve => { img.onload = img.onerror = resolve; }));
        // A picture that never loads is reported by the test; it must not hang it.
        await Promise.race([Promise.all(loading), new Promise(resolve => setTimeout(resolve, 5000))]);
        await frame();
        if (y + innerHeight >= document.documentElement.scrollHeight) break;
    }
    return shift;
}"""


def load_every_picture(page):
    """Scroll to the end and back, so that lazy pictures load before a check or a photograph."""
    page.evaluate(LAYOUT_SHIFT)
    page.evaluate("() => scrollTo({top: 0, behavior: 'instant'})")


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


def test_public_pages_have_no_accessibility_violations_at_desktop_or_phone_size(page, phone_page, pictures):
    problems = {}
    for size, tab in (("desktop", page), ("phone", phone_page)):
        for name in PUBLIC_PAGES:
            found = visit(tab, name)
            if size == "phone" and name.startswith("film-list"):
                open_filters(tab)
            load_every_picture(tab)
            screenshot(tab, f"{name}-{size}")
            if size == "phone":
                found += scrolls_sideways(tab)
            if found := found + axe_violations(tab):
                problems[f"{name} ({size})"] = found
    assert not problems, f"Accessibility problems (axe-core's WCAG 2.1 A/AA rules and reflow):\n{report(problems)}"


def test_public_pages_are_valid_html(page, pictures):
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


IMAGES = """() => [...document.images].map(img => ({
    src: img.currentSrc || img.src,
    sized: img.hasAttribute('width') && img.hasAttribute('height'),
    loaded: img.complete && img.naturalWidth > 0,
    lazy: img.loading === 'lazy',
    top: img.getBoundingClientRect().top + scrollY,
}))"""


def test_pictures_reserve_their_place_so_nothing_moves_as_they_load(page, phone_page, pictures):
    problems = {}
    for size, tab in (("desktop", page), ("phone", phone_page)):
        for name in ("film", "home", "person"):
            path = PUBLIC_PAGES[name][0]
            tab.goto(path)
            found = []
            shift = tab.evaluate(LAYOUT_SHIFT)
            if shift > 0:
                found.append(f"the layout shifted by {shift:.4f} (Cumulative Layout Shift)")
            images = tab.evaluate(IMAGES)
            if not images:
                found.append("no pictures at all")
            found += [f"{image['src']} has no width and height" for image in images if not image["sized"]]
            found += [f"{image['src']} did not load" for image in images if not image["loaded"]]
            # The first screenful loads at once; the rest waits to be scrolled to.
            fold = tab.viewport_size["height"]
            found += [
                f"{image['src']} is lazy in the first screenful"
                for image in images
                if image["lazy"] and image["top"] < fold / 2
            ]
            if found:
                problems[f"{name} ({size})"] = found
    assert not problems, f"Pictures that move the page or fail to show:\n{report(problems)}"


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
