"""Writing an import's records into the catalog, without ever overwriting an editor's work.

Matching. A record is the catalog's film (or person) when one of its identifiers is; otherwise when exactly
one film has its title (or original or alternative title) and year (a person: its name, and birth year when
both are known). A match by title is reported; two candidates, or identifiers naming two different films,
are reported and the record is skipped: nothing is merged on a guess.

Curation. Every field the import writes is remembered (``ImportedValue``: the source's value and when). On
the next import of the same source a field is updated only if it still holds what the last import wrote, or
is empty and was never imported; any other value is an editor's and is kept, and the difference is listed in
the report. Lists (credits, genres, titles, nominations, places) work the same way by their rows: a row the
source gives is added unless the catalog has it already or an editor removed it after an import.

Safety. Each film is written in a transaction of its own, with its people, rows and one revision ("Import
from Wikidata"), after every row passed the model validation the admin applies; a film that fails is rolled
back whole and reported, and the others go on (an operator gets everything that is right, and a list of what
to fix, rather than nothing). New films are drafts; a published film stays published. ``dry_run`` does it
all and rolls everything back, so its report is exactly what a real run would do.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import reversion
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from ... import derived
from ...models import (
    AlternativeTitle,
    AwardBody,
    AwardCategory,
    Country,
    Credit,
    Film,
    FilmingLocation,
    FilmStatus,
    Genre,
    ImportedValue,
    Language,
    Nomination,
    Person,
)
from ...models.identifiers import IDENTIFIER_FIELDS
from ...models.text import fold

SOURCE_NAMES = {"wikidata": "Wikidata", "imdb": "IMDb"}
# Sources' genre names that the catalog spells otherwise (IMDb's "Sci-Fi", Wikidata's "historical drama").
GENRE_NAMES = {
    "sci-fi": "science fiction",
    "science fiction film": "science fiction",
    "history": "historical",
    "historical drama": "historical",
    "romantic drama": "romance",
    "crime drama": "crime",
    "mystery film": "mystery",
    "documentary film": "documentary",
}
FILM_FIELDS = ("title", "original_title", "year", "release_date", "runtime_minutes")
PERSON_FIELDS = ("name", "birth_date", "death_date")


@dataclass
class Kept:
    """A difference the import did not apply: the catalog's value is an editor's."""

    record: str
    field: str
    catalog: object
    source: object


@dataclass
class Report:
    source: str
    dry_run: bool = False
    created: list = field(default_factory=list)  # films
    updated: list = field(default_factory=list)  # (film, [fields])
    unchanged: list = field(default_factory=list)  # films
    kept: list = field(default_factory=list)  # Kept
    matched_by_title: list = field(default_factory=list)  # (record position, film or person, how)
    skipped: list = field(default_factory=list)  # (position, reason)
    people_created: int = 0

    def lines(self):
        """The report as an operator reads it."""
        name = SOURCE_NAMES.get(self.source, self.source)
        verb = "would be" if self.dry_run else "were"
        lines = [
            f"Import from {name}{' (dry run: nothing was written)' if self.dry_run else ''}:",
            f"  {len(self.created)} films {verb} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} already up to date; {self.people_created} people {verb} created; "
            f"{len(self.kept)} editors' values {verb} kept; {len(self.skipped)} skipped.",
        ]
        lines += [f"  created: {film}" for film in self.created]
        lines += [f"  updated: {film} ({', '.join(fields)})" for film, fields in self.updated]
        lines += [f"  matched by {how}: {position} is {row}" for position, row, how in self.matched_by_title]
        lines += [
            f"  kept the editor's {kept.field} of {kept.record}: {kept.catalog!r} (the source says {kept.source!r})"
            for kept in self.kept
        ]
        lines += [f"  skipped {position}: {reason}" for position, reason in self.skipped]
        return lines


class _Skip(Exception):
    """A record that cannot be imported, for the reason given."""


class _DryRun(Exception):
    pass


def apply_batch(batch, *, dry_run=False, using=DEFAULT_DB_ALIAS, now=None, progress=iter):
    """Write ``batch`` (a ``records.Batch``) into the catalog; the ``Report`` of what was done.

    ``progress`` wraps the films as they are imported, e.g. in a progress bar.
    """
    report = Report(batch.source, dry_run=dry_run)
    report.skipped += [(problem.position, problem.message) for problem in batch.problems]
    importer = _Importer(batch, report, using, now or timezone.now())
    if not dry_run:
        for record in progress(batch.films):
            importer.import_film(record)
        return report
    try:
        with transaction.atomic(using=using), derived.discarded():
            for record in progress(batch.films):
                importer.import_film(record)
            raise _DryRun
    except _DryRun:
        pass
    return report


class _Importer:
    def __init__(self, batch, report, using, now):
        self.batch, self.report, self.using, self.now = batch, report, using, now
        self.source = batch.source
        self.people = {}  # record key -> Person, once resolved
        self.previous = {}  # (model, pk) -> {field: value an earlier import wrote}

    # A film

    def import_film(self, record):
        try:
            with transaction.atomic(using=self.using), derived.batch(), reversion.create_revision(using=self.using):
                film, created = self._film(record)
                changed = self._film_fields(film, record, created)
                changed += self._film_lists(film, record)
                if created:
                    self.report.created.append(film)
                elif changed:
                    self.report.updated.append((film, changed))
                else:
                    # Nothing changed: no revision, so importing twice leaves the history as it was.
                    self.report.unchanged.append(film)
                    raise _Unchanged
                reversion.add_to_revision(film)
                reversion.set_comment(f"Import from {SOURCE_NAMES.get(self.source, self.source)}")
        except _Unchanged:
            pass
        except _Skip as skip:
            self.report.skipped.append((record.position, str(skip)))
            self._forget_people_made_in_the_rolled_back_transaction()
        except (ValidationError, IntegrityError) as error:
            self.report.skipped.append((record.position, _reason(error)))
            self._forget_people_made_in_the_rolled_back_transaction()

    def _forget_people_made_in_the_rolled_back_transaction(self):
        self.people = {key: person for key, person in self.people.items() if not getattr(person, "_new", False)}
        self.previous.clear()  # what it remembered was rolled back too

    def _film(self, record):
        """The catalog's film for ``record``, or a new draft; ``(film, created)``."""
        film = self._by_ids(Film, record.ids, record.position)
        if film is None:
            film = self._film_by_title(record)
        if film is not None:
            return film, False
        film = Film(title=record.title, year=record.year, status=FilmStatus.DRAFT, slug=self._film_slug(record))
        return film, True

    def _by_ids(self, model, ids, position):
        ids = {name: value for name, value in ids.items() if name in IDENTIFIER_FIELDS and value}
        if not ids:
            return None
        query = Q()
        for name, value in ids.items():
            query |= Q(**{name: value})
        found = list(model.objects.using(self.using).filter(query)[:2])
        if len(found) > 1:
            raise _Skip(
                f"its identifiers name two different {model._meta.verbose_name_plural}: {found[0]}, {found[1]}"
            )
        return found[0] if found else None

    def _film_by_title(self, record):
        if not record.year:
            return None
        title = Q(title__iexact=record.title) | Q(alternative_titles__title__iexact=record.title)
        if record.original_title:
            title |= Q(original_title__iexact=record.original_title) | Q(title__iexact=record.original_title)
        candidates = list(Film.objects.using(self.using).filter(title, year=record.year).distinct()[:2])
        if len(candidates) > 1:
            raise _Skip(f"“{record.title}” ({record.year}) could be {candidates[0]} or {candidates[1]}: not merged")
        if not candidates:
            return None
        film = candidates[0]
        for name, value in record.ids.items():
            if value and getattr(film, name) not in ("", None, value):
                raise _Skip(f"“{record.title}” ({record.year}) is titled like {film}, which has another {name}")
        self.report.matched_by_title.append((record.position, film, "title and year"))
        return film

    def _film_slug(self, record):
        base = slugify(f"{record.title} {record.year or ''}")[:200] or "film"
        slug, n = base, 1
        while Film.objects.using(self.using).filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def _film_fields(self, film, record, created):
        values = {name: getattr(record, name) for name in FILM_FIELDS}
        values.update({name: value for name, value in record.ids.items() if name in IDENTIFIER_FIELDS})
        language = self._language(record.original_language, record.position) if record.original_language else None
        if language is not None:
            values["original_language_id"] = language.pk
        changed = self._merge(film, values, created, label=str(film) if film.pk else record.title)
        if created or changed:
            film.full_clean(validate_unique=True)
            film.save(using=self.using)
        self._remember(film, values)
        return changed

    # Scalar fields, by the rule of the module's doc

    def _merge(self, row, values, created, label):
        previous = self._previous(row) if row.pk else {}
        changed = []
        for name, value in values.items():
            if value in (None, "") or getattr(row, name) == value:
                continue
            current = getattr(row, name)
            if created or (name not in previous and current in (None, "")) or _same(previous.get(name), current):
                setattr(row, name, value)
                changed.append(name)
            else:
                self.report.kept.append(Kept(label, name, current, value))
        return changed

    def _previous(self, row):
        """What earlier imports of this source wrote into ``row``, by field: read once per row and import."""
        key = (type(row), row.pk)
        if key not in self.previous:
            owner = {"film": row} if isinstance(row, Film) else {"person": row}
            rows = ImportedValue.objects.using(self.using).filter(source=self.source, **owner)
            self.previous[key] = {value.field: value.value for value in rows}
        return self.previous[key]

    def _remember(self, row, values):
        owner = {"film": row} if isinstance(row, Film) else {"person": row}
        cached = self.previous.get((type(row), row.pk))
        for name, value in values.items():
            if value in (None, ""):
                continue
            ImportedValue.objects.using(self.using).update_or_create(
                source=self.source, field=name, **owner, defaults={"value": _json(value), "imported_at": self.now}
            )
            if cached is not None:
                cached[name] = _json(value)

    # Lists: genres, countries, alternative titles, credits, nominations, places

    def _film_lists(self, film, record):
        changed = []
        wanted = {
            "genres": [self._genre(name, record.position) for name in record.genres],
            "countries": [self._country(code, record.position) for code in record.countries],
        }
        for name, rows in wanted.items():
            keys = [row.pk for row in rows if row is not None]
            present = set(getattr(film, name).values_list("pk", flat=True))
            added = self._list(film, name, keys, present)
            if added:
                getattr(film, name).add(*added)
                changed.append(name)
        changed += self._rows(film, "alternative_titles", record.alternative_titles, self._alternative_title)
        changed += self._rows(film, "credits", record.credits, self._credit)
        changed += self._rows(film, "nominations", record.nominations, self._nomination)
        changed += self._rows(film, "locations", record.locations, self._location)
        return changed

    def _list(self, film, name, keys, present):
        """Of ``keys`` the source gives for a list, those to add: not there yet, and not removed by an editor."""
        previous = set(map(_hashable, self._previous(film).get(name) or []))
        self._remember(film, {name: keys})
        return [key for key in keys if _hashable(key) not in present and _hashable(key) not in previous]

    def _rows(self, film, name, records, build):
        """Add the rows ``build`` makes of ``records`` that the list lacks and no editor removed."""
        made = [row for row in (build(film, record) for record in records) if row is not None]
        present = {_row_key(row) for row in getattr(film, name).all()} if film.pk else set()
        keys = [list(_row_key(row)) for row in made]
        new = set(map(_hashable, self._list(film, name, keys, present)))
        added = False
        for row in made:
            if _hashable(list(_row_key(row))) not in new:
                continue
            try:
                row.full_clean()
            except ValidationError as error:
                # One bad row (a nominee with no credit on the film, say) is left out, not the whole film.
                self.report.skipped.append((str(film), f"{row._meta.verbose_name} “{row}” left out: {_reason(error)}"))
                continue
            row.save(using=self.using)
            added = True
        return [name] if added else []

    def _alternative_title(self, film, record):
        language = self._language(record.language, film) if record.language else None
        country = self._country(record.country, film) if record.country else None
        return AlternativeTitle(
            film=film, title=record.title[:200], language=language, country=country, note=record.note[:200]
        )

    def _credit(self, film, record):
        person = self._person_or_report(record.person, film)
        if person is None:
            return None
        character = record.character_name[:200] if record.role == "actor" else ""
        return Credit(
            film=film, person=person, role=record.role, character_name=character, billing_order=record.billing_order
        )

    def _nomination(self, film, record):
        category = self._category(record.body, record.category)
        if category is None:
            self.report.skipped.append((str(film), f"no award body named “{record.body}”: nomination skipped"))
            return None
        person = self._person_or_report(record.person, film) if record.person else None
        if record.person and person is None:
            return None
        nomination = Nomination(film=film, category=category, year=record.year, person=person, outcome=record.outcome)
        nomination.credited_people = None
        _cite(nomination, record.citation)
        return nomination

    def _location(self, film, record):
        country = self._country(record.country, film) if record.country else None
        location = FilmingLocation(
            film=film,
            place=record.place[:200],
            country=country,
            latitude=_coordinate(record.latitude),
            longitude=_coordinate(record.longitude),
        )
        _cite(location, record.citation)
        return location

    # People and taxonomy

    def _person_or_report(self, key, film):
        try:
            return self._person(key)
        except (_Skip, ValidationError) as error:
            reason = str(error) if isinstance(error, _Skip) else _reason(error)
            self.report.skipped.append((str(film), f"person {key} left out: {reason}"))
            return None

    def _person(self, key):
        if key in self.people:
            return self.people[key]
        record = self.batch.people.get(key)
        if record is None:
            return None
        person = self._by_ids(Person, record.ids, record.position) or self._person_by_name(record)
        created = person is None
        if created:
            person = Person(name=record.name[:200], slug=self._person_slug(record))
            person._new = True
        values = {name: getattr(record, name) for name in PERSON_FIELDS}
        values.update({name: value for name, value in record.ids.items() if name in IDENTIFIER_FIELDS})
        changed = self._merge(person, values, created, label=record.name)
        if created or changed:
            person.full_clean()
            person.save(using=self.using)
            self.report.people_created += created
        self._remember(person, values)
        self.people[key] = person
        return person

    def _person_by_name(self, record):
        candidates = list(Person.objects.using(self.using).filter(name_folded=fold(record.name))[:3])
        year = record.birth_date.year if record.birth_date else record.birth_year
        if year:
            known = [p for p in candidates if p.birth_date and p.birth_date.year == year]
            unknown = [p for p in candidates if not p.birth_date]
            candidates = known or unknown
        if len(candidates) > 1:
            raise _Skip(f"the name “{record.name}” could be {candidates[0]} or {candidates[1]}: not merged")
        if candidates:
            self.report.matched_by_title.append((record.position, candidates[0], "name"))
            return candidates[0]
        return None

    def _person_slug(self, record):
        base = slugify(record.name)[:200] or "person"
        slug, n = base, 1
        while Person.objects.using(self.using).filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def _genre(self, name, position):
        name = GENRE_NAMES.get(name.lower(), name)
        genre = Genre.objects.using(self.using).filter(Q(name__iexact=name) | Q(slug=slugify(name))).first()
        if genre is None:
            self.report.skipped.append((position, f"no genre “{name}” in the catalog: genre left out"))
        return genre

    def _country(self, code, where):
        country = Country.objects.using(self.using).filter(code__iexact=code).first()
        if country is None:
            self.report.skipped.append((str(where), f"no country with the code {code} in the catalog: left out"))
        return country

    def _language(self, code, where):
        language = Language.objects.using(self.using).filter(code__iexact=code).first()
        if language is None:
            self.report.skipped.append((str(where), f"no language with the code {code} in the catalog: left out"))
        return language

    def _category(self, body_name, category_name):
        body = AwardBody.objects.using(self.using).filter(Q(name__iexact=body_name) | Q(short_name__iexact=body_name))
        body = body.first()
        if body is None:
            return None
        names = {category_name, _without_body(category_name, body)}
        categories = body.categories.all()
        for name in names:
            found = categories.filter(name__iexact=name).first()
            if found is not None:
                return found
        name = _without_body(category_name, body)[:200]
        return AwardCategory.objects.using(self.using).create(body=body, name=name, slug=slugify(name)[:200])


