"""Site search: full-text, ranked and accent-insensitive, on PostgreSQL and on SQLite.

Both engines find the same things the same way. A film's words are weighted by what they are to it: its
titles (A), the names of its cast and crew (B), its logline, characters and quotes (C) and what is written
about it (D); ranking puts a title match above a passing mention in trivia, films whose titles match come
first, and the last word may be unfinished ("almod" finds Almodóvar). People are found by name, quotes and
notes by their own words. Only published films, and their quotes and notes, are found. Each group ranks a
bounded number of the rows that match (``SEARCH_CANDIDATES``), so a word that is in nearly every film costs
no more than a rare one. Neither engine stems words or drops stop words: the catalog mixes languages, and no
one language's rules fit all of its titles and names.

- **PostgreSQL** keeps a ``tsvector`` document on each film, quote and note, built by database functions
  (migrations 0004 and 0010) through ``unaccent()`` with the 'simple' configuration, behind GIN indexes;
  people and titles have expression indexes of their own.
- **SQLite** keeps an FTS5 table for each of films, people, quotes and notes (migration 0027), whose rowid is
  the row's id and whose text is folded as ``fold()`` folds the visitor's words, tokenised by
  ``unicode61 remove_diacritics 2``; bm25 ranks with PostgreSQL's weights. Only what a visitor may find is
  in them: published films, the quotes and notes of published films, and every person (whether a person has
  published credits is read as the query runs).

``catalog.derived`` keeps both current, in bulk, once per batch of writes.

The PostgreSQL search classes are imported inside the functions that use them, which only run on
PostgreSQL: importing them loads psycopg, 25 MB in every worker of a site that never uses it.
"""

import operator
import re
from dataclasses import dataclass, field
from functools import reduce

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Case, F, FloatField, Q, TextField, Value, When
from django.db.models.expressions import Func, RawSQL

from .models.choices import FilmStatus
from .models.querysets import FILM_TITLES_TRIGRAMS, PERSON_NAMES_TRIGRAMS, fts_phrase
from .models.sections import NOTE_KINDS_IN_PAGE_ORDER
from .models.text import MAX_QUERY_LENGTH, MAX_WORDS, fold

# The visitor's words, and how every text is folded to match them, are in ``catalog.models.text``.


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


# The visitor's query

# A shorter unfinished word would match too much of the vocabulary to narrow anything.
MIN_PREFIX_LENGTH = 3


def _query_words(query):
    """``(whole words, unfinished last word or None)`` of ``query``, folded; None if it has no words.

    Every word must match; the last may be a word still being typed. Only a plain word can be a prefix:
    anything else ("rock's") is matched whole, as the documents' text is split.
    """
    words = [fold(word) for word in query[:MAX_QUERY_LENGTH].split()[:MAX_WORDS] if any(map(str.isalnum, word))]
    if not words:
        return None
    last = words[-1]
    if len(last) >= MIN_PREFIX_LENGTH and last.isalnum():
        return words[:-1], last
    return words, None


# Each group ranks at most this many of the rows that match (twice as many films: by title and by any word),
# so that a word found in most of the catalog costs no more than a rare one. A query that matches more is
# answered from an arbitrary selection of them, title matches first, and says there are more.
SEARCH_CANDIDATES = 200


def _candidates(*querysets):
    """A condition: the row is among the first ``SEARCH_CANDIDATES`` rows of any of ``querysets``."""
    firsts = [queryset.order_by().values("pk")[:SEARCH_CANDIDATES] for queryset in querysets]
    return Q(pk__in=reduce(lambda a, b: a.union(b), firsts))


# Full-text search (PostgreSQL)

SEARCH_CONFIG = "simple"


class Unaccent(Func):
    """``catalog_unaccent()``: PostgreSQL's ``unaccent()`` declared IMMUTABLE so that an index may use it."""

    function = "catalog_unaccent"
    output_field = TextField()


