"""The API's documentation page, in a real browser: served by the site itself, under its Content-Security-Policy,
and able to try an endpoint."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.engine_independent]


def test_a_developer_reads_the_api_documentation_and_tries_the_film_list(page, catalog, live_server):
    outside = []
    page.on("request", lambda request: request.url.startswith(live_server.url) or outside.append(request.url))

    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="its API").click()
    expect(page.get_by_role("heading", name="filmsite API")).to_be_visible()

    films = page.locator("#operations-films-films_list")
    films.get_by_role("button", name="GET /api/v1/films/").first.click()
    films.get_by_role("button", name="Try it out").click()
    films.get_by_role("button", name="Execute").click()
    expect(films.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    expect(films.locator(".live-responses-table")).to_contain_text("parallel-mothers")
    assert outside == [], f"the documentation page reached outside the site: {outside}"
