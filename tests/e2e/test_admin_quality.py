"""axe-core and the Nu HTML Checker on the editors' pages, photographed at desktop and phone size.

The film form is checked section by section (axe-core leaves out what is hidden, so each section is
opened in turn), with a failed save and its preview besides; then the dashboard, the changelist, a bulk
action's confirmation and the history.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as Pillow

from catalog.admin.film_form import FORM_SECTIONS
from catalog.models import Film, Image
from tests.admin_forms import change_form_data

from .conftest import SCREENSHOTS, axe_violations, html_errors, log_in

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.engine_independent]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def first_screen(page, name):
    """The window as the editor sees it on arrival, not the whole page."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")


def change_url(film):
    return reverse("admin:catalog_film_change", args=[film.pk])


def open_section(page, title):
    page.locator(".film-form__menu").get_by_role("link", name=title).click()


def page_height(page):
    return page.evaluate("document.documentElement.scrollHeight")


@pytest.fixture
def film(catalog):
    library_picture()
    return Film.objects.get(slug="parallel-mothers")


def test_the_film_form_opens_at_most_three_screens_tall(page, phone_page, editor, film):
    heights = {}
    for size, tab, viewport in (("desktop", page, DESKTOP), ("phone", phone_page, PHONE)):
        tab.set_viewport_size(viewport)
        log_in(tab, editor)
        tab.goto(change_url(film))
        tab.locator(".film-form--tabs").wait_for()
        first_screen(tab, f"admin-film-form-{size}")
        heights[size] = page_height(tab)
    assert heights["desktop"] <= 3 * DESKTOP["height"], heights


def test_every_section_of_the_film_form_has_no_accessibility_violations(page, publisher, film):
    # A Publisher sees every control an Editor does, the schedule and the delete boxes besides.
    page.set_viewport_size(DESKTOP)
    log_in(page, publisher)
    page.goto(change_url(film))
    page.locator(".film-form--tabs").wait_for()
    problems = {}
    for section in FORM_SECTIONS:
        open_section(page, section.title)
        page.locator(f"#section-{section.slug}").wait_for()
        # Unfold every row, so that what they hold is checked too.
        page.evaluate(f"document.querySelectorAll('#section-{section.slug} details').forEach(d => d.open = true)")
        if found := axe_violations(page):
            problems[section.title] = found
    assert not problems, "\n".join(f"{name}:\n  " + "\n  ".join(lines) for name, lines in problems.items())


def test_a_failed_save_opens_the_section_with_the_error_and_counts_it(page, phone_page, editor, film):
    for size, tab, viewport in (("desktop", page, DESKTOP), ("phone", phone_page, PHONE)):
        tab.set_viewport_size(viewport)
        log_in(tab, editor)
        tab.goto(change_url(film))
        open_section(tab, "Quotes")
        tab.locator("#section-quotes summary").first.click()
        tab.locator("[name='quotes-0-text']").fill("")
        with tab.expect_navigation():
            tab.get_by_role("button", name="Save and continue editing").first.click()
        quotes = tab.locator("#section-quotes")
        assert quotes.is_visible()
        assert tab.locator(".film-form__menu a[aria-current='true']").inner_text() == "Quotes 1 error"
        assert tab.locator("#section-overview").is_hidden()
        first_screen(tab, f"admin-film-form-errors-{size}")
        quotes.locator(".errorlist").first.scroll_into_view_if_needed()
        first_screen(tab, f"admin-film-form-errors-at-the-field-{size}")
        found = axe_violations(tab)
        assert not found, "\n".join(found)


def test_the_preview_has_no_accessibility_violations(page, phone_page, editor, film):
    for size, tab, viewport in (("desktop", page, DESKTOP), ("phone", phone_page, PHONE)):
        tab.set_viewport_size(viewport)
        log_in(tab, editor)
        tab.goto(change_url(film))
        with tab.expect_popup() as opened:
            tab.get_by_role("button", name="Preview").click()
        preview = opened.value
        preview.set_viewport_size(viewport)
        preview.wait_for_load_state()
        assert "Preview — not saved." in preview.inner_text("main")
        first_screen(preview, f"admin-film-preview-{size}")
        found = axe_violations(preview)
        assert not found, "\n".join(found)
        preview.close()