# The database functions that build each model's search document (migrations 0004 and 0010).
DOCUMENT_FUNCTIONS = {
    "film": "catalog_film_document",
    "quote": "catalog_quote_document",
    "filmnote": "catalog_note_document",
}


def _refresh_postgres_documents(model, ids, using):
    from django.contrib.postgres.search import SearchVectorField  # PostgreSQL only; see the module's doc

    from .models import Film

    if model._meta.model_name not in DOCUMENT_FUNCTIONS:
        return 0  # people are found through an index of their names, always current
    function = DOCUMENT_FUNCTIONS[model._meta.model_name]
    document = Func(F("pk"), function=function, output_field=SearchVectorField())
    rows = model._base_manager.using(using).filter(pk__in=ids)
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
    """``query`` as a ``SearchQuery``: every word, the last as a prefix if unfinished. None if it has no words."""
    from django.contrib.postgres.search import Lexeme, SearchQuery  # PostgreSQL only; see the module's doc

    words = _query_words(query)
    if words is None:
        return None
    whole, unfinished = words
    parts = []
    if whole:
        # Whole words go through the parser, which splits them as it split the documents' text.
        parts.append(SearchQuery(Unaccent(Value(" ".join(whole))), config=SEARCH_CONFIG))
    if unfinished:
        parts.append(SearchQuery(Lexeme(unfinished, prefix=True), config=SEARCH_CONFIG))
    return reduce(operator.and_, parts)


class _PostgresSearch:
    """Each group's candidates and ranks, from the stored documents and GIN indexes."""

    def __init__(self, query):
        self.matches = text_query(query)

    def films(self):
        from django.contrib.postgres.search import SearchRank  # PostgreSQL only; see the module's doc

        from .models import Film

        published = Film.objects.published().alias(titles=film_title_document())
        by_title = Q(titles=self.matches)
        return (
            Film.objects.alias(titles=film_title_document())
            .filter(_candidates(published.filter(by_title), published.filter(search_vector=self.matches)))
            .alias(title_match=Case(When(by_title, then=1), default=0))
            .annotate(rank=SearchRank(F("search_vector"), self.matches))
        )

    def people(self):
        from django.contrib.postgres.search import SearchRank  # PostgreSQL only; see the module's doc

        from .models import Person

        matching = Person.objects.with_published_credits().alias(words=person_name_document())
        return Person.objects.filter(_candidates(matching.filter(words=self.matches))).annotate(
            rank=SearchRank(person_name_document(), self.matches)
        )

    def quotes(self):
        from .models import Quote

        return self._in_published_films(Quote)

    def notes(self):
        from .models import FilmNote

        return self._in_published_films(FilmNote)

    def _in_published_films(self, model):
        from django.contrib.postgres.search import SearchRank  # PostgreSQL only; see the module's doc

        matching = model.objects.filter(film__status=FilmStatus.PUBLISHED, search_vector=self.matches)
        return model.objects.filter(_candidates(matching)).alias(
            film_rank=SearchRank(F("film__search_vector"), self.matches)
        )


# Full-text search (SQLite)

FILM_TABLE = "catalog_film_search"
PERSON_TABLE = "catalog_person_search"
QUOTE_TABLE = "catalog_quote_search"
NOTE_TABLE = "catalog_note_search"
# PostgreSQL's default weights of A, B, C and D, for the films' table's columns in that order.
FILM_WEIGHTS = (1.0, 0.4, 0.2, 0.1)


def _joined(*parts):
    """SQL: ``parts`` joined by spaces, a missing one as nothing."""
    return " || ' ' || ".join(f"coalesce({part}, '')" for part in parts)


def _each(expression, source):
    """SQL: ``expression`` for each row of ``source``, in its order, joined by spaces."""
    return f"(SELECT group_concat(words, ' ') FROM (SELECT {expression} AS words FROM {source}))"  # nosec B608 - SQL of this module's constants