class _Unchanged(Exception):
    pass


def _without_body(name, body):
    """“Academy Award for Best Actress” under the Academy Awards is the category “Best Actress”."""
    for prefix in {body.name, body.name.rstrip("s"), body.short_name, body.short_name.rstrip("s")} - {""}:
        if name.lower().startswith(prefix.lower()):
            rest = name[len(prefix) :].strip(" :-–")
            for word in ("for ", "of "):
                if rest.lower().startswith(word):
                    rest = rest[len(word) :]
            if rest:
                return rest[:1].upper() + rest[1:]
    return name


def _row_key(row):
    """What makes a row of a film's list the same row, as the list's uniqueness rules say."""
    if isinstance(row, AlternativeTitle):
        return (row.title.lower(),)
    if isinstance(row, Credit):
        return (row.person_id, row.role, row.character_name)
    if isinstance(row, Nomination):
        return (row.category_id, row.year, row.person_id)
    if isinstance(row, FilmingLocation):
        return (row.place.lower(),)
    raise TypeError(row)


def _cite(row, citation):
    if citation is None:
        return
    row.source_url = citation.url[:500]
    row.source_publication = citation.publication[:200]
    row.source_retrieved = citation.retrieved


def _coordinate(value):
    return None if value is None else Decimal(f"{value:.5f}")


def _json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _same(remembered, current):
    return remembered is not None and remembered == _json(current)


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def _reason(error):
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return str(error).splitlines()[0]
