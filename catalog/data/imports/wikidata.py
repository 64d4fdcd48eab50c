"""Reads Wikidata's entity JSON into a ``Batch``: dumps (a JSON array with one entity a line, plain, gzip or
bzip2) and ``Special:EntityData`` or ``wbgetentities`` files (``{"entities": {"Q1": {...}}}``).

Every entity of the files is collected first, then the films are mapped: the countries, languages, genres,
awards, places and people a film names are read from the other entities of the same files, never fetched.
"""

import bz2
import datetime
import gzip
import itertools
import json
import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

from catalog.data.imports.records import (
    AlternativeTitleRecord,
    Batch,
    Citation,
    CreditRecord,
    FilmRecord,
    LocationRecord,
    NominationRecord,
    PersonRecord,
    Problem,
)
from catalog.models.choices import Outcome, Role

FILM = "Q11424"

# The film's properties that name its people, in the order its credits are listed.
CREDIT_ROLES = {
    "P57": Role.DIRECTOR,
    "P58": Role.WRITER,
    "P161": Role.ACTOR,
    "P86": Role.COMPOSER,
    "P344": Role.CINEMATOGRAPHER,
    "P1040": Role.EDITOR,
    "P162": Role.PRODUCER,
}
AWARD_OUTCOMES = {"P166": Outcome.WON, "P1411": Outcome.NOMINATED}
MINUTES_PER_UNIT = {"Q7727": Decimal(1), "Q25235": Decimal(60), "Q11574": Decimal(1) / 60}
JULIAN_CALENDAR = "Q1985786"
EARTH = "Q2"

# Wikimedia language tags that are not what BCP 47 would make of them: "sr-ec" is Serbian in Cyrillic, not
# Serbian of Ecuador; "simple" is Simple English; "mul" names no one language.
WIKIMEDIA_TAGS = {"sr-ec": ("sr", ""), "sr-el": ("sr", ""), "simple": ("en", ""), "mul": ("", ""), "und": ("", "")}
# What the reader keeps of an entity; descriptions and sitelinks are most of a dump's weight and unused.
KEPT_KEYS = ("id", "type", "labels", "aliases", "claims")


def read_batch(paths, *, language="en"):
    """Every film of the files, with the people it names, titled in ``language`` where Wikidata can."""
    batch = Batch(source="wikidata")
    entities, positions = {}, {}
    for path in paths:
        for position, entity in _entities_in_file(Path(path), batch.problems):
            if entity.get("type", "item") == "item":  # properties and lexemes name no film
                entities[entity["id"]] = _kept(entity)
                positions[entity["id"]] = position
    _Mapping(entities, positions, language, batch).map_films()
    return batch


def _kept(entity):
    """What the reader needs of an entity; Wikibase writes an empty object as ``[]``, read here as ``{}``."""
    kept = {key: entity[key] for key in KEPT_KEYS if key in entity}
    for key in ("labels", "aliases", "claims"):
        kept[key] = kept.get(key) if isinstance(kept.get(key), dict) else {}
    return kept


# Reading the files


def _entities_in_file(path, problems):
    """``(position, entity)`` for every entity of a file; what cannot be read becomes a problem."""
    try:
        with _open_text(path) as lines:
            yield from _entities_in_lines(path.name, lines, problems)
    except (OSError, EOFError, UnicodeDecodeError) as error:
        problems.append(Problem(path.name, f"the file cannot be read: {error}"))


def _open_text(path):
    """The file as text, decompressed as its first bytes say, whatever its name."""
    with open(path, "rb") as file:
        magic = file.read(3)
    if magic.startswith(b"\x1f\x8b"):
        return gzip.open(path, "rt", encoding="utf-8-sig")
    if magic == b"BZh":
        return bz2.open(path, "rt", encoding="utf-8-sig")
    return open(path, encoding="utf-8-sig")


