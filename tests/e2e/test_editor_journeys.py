"""Editors and publishers at work in the admin: adding a film, publishing it, and two people editing at once."""

import datetime as dt
import re
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from catalog.models import Film, FilmStatus, Role
from tests import factories

from .conftest import log_in, make_staff

# What the browser shows and does; the saves behind it are tested on both engines elsewhere.
pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.engine_independent]


def autocomplete(row, name):
    """The autocomplete box of one field in an inline row.

    The admin's select2 box is labelled by its current value, not by the field's label, so it is
    found next to the select it stands for.
    """
    return row.locator(f"select[name$='-{name}'] + .select2").get_by_role("combobox")


def choose(page, box, search, option):
    """Pick a value in an admin autocomplete box: open it, type, click the matching result."""
    box.click()
    # The open box puts the cursor in its search field.
    page.keyboard.type(search)
    page.get_by_role("option", name=option, exact=True).click()
    expect(box).to_contain_text(option)


def cell(row, name):
    """A field of a tabular inline row, whose only label is the column heading."""
    return row.locator(f"[name$='-{name}']")


def film_field(page, label):
    """One of the film's own fields; the inlines' hidden row templates reuse some of the labels."""
    return page.get_by_label(label, exact=True).filter(visible=True)


def section(page, name):
    """Open one section of the film form by its menu, as an editor would."""
    page.locator(".film-form__menu").get_by_role("link", name=name).click()


def save(page, button="Save and continue editing"):
    """Submit the form and wait for the page that answers, so its messages are not read off the old one."""
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).first.click()


