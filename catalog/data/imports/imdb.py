"""Reads files in the layout of IMDb's public datasets into a ``Batch``: ``title.basics``, ``title.akas``,
``title.crew``, ``title.principals`` and ``name.basics``, tab-separated, plain or gzip, ``\\N`` for null.

The files are streamed, never held: ``title.basics`` first, to select the titles, then the lines of the other
title files that name a selected title, then the lines of ``name.basics`` that name a person they credit.
"""

import csv
import gzip
import json
import sqlite3
import tempfile
import zlib
from operator import itemgetter
from pathlib import Path

from catalog.data.imports.records import AlternativeTitleRecord, Batch, CreditRecord, FilmRecord, PersonRecord, Problem
from catalog.models.choices import Role

NULL = "\\N"

# The columns read of each file, in the order the reader unpacks them. They are found by the header's names, so
# that a column IMDb adds one day changes nothing.
COLUMNS = {
    "title.basics": ("tconst", "titleType", "primaryTitle", "originalTitle", "startYear", "runtimeMinutes", "genres"),
    "title.akas": ("titleId", "title", "region", "language", "types", "attributes"),
    "title.crew": ("tconst", "directors", "writers"),
    "title.principals": ("tconst", "ordering", "nconst", "category", "characters"),
    "name.basics": ("nconst", "primaryName", "birthYear", "deathYear"),
}
CREW_ROLES = {"directors": Role.DIRECTOR.value, "writers": Role.WRITER.value}
# The principals' categories the catalog credits; the others (self, archive_footage, casting_director…) are not.
PRINCIPAL_ROLES = {
    "actor": Role.ACTOR.value,
    "actress": Role.ACTOR.value,
    "director": Role.DIRECTOR.value,
    "writer": Role.WRITER.value,
    "producer": Role.PRODUCER.value,
    "composer": Role.COMPOSER.value,
    "cinematographer": Role.CINEMATOGRAPHER.value,
    "editor": Role.EDITOR.value,
    "production_designer": Role.PRODUCTION_DESIGNER.value,
}
# What an alternative title's type says about it; "imdbDisplay", "original" and "alternative" say nothing more.
TITLE_TYPE_NOTES = {
    "working": "working title",
    "festival": "festival title",
    "dvd": "DVD title",
    "tv": "TV title",
    "video": "video title",
}
# IMDb separates the values of its array columns (an alternative title's types and attributes) with this.
ARRAY_SEPARATOR = "\x02"
# Titles per batch: few enough for memory, many enough that a batch's queries are few per title.
CHUNK = 1000


def read_batch(folder, **selection):
    """The selected titles of the files in ``folder`` with the people they credit, in one ``Batch``: for small
    selections and tests. ``read_batches`` takes the same arguments and reads any number of titles."""
    batch = Batch(source="imdb")
    for part in read_batches(folder, **selection):
        batch.films += part.films
        batch.people.update(part.people)
        batch.problems += part.problems
    return batch


def read_batches(folder, *, title_types=("movie",), only=None, years=None, person=None, size=CHUNK):
    """The selected titles, ``size`` at a time: each ``Batch`` holds its films and the people they credit.

    ``only`` is a set of tconsts, ``years`` a ``(first, last)`` inclusive range (either end may be None) and
    ``person`` an nconst, whose titles alone are read. What was wrong with the files comes with the first batch;
    a missing file is a problem, in an otherwise empty batch. ``len()`` of the result is the number of titles.
    """
    return _Reading(Path(folder), set(title_types), only, years, person, size)


# Finding and reading the files


def _paths(folder, problems):
    """Each file's path by its dataset name, or None when one is missing (each missing one reported)."""
    paths = {}
    for name in COLUMNS:
        # The plain file when both are there: it is the same data, read faster.
        found = [path for path in (folder / f"{name}.tsv", folder / f"{name}.tsv.gz") if path.is_file()]
        if found:
            paths[name] = found[0]
        else:
            problems.append(Problem(str(folder), f"no {name}.tsv or {name}.tsv.gz in the folder: nothing read"))
    return paths if len(paths) == len(COLUMNS) else None


