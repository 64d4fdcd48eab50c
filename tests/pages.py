"""Reading pages the way the tests need them: as text a reader sees, and by the queries they cost."""

import html
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_text(response):
    """The page as a reader sees it: tags removed, entities decoded, whitespace folded."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


def count_queries(client, url, params=None):
    """How many SQL queries one successful GET of ``url`` runs."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def select_options(page, name):
    """``[(value, label), ...]`` of the ``<select>`` called ``name`` in the HTML ``page``."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)', select)
    return [(value, html.unescape(label)) for value, label in options]