def test_editor_adds_a_film_with_its_content_previews_the_draft_and_submits_it_for_review(
    page, new_context, catalog, editor, tmp_path
):
    poster = tmp_path / "quiet-harbour.jpg"
    Image.new("RGB", (200, 300), "steelblue").save(poster, "JPEG")
    title = "The Quiet Harbour"

    log_in(page, editor)
    page.get_by_role("link", name="Films", exact=True).click()
    expect(page.get_by_role("heading", name="Select film to change")).to_be_visible()
    page.get_by_role("link", name="Add film").click()
    expect(page.get_by_role("heading", name="Add film")).to_be_visible()

    film_field(page, "Title:").fill(title)
    film_field(page, "Year:").fill("2024")
    film_field(page, "Logline:").fill("A lighthouse keeper and a stranger wait out a storm.")
    expect(film_field(page, "Slug:")).to_have_value("the-quiet-harbour-2024")
    # The poster is chosen from the image library, where the chooser adds a new picture.
    section(page, "Media")
    with page.expect_popup() as opened:
        page.locator("#lookup_id_poster").click()
    library = opened.value
    library.get_by_role("link", name="Add image").click()
    library.locator("input[type=file][name=file]").set_input_files(poster)
    library.get_by_label("Title:").fill("The Quiet Harbour, poster")
    library.get_by_label("Alt text:").fill("A lighthouse under a steel-blue sky")
    library.get_by_label("Credit:").fill("Marta Ruiz")
    library.get_by_label("Licence:").select_option(label="Press kit")
    # Listening before the click: a quick answer closes the window before a wait begun after it could see it.
    with library.expect_event("close"):
        library.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#id_poster")).not_to_have_value("")

    section(page, "Cast & crew")
    page.get_by_role("button", name="Add another Credit").click()
    credit = page.locator("#credits-0")
    choose(page, autocomplete(credit, "person"), "Penélope", "Penélope Cruz")
    cell(credit, "role").select_option("Actor")
    cell(credit, "character_name").fill("Ana")

    page.get_by_role("button", name="Add another Credit").click()
    credit = page.locator("#credits-1")
    with page.expect_popup() as opened:
        credit.get_by_role("link", name="Add another person").click()
    popup = opened.value
    expect(popup.get_by_role("heading", name="Add person")).to_be_visible()
    popup.get_by_label("Name:").press_sequentially("Tomás Ibarra")
    expect(popup.get_by_label("Slug:")).to_have_value("tomas-ibarra")
    with popup.expect_event("close"):
        popup.get_by_role("button", name="Save", exact=True).click()
    expect(autocomplete(credit, "person")).to_contain_text("Tomás Ibarra")
    cell(credit, "role").select_option("Actor")
    cell(credit, "character_name").fill("The Stranger")

    section(page, "Story")
    page.get_by_role("button", name="Add another Plot section").click()
    plot = page.locator("#plot_sections-0")
    plot.get_by_label("Heading:").fill("The Storm")
    plot.get_by_label("Body:").fill("The keeper lets the stranger in as the sea rises.")

    section(page, "Awards")
    page.get_by_role("button", name="Add another Nomination").click()
    nomination = page.locator("#nominations-0")
    choose(page, autocomplete(nomination, "category"), "Volpi", "Venice Film Festival: Volpi Cup for Best Actress")
    nomination.get_by_label("Year:").fill("2024")
    choose(page, autocomplete(nomination, "person"), "Penélope", "Penélope Cruz")
    nomination.get_by_label("Outcome:").select_option("Won")

    section(page, "Publishing")
    expect(film_field(page, "Status:")).to_have_value("draft")
    save(page)
    expect(page.get_by_text(f"The film “{title} (2024)” was added successfully")).to_be_visible()
    expect(page.get_by_role("heading", name="Change film")).to_be_visible()
    expect(page.get_by_role("heading", name=f"{title} (2024)", exact=True)).to_be_visible()
    section(page, "Media")
    expect(page.get_by_role("img", name="A lighthouse under a steel-blue sky")).to_have_attribute(
        "src", re.compile(r"^/media/images/renditions/.*-card-\d+\.jpg$")
    )

    # A quote is spoken by one of the film's credits, which exist now that the film is saved.
    section(page, "Quotes")
    page.get_by_role("button", name="Add another Quote").click()
    quote = page.locator("#quotes-0")
    quote.get_by_label("Text:", exact=True).fill("Nobody crosses the bay tonight.")
    quote.get_by_label("Speaker:").select_option("The Stranger (Tomás Ibarra)")
    save(page)
    expect(page.get_by_text(f"The film “{title} (2024)” was changed successfully")).to_be_visible()

    page.get_by_role("link", name="Preview draft (staff only)").click()
    expect(page).to_have_url(re.compile(r"/films/the-quiet-harbour-2024/$"))
    expect(page.get_by_text("Draft — not public.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{title} (2024)")
    expect(page.get_by_role("img", name="A lighthouse under a steel-blue sky")).to_have_attribute(
        "src", re.compile(r"^/media/images/renditions/.*-poster-\d+\.jpg$")
    )
    expect(page.get_by_text("Marta Ruiz")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="as The Stranger")).to_contain_text("Tomás Ibarra")
    expect(page.get_by_role("figure").filter(has_text="Nobody crosses the bay tonight.")).to_contain_text(
        "The Stranger, played by Tomás Ibarra"
    )

    visitor = new_context().new_page()
    assert visitor.goto("/films/the-quiet-harbour-2024/").status == 404

    page.go_back()
    section(page, "Publishing")
    status = film_field(page, "Status:")
    expect(status.locator("option")).to_have_text(["Draft", "In review"])
    status.select_option("In review")
    save(page, "Save")
    expect(page.get_by_text(f"The film “{title} (2024)” was changed successfully")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(title))).to_contain_text("In review")

    film = Film.objects.get(slug="the-quiet-harbour-2024")
    assert film.status == FilmStatus.REVIEW
    assert {(c.person.name, c.character_name) for c in film.credits.all()} == {
        ("Penélope Cruz", "Ana"),
        ("Tomás Ibarra", "The Stranger"),
    }
    assert film.quotes.get().speaker.character_name == "The Stranger"
    assert film.nominations.get().person.name == "Penélope Cruz"
    assert film.plot_sections.get().heading == "The Storm"


