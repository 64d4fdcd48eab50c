"""Site search: full-text on PostgreSQL, accent-insensitive substring matching elsewhere.

On PostgreSQL each film has a stored search document, ``Film.search_vector``, that weighs what it
matches: the film's titles (A), the names of its cast and crew (B), what is said in it (C) and what
is written about it (D). The database function ``catalog_film_document()`` (migration 0004) builds it
and ``catalog.derived`` rebuilds it whenever one of its rows is saved or deleted; a draft has none until it
is published. A GIN index answers
the query, ranking puts a title match above a passing mention in trivia, and the last word may be
unfinished ("almod" finds Almodóvar). People are found by name through an index of their own, films
by title through another, and quotes and notes by documents of their own words (migration 0010). Each
group ranks a bounded number of the rows that match (``SEARCH_CANDIDATES``), so a word that is in
nearly every film costs no more than a rare one.
Documents and queries go through ``unaccent()``, so "almodovar" finds "Almodóvar". The 'simple'
configuration neither stems nor drops stop words, because the catalog mixes languages and no one
language's rules fit all of its titles and names.

Elsewhere, and in the film and people list filters on every database, text is *folded* (accents and
case removed, typographic quotes made plain) in Python for the visitor's words, and in the database
for the stored text: PostgreSQL folds with its built-in ``translate()`` using a table this module
derives from the same Python function, SQLite calls that Python function directly. That reads every
candidate row, which suits a development catalog and the short lists the filters narrow.

The PostgreSQL search classes are imported inside the functions that use them, which only run on
PostgreSQL: importing them loads psycopg, 25 MB in every worker of a site that never uses it.
"""

import operator
import re
from dataclasses import dataclass, field
from functools import reduce

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Case, Exists, F, Q, TextField, Value, When
from django.db.models.expressions import Func
from django.db.models.functions import Lower
from django.db.models.lookups import Contains

from .models.sections import NOTE_KINDS_IN_PAGE_ORDER
from .models.text import MAX_QUERY_LENGTH, MAX_WORDS, fold, search_words

# The visitor's words, and how every text is folded to match them, are in ``catalog.models.text``.


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


# Full-text search (PostgreSQL)

SEARCH_CONFIG = "simple"
# A shorter unfinished word would match too much of the vocabulary to narrow anything.
MIN_PREFIX_LENGTH = 3
# The film's own columns that catalog_film_document() reads; saving other columns leaves the document alone.
FILM_DOCUMENT_FIELDS = frozenset({"title", "original_title", "logline", "overview"})


class Unaccent(Func):
    """``catalog_unaccent()``: PostgreSQL's ``unaccent()`` declared IMMUTABLE so that an index may use it."""

    function = "catalog_unaccent"
    output_field = TextField()


def uses_full_text(using=DEFAULT_DB_ALIAS):
    return connections[using].vendor == "postgresql"


# The database functions that build each model's search document (migrations 0004 and 0010).
DOCUMENT_FUNCTIONS = {
    "film": "catalog_film_document",
    "quote": "catalog_quote_document",
    "filmnote": "catalog_note_document",
}


def refresh_search_documents(model, rows, *, using=DEFAULT_DB_ALIAS):
    """Rebuild the search document of ``rows`` of ``model`` (ids or a queryset of them); return how many.

    Only published films are searched, so a draft film has no document: it is built when the film is
    published (a save that changes the status refreshes it, as any save of a film does), and dropped when
    it is unpublished. An import's thousands of drafts cost no document until an editor publishes them.
    """
    from django.contrib.postgres.search import SearchVectorField  # PostgreSQL only; see the module's doc

    from .models import Film, FilmStatus

    function = DOCUMENT_FUNCTIONS[model._meta.model_name]
    document = Func(F("pk"), function=function, output_field=SearchVectorField())
    rows = model._base_manager.using(using).filter(pk__in=rows)
    if model is not Film:
        return rows.update(search_vector=document)
    published = Q(status=FilmStatus.PUBLISHED)
    # A draft that has no document is left alone: rewriting its row would cost as much as building one.
    rows = rows.filter(published | Q(search_vector__isnull=False))
    return rows.update(search_vector=Case(When(published, then=document), default=None))


def film_title_document():
    """A film's titles as a search document; the expression must stay the one migration 0010 indexes."""
    from django.contrib.postgres.search import SearchVector  # PostgreSQL only; see the module's doc

    # titles_folded is folded already, as unaccent() would fold it.
    return SearchVector("titles_folded", config=SEARCH_CONFIG)


def person_name_document():
    """A person's name as a search document; the expression must stay the one migration 0004 indexes."""
    from django.contrib.postgres.search import SearchVector  # PostgreSQL only; see the module's doc

    return SearchVector(Unaccent("name"), config=SEARCH_CONFIG)