_PUBLISHED = f"f.status = '{FilmStatus.PUBLISHED}'"
# A film's words, weighted as PostgreSQL's catalog_film_document() weighs them (its titles are titles_folded).
_NAMES = _each(
    "DISTINCT p.name",
    "catalog_credit c JOIN catalog_person p ON p.id = c.person_id WHERE c.film_id = f.id ORDER BY p.name",
)
_SAID = _joined(
    "f.logline",
    _each("c.character_name", "catalog_credit c WHERE c.film_id = f.id ORDER BY c.billing_order, c.id"),
    _each(_joined("q.text", "q.character_name"), 'catalog_quote q WHERE q.film_id = f.id ORDER BY q."order", q.id'),
)
_WRITTEN = _joined(
    "f.overview",
    _each(_joined("n.title", "n.text"), 'catalog_filmnote n WHERE n.film_id = f.id ORDER BY n."order", n.id'),
    _each(_joined("s.heading", "s.body"), 'catalog_plotsection s WHERE s.film_id = f.id ORDER BY s."order", s.id'),
)


@dataclass(frozen=True)
class _Table:
    """An FTS5 table: its name, the model whose rows it holds and that model's table, its columns, and the
    SELECT that builds the rows of ``{ids}``, folded by catalog_fold(), that is ``fold()``."""

    name: str
    model: str
    source: str
    columns: str
    select: str


# Search's tables hold the same documents as PostgreSQL's functions (migrations 0004 and 0010); the trigram
# tables, the folded titles and names the lists' text filters look in (``containing_every_word``).
FTS_TABLES = (
    _Table(
        FILM_TABLE,
        "film",
        "catalog_film",
        "titles, names, said, written",
        "SELECT f.id, f.titles_folded, "  # nosec B608 - this module's constants, as every SQL string here
        f"catalog_fold({_NAMES}), catalog_fold({_SAID}), catalog_fold({_WRITTEN}) "
        f"FROM catalog_film f WHERE {_PUBLISHED} AND f.id IN ({{ids}})",
    ),
    _Table(
        PERSON_TABLE,
        "person",
        "catalog_person",
        "name",
        "SELECT p.id, p.name_folded FROM catalog_person p WHERE p.film_count > 0 AND p.id IN ({ids})",
    ),
    _Table(
        QUOTE_TABLE,
        "quote",
        "catalog_quote",
        "words",
        f"SELECT q.id, catalog_fold({_joined('q.text', 'q.character_name', 'c.character_name')}) "  # nosec B608
        "FROM catalog_quote q JOIN catalog_film f ON f.id = q.film_id "
        "LEFT JOIN catalog_credit c ON c.id = q.speaker_id "
        f"WHERE {_PUBLISHED} AND q.id IN ({{ids}})",
    ),
    _Table(
        NOTE_TABLE,
        "filmnote",
        "catalog_filmnote",
        "words",
        f"SELECT n.id, catalog_fold({_joined('n.title', 'n.text')}) "  # nosec B608
        "FROM catalog_filmnote n JOIN catalog_film f ON f.id = n.film_id "
        f"WHERE {_PUBLISHED} AND n.id IN ({{ids}})",
    ),
    _Table(
        FILM_TITLES_TRIGRAMS,
        "film",
        "catalog_film",
        "titles",
        "SELECT f.id, f.titles_folded FROM catalog_film f WHERE f.id IN ({ids})",
    ),
    _Table(
        PERSON_NAMES_TRIGRAMS,
        "person",
        "catalog_person",
        "name",
        "SELECT p.id, p.name_folded FROM catalog_person p WHERE p.id IN ({ids})",
    ),
)


def use_fold(connection):
    """Make ``catalog_fold()``, that is ``fold()``, callable in SQL on this SQLite connection."""
    # Registered on demand because this app has no hook that runs on every new connection; registering
    # again on the same connection is harmless.
    connection.ensure_connection()
    connection.connection.create_function("catalog_fold", 1, _fold_or_none, deterministic=True)


