"""Accent-insensitive matching that works alike on SQLite and PostgreSQL, without database extensions.

Text is *folded* (accents and case removed, typographic quotes made plain) in Python for the visitor's
words, and in the database for the stored text: PostgreSQL folds with its built-in ``translate()``
using a table this module derives from the same Python function, SQLite calls that Python function
directly. So "almodovar" finds "Almodóvar" and "penelope" finds "Penélope" on both.

The database still reads every candidate row; a denormalised, indexed folded column would avoid that
once the catalog is large.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import reduce

from django.db.models import Case, Exists, Q, TextField, When
from django.db.models.expressions import Func
from django.db.models.functions import Lower
from django.db.models.lookups import Contains

MAX_QUERY_LENGTH = 100
MAX_WORDS = 8

# Letters that Unicode does not decompose into a base letter and an accent, and the typographic
# quotes and dashes of edited text, which a visitor types as plain ASCII.
_UNDECOMPOSED = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "ł": "l",
        "Ł": "l",
        "ħ": "h",
        "Ħ": "h",
        "ı": "i",
        "ŧ": "t",
        "Ŧ": "t",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
    }
)


def fold(text):
    """``text`` without accents or case, as the database folds it: "Penélope" → "penelope"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.translate(_UNDECOMPOSED).lower()


def search_words(query):
    """The visitor's query as folded words, at most ``MAX_WORDS`` of them."""
    return fold(query[:MAX_QUERY_LENGTH]).split()[:MAX_WORDS]


def _folding_table():
    """The characters PostgreSQL must fold: one-to-one for ``translate()``, the rest for ``replace()``."""
    ranges = [
        range(0x00C0, 0x0250),  # Latin-1 letters, Latin Extended-A and B
        range(0x0370, 0x0400),  # Greek
        range(0x0400, 0x0500),  # Cyrillic (й, ё)
        range(0x1E00, 0x1F00),  # Latin Extended Additional (Vietnamese)
        range(0x2010, 0x2020),  # dashes and quotation marks
    ]
    single_from, single_to, several = [], [], []
    for char in (chr(code) for codes in ranges for code in codes):
        folded = fold(char)
        if folded == char:
            continue
        if len(folded) == 1:
            single_from.append(char)
            single_to.append(folded)
        elif folded:
            several.append((char, folded))
    return "".join(single_from), "".join(single_to), several


_TRANSLATE_FROM, _TRANSLATE_TO, _REPLACEMENTS = _folding_table()


class Folded(Func):
    """The database's version of ``fold()`` for one text column or expression."""

    output_field = TextField()

    def __init__(self, expression):
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra_context):
        # Other databases lower the case only; MySQL's usual collations ignore accents anyway.
        return compiler.compile(Lower(*self.get_source_expressions()))

    def as_postgresql(self, compiler, connection, **extra_context):
        inner, params = compiler.compile(self.get_source_expressions()[0])
        sql = f"TRANSLATE({inner}, %s, %s)"
        params = (*params, _TRANSLATE_FROM, _TRANSLATE_TO)
        for char, replacement in _REPLACEMENTS:
            sql = f"REPLACE({sql}, %s, %s)"
            params = (*params, char, replacement)
        return f"LOWER({sql})", params

    def as_sqlite(self, compiler, connection, **extra_context):
        # Registered on demand because this app has no hook that runs on every new connection;
        # registering again on the same connection is harmless.
        connection.ensure_connection()
        connection.connection.create_function("catalog_fold", 1, _fold_or_none, deterministic=True)
        inner, params = compiler.compile(self.get_source_expressions()[0])
        return f"catalog_fold({inner})", params


def _fold_or_none(value):
    return None if value is None else fold(str(value))


def contains_all(words, *fields, subqueries=()):
    """A condition: every word appears, folded, in at least one of ``fields`` or ``subqueries``.

    ``subqueries`` are functions that take a word and return a queryset to wrap in ``Exists``, for
    text in related rows (a film's alternative titles) without joining and duplicating rows.
    """
    conditions = []
    for word in words:
        alternatives = [Q(Contains(Folded(field), word)) for field in fields]
        alternatives += [Q(Exists(subquery(word))) for subquery in subqueries]
        conditions.append(reduce(lambda a, b: a | b, alternatives))
    return reduce(lambda a, b: a & b, conditions, Q())


def snippet(text, words, width=160):
    """A stretch of ``text`` around the first of ``words`` it contains, so a long note shows why it matched."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    folded = fold(text)
    positions = [position for position in (folded.find(word) for word in words) if position >= 0]
    # Folding can lengthen text (ß → ss); positions are then approximate, which a snippet tolerates.
    start = max(0, min(positions, default=0) - width // 3)
    end = min(len(text), start + width)
    if start:
        match = re.search(r"\s", text[start:])
        start = start + match.end() if match and match.end() < width // 3 else start
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    return f"{prefix}{text[start:end].strip()}{suffix}"


@dataclass
class SearchResults:
    """What a search found, grouped as the results page shows it; each group holds at most ``limit`` rows."""

    query: str
    films: list = field(default_factory=list)
    people: list = field(default_factory=list)
    quotes: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    limit: int = 20
    more: set = field(default_factory=set)
    roles: dict = field(default_factory=dict)

    def __bool__(self):
        return bool(self.films or self.people or self.quotes or self.notes)

    @property
    def count(self):
        return len(self.films) + len(self.people) + len(self.quotes) + len(self.notes)


def search_catalog(query, *, limit=20):
    """Published films by title, people by name, quotes by text or character and notes by title or text.

    One query per group, each cut at ``limit`` (one more row is read to tell whether there are more),
    and one for the roles of the people found.
    """
    from .models import Credit, Film, FilmNote, FilmStatus, Person, Quote
    from .pages import NOTE_SECTIONS, roles_by_person

    words = search_words(query)
    results = SearchResults(query=query, limit=limit)
    if not words:
        return results

    published = Q(film__status=FilmStatus.PUBLISHED)
    quote_matches = contains_all(words, "text", "character_name", "speaker__character_name")
    note_matches = contains_all(words, "title", "text")
    # Notes of one film in the order of the film page's sections.
    page_order = Case(*(When(kind=kind, then=n) for n, kind in enumerate(NOTE_SECTIONS)), default=len(NOTE_SECTIONS))
    groups = {
        "films": Film.objects.published().for_listing().with_title_matching(query).order_by("title", "year"),
        "people": Person.objects.with_published_credits().for_listing().with_name_matching(query).order_by("name"),
        "quotes": Quote.objects.filter(published, quote_matches)
        .select_related("film", "speaker__person")
        .order_by("film__title", "order", "pk"),
        "notes": FilmNote.objects.filter(published, note_matches)
        .select_related("film")
        .order_by("film__title", page_order, "order", "pk"),
    }
    for name, queryset in groups.items():
        rows = list(queryset[: limit + 1])
        if len(rows) > limit:
            results.more.add(name)
        setattr(results, name, rows[:limit])
    if results.people:
        results.roles = roles_by_person(Credit.objects.on_published_films().roles_of(results.people))
    return results