def test_publisher_publishes_a_film_in_review_then_restores_an_earlier_version(page, new_context, publisher):
    film = factories.film("The Night Ferry", year=2023, slug="the-night-ferry", status=FilmStatus.REVIEW)
    actor = factories.person("Inés Ortega", slug="ines-ortega")
    factories.credit(film, actor, Role.ACTOR, character_name="Marta")

    visitor = new_context().new_page()
    assert visitor.goto("/films/the-night-ferry/").status == 404

    log_in(page, publisher)
    page.get_by_role("link", name="Films", exact=True).click()
    page.get_by_role("link", name="In review").click()
    page.get_by_role("link", name="The Night Ferry").click()
    expect(page.get_by_role("heading", name="The Night Ferry (2023)", exact=True)).to_be_visible()
    section(page, "Publishing")
    film_field(page, "Status:").select_option("Published")
    save(page)
    expect(page.get_by_text("The film “The Night Ferry (2023)” was changed successfully")).to_be_visible()
    expect(page.get_by_role("link", name="View on site")).to_be_visible()

    assert visitor.goto("/films/").status == 200
    expect(visitor.get_by_role("link", name="The Night Ferry")).to_be_visible()
    assert visitor.goto("/search/?q=Night+Ferry").status == 200
    expect(visitor.get_by_role("link", name="The Night Ferry")).to_be_visible()
    sitemap = visitor.goto("/sitemap-films.xml")
    assert sitemap.status == 200
    assert "/films/the-night-ferry/</loc>" in sitemap.text()
    assert visitor.goto("/people/ines-ortega/").status == 200
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Inés Ortega")
    expect(visitor.get_by_role("link", name="The Night Ferry")).to_be_visible()

    section(page, "Cast & crew")
    credit = page.locator("#credits-0")
    cell(credit, "character_name").fill("Marta Vidal")
    save(page)
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    visitor.goto("/films/the-night-ferry/")
    expect(visitor.get_by_text("Marta Vidal")).to_be_visible()

    page.get_by_role("link", name="History and restore").click()
    expect(page).to_have_url(re.compile(rf"/admin/catalog/film/{film.pk}/history/(\?.*)?$"))
    history = page.get_by_role("row").filter(has=page.get_by_role("link", name="Restore this version"))
    expect(history).to_have_count(2)
    earlier = history.filter(has_text="Changed Status")
    earlier.get_by_role("link", name="Restore this version").click()
    expect(page.get_by_role("heading", name="Restore an earlier version of “The Night Ferry (2023)”")).to_be_visible()
    expect(page.get_by_text("Nothing has changed yet")).to_be_visible()
    expect(cell(page.locator("#credits-0"), "character_name")).to_have_value("Marta")
    film.refresh_from_db()
    lock_version = film.lock_version
    save(page, "Save")
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    film.refresh_from_db()
    assert film.lock_version > lock_version, "a restore must not rewind the counter that detects concurrent edits"

    visitor.goto("/films/the-night-ferry/")
    cast_member = visitor.get_by_role("listitem").filter(has=visitor.get_by_role("link", name="Inés Ortega"))
    expect(cast_member).to_contain_text("as Marta")
    expect(visitor.get_by_text("Marta Vidal")).to_have_count(0)


def test_the_second_of_two_concurrent_saves_is_refused_and_keeps_what_was_typed(page, new_context, editor):
    film = factories.film("Harbour Lights", status=FilmStatus.DRAFT)
    url = reverse("admin:catalog_film_change", args=[film.pk])
    colleague = make_staff("sofia", "Editor")
    other = new_context().new_page()

    log_in(page, editor)
    log_in(other, colleague)
    page.goto(url)
    other.goto(url)

    film_field(page, "Logline:").fill("Elena's logline.")
    save(page)
    expect(page.get_by_text("was changed successfully")).to_be_visible()

    film_field(other, "Logline:").fill("Sofia's logline.")
    section(other, "Story")
    other.get_by_role("button", name="Add another Plot section").click()
    other.locator("#plot_sections-0").get_by_label("Heading:").fill("Sofia's section")
    other.locator("#plot_sections-0").get_by_label("Body:").fill("What Sofia wrote.")
    save(other)
    expect(other.get_by_text("Please correct the error below.")).to_be_visible()
    expect(other.get_by_text("Someone else saved this film while you were editing it.")).to_be_visible()
    section(other, "Overview")
    expect(film_field(other, "Logline:")).to_have_value("Sofia's logline.")
    expect(other.locator("#plot_sections-0").get_by_label("Heading:")).to_have_value("Sofia's section")

    film.refresh_from_db()
    assert film.logline == "Elena's logline."
    assert not film.plot_sections.exists()

    # Saving the refused form again is the deliberate overwrite the message offers.
    save(other)
    expect(other.get_by_text("was changed successfully")).to_be_visible()
    film.refresh_from_db()
    assert film.logline == "Sofia's logline."
    assert film.plot_sections.get().heading == "Sofia's section"