def text_query(query):
    """Every word of ``query`` must match; the last may be a word still being typed. None if it has no words."""
    from django.contrib.postgres.search import Lexeme, SearchQuery  # PostgreSQL only; see the module's doc

    words = [word for word in query[:MAX_QUERY_LENGTH].split()[:MAX_WORDS] if any(map(str.isalnum, word))]
    if not words:
        return None
    last = fold(words[-1])
    # Only a plain word can be a prefix; anything else goes to the parser whole, like the documents' text.
    unfinished = last if len(last) >= MIN_PREFIX_LENGTH and last.isalnum() else None
    whole = words[:-1] if unfinished else words
    parts = []
    if whole:
        parts.append(SearchQuery(Unaccent(Value(" ".join(whole))), config=SEARCH_CONFIG))
    if unfinished:
        # Folded in Python rather than by unaccent(), which can turn letters into the quote marks
        # that delimit a lexeme.
        parts.append(SearchQuery(Lexeme(unfinished, prefix=True), config=SEARCH_CONFIG))
    return reduce(operator.and_, parts)


# Each group ranks (or, without full text, sorts) at most this many of the rows that match (twice as many
# films on PostgreSQL: by title and by any word), so that a word found in most of the catalog costs no more
# than a rare one. A query that matches more is answered from an arbitrary selection of them, title matches
# first, and says there are more.
SEARCH_CANDIDATES = 200


def _candidates(*querysets):
    """A condition: the row is among the first ``SEARCH_CANDIDATES`` rows of any of ``querysets``."""
    firsts = [queryset.order_by().values("pk")[:SEARCH_CANDIDATES] for queryset in querysets]
    return Q(pk__in=reduce(lambda a, b: a.union(b), firsts))


def _full_text_groups(query):
    from django.contrib.postgres.search import SearchRank  # PostgreSQL only; see the module's doc

    from .models import Film, FilmNote, FilmStatus, Person, Quote

    matches = text_query(query)
    if matches is None:
        return {}
    published = Film.objects.published().alias(titles=film_title_document())
    people = Person.objects.with_published_credits()
    # Quotes and notes come grouped by film, best film first, each film's rows in the order of its page.
    film_rank = SearchRank(F("film__search_vector"), matches)
    in_published_film = Q(film__status=FilmStatus.PUBLISHED, search_vector=matches)
    by_title = Q(titles=matches)
    return {
        # Films whose titles match come first, however often the others mention the words.
        "films": Film.objects.alias(titles=film_title_document())
        .filter(_candidates(published.filter(by_title), published.filter(search_vector=matches)))
        .for_listing()
        .alias(title_match=Case(When(by_title, then=1), default=0))
        .annotate(rank=SearchRank(F("search_vector"), matches))
        .order_by("-title_match", "-rank", "title", "year"),
        "people": Person.objects.filter(_candidates(people.alias(words=person_name_document()).filter(words=matches)))
        .for_listing()
        .annotate(rank=SearchRank(person_name_document(), matches))
        .order_by("-rank", "name"),
        "quotes": Quote.objects.filter(_candidates(Quote.objects.filter(in_published_film)))
        .alias(film_rank=film_rank)
        .select_related("film", "speaker__person")
        .defer("search_vector", "film__search_vector")
        .order_by("-film_rank", "film__title", "order", "pk"),
        "notes": FilmNote.objects.filter(_candidates(FilmNote.objects.filter(in_published_film)))
        .alias(film_rank=film_rank)
        .select_related("film")
        .defer("search_vector", "film__search_vector")
        .order_by("-film_rank", "film__title", _page_order(), "order", "pk"),
    }


# Substring matching (SQLite and other databases)


def _substring_groups(query):
    from .models import Film, FilmNote, FilmStatus, Person, Quote

    words = search_words(query)
    if not words:
        return {}
    published = Q(film__status=FilmStatus.PUBLISHED)
    quote_matches = contains_all(words, "text", "character_name", "speaker__character_name")
    note_matches = contains_all(words, "title", "text")
    # Bounded as full-text search is (``SEARCH_CANDIDATES``): reading stops at that many matches, so a common
    # word costs no more than a rare one, which reads every row.
    films = Film.objects.published().with_title_matching(query)
    people = Person.objects.with_published_credits().with_name_matching(query)
    return {
        "films": Film.objects.filter(_candidates(films)).for_listing().order_by("title", "year"),
        "people": Person.objects.filter(_candidates(people)).for_listing().order_by("name"),
        "quotes": Quote.objects.filter(_candidates(Quote.objects.filter(published, quote_matches)))
        .select_related("film", "speaker__person")
        .order_by("film__title", "order", "pk"),
        "notes": FilmNote.objects.filter(_candidates(FilmNote.objects.filter(published, note_matches)))
        .select_related("film")
        .order_by("film__title", _page_order(), "order", "pk"),
    }


def _page_order():
    """Notes of one film in the order of the film page's sections."""
    kinds = NOTE_KINDS_IN_PAGE_ORDER
    return Case(*(When(kind=kind, then=n) for n, kind in enumerate(kinds)), default=len(kinds))


def search_catalog(query, *, limit=20):
    """Published films, people by name, quotes by text or character and notes by title or text.

    One query per group, each cut at ``limit`` (one more row is read to tell whether there are more).
    """
    results = SearchResults(query=query, limit=limit)
    groups = _full_text_groups(query) if uses_full_text() else _substring_groups(query)
    for name, queryset in groups.items():
        rows = list(queryset[: limit + 1])
        if len(rows) > limit:
            results.more.add(name)
        setattr(results, name, rows[:limit])
    return results
