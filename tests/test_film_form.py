"""The film form in sections: declared once, every field and inline in one of them, errors counted per section."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.urls import reverse

from catalog.admin.film_form import FORM_SECTIONS
from catalog.models import Film, Quote
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def film(catalog):
    return Film.objects.get(slug="parallel-mothers")


def change_url(film):
    return reverse("admin:catalog_film_change", args=[film.pk])


def section_html(page, slug):
    """The markup of one section panel of a rendered film form."""
    start = page.index(f'<section id="section-{slug}"')
    return page[start : page.index("</section>", start)]


def open_sections(page):
    return re.findall(r'<section id="section-([a-z-]+)" class="film-form__panel film-form__panel--open"', page)


def test_every_field_and_inline_of_the_film_form_is_in_exactly_one_section():
    film_admin = admin.site._registry[Film]
    fields = [name for section in FORM_SECTIONS for name in flatten_fieldsets(section.fieldsets)]
    inlines = [inline for section in FORM_SECTIONS for inline in section.inlines]
    editable = {f.name for f in Film._meta.get_fields() if getattr(f, "editable", False) and not f.auto_created}
    # lock_version travels as a hidden input outside the sections.
    editable -= {"id", "created_at", "updated_at", "search_vector", "titles_folded", "lock_version"}
    assert len(fields) == len(set(fields))
    assert editable <= set(fields)
    assert sorted(map(repr, inlines)) == sorted(map(repr, film_admin.inlines))
    assert len(inlines) == len(set(inlines))


def test_the_form_shows_a_menu_of_its_sections_and_each_section_its_own_part(admin_client, film):
    page = admin_client.get(change_url(film)).content.decode()
    start = page.index('<nav class="film-form__menu"')
    menu = page[start : page.index("</nav>", start)]
    assert re.findall(r'data-section="([a-z-]+)"', menu) == [section.slug for section in FORM_SECTIONS]
    quotes = section_html(page, "quotes")
    assert 'id="quotes-group"' in quotes
    assert 'name="title"' not in quotes
    assert 'name="title"' in section_html(page, "overview")
    assert 'name="go_live_at_0"' in section_html(page, "publishing")
    assert open_sections(page) == ["overview"]


def test_each_stored_row_folds_to_its_summary_and_can_be_linked_to(admin_client, film):
    page = admin_client.get(change_url(film)).content.decode()
    quote = Quote.objects.filter(film=film).order_by("order", "pk").first()
    row = re.search(rf'<details class="row-details" id="claim-quote-{quote.pk}"(?: open)?>(.*?)</summary>', page, re.S)
    assert row is not None and " open" not in row.group(0)
    assert quote.text[:40] in row.group(1)


def test_a_failed_save_counts_errors_per_section_and_opens_the_first_with_one(admin_client, film):
    data = change_form_data(admin_client.get(change_url(film)))
    data["quotes-0-text"] = ""
    response = admin_client.post(change_url(film), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert open_sections(page) == ["quotes"]
    assert re.search(r'data-section="quotes"[^>]*>Quotes <span class="film-form__error-count">1 error</span>', page)
    assert re.search(r'<details class="row-details" id="claim-quote-\d+" open>', page)

    data["year"] = "1066"
    page = admin_client.post(change_url(film), data).content.decode()
    assert open_sections(page) == ["overview"]
    assert "1 error" in section_html(page, "overview") and "1 error" in section_html(page, "quotes")


def test_the_add_form_is_in_sections_too(admin_client, catalog):
    page = admin_client.get(reverse("admin:catalog_film_add")).content.decode()
    assert open_sections(page) == ["overview"]
    assert 'name="title"' in section_html(page, "overview")
