"""A visitor's journeys through the public site, in a real browser: by mouse, on a phone, by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from catalog.models import Film, Still
from tests.pictures import library_image

# What the browser shows and does; the queries behind it are tested on both engines elsewhere.
pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.engine_independent]

FILM_URL = "/films/parallel-mothers/"
ENDING_TEXT = "In the final act Janis at last accomplishes what she set out to do."

# What a focused element looks like to a sighted keyboard user: an outline, or a ring drawn as a shadow.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 60),
    href: el.getAttribute('href'),
    inNav: !!el.closest('header, nav'),
    ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
    onScreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0
      && rect.top < window.innerHeight && rect.left < window.innerWidth,
  };
}"""


def heading(page):
    return page.get_by_role("heading", level=1)


def test_visitor_browses_filters_reads_a_film_and_finds_its_people(page, catalog):
    page.goto("/")
    expect(heading(page)).to_have_text("Films, in depth")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Films").click()
    expect(page).to_have_url(re.compile(r"/films/$"))
    expect(heading(page)).to_have_text("Films")
    expect(page.get_by_role("heading", name="11 films")).to_be_visible()

    filters = page.locator("form.filters__form")
    filters.get_by_label("Genre").select_option("drama")  # by value: the label also gives its number of films
    filters.get_by_label("Decade").select_option("2020")
    filters.get_by_role("button", name="Show films").click()
    expect(page).to_have_url(re.compile(r"genre=drama"))
    expect(page).to_have_url(re.compile(r"decade=2020"))
    results = page.locator(".listing__results")
    expect(results.get_by_role("heading", level=2)).to_contain_text("matching your filters")
    expect(results.get_by_role("link", name="Parallel Mothers")).to_be_visible()
    # Films from other decades are filtered out.
    expect(results.get_by_role("link", name="Volver")).to_have_count(0)
    expect(filters.get_by_label("Genre")).to_have_value("drama")

    results.get_by_role("link", name="Parallel Mothers").first.click()
    expect(page).to_have_url(re.compile(FILM_URL + "$"))
    expect(heading(page)).to_contain_text("Parallel Mothers")

    page.get_by_role("navigation", name="On this page").get_by_role("link", name="Ending", exact=True).click()
    expect(page).to_have_url(re.compile("#ending$"))
    expect(page.get_by_role("heading", name="Ending", exact=True)).to_be_in_viewport()

    ending = page.locator("#ending")
    expect(ending.get_by_text(ENDING_TEXT)).to_be_hidden()
    ending.get_by_text("Reveals the ending").click()
    expect(ending.get_by_text(ENDING_TEXT)).to_be_visible()

    page.locator("#cast").get_by_role("link", name="Penélope Cruz").click()
    expect(heading(page)).to_have_text("Penélope Cruz")
    expect(page.get_by_role("link", name="Parallel Mothers").first).to_be_visible()

    page.get_by_role("link", name="Venice Film Festival").first.click()
    expect(page).to_have_url(re.compile(r"/awards/venice-film-festival/"))
    expect(heading(page)).to_contain_text("Venice Film Festival")
    expect(page.get_by_text("Volpi Cup for Best Actress").first).to_be_visible()

    search = page.get_by_role("search").get_by_role("searchbox")
    search.fill("almodovar")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=almodovar"))
    page.get_by_role("main").get_by_role("link", name="Pedro Almodóvar").first.click()
    expect(page).to_have_url(re.compile(r"/people/pedro-almodovar/$"))
    expect(heading(page)).to_have_text("Pedro Almodóvar")


