"""What an import brings, whatever its source: plain records, read from a source's files by its reader
(``wikidata``, ``imdb``) and written by ``apply``. Nothing here touches the database.

Identifiers of other records inside a source (a film's director, a nomination's person) are the source's
own keys: Wikidata ids (``Q…``) or IMDb ids (``nm…``), resolved when the import is applied.
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Citation:
    """Where a statement comes from: the catalog's per-item source fields."""

    url: str = ""
    publication: str = ""
    retrieved: datetime.date | None = None


@dataclass
class PersonRecord:
    key: str  # the source's own id of the person
    position: str  # where in the files the record was read, for reports: "file.json, entity Q123"
    name: str
    ids: dict = field(default_factory=dict)  # {"imdb_id": "nm…", "wikidata_id": "Q…", "tmdb_id": 123}
    birth_date: datetime.date | None = None
    death_date: datetime.date | None = None
    birth_year: int | None = None  # when only the year is known (IMDb); matches, is not stored
    death_year: int | None = None


@dataclass
class CreditRecord:
    person: str  # a PersonRecord key
    role: str  # a catalog.models.Role value
    character_name: str = ""
    billing_order: int = 0
    citation: Citation | None = None


@dataclass
class AlternativeTitleRecord:
    title: str
    language: str = ""  # ISO 639 code, as catalog.Language
    country: str = ""  # ISO 3166-1 alpha-2 code, as catalog.Country
    note: str = ""


@dataclass
class NominationRecord:
    body: str  # the award body's name, e.g. "Academy Awards"
    category: str  # the category's name, e.g. "Best Actress"
    year: int
    outcome: str  # a catalog.models.Outcome value
    person: str = ""  # a PersonRecord key, or empty
    citation: Citation | None = None


@dataclass
class LocationRecord:
    place: str
    country: str = ""  # ISO 3166-1 alpha-2 code
    latitude: float | None = None
    longitude: float | None = None
    citation: Citation | None = None


@dataclass
class FilmRecord:
    key: str  # the source's own id of the film
    position: str  # where in the files the record was read, for reports
    title: str
    year: int | None = None
    ids: dict = field(default_factory=dict)  # {"imdb_id": "tt…", "wikidata_id": "Q…", "tmdb_id": 123}
    original_title: str = ""
    release_date: datetime.date | None = None
    runtime_minutes: int | None = None
    countries: list = field(default_factory=list)  # ISO 3166-1 alpha-2 codes
    original_language: str = ""  # ISO 639 code
    genres: list = field(default_factory=list)  # genre names, matched with catalog.Genre by name or slug
    alternative_titles: list = field(default_factory=list)  # AlternativeTitleRecord
    credits: list = field(default_factory=list)  # CreditRecord
    nominations: list = field(default_factory=list)  # NominationRecord
    locations: list = field(default_factory=list)  # LocationRecord


@dataclass
class Problem:
    """A record, or a part of one, the import could not take, and why."""

    position: str
    message: str


@dataclass
class Batch:
    """Everything one reading of a source's files gave: films, the people they name, and what was wrong."""

    source: str  # "wikidata" or "imdb"
    films: list = field(default_factory=list)
    people: dict = field(default_factory=dict)  # key -> PersonRecord
    problems: list = field(default_factory=list)