def editor_pages(film):
    """Each page of the editors' side worth checking, by name: its address and how to reach its state."""
    image = library_picture()
    return {
        "dashboard": reverse("admin:index"),
        "changelist": reverse("admin:catalog_film_changelist"),
        "changelist-filtered": reverse("admin:catalog_film_changelist") + "?status__exact=published&q=mother",
        "history": reverse("admin:catalog_film_history", args=[film.pk]),
        "change-form": change_url(film),
        "image-library": reverse("admin:catalog_image_changelist"),
        "image-chooser": reverse("admin:catalog_image_changelist") + "?_to_field=id&_popup=1",
        "image-form": reverse("admin:catalog_image_change", args=[image.pk]),
        "image-add": reverse("admin:catalog_image_add"),
    }


def library_picture():
    """A picture in the library, used as Parallel Mothers' poster, so the film form shows a chosen one too."""
    image = Image.objects.filter(slug="quality-check").first()
    if image is None:
        buffer = io.BytesIO()
        Pillow.new("RGB", (600, 900), "darkred").save(buffer, format="JPEG")
        image = Image(title="Quality check", slug="quality-check", alt_text="A dark red field", credit="Test")
        image.licence = "cc-by-4.0"
        image.file = SimpleUploadedFile("quality.jpg", buffer.getvalue())
        image.full_clean()
        image.save()
        Film.objects.filter(slug="parallel-mothers").update(poster=image)
    return image


def test_the_editors_pages_have_no_accessibility_violations_at_desktop_or_phone_size(
    page, phone_page, publisher, film
):
    problems = {}
    for size, tab, viewport in (("desktop", page, DESKTOP), ("phone", phone_page, PHONE)):
        tab.set_viewport_size(viewport)
        log_in(tab, publisher)
        for name, url in editor_pages(film).items():
            tab.goto(url)
            if name == "dashboard":
                first_screen(tab, f"admin-dashboard-{size}")
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                tab.screenshot(path=SCREENSHOTS / f"admin-dashboard-{size}-whole.png", full_page=True)
            if found := axe_violations(tab):
                problems[f"{name} ({size})"] = found
            width = tab.evaluate("document.documentElement.scrollWidth")
            if size == "phone" and name in {"dashboard", "change-form"} and width > PHONE["width"]:
                problems.setdefault(f"{name} ({size})", []).append(f"{width}px wide")
        # A bulk action's confirmation page.
        tab.goto(reverse("admin:catalog_film_changelist"))
        tab.locator("input[name='_selected_action']").first.check()
        tab.locator("select[name='action']").select_option("add_genre")
        with tab.expect_navigation():
            tab.get_by_role("button", name="Run").click()
        first_screen(tab, f"admin-bulk-confirmation-{size}")
        if found := axe_violations(tab):
            problems[f"bulk confirmation ({size})"] = found
    assert not problems, "\n".join(f"{name}:\n  " + "\n  ".join(lines) for name, lines in problems.items())


def test_the_editors_pages_are_valid_html(publisher, film):
    """The pages as the server sends them (scripts then add the autocomplete boxes, which are select2's)."""
    client = Client()
    client.force_login(publisher)
    documents = {name: client.get(url).content.decode() for name, url in editor_pages(film).items()}
    form = change_form_data(client.get(change_url(film)))
    documents["change-form-with-errors"] = client.post(change_url(film), {**form, "year": "1066"}).content.decode()
    preview = reverse("admin:catalog_film_preview", args=[film.pk])
    documents["preview"] = client.post(preview, form).content.decode()
    documents["preview-with-errors"] = client.post(preview, {**form, "year": "1066"}).content.decode()
    changelist = reverse("admin:catalog_film_changelist")
    for action in ("add_genre", "publish"):
        selected = {"action": action, "_selected_action": [film.pk], "index": 0}
        documents[f"bulk-{action}-confirmation"] = client.post(changelist, selected).content.decode()
    errors = html_errors(documents)
    assert not errors, "\n".join(f"{name}:\n  " + "\n  ".join(lines) for name, lines in errors.items())