def overflow(page):
    """How many CSS pixels the page is wider than the screen (0 when nothing overflows)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def test_phone_visitor_reads_the_film_page_and_filters_the_list(phone_page, catalog):
    page = phone_page
    page.goto(FILM_URL)
    expect(heading(page)).to_contain_text("Parallel Mothers")
    assert overflow(page) == 0

    toc = page.get_by_role("navigation", name="On this page")
    expect(toc).to_be_visible()
    toc.get_by_role("link", name="Filming locations").tap()
    expect(page.get_by_role("heading", name="Filming locations", exact=True)).to_be_in_viewport()

    page.locator("#ending").get_by_text("Reveals the ending").tap()
    expect(page.get_by_text(ENDING_TEXT)).to_be_visible()
    assert overflow(page) == 0, "revealed spoilers make the page wider than the phone"

    page.goto("/films/")
    assert overflow(page) == 0
    filters_form = page.locator("form.filters__form")
    # On a phone the filters fold away above the results, one tap from view.
    expect(filters_form).to_be_hidden()
    page.get_by_text("Filter and sort").first.tap()
    expect(filters_form).to_be_visible()
    filters_form.get_by_label("Genre").select_option("thriller")
    filters_form.get_by_role("button", name="Show films").tap()
    expect(page).to_have_url(re.compile(r"genre=thriller"))
    expect(page.get_by_role("link", name="The Skin I Live In")).to_be_visible()
    expect(page.get_by_role("link", name="Parallel Mothers")).to_have_count(0)
    assert overflow(page) == 0


def test_visitor_types_part_of_a_name_and_picks_a_suggested_person(page, catalog):
    page.goto("/films/")
    box = page.get_by_label("Cast or crew")
    box.press_sequentially("pené")
    # The suggestions arrive in the box's <datalist>, which the browser offers under it.
    expect(page.locator("#id_person-suggestions option")).to_have_count(1)
    expect(page.locator("#id_person-suggestions option")).to_have_attribute("value", "Penélope Cruz")
    box.fill("Penélope Cruz")
    page.get_by_role("button", name="Show films").click()
    expect(page.get_by_text("With Penélope Cruz")).to_be_visible()
    expect(page.get_by_role("link", name="Volver")).to_be_visible()
    expect(page.get_by_role("link", name="Roma")).to_have_count(0)


def tab(page):
    page.keyboard.press("Tab")
    return page.evaluate(FOCUS_STATE)


def test_keyboard_user_skips_to_content_and_opens_spoilers(page, catalog):
    page.goto(FILM_URL)

    first = tab(page)
    assert first["text"] == "Skip to content", first
    assert first["ring"] and first["onScreen"], "the skip link must show itself when focused"

    following = [tab(page) for _ in range(3)]
    assert all(stop["inNav"] for stop in following), following
    assert [stop["text"] for stop in following[1:]] == ["Home", "Films"]

    # Skipping lands in the main content, past the header.
    for _ in following:
        page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUS_STATE)["text"] == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "content"

    # Tab through the page: every stop shows where focus is; spoilers open from the keyboard.
    ending = page.locator("#ending")
    opened_with_space = False
    for _ in range(150):
        stop = tab(page)
        assert stop and stop["ring"], f"focus is not visible on {stop}"
        if stop["tag"] == "summary" and not opened_with_space:
            page.keyboard.press(" ")
            assert page.evaluate("() => document.activeElement.parentElement.open"), "Space did not open a spoiler"
            opened_with_space = True
        elif stop["tag"] == "summary" and stop["text"].startswith("Reveals the ending"):
            expect(ending.get_by_text(ENDING_TEXT)).to_be_hidden()
            page.keyboard.press("Enter")
            expect(ending.get_by_text(ENDING_TEXT)).to_be_visible()
            break
    else:
        pytest.fail("Tab never reached the ending's spoiler")
    assert opened_with_space


def test_a_visitor_without_javascript_opens_a_still_full_size_from_the_keyboard(
    browser, browser_context_args, catalog, settings
):
    settings.ROOT_URLCONF = "tests.pictures"  # serves the pictures stored by the test
    film = Film.objects.get(slug="parallel-mothers")
    Still.objects.create(film=film, image=library_image("janis-at-the-dig", (1200, 675)), caption="Janis at the dig")
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{FILM_URL}#stills")
    gallery = page.locator("#stills")
    expect(gallery.get_by_text("Janis at the dig")).to_be_visible()
    expect(gallery.get_by_text("Still: Ana Fotógrafa · CC BY 4.0")).to_be_visible()

    # The still is a link in the page's tab order, named by what it shows.
    for _ in range(250):
        stop = tab(page)
        if stop and stop["href"] and "-still-" in stop["href"]:
            break
    else:
        pytest.fail("Tab never reached the still")
    assert stop["ring"], stop
    # Named by the picture's alt text, and where it leads.
    name = "Janis at the dig: soft discs of colour on a gradient (full size)"
    expect(page.locator(":focus")).to_have_accessible_name(name)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    response = navigation.value
    assert response.status == 200 and response.headers["content-type"] == "image/jpeg"
    assert page.url.endswith("-still-960.jpg")  # the widest rendition made of a picture 1,200 pixels wide
    context.close()
