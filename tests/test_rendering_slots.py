"""A flood of pages that must be rendered cannot take every thread of a worker: cached pages are still served."""

import pytest

from catalog.middleware import rendering_slot
from tests.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_slot(settings):
    settings.PAGE_CACHE = True
    settings.RENDER_CONCURRENCY = 1
    settings.RENDER_WAIT_SECONDS = 0.05


def test_a_page_to_render_while_every_slot_is_taken_answers_try_again(catalog, client, one_slot):
    cached = "/films/parallel-mothers/"
    assert client.get(cached).status_code == 200  # rendered once, now in the cache
    with rendering_slot():  # another request of this worker is rendering a page
        busy = client.get("/search/?q=mother")
        assert busy.status_code == 503
        assert busy["Retry-After"]
        assert "taking too long" in page_text(busy)
        assert client.get(cached).status_code == 200
    assert client.get("/search/?q=mother").status_code == 200


def test_editors_pages_are_not_held_back(catalog, admin_client, one_slot):
    with rendering_slot():
        assert admin_client.get("/search/?q=mother").status_code == 200