def _entities_in_lines(name, lines, problems):
    """Reads a dump line by line, so that it is never held whole; any other JSON document is read whole."""
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text:
            continue
        if text == "[":
            following = next(lines, "")
            if following.strip() == "{":  # an array saved pretty, each entity over many lines
                yield from _entities_in_document(name, line + following + "".join(lines), problems)
            else:
                yield from _entities_in_dump(name, itertools.chain([following], lines), number, problems)
            return
        if text.startswith("{"):
            try:
                first = json.loads(text.rstrip(","))
            except json.JSONDecodeError:
                first = None  # a document spread over several lines, as an EntityData file saved pretty
            if isinstance(first, dict) and "id" in first:
                # One entity a line without the array's brackets, as dump filters write them.
                yield from _entity_on_line(name, number, first, problems)
                yield from _entities_in_dump(name, lines, number, problems)
                return
        yield from _entities_in_document(name, line + "".join(lines), problems)
        return


def _entities_in_dump(name, lines, lines_read, problems):
    for number, line in enumerate(lines, lines_read + 1):
        text = line.strip().rstrip(",")
        if not text or text in ("[", "]"):
            continue
        try:
            entity = json.loads(text)
        except json.JSONDecodeError as error:
            message = f"not valid JSON ({error.msg} at column {error.colno}): line skipped"
            problems.append(Problem(f"{name}, line {number}", message))
            continue
        yield from _entity_on_line(name, number, entity, problems)


def _entity_on_line(name, number, entity, problems):
    if isinstance(entity, dict) and isinstance(entity.get("id"), str):
        yield f"{name}, line {number} ({entity['id']})", entity
    else:
        problems.append(Problem(f"{name}, line {number}", "not a Wikidata entity: line skipped"))


def _entities_in_document(name, text, problems):
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        problems.append(Problem(name, f"neither a Wikidata dump nor an EntityData file: not valid JSON ({error})"))
        return
    if isinstance(document, dict) and isinstance(document.get("entities"), dict):
        found = list(document["entities"].items())
    elif isinstance(document, dict) and "id" in document:
        found = [(document["id"], document)]
    elif isinstance(document, list):
        found = [(entity.get("id", "?") if isinstance(entity, dict) else "?", entity) for entity in document]
    else:
        problems.append(Problem(name, "neither a Wikidata dump nor an EntityData file: no entities in it"))
        return
    for key, entity in found:
        if not isinstance(entity, dict) or not isinstance(entity.get("id"), str):
            message = "missing on Wikidata" if isinstance(entity, dict) and "missing" in entity else "not an entity"
            problems.append(Problem(f"{name}, entity {key}", f"{message}: skipped"))
            continue
        # A redirected id answers with its target: the entity's own id is the one to keep.
        yield f"{name}, entity {entity['id']}", entity


# Reading statements


def _statements(entity, prop):
    """A property's statements worth reading: preferred ones first, deprecated ones left out."""
    kept = [s for s in entity.get("claims", {}).get(prop, ()) if isinstance(s, dict) and s.get("rank") != "deprecated"]
    return sorted(kept, key=lambda statement: statement.get("rank") != "preferred")


def _value(snak):
    """A snak's value; None for the "unknown value" and "no value" snaks."""
    if not isinstance(snak, dict) or snak.get("snaktype", "value") != "value":
        return None
    return (snak.get("datavalue") or {}).get("value")


def _main_value(statement):
    return _value(statement.get("mainsnak"))


def _snak_values(snaks, prop):
    """The values of a statement's qualifiers, or of a reference's snaks, for one property."""
    snaks = snaks if isinstance(snaks, dict) else {}
    return [value for snak in snaks.get(prop, ()) if (value := _value(snak)) is not None]


def _item_id(value):
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("id"), str):
        return value["id"]
    return f"Q{value['numeric-id']}" if value.get("entity-type", "item") == "item" and "numeric-id" in value else None


def _main_values(entity, prop):
    return [value for statement in _statements(entity, prop) if (value := _main_value(statement)) is not None]


