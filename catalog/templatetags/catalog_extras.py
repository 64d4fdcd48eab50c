"""Small presentation helpers shared by the public pages."""

from urllib.parse import urlsplit

from django import template

from .. import search
from ..models.text import search_words
from ..public import presenters

register = template.Library()

WEB_SCHEMES = {"http", "https"}


@register.filter
def get_item(mapping, key):
    """``{{ roles|get_item:person.pk }}``: a mapping's value for a key the template computes."""
    return mapping.get(key) if mapping else None


@register.filter
def note_url(note):
    """The film page section a note appears in."""
    return presenters.note_url(note)


@register.filter
def quote_url(quote):
    return presenters.quote_url(quote)


@register.filter
def snippet(text, query):
    """``{{ note.text|snippet:query }}``: the part of a long text around the words searched for."""
    return search.snippet(text, search_words(query))


@register.filter
def web_url(url):
    """``{{ source.url|web_url }}``: the address if a visitor's browser would fetch it as a page, else ``""``.

    The models accept only ``http(s)`` links; this keeps a row that reached the database some other way
    (SQL by hand, an old backup) from becoming a ``javascript:`` link.
    """
    return url if urlsplit(str(url or "")).scheme.lower() in WEB_SCHEMES else ""