def _fold_or_none(value):
    return None if value is None else fold(str(value))


def _refresh_fts(model, ids, using):
    connection = connections[using]
    use_fold(connection)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        for table in (table for table in FTS_TABLES if table.model == model._meta.model_name):
            # Rows deleted, unpublished or moved out of a published film leave the table with their old words.
            cursor.execute(f"DELETE FROM {table.name} WHERE rowid IN ({marks})", ids)  # nosec B608 - constants
            select = table.select.format(ids=marks)
            cursor.execute(f"INSERT INTO {table.name} (rowid, {table.columns}) {select}", ids)  # nosec B608


def fts_query(query, column=None):
    """``query`` in FTS5's syntax, every word a quoted phrase, within ``column`` if named; None if it has no words."""
    words = _query_words(query)
    if words is None:
        return None
    whole, unfinished = words
    terms = [fts_phrase(word) for word in whole] + ([f"{fts_phrase(unfinished)} *"] if unfinished else [])
    terms = " AND ".join(terms)
    return f"{{{column}}} : ({terms})" if column else terms


def _matching(table, match):
    """The ids of the first ``SEARCH_CANDIDATES`` rows of ``table`` that match, in the table's order."""
    sql = f"SELECT rowid FROM {table} WHERE {table} MATCH %s LIMIT %s"  # nosec B608 - a constant table
    return RawSQL(sql, (match, SEARCH_CANDIDATES))  # nosec B611 - the query is a parameter


class FullTextRank(Func):
    """How well the row whose id is ``expression`` matches ``match`` in the FTS5 ``table``, if it is among the
    candidates that ``_matching`` gives; None otherwise. With ``per_film_of``, the table of the rows ``table``
    holds (quotes or notes), ``expression`` is a film's id and the rank is that of its best candidate.

    The ranks are worked out in the one scan that finds the candidates, then looked up: bm25() asked for one
    row at a time counts the rows of each word afresh each time, 0.6 ms a row for a word in 11,000 films.
    bm25() is lower for a better match: negated, so that the best comes first on both engines alike.
    """

    output_field = FloatField()

    def __init__(self, expression, *, table, match, weights=(), per_film_of=None):
        super().__init__(expression)
        self.table, self.match, self.weights, self.per_film_of = table, match, weights, per_film_of

    def as_sql(self, compiler, connection, **extra_context):
        row, params = compiler.compile(self.get_source_expressions()[0])
        table, weights = self.table, "".join(f", {weight}" for weight in self.weights)
        scan = f"SELECT rowid AS id, -bm25({table}{weights}) AS rank FROM {table} WHERE {table} MATCH %s LIMIT %s"  # nosec B608 - constants; the query is a parameter
        if self.per_film_of:
            # Each film's best, grouped once, so that looking a film up does not read every candidate again.
            rows = f"({scan}) m JOIN {self.per_film_of} s ON s.id = m.id"
            scan = f"SELECT s.film_id AS id, max(m.rank) AS rank FROM {rows} GROUP BY s.film_id"  # nosec B608
        # MATERIALIZED, so that the scan runs once for the statement and not once for each row.
        sql = f"(WITH r AS MATERIALIZED ({scan}) SELECT r.rank FROM r WHERE r.id = {row})"  # nosec B608
        return sql, (self.match, SEARCH_CANDIDATES, *params)


