"""Whatever query string a visitor sends to the film list, the answer is a page, a 400 or a 404, never a 500."""

from urllib.parse import urlencode

from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.public.filters import FilmFilter
from tests.pages import page_text

KNOWN_KEYS = [*FilmFilter.base_filters, "page"]

# Values the filters accept, so that examples also reach the queries behind valid filters.
REAL_VALUES = [
    "drama",
    "comedy",
    "ES",
    "es",
    "penelope-cruz",
    "venice-film-festival",
    "any",
    "won",
    "nominated",
    "1990",
    "2021",
    "title",
    "-year",
    "-updated",
    "1",
    "last",
    "madres",
]

keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=20))
values = st.one_of(
    st.sampled_from(REAL_VALUES),
    st.text(max_size=40),
    st.from_regex(r"[+-]?\d{1,25}([.,]\d{1,5})?([eE][+-]?\d{1,3})?", fullmatch=True),
    st.integers().map(str),
    st.floats().map(str),
    # Long values are built by repetition: drawing 50,000 characters one by one would be slow.
    st.builds(lambda text, times: text * times, st.text(min_size=1, max_size=3), st.integers(30, 20_000)),
)
query_strings = st.lists(st.tuples(keys, values), max_size=8).map(urlencode)


# How many examples: the Hypothesis profile (tests/conftest.py).
@settings(
    # The catalog is loaded once for all examples; every request only reads it.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=query_strings)
def test_film_list_answers_any_query_string_without_a_server_error(catalog, query):
    response = Client(raise_request_exception=False).get(f"/films/?{query}")
    assert response.status_code in (200, 400, 404), query
    assert "Traceback" not in page_text(response)