def _main_items(entity, prop):
    return [item for value in _main_values(entity, prop) if (item := _item_id(value))]


def _main_strings(entity, prop):
    return [value.strip() for value in _main_values(entity, prop) if isinstance(value, str)]


def _entity_id_in_url(url):
    """``Q7727`` of ``http://www.wikidata.org/entity/Q7727``, as units, globes and calendars are given."""
    return str(url).rstrip("/").rpartition("/")[2]


def _time(value):
    """``(year, date)`` of a time value: the date only when it is precise to the day; None when not a year."""
    if not isinstance(value, dict):
        return None
    found = re.fullmatch(r"\+(\d+)-(\d\d)-(\d\d)T.*", str(value.get("time", "")))
    precision = value.get("precision", 11)
    if not found or not isinstance(precision, int) or precision < 9 or not 1 <= int(found[1]) <= 9999:
        return None
    year, month, day = (int(part) for part in found.groups())
    date = None
    if precision >= 11:
        try:
            date = _gregorian(year, month, day, _entity_id_in_url(value.get("calendarmodel", "")))
        except (ValueError, OverflowError):
            date = None
        year = date.year if date else year
    return year, date


def _gregorian(year, month, day, calendar):
    """The date in the catalog's calendar; Wikidata keeps some older dates in the Julian one."""
    if calendar != JULIAN_CALENDAR:
        return datetime.date(year, month, day)
    datetime.date(2000, month, day)  # refuses days no month has, such as 31 April; 2000 is leap in both calendars
    shift = (14 - month) // 12
    years, months = year + 4800 - shift, month + 12 * shift - 3
    julian_day = day + (153 * months + 2) // 5 + 365 * years + years // 4 - 32083
    return datetime.date.fromordinal(julian_day - 1721425)


def _day(value):
    """The date of a time value precise to the day, else None."""
    time = _time(value)
    return time[1] if time else None


def _minutes(value):
    """A duration in whole minutes, or None when its unit is not a unit of time."""
    if not isinstance(value, dict):
        return None
    per_unit = MINUTES_PER_UNIT.get(_entity_id_in_url(value.get("unit", "")))
    try:
        minutes = Decimal(str(value.get("amount"))) * per_unit if per_unit else None
    except InvalidOperation:
        return None
    return int(minutes.to_integral_value()) if minutes and minutes > 0 else None


def _coordinates(value):
    """``(latitude, longitude)`` of a globe coordinate on Earth, or None."""
    if not isinstance(value, dict) or _entity_id_in_url(value.get("globe") or EARTH) != EARTH:
        return None
    try:
        return float(value["latitude"]), float(value["longitude"])
    except (KeyError, TypeError, ValueError):
        return None


def _language_and_country(tag):
    """The catalog's ISO codes for a Wikimedia language tag, as ``("pt", "BR")`` for ``pt-br``."""
    tag = tag.lower()
    if tag in WIKIMEDIA_TAGS:
        return WIKIMEDIA_TAGS[tag]
    language, *subtags = tag.split("-")
    language = language if 2 <= len(language) <= 3 and language.isalpha() else ""
    country = next((subtag.upper() for subtag in subtags if len(subtag) == 2 and subtag.isalpha()), "")
    return language, country


def _label_and_tag(entity, *languages):
    """The entity's label in the first of ``languages`` it has, else in any, with that label's language tag."""
    labels = entity.get("labels", {})
    for tag in (*languages, *labels):
        label = labels.get(tag)
        if isinstance(label, dict) and str(label.get("value", "")).strip():
            return label["value"].strip(), label.get("language", tag)
    return "", ""


def _genre_name(label):
    """Wikidata's genres are kinds of film ("drama film"); the catalog's are kinds of story ("Drama")."""
    name = label.removesuffix(" film")
    return name if name else label