class _SqliteSearch:
    """Each group's candidates and ranks, from the FTS5 tables.

    Quotes and notes come by film, as on PostgreSQL, but the films are ranked by their best quote or note
    rather than by their whole document, which would cost a rank of each film one at a time.
    """

    def __init__(self, query):
        self.matches = fts_query(query)
        self.titles = fts_query(query, column="titles")

    def films(self):
        from .models import Film

        by_title = Q(pk__in=_matching(FILM_TABLE, self.titles))
        return (
            Film.objects.filter(by_title | Q(pk__in=_matching(FILM_TABLE, self.matches)))
            .alias(title_match=Case(When(by_title, then=1), default=0))
            .annotate(rank=FullTextRank(F("pk"), table=FILM_TABLE, match=self.matches, weights=FILM_WEIGHTS))
        )

    def people(self):
        from .models import Person

        return Person.objects.filter(pk__in=_matching(PERSON_TABLE, self.matches)).annotate(
            rank=FullTextRank(F("pk"), table=PERSON_TABLE, match=self.matches)
        )

    def quotes(self):
        from .models import Quote

        return self._by_film(Quote, QUOTE_TABLE)

    def notes(self):
        from .models import FilmNote

        return self._by_film(FilmNote, NOTE_TABLE)

    def _by_film(self, model, table):
        film_rank = FullTextRank(F("film_id"), table=table, match=self.matches, per_film_of=model._meta.db_table)
        return model.objects.filter(pk__in=_matching(table, self.matches)).alias(film_rank=film_rank)


# Both engines


def _engine(using=DEFAULT_DB_ALIAS):
    return _PostgresSearch if connections[using].vendor == "postgresql" else _SqliteSearch


def refresh_search_documents(model, ids, *, using=DEFAULT_DB_ALIAS):
    """Rebuild what search finds of the rows of ``model`` (films, people, quotes or notes) whose ids are ``ids``,
    and, on SQLite, the trigram tables of their folded titles and names.

    Ids of rows since deleted are welcome: their words are dropped. Only published films are searched, so a
    draft has no document: it is built when the film is published (a save that changes the status refreshes
    it, as any save of a film does), and dropped when it is unpublished. An import's thousands of drafts cost
    no document until an editor publishes them.
    """
    ids = list(ids)
    if not ids:
        return
    if _engine(using) is _PostgresSearch:
        _refresh_postgres_documents(model, ids, using)
    else:
        _refresh_fts(model, ids, using)


def prune_search_documents(using=DEFAULT_DB_ALIAS):
    """Drop the words of rows deleted without ``delete()`` (SQL by hand); PostgreSQL's go with their rows."""
    connection = connections[using]
    if _engine(using) is _PostgresSearch:
        return
    migrated = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in (table for table in FTS_TABLES if table.name in migrated):
            cursor.execute(f"DELETE FROM {table.name} WHERE rowid NOT IN (SELECT id FROM {table.source})")  # nosec B608


def _page_order():
    """Notes of one film in the order of the film page's sections."""
    kinds = NOTE_KINDS_IN_PAGE_ORDER
    return Case(*(When(kind=kind, then=n) for n, kind in enumerate(kinds)), default=len(kinds))


def _groups(query):
    found = _engine()(query)
    if found.matches is None:
        return {}
    # Quotes and notes come grouped by film, best film first, each film's rows in the order of its page.
    return {
        # Films whose titles match come first, however often the others mention the words.
        "films": found.films().for_listing().order_by("-title_match", "-rank", "title", "year"),
        "people": found.people().for_listing().order_by("-rank", "name"),
        "quotes": found.quotes()
        .select_related("film", "speaker__person")
        .defer("search_vector", "film__search_vector")
        .order_by(F("film_rank").desc(nulls_last=True), "film__title", "order", "pk"),
        "notes": found.notes()
        .select_related("film")
        .defer("search_vector", "film__search_vector")
        .order_by(F("film_rank").desc(nulls_last=True), "film__title", _page_order(), "order", "pk"),
    }


def search_catalog(query, *, limit=20):
    """Published films, people by name, quotes by text or character and notes by title or text.

    One query per group, each cut at ``limit`` (one more row is read to tell whether there are more).
    """
    results = SearchResults(query=query, limit=limit)
    for name, queryset in _groups(query).items():
        rows = list(queryset[: limit + 1])
        if len(rows) > limit:
            results.more.add(name)
        setattr(results, name, rows[:limit])
    return results
