"""What a reader sees of the catalog's claims (which carry a source, which are disputed) and of a ceremony, in a
real browser: axe-clean, valid HTML, with screenshots for the people who review the pages. Also the film list's
filters, which say how many films each choice holds."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import SCREENSHOTS, axe_violations, html_errors

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.engine_independent]


def shoot(locator, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=SCREENSHOTS / f"{name}.png")


def test_a_reader_sees_which_claims_have_a_source_and_which_are_disputed(page, catalog):
    page.goto("/films/parallel-mothers/?spoilers=all")
    trivia = page.locator(".entry", has_text="A crib from All About My Mother")
    expect(trivia.locator(".citation--none")).to_have_text("[no source]")
    expect(trivia.locator(".disputed")).to_contain_text("Disputed: No interview or production note")
    sources = page.locator("#sources")
    expect(sources.locator(".sources__summary")).to_contain_text("statements on this page have no source yet")
    # A numbered source leads to its entry.
    page.locator(".film-section--awards .citation a").first.click()
    expect(page).to_have_url(re.compile(r"#source-\d+$"))

    assert axe_violations(page) == []
    assert not html_errors({"film page": page.content()})
    shoot(page.locator(".film-section", has=trivia), "film-claims-disputed")
    shoot(sources, "film-sources")


def test_a_ceremony_page_says_what_the_catalog_records(page, catalog):
    page.goto("/films/parallel-mothers/")
    page.locator(".film-section--awards").get_by_role("link", name="Venice Film Festival 2021").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Venice Film Festival 2021")
    expect(page.locator(".page-header__lede")).to_contain_text("recorded in the catalog")
    assert axe_violations(page) == []
    page.screenshot(path=SCREENSHOTS / "ceremony.png", full_page=True)


def test_the_film_list_filters_say_how_many_films_each_choice_holds(page, catalog):
    page.goto("/films/")
    genre = page.get_by_label("Genre")
    drama = genre.locator("option", has_text=re.compile(r"^Drama \(\d+\)$"))
    drama_films = int(re.search(r"\((\d+)\)", drama.text_content()).group(1))
    # Choices with no film are not offered: no film in the catalog is from the 1880s.
    expect(page.get_by_label("Decade").locator("option", has_text="1880s")).to_have_count(0)

    genre.select_option(drama.get_attribute("value"))
    page.get_by_role("button", name="Show films").click()  # a plain form: no script needed
    expect(page.locator("#results-heading")).to_contain_text(f"{drama_films} film")
    # The other filters now count among dramas; the genres still count the whole catalog.
    decades = page.get_by_label("Decade").locator("option").all_text_contents()
    assert decades[0] == "Any decade" and all(re.fullmatch(r"\d{4}s \(\d+\)", label) for label in decades[1:])
    assert sum(int(re.search(r"\((\d+)\)", label).group(1)) for label in decades[1:]) == drama_films
    expect(genre.locator("option:checked")).to_have_text(f"Drama ({drama_films})")

    assert axe_violations(page) == []
    assert not html_errors({"film list": page.content()})
    # A closed <select> hides its options from a screenshot: the picture shows two of them as open lists.
    for label in ("Genre", "Decade"):
        page.get_by_label(label).evaluate("select => { select.size = select.options.length; }")
    shoot(page.locator(".filters"), "film-list-facets")