def test_an_edit_is_previewed_saved_sent_for_review_scheduled_and_published_on_time(
    page, new_context, catalog, editor, publisher
):
    film = Film.objects.get(slug="parallel-mothers")
    film.status = FilmStatus.DRAFT
    film.save()
    quote = film.quotes.order_by("order", "pk").first()
    old, new = quote.text, "The truth always waits for us, however long it takes."
    visitor = new_context().new_page()
    assert visitor.goto(film.get_absolute_url()).status == 404

    # The editor jumps to the quotes, edits one and previews it: nothing is saved yet.
    log_in(page, editor)
    page.goto(reverse("admin:catalog_film_change", args=[film.pk]))
    section(page, "Quotes")
    row = page.locator(f"#claim-quote-{quote.pk}")
    row.locator("summary").click()
    row.get_by_label("Text:", exact=True).fill(new)
    with page.expect_popup() as opened:
        page.get_by_role("button", name="Preview").click()
    preview = opened.value
    expect(preview.get_by_text("Preview — not saved.")).to_be_visible()
    expect(preview.get_by_role("figure").filter(has_text=new)).to_be_visible()
    expect(preview.get_by_text(old)).to_have_count(0)
    preview.close()
    quote.refresh_from_db()
    assert quote.text == old
    saved = page.context.new_page()
    saved.goto(film.get_absolute_url())
    expect(saved.get_by_text(old)).to_be_visible()
    saved.close()

    save(page)
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    section(page, "Publishing")
    film_field(page, "Status:").select_option("In review")
    save(page, "Save")
    expect(page.get_by_role("row", name=re.compile("Parallel Mothers"))).to_contain_text("In review")

    # The Publisher finds it waiting on the dashboard and schedules it for tomorrow morning.
    go_live = (timezone.now() + dt.timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    desk = new_context().new_page()
    log_in(desk, publisher)
    waiting = desk.get_by_role("region", name=re.compile("Waiting for review"))
    waiting.get_by_role("link", name="Parallel Mothers (2021)").click()
    section(desk, "Publishing")
    desk.locator("[name='go_live_at_0']").fill(go_live.strftime("%Y-%m-%d"))
    desk.locator("[name='go_live_at_1']").fill(go_live.strftime("%H:%M:%S"))
    save(desk)
    expect(desk.get_by_text("was changed successfully")).to_be_visible()
    expect(desk.get_by_text("Goes live at")).to_contain_text(f"scheduled by {publisher.username}")
    desk.goto(reverse("admin:index"))
    expect(desk.get_by_role("region", name=re.compile("Scheduled"))).to_contain_text("Parallel Mothers")
    assert visitor.goto(film.get_absolute_url()).status == 404

    # Cron runs publish_scheduled every minute; the first run after nine publishes it.
    with time_machine.travel(go_live - dt.timedelta(minutes=1), tick=False):
        call_command("publish_scheduled", stdout=StringIO())
    assert visitor.goto(film.get_absolute_url()).status == 404
    with time_machine.travel(go_live + dt.timedelta(seconds=30), tick=False):
        call_command("publish_scheduled", stdout=StringIO())
    assert visitor.goto(film.get_absolute_url()).status == 200
    expect(visitor.get_by_role("figure").filter(has_text=new)).to_be_visible()
    expect(visitor.get_by_text(old)).to_have_count(0)


def test_the_sections_are_reached_by_keyboard_and_keep_what_was_typed(page, catalog, editor):
    film = Film.objects.get(slug="parallel-mothers")
    log_in(page, editor)
    page.goto(reverse("admin:catalog_film_change", args=[film.pk]))
    film_field(page, "Logline:").fill("Typed before switching.")

    menu = page.locator(".film-form__menu")
    menu.get_by_role("link", name="Quotes").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Quotes", exact=True)).to_be_focused()
    expect(page.locator("#section-overview")).to_be_hidden()
    first_quote = page.locator("#section-quotes summary").first
    first_quote.focus()
    page.keyboard.press("Enter")
    expect(page.locator("[name='quotes-0-text']")).to_be_visible()

    menu.get_by_role("link", name="Overview").focus()
    page.keyboard.press("Enter")
    expect(film_field(page, "Logline:")).to_have_value("Typed before switching.")
    save(page)
    film.refresh_from_db()
    assert film.logline == "Typed before switching."


def test_rows_are_moved_up_and_down_and_saved_in_that_order(page, catalog, editor):
    film = Film.objects.get(slug="parallel-mothers")
    before = list(film.quotes.order_by("order", "pk").values_list("text", flat=True))
    log_in(page, editor)
    page.goto(reverse("admin:catalog_film_change", args=[film.pk]))
    section(page, "Quotes")
    page.locator("#section-quotes .collapsible-row").first.get_by_role("button", name=re.compile("^Move down")).click()
    save(page)
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    after = list(film.quotes.order_by("order", "pk").values_list("text", flat=True))
    assert after == [before[1], before[0], *before[2:]]


def test_the_preview_follows_the_typing_when_asked_to(page, catalog, editor):
    film = Film.objects.get(slug="parallel-mothers")
    log_in(page, editor)
    page.goto(reverse("admin:catalog_film_change", args=[film.pk]))
    with page.expect_popup() as opened:
        page.get_by_role("button", name="Preview").click()
    preview = opened.value
    expect(preview.get_by_text("Preview — not saved.")).to_be_visible()
    page.get_by_label("Refresh the preview as I type").check()
    film_field(page, "Logline:").fill("A logline the preview picks up by itself.")
    expect(preview.get_by_text("A logline the preview picks up by itself.")).to_be_visible(timeout=10_000)
    film.refresh_from_db()
    assert film.logline != "A logline the preview picks up by itself."


def test_without_javascript_every_section_shows_and_the_form_saves(new_context, catalog, editor):
    film = Film.objects.get(slug="parallel-mothers")
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, editor)
    page.goto(reverse("admin:catalog_film_change", args=[film.pk]))
    for panel in page.locator(".film-form__panel").all():
        expect(panel).to_be_visible()
    page.locator(".film-form__menu").get_by_role("link", name="Quotes").click()
    expect(page).to_have_url(re.compile("#section-quotes$"))
    page.locator("#section-quotes summary").first.click()
    page.locator("[name='quotes-0-context']").fill("Said without a script.")
    save(page)
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    assert film.quotes.filter(context="Said without a script.").exists()


def test_an_unsourced_claim_on_the_dashboard_opens_at_its_source_in_the_form(page, catalog, editor):
    log_in(page, editor)
    claims = page.get_by_role("region", name=re.compile("Unsourced claims"))
    claims.get_by_label("Kind").select_option(label="Key scene")
    claims.get_by_role("button", name="Filter").click()
    claims = page.get_by_role("region", name=re.compile("Unsourced claims"))
    claims.get_by_role("link", name="The DNA result").click()
    expect(page.get_by_role("heading", name="Key scenes", exact=False).first).to_be_visible()
    expect(page.locator("#section-story")).to_be_visible()
    expect(page.locator("#section-overview")).to_be_hidden()
    row = page.locator("details[id^='claim-keyscene-'][open]")
    expect(row).to_contain_text("The DNA result")
    expect(row.locator("[name$='-source_url']")).to_be_focused()