def _open_text(path):
    # utf-8-sig: a file saved by a spreadsheet starts with a byte-order mark that would hide the first column's name.
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def _rows(path, columns, problems):
    """``(line number, values of columns)`` for every well-formed line; the others are reported and passed over."""
    reader = None
    try:
        with _open_text(path) as file:
            # IMDb's files are not quoted: a quotation mark is part of a title or of the characters' JSON.
            reader = csv.reader(file, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(reader, [])
            missing = [column for column in columns if column not in header]
            if missing:
                problems.append(Problem(path.name, f"the header has no column {', '.join(missing)}: file not read"))
                return
            yield from _well_formed(path.name, reader, len(header), itemgetter(*map(header.index, columns)), problems)
    except (OSError, EOFError, UnicodeDecodeError, zlib.error) as error:
        after = f" after line {reader.line_num}" if reader and reader.line_num else ""
        problems.append(Problem(path.name, f"the file cannot be read{after}: {error}"))


def _well_formed(name, reader, width, pick, problems):
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(Problem(f"{name}, line {reader.line_num}", f"{error}: line skipped"))
            continue
        if len(row) == width:
            yield reader.line_num, pick(row)
        elif row:  # an empty line, at the end of a file saved by hand, is no mistake
            message = f"{len(row)} columns where the header has {width}: line skipped"
            problems.append(Problem(f"{name}, line {reader.line_num}", message))


# Reading values


def _number(text):
    """A whole number, or None for null; ValueError for anything else."""
    if text in (NULL, ""):
        return None
    if not (text.isascii() and text.isdigit()):
        raise ValueError(text)
    return int(text)


def _list(text):
    return [] if text == NULL else [value for value in text.split(",") if value]


def _first_character(text):
    """The first name of a JSON array of characters (``["Janis"]``); ValueError when it is not such an array."""
    if text == NULL:
        return ""
    names = json.loads(text)
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise ValueError(text)
    return names[0].strip() if names else ""


def _code(text, length):
    """An ISO code of ``length`` letters as given, else "": IMDb also has its own, as ``XWW`` for the world."""
    return text if len(text) == length and text.isascii() and text.isalpha() else ""


def _title_note(types, attributes):
    """What IMDb says of an alternative title, e.g. “working title; literal English title”."""
    notes = [TITLE_TYPE_NOTES.get(kind, "") for kind in types.split(ARRAY_SEPARATOR)] if types != NULL else []
    notes += attributes.split(ARRAY_SEPARATOR) if attributes != NULL else []
    return "; ".join(note.strip() for note in notes if note.strip())[:200]


def _within(year, years):
    first, last = years
    return year is not None and (first is None or year >= first) and (last is None or year <= last)


class _Reading:
    """One reading of the five files, iterated as batches of titles.

    The titles selected from ``title.basics`` and the lines of the other files that concern them are first
    staged in a temporary SQLite file, numbered in the order of ``title.basics``: the files may come in any
    order, and however many titles are read, memory holds one batch of them (and the ids of the people they
    credit while ``name.basics`` is read).
    """

    def __init__(self, folder, title_types, only, years, person, size):
        self.folder = folder
        self.title_types = title_types
        self.only = set(only) if only is not None else None
        self.years = years
        self.person = person
        self.size = size
        self.problems = []  # of the files, given with the first batch
        self.staged = None  # (folder, connection) once staged
        self.count = None

    def __len__(self):
        self.stage()
        return self.count

    def __iter__(self):
        self.stage()
        folder, db = self.staged
        try:
            yield from self.batches(db)
        finally:
            db.close()
            folder.cleanup()
            self.staged = None

    def stage(self):
        if self.staged is not None:
            return
        folder = tempfile.TemporaryDirectory(prefix="import-imdb-")
        db = sqlite3.connect(Path(folder.name) / "staged.sqlite3")
        db.executescript(STAGING)
        self.staged = folder, db
        self.count = 0
        self.paths = _paths(self.folder, self.problems)
        if self.paths is None:
            return
        person_titles = self.titles_of_person() if self.person else None
        if person_titles is None or person_titles:
            self.numbers = {}  # tconst -> its number, in the order of title.basics
            self.select_titles(db, person_titles)
            self.count = len(self.numbers)
        if self.count:
            self.stage_alternative_titles(db)
            credited = self.stage_crew(db) | self.stage_principals(db)
            del self.numbers
            self.stage_people(db, credited)
        db.commit()

    def problem(self, position, message):
        self.problems.append(Problem(position, message))

    def rows(self, name, problems=None):
        return _rows(self.paths[name], COLUMNS[name], self.problems if problems is None else problems)

    def number(self, text, column, position):
        try:
            return _number(text)
        except ValueError:
            self.problem(position, f"{column} “{text}” is not a number: left out")
            return None

    # Selecting the titles

    def titles_of_person(self):
        """The titles the person is named on, in any category: a pass of its own before the titles are read."""
        titles = set()
        unreported = []  # the lines' problems are reported when the files are read for the selected titles
        for _, (tconst, directors, writers) in self.rows("title.crew", unreported):
            crew = f"{directors},{writers}"
            # The quick test first; then by whole ids, as one nconst can be the start of another.
            if self.person in crew and self.person in crew.split(","):
                titles.add(tconst)
        for _, (tconst, _ordering, nconst, _category, _characters) in self.rows("title.principals", unreported):
            if nconst == self.person:
                titles.add(tconst)
        if not titles:
            files = f"{self.paths['title.crew'].name}, {self.paths['title.principals'].name}"
            self.problem(files, f"{self.person} is named on no title: nothing read")
        return titles

    def select_titles(self, db, person_titles):
        name = self.paths["title.basics"].name
        kinds = {}  # the type of each title asked for with ``only``, to say why one was not read
        rows = []
        for number, row in self.rows("title.basics"):
            tconst, kind, title, original_title, start_year, runtime, genres = row
            if self.only is not None:
                if tconst not in self.only:
                    continue
                kinds[tconst] = kind
            if kind not in self.title_types or (person_titles is not None and tconst not in person_titles):
                continue
            if tconst in self.numbers:
                continue  # the first line of a title is its line
            position = f"{name}, line {number} ({tconst})"
            year = self.number(start_year, "startYear", position)
            if self.years and not _within(year, self.years):
                continue
            if title in (NULL, ""):
                self.problem(position, "no primaryTitle: skipped")
                continue
            minutes = self.number(runtime, "runtimeMinutes", position)
            self.numbers[tconst] = len(self.numbers) + 1
            original_title = original_title if original_title not in (title, NULL) else ""
            genres = ",".join(genre.lower() for genre in _list(genres))
            rows.append((self.numbers[tconst], tconst, position, title, original_title, year, minutes or None, genres))
            rows = _flushed(db, "INSERT INTO film VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        _flushed(db, "INSERT INTO film VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows, at=0)
        self.report_unread(kinds, name)

    def report_unread(self, kinds, name):
        """Say why a title asked for with ``only`` was not read, when it is not for the other criteria."""
        for tconst in sorted(self.only or ()):
            if tconst not in kinds:
                self.problem(name, f"{tconst} is not in the file: not read")
            elif kinds[tconst] not in self.title_types:
                types = ", ".join(sorted(self.title_types))
                self.problem(name, f"{tconst} is a {kinds[tconst]}, not among the types read ({types}): not read")

    # The other title files, for the selected titles

    def stage_alternative_titles(self, db):
        rows = []
        for _, (tconst, title, region, language, types, attributes) in self.rows("title.akas"):
            number = self.numbers.get(tconst)
            if number is None or title in (NULL, ""):
                continue
            rows.append((number, title, _code(region, 2).upper(), _code(language, 2).lower(), types, attributes))
            rows = _flushed(db, "INSERT INTO aka VALUES (?, ?, ?, ?, ?, ?)", rows)
        _flushed(db, "INSERT INTO aka VALUES (?, ?, ?, ?, ?, ?)", rows, at=0)

    def stage_crew(self, db):
        credited, rows = set(), []
        for _, (tconst, *crew) in self.rows("title.crew"):
            number = self.numbers.get(tconst)
            if number is None:
                continue
            for role, names in zip(CREW_ROLES.values(), crew, strict=True):
                for order, nconst in enumerate(_list(names), 1):
                    credited.add(nconst)
                    rows.append((number, nconst, role, "", order))
            rows = _flushed(db, "INSERT INTO credit VALUES (?, ?, ?, ?, ?)", rows)
        _flushed(db, "INSERT INTO credit VALUES (?, ?, ?, ?, ?)", rows, at=0)
        return credited

    def stage_principals(self, db):
        name = self.paths["title.principals"].name
        credited, rows = set(), []
        for number, (tconst, ordering, nconst, category, characters) in self.rows("title.principals"):
            title_number = self.numbers.get(tconst)
            role = PRINCIPAL_ROLES.get(category)
            if title_number is None or role is None:
                continue
            position = f"{name}, line {number} ({tconst})"
            character = ""
            if role == Role.ACTOR:
                try:
                    character = _first_character(characters)
                except ValueError:
                    self.problem(position, f"characters {characters} are not a JSON array of names: credited without")
            credited.add(nconst)
            rows.append((title_number, nconst, role, character, self.number(ordering, "ordering", position) or 0))
            rows = _flushed(db, "INSERT INTO credit VALUES (?, ?, ?, ?, ?)", rows)
        _flushed(db, "INSERT INTO credit VALUES (?, ?, ?, ?, ?)", rows, at=0)
        return credited

    # The people

    def stage_people(self, db, credited):
        name = self.paths["name.basics"].name
        rows = []
        for number, (nconst, person_name, born, died) in self.rows("name.basics"):
            if nconst not in credited:
                continue
            credited.discard(nconst)  # the first line of a person is its line
            position = f"{name}, line {number} ({nconst})"
            if person_name in (NULL, ""):
                self.problem(position, "no primaryName: person skipped")
                continue
            birth_year = self.number(born, "birthYear", position)
            rows.append((nconst, position, person_name, birth_year, self.number(died, "deathYear", position)))
            rows = _flushed(db, "INSERT INTO person VALUES (?, ?, ?, ?, ?)", rows)
        _flushed(db, "INSERT INTO person VALUES (?, ?, ?, ?, ?)", rows, at=0)

    # Batches

    def batches(self, db):
        problems = self.problems
        titles = db.execute("SELECT * FROM film ORDER BY number")
        while rows := titles.fetchmany(self.size):
            batch = Batch(source="imdb", problems=problems)
            problems = []
            films = {}
            for number, tconst, position, title, original_title, year, minutes, genres in rows:
                films[number] = FilmRecord(
                    key=tconst,
                    position=position,
                    title=title,
                    year=year,
                    ids={"imdb_id": tconst},
                    original_title=original_title,
                    runtime_minutes=minutes,
                    genres=genres.split(",") if genres else [],
                )
            span = (rows[0][0], rows[-1][0])
            self.add_alternative_titles(db, films, span)
            self.add_people(db, batch, span)
            self.add_credits(db, films, batch, span)
            batch.films = list(films.values())
            yield batch
        if problems:  # nothing was selected: the problems say why
            yield Batch(source="imdb", problems=problems)

    def add_alternative_titles(self, db, films, span):
        """Each title once, whatever its case; the first line naming a region or language gives its place."""
        found = {}  # (number, folded title) -> AlternativeTitleRecord
        rows = db.execute("SELECT * FROM aka WHERE number BETWEEN ? AND ? ORDER BY rowid", span)
        for number, title, country, language, types, attributes in rows:
            film = films[number]
            folded = title.casefold()
            if folded in (film.title.casefold(), film.original_title.casefold()):
                continue
            note = _title_note(types, attributes)
            known = found.get((number, folded))
            if known is None:
                found[number, folded] = record = AlternativeTitleRecord(title, language, country, note)
                film.alternative_titles.append(record)
            elif not (known.country or known.language) and (country or language):
                known.country, known.language, known.note = country, language, known.note or note

    def add_people(self, db, batch, span):
        query = "SELECT * FROM person WHERE nconst IN (SELECT nconst FROM credit WHERE number BETWEEN ? AND ?)"
        for nconst, position, name, birth_year, death_year in db.execute(query, span):
            batch.people[nconst] = PersonRecord(
                key=nconst,
                position=position,
                name=name,
                ids={"imdb_id": nconst},
                birth_year=birth_year,
                death_year=death_year,
            )

    def add_credits(self, db, films, batch, span):
        """Each credit once, the first read winning (the crew's before the principals'); people that
        ``name.basics`` did not give are left out, and said so."""
        credits, missing = {}, {}
        rows = db.execute("SELECT * FROM credit WHERE number BETWEEN ? AND ? ORDER BY rowid", span)
        for number, nconst, role, character, order in rows:
            if nconst in batch.people:
                credits.setdefault((number, nconst, role, character), CreditRecord(nconst, role, character, order))
            else:
                missing.setdefault(number, {}).setdefault(nconst, []).append(role)
        for (number, *_), credit in credits.items():
            films[number].credits.append(credit)
        for number, people in missing.items():
            for person, roles in people.items():
                roles = ", ".join(dict.fromkeys(roles))
                batch.problems.append(
                    Problem(
                        films[number].position,
                        f"{person} ({roles}) is not a person read from name.basics: credit left out",
                    )
                )


# The staging file: the selected titles, numbered, and what the other files say of them.
STAGING = """
    CREATE TABLE film (
        number INTEGER PRIMARY KEY, tconst TEXT, position TEXT, title TEXT, original_title TEXT, year INTEGER,
        minutes INTEGER, genres TEXT
    );
    CREATE TABLE aka (number INTEGER, title TEXT, region TEXT, language TEXT, types TEXT, attributes TEXT);
    CREATE TABLE credit (number INTEGER, nconst TEXT, role TEXT, character TEXT, ordering INTEGER);
    CREATE TABLE person (nconst TEXT PRIMARY KEY, position TEXT, name TEXT, birth_year INTEGER, death_year INTEGER);
    CREATE INDEX aka_number ON aka (number);
    CREATE INDEX credit_number ON credit (number);
    PRAGMA journal_mode = OFF;
    PRAGMA synchronous = OFF;
"""


def _flushed(db, statement, rows, at=10_000):
    """Write the rows once there are ``at`` of them; the rows still to write."""
    if len(rows) < at or not rows:
        return rows
    db.executemany(statement, rows)
    return []
