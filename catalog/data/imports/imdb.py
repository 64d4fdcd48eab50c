"""Reads files in the layout of IMDb's public datasets into a ``Batch``: ``title.basics``, ``title.akas``,
``title.crew``, ``title.principals`` and ``name.basics``, tab-separated, plain or gzip, ``\\N`` for null.

The files are streamed, never held: ``title.basics`` first, to select the titles, then the lines of the other
title files that name a selected title, then the lines of ``name.basics`` that name a person they credit.
"""

import csv
import gzip
import json
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


def read_batch(folder, *, title_types=("movie",), only=None, years=None, person=None):
    """The selected titles of the files in ``folder`` with the people they credit.

    ``only`` is a set of tconsts, ``years`` a ``(first, last)`` inclusive range (either end may be None) and
    ``person`` an nconst, whose titles alone are read. A missing file is a problem, in an otherwise empty batch.
    """
    batch = Batch(source="imdb")
    paths = _paths(Path(folder), batch.problems)
    if paths:
        _Reading(paths, batch, set(title_types), only, years, person).read()
    return batch


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
    """One reading of the five files: what is kept between them is the selected films and the people they name."""

    def __init__(self, paths, batch, title_types, only, years, person):
        self.paths = paths
        self.batch = batch
        self.title_types = title_types
        self.only = set(only) if only is not None else None
        self.years = years
        self.person = person
        self.films = {}  # tconst -> FilmRecord, in the order of title.basics
        # nconst -> the same string, shared by all of a person's credits and telling which people to read.
        self.credited = {}

    def read(self):
        person_titles = self.titles_of_person() if self.person else None
        if person_titles is None or person_titles:
            self.select_titles(person_titles)
        if self.films:
            self.read_alternative_titles()
            self.read_crew()
            self.read_principals()
            self.read_people()
        self.batch.films = [self.settled(film) for film in self.films.values()]

    def problem(self, position, message):
        self.batch.problems.append(Problem(position, message))

    def rows(self, name, problems=None):
        return _rows(self.paths[name], COLUMNS[name], self.batch.problems if problems is None else problems)

    def number(self, text, column, position):
        try:
            return _number(text)
        except ValueError:
            self.problem(position, f"{column} “{text}” is not a number: left out")
            return None

    def credited_key(self, nconst):
        return self.credited.setdefault(nconst, nconst)

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

    def select_titles(self, person_titles):
        name = self.paths["title.basics"].name
        kinds = {}  # the type of each title asked for with ``only``, to say why one was not read
        for number, row in self.rows("title.basics"):
            tconst, kind, title, original_title, start_year, runtime, genres = row
            if self.only is not None:
                if tconst not in self.only:
                    continue
                kinds[tconst] = kind
            if kind not in self.title_types or (person_titles is not None and tconst not in person_titles):
                continue
            position = f"{name}, line {number} ({tconst})"
            year = self.number(start_year, "startYear", position)
            if self.years and not _within(year, self.years):
                continue
            if title in (NULL, ""):
                self.problem(position, "no primaryTitle: skipped")
                continue
            minutes = self.number(runtime, "runtimeMinutes", position)
            self.films[tconst] = FilmRecord(
                key=tconst,
                position=position,
                title=title,
                year=year,
                ids={"imdb_id": tconst},
                original_title=original_title if original_title not in (title, NULL) else "",
                runtime_minutes=minutes or None,  # IMDb's 0 is a runtime nobody entered
                genres=[genre.lower() for genre in _list(genres)],
            )
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

    def read_alternative_titles(self):
        """Each title once, whatever its case; the first line naming a region or language gives its place."""
        found = {}  # tconst -> {folded title: AlternativeTitleRecord}, for this pass only
        for _, (tconst, title, region, language, types, attributes) in self.rows("title.akas"):
            film = self.films.get(tconst)
            if film is None or title in (NULL, ""):
                continue
            folded = title.casefold()
            if folded in (film.title.casefold(), film.original_title.casefold()):
                continue
            country = _code(region, 2).upper()
            language = _code(language, 2).lower()
            note = _title_note(types, attributes)
            known = found.setdefault(tconst, {}).get(folded)
            if known is None:
                found[tconst][folded] = record = AlternativeTitleRecord(title, language, country, note)
                film.alternative_titles.append(record)
            elif not (known.country or known.language) and (country or language):
                known.country, known.language, known.note = country, language, known.note or note

    def read_crew(self):
        for _, (tconst, *crew) in self.rows("title.crew"):
            film = self.films.get(tconst)
            if film is None:
                continue
            for role, names in zip(CREW_ROLES.values(), crew, strict=True):
                for order, nconst in enumerate(_list(names), 1):
                    film.credits.append(CreditRecord(self.credited_key(nconst), role, billing_order=order))

    def read_principals(self):
        name = self.paths["title.principals"].name
        for number, (tconst, ordering, nconst, category, characters) in self.rows("title.principals"):
            film = self.films.get(tconst)
            role = PRINCIPAL_ROLES.get(category)
            if film is None or role is None:
                continue
            position = f"{name}, line {number} ({tconst})"
            character = ""
            if role == Role.ACTOR:
                try:
                    character = _first_character(characters)
                except ValueError:
                    self.problem(position, f"characters {characters} are not a JSON array of names: credited without")
            order = self.number(ordering, "ordering", position) or 0
            film.credits.append(CreditRecord(self.credited_key(nconst), role, character, order))

    # The people

    def read_people(self):
        name = self.paths["name.basics"].name
        for number, (nconst, person_name, born, died) in self.rows("name.basics"):
            key = self.credited.get(nconst)
            if key is None or key in self.batch.people:
                continue
            position = f"{name}, line {number} ({nconst})"
            if person_name in (NULL, ""):
                self.problem(position, "no primaryName: person skipped")
                continue
            self.batch.people[key] = PersonRecord(
                key=key,
                position=position,
                name=person_name,
                ids={"imdb_id": key},
                birth_year=self.number(born, "birthYear", position),
                death_year=self.number(died, "deathYear", position),
            )

    def settled(self, film):
        """The film with each credit once, the first read winning, and without people name.basics did not give."""
        credits, missing = {}, {}
        for credit in film.credits:
            if credit.person in self.batch.people:
                credits.setdefault((credit.person, credit.role, credit.character_name), credit)
            else:
                missing.setdefault(credit.person, []).append(credit.role)
        film.credits = list(credits.values())
        for person, roles in missing.items():
            roles = ", ".join(dict.fromkeys(roles))
            self.problem(film.position, f"{person} ({roles}) is not a person read from name.basics: credit left out")
        return film