class _Mapping:
    """Maps the collected entities' films to records, looking up what they name among the same entities."""

    def __init__(self, entities, positions, language, batch):
        self.entities = entities
        self.positions = positions
        self.languages = (language, "mul", "en")
        self.batch = batch
        self.film_classes = _film_classes(entities)

    def map_films(self):
        for key, entity in self.entities.items():
            if not any(kind in self.film_classes for kind in _main_items(entity, "P31")):
                continue
            try:
                film = self.film(key, entity)
            except (AttributeError, KeyError, TypeError, ValueError) as error:
                # Valid JSON shaped otherwise than Wikidata writes it: one film is lost, not the reading.
                self.problem(self.positions[key], f"not shaped as Wikidata's entity JSON ({error!r}): skipped")
                continue
            if film:
                self.batch.films.append(film)

    def problem(self, position, message):
        self.batch.problems.append(Problem(position, message))

    def label(self, key, *languages):
        entity = self.entities.get(key)
        return _label_and_tag(entity, *(languages or self.languages))[0] if entity else ""

    def film(self, key, entity):
        position = self.positions[key]
        title, title_tag = _label_and_tag(entity, *self.languages)
        original = next((value for value in _main_values(entity, "P1476") if isinstance(value, dict)), {})
        original_title = str(original.get("text", "")).strip()
        if not title:
            title, title_tag = original_title, original.get("language", "")
        if not title:
            self.problem(position, "the film has no label and no title (P1476): skipped")
            return None
        original_title = original_title if original_title != title else ""
        year, release_date = self.first_release(entity)
        return FilmRecord(
            key=key,
            position=position,
            title=title,
            year=year,
            ids=self.film_ids(key, entity, position),
            original_title=original_title,
            release_date=release_date,
            runtime_minutes=next(filter(None, map(_minutes, _main_values(entity, "P2047"))), None),
            countries=self.countries(entity, position),
            original_language=self.original_language(entity, position),
            genres=self.genres(entity, position),
            alternative_titles=self.alternative_titles(entity, title_tag, {title, original_title}),
            credits=self.credits(entity, position),
            nominations=self.nominations(key, entity, position),
            locations=self.locations(entity, position),
        )

    def first_release(self, entity):
        """Year and day of the first release; a date given for one place only yields to one given for all."""
        statements = _statements(entity, "P577")
        everywhere = [s for s in statements if not (s.get("qualifiers") or {}).get("P291")]
        times = [time for s in (everywhere or statements) if (time := _time(_main_value(s)))]
        if not times:
            return None, None
        year = min(year for year, _ in times)
        return year, min((date for found, date in times if date and found == year), default=None)

    def film_ids(self, key, entity, position):
        ids = {"wikidata_id": key}
        imdb = next((value for value in _main_strings(entity, "P345") if value.startswith("tt")), "")
        if imdb:
            ids["imdb_id"] = imdb
        tmdb = self.tmdb_id(entity, "P4947", position)
        if tmdb:
            ids["tmdb_id"] = tmdb
        return ids

    def tmdb_id(self, entity, prop, position):
        for value in _main_strings(entity, prop):
            if value.isdigit():
                return int(value)
            self.problem(position, f"{prop} TMDB id {value!r} is not a number: left out")
        return None

    def code(self, key, props):
        """The first ISO code the entity gives among ``props``, if the entity is in the files."""
        entity = self.entities.get(key, {})
        return next((value for prop in props for value in _main_strings(entity, prop) if value), "")

    def countries(self, entity, position):
        codes = []
        for key in _main_items(entity, "P495"):
            code = self.code(key, ["P297"]).upper()
            if not code:
                self.problem(position, f"P495 country {key} is not in the files or has no ISO code (P297): left out")
            elif code not in codes:
                codes.append(code)
        return codes

    def original_language(self, entity, position):
        for key in _main_items(entity, "P364"):
            code = self.code(key, ["P218", "P219", "P220"]).lower()
            if code:
                return code
            self.problem(position, f"P364 language {key} is not in the files or has no ISO 639 code: left out")
        return ""

    def genres(self, entity, position):
        names = []
        for key in _main_items(entity, "P136"):
            # English whatever the titles' language: the catalog names its genres in English.
            label = self.label(key, "en", "mul")
            if not label:
                self.problem(position, f"P136 genre {key} is not in the files: left out")
            elif _genre_name(label) not in names:
                names.append(_genre_name(label))
        return names

    def alternative_titles(self, entity, title_tag, taken):
        """The other languages' labels, then every alias, each once and none repeating the titles."""
        seen = {title.casefold() for title in taken if title}
        names = [(label, tag) for tag, label in entity.get("labels", {}).items() if tag != title_tag]
        names += [(alias, tag) for tag, aliases in entity.get("aliases", {}).items() for alias in aliases]
        found = []
        for name, tag in names:
            title = str(name.get("value", "")).strip() if isinstance(name, dict) else ""
            if not title or title.casefold() in seen:
                continue
            seen.add(title.casefold())
            language, country = _language_and_country(name.get("language", tag))
            found.append(AlternativeTitleRecord(title=title, language=language, country=country))
        return found

    def credits(self, entity, position):
        credits = []
        for prop, role in CREDIT_ROLES.items():
            order = 0
            for statement in _statements(entity, prop):
                key = _item_id(_main_value(statement))
                if not key or not self.person(key, position, f"{prop} {role.label.lower()}", "credit skipped"):
                    continue
                order += 1
                credits.append(
                    CreditRecord(
                        person=key,
                        role=role.value,
                        character_name=self.character(statement, position) if role == Role.ACTOR else "",
                        billing_order=order,
                        citation=self.citation(statement),
                    )
                )
        return credits

    def character(self, statement, position):
        """The character a cast member plays: the character item's label, or the name given as text."""
        qualifiers = statement.get("qualifiers")
        keys = [key for value in _snak_values(qualifiers, "P453") if (key := _item_id(value))]
        names = [label for key in keys if (label := self.label(key))]
        names += [value.strip() for value in _snak_values(qualifiers, "P4633") if isinstance(value, str)]
        names = list(dict.fromkeys(name for name in names if name))
        if not names and keys:
            self.problem(position, f"P453 character {keys[0]} is not in the files: the character is left out")
        return " / ".join(names)

    def person(self, key, position, what, outcome):
        """Whether the person can be named: read once from their entity, else reported as missing."""
        if key in self.batch.people:
            return True
        entity = self.entities.get(key)
        name = _label_and_tag(entity, *self.languages)[0] if entity else ""
        if not name:
            self.problem(position, f"{what}: person {key} is not in the files, or has no label: {outcome}")
            return False
        person = PersonRecord(key=key, position=self.positions[key], name=name, ids={"wikidata_id": key})
        imdb = next((value for value in _main_strings(entity, "P345") if value.startswith("nm")), "")
        if imdb:
            person.ids["imdb_id"] = imdb
        tmdb = self.tmdb_id(entity, "P4985", person.position)
        if tmdb:
            person.ids["tmdb_id"] = tmdb
        person.birth_year, person.birth_date = self.lifetime_end(entity, "P569")
        person.death_year, person.death_date = self.lifetime_end(entity, "P570")
        self.batch.people[key] = person
        return True

    def lifetime_end(self, entity, prop):
        """``(year, date)`` of a birth or death: the year only when the day is not known."""
        time = next(filter(None, map(_time, _main_values(entity, prop))), None)
        if not time:
            return None, None
        year, date = time
        return (None, date) if date else (year, None)

    def nominations(self, film, entity, position):
        nominations = []
        for prop, outcome in AWARD_OUTCOMES.items():
            for statement in _statements(entity, prop):
                key = _item_id(_main_value(statement))
                if not key:
                    continue
                what = f"{prop} award {key}"
                category = self.label(key)
                body = self.award_body(key)
                year = self.award_year(statement)
                if not category:
                    self.problem(position, f"{what} is not in the files: skipped")
                elif not body:
                    self.problem(position, f"{what} names no award body in the files (P361 part of, P279): skipped")
                elif year is None:
                    self.problem(position, f"{what} has no year (P585, or a P805 ceremony with a date): skipped")
                else:
                    citation = self.citation(statement)
                    nominations += [
                        NominationRecord(body, category, year, outcome.value, person=person, citation=citation)
                        for person in self.nominees(film, statement, position, what)
                    ]
        return nominations

    def award_body(self, category):
        """The name of the body that gives an award category: what it is part of, else what it is a kind of."""
        entity = self.entities.get(category, {})
        bodies = _main_items(entity, "P361") + _main_items(entity, "P279")
        return next(filter(None, map(self.label, bodies)), "")

    def award_year(self, statement):
        """The year of a nomination: its point in time, else the date of the ceremony it is the subject of."""
        qualifiers = statement.get("qualifiers")
        times = [_time(value) for value in _snak_values(qualifiers, "P585")]
        for value in _snak_values(qualifiers, "P805"):
            ceremony = self.entities.get(_item_id(value) or "", {})
            times += [_time(date) for prop in ("P585", "P580") for date in _main_values(ceremony, prop)]
        return next((time[0] for time in times if time), None)

    def nominees(self, film, statement, position, what):
        """The people a nomination names (winners, nominees), or ``[""]`` when it names none in the files."""
        qualifiers = statement.get("qualifiers")
        keys = [_item_id(value) for prop in ("P1346", "P2453") for value in _snak_values(qualifiers, prop)]
        keys = [key for key in dict.fromkeys(keys) if key and key != film]
        found = [key for key in keys if self.person(key, position, what, "nomination kept without the person")]
        return found or [""]

    def locations(self, entity, position):
        locations = []
        for statement in _statements(entity, "P915"):
            key = _item_id(_main_value(statement))
            if not key:
                continue
            place = self.entities.get(key, {})
            if not self.label(key):
                self.problem(position, f"P915 filming location {key} is not in the files: skipped")
                continue
            country = next(filter(None, (self.code(c, ["P297"]) for c in _main_items(place, "P17"))), "")
            # The place's own coordinates, else those the statement gives for where the shooting was.
            points = _main_values(place, "P625") + _snak_values(statement.get("qualifiers"), "P625")
            latitude, longitude = next(filter(None, map(_coordinates, points)), (None, None))
            locations.append(
                LocationRecord(
                    place=self.label(key),
                    country=country.upper(),
                    latitude=latitude,
                    longitude=longitude,
                    citation=self.citation(statement),
                )
            )
        return locations

    def citation(self, statement):
        """The source of a statement: its first reference that names a publication or a URL.

        References that only say which Wikipedia a value was imported from (P143) are passed over.
        """
        for reference in statement.get("references", ()):
            snaks = reference.get("snaks")
            url = next((value.strip() for value in _snak_values(snaks, "P854") if isinstance(value, str)), "")
            stated_in = next(filter(None, map(_item_id, _snak_values(snaks, "P248"))), "")
            if url or stated_in:
                retrieved = next(filter(None, map(_day, _snak_values(snaks, "P813"))), None)
                publication = (self.label(stated_in) or stated_in) if stated_in else ""
                return Citation(url=url, publication=publication, retrieved=retrieved)
        return None


def _film_classes(entities):
    """Film (Q11424) and every class of the files whose subclass-of (P279) chain reaches it."""
    subclasses = defaultdict(set)
    for key, entity in entities.items():
        for parent in _main_items(entity, "P279"):
            subclasses[parent].add(key)
    found, waiting = {FILM}, [FILM]
    while waiting:
        for subclass in subclasses[waiting.pop()] - found:
            found.add(subclass)
            waiting.append(subclass)
    return found
