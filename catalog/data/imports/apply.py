"""Writing an import's records into the catalog, without ever overwriting an editor's work.

Matching. A record is the catalog's film (or person) when one of its identifiers is; otherwise when exactly
one film has its title (or original or alternative title) and year (a person: its name, and birth year when
both are known), leaving out those whose identifiers differ from the record's (a namesake is not the same
person). A match by title is reported; two candidates, or identifiers naming two different films, are reported
and the record is skipped: nothing is merged on a guess.

Curation. Every field the import writes is remembered (``ImportedValue``: the source's values and when). On
the next import of the same source a field is updated only if it still holds what the last import wrote, or
is empty and was never imported; any other value is an editor's and is kept, and the difference is listed in
the report. Lists (credits, genres, titles, nominations, places) work the same way by their rows: a row the
source gives is added unless the catalog has it already or an editor removed it after an import.

Safety. Films are written a batch at a time (a reader's batch: a thousand titles, say), each batch in one
transaction with its people, rows and one revision per film ("Import from Wikidata"), reading and writing
for all its films in a few statements. Every row first passes the model validation the admin applies, except
the uniqueness checks that would cost a query each: the matching above makes them hold. A film that fails
validation is left out and reported, and the others go on (an operator gets everything that is right, and a
list of what to fix, rather than nothing). Should a write still fail, the batch is rolled back whole and
imported again one film at a time with every check, so that only the film at fault is left out. Nothing
half-written stays. Derived data is noted with the service (``catalog.derived``) like any other write.
New films are drafts; a published film stays published. ``dry_run`` does it all and rolls everything back,
so its report is exactly what a real run would do.
"""

import contextlib
import dataclasses
import datetime
import functools
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, reset_queries, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from ... import derived, history
from ...bulk import delete, insert, insert_values, tuned_for_writing
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
    SpoilerLevel,
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
PROVENANCE_COLUMNS = ("film_id", "person_id", "source", "values", "imported_at")
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
    created: list = field(default_factory=list)  # films, as named (a report of a large import holds no rows)
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

    def add(self, other):
        """Take in the report of a part of the import."""
        for name in ("created", "updated", "unchanged", "kept", "matched_by_title", "skipped"):
            getattr(self, name).extend(getattr(other, name))
        self.people_created += other.people_created


class _Skip(Exception):
    """A record that cannot be imported, for the reason given."""


class _DryRun(Exception):
    pass


class _NoProgress:
    def update(self, n):
        pass

    def close(self):
        pass


def apply_batches(batches, *, total=None, dry_run=False, using=DEFAULT_DB_ALIAS, now=None, progress=None):
    """Write ``batches`` (``records.Batch``, e.g. a reader's) into the catalog; the ``Report`` of what was done.

    ``progress(total)``, given the number of films, returns a bar that is told of each batch imported.
    """
    report = Report("", dry_run=dry_run)
    importer = _Importer(report, using, now or timezone.now())
    bar = progress(total) if progress else _NoProgress()

    def run():
        for batch in batches:
            report.source = report.source or batch.source
            report.skipped += [(problem.position, problem.message) for problem in batch.problems]
            importer.import_batch(batch)
            bar.update(len(batch.films))
            if settings.DEBUG:
                # With DEBUG on, Django keeps the last 9,000 statements, and an import's hold a thousand rows each.
                reset_queries()

    try:
        with tuned_for_writing(using):
            if dry_run:
                with contextlib.suppress(_DryRun), transaction.atomic(using=using), derived.discarded():
                    run()
                    raise _DryRun
            else:
                run()
        report.skipped += importer.vocabulary.missing_lines()
        return report
    finally:
        bar.close()


def apply_batch(batch, **options):
    """Write one ``records.Batch`` into the catalog; the ``Report``."""
    return apply_batches([batch], total=len(batch.films), **options)


class _Importer:
    """What one import keeps from batch to batch: the people resolved, and the catalog's vocabularies."""

    def __init__(self, report, using, now):
        self.report, self.using, self.now = report, using, now
        self.people = {}  # person record key -> pk
        self.left_out = {}  # person record key -> why the person is not imported
        self.vocabulary = _Vocabulary(using)
        self.slugs = _Slugs(using)

    def import_batch(self, batch):
        pending = batch.films
        while pending:
            pending = self.import_group(batch, pending)

    def import_group(self, batch, records):
        """Import ``records`` in one transaction; the records left for another group (see ``_Group.match``).

        A write the checks before it did not foresee fails the group's transaction: the group is then
        imported again one film at a time, with every check the admin makes, so that only the film at
        fault is left out, with the reason."""
        group = _Group(self, batch, records, careful=len(records) == 1)
        try:
            with transaction.atomic(using=self.using), derived.batch():
                group.write()
        except (IntegrityError, ValidationError) as error:
            self.vocabulary.forget_made()
            if len(records) > 1:
                for record in records:
                    self.import_group(batch, [record])
            else:
                self.report.skipped.append((records[0].position, _reason(error)))
            return []
        self.people.update(group.people_made)
        self.report.add(group.report)
        return group.deferred


class _Group:
    """A group of films written together: each step reads or writes for all of them in a few statements."""

    def __init__(self, importer, batch, records, careful):
        self.importer, self.batch, self.records, self.careful = importer, batch, records, careful
        self.using, self.source, self.now = importer.using, batch.source, importer.now
        self.report = Report(batch.source)
        self.vocabulary = importer.vocabulary
        self.films = []  # (record, film, created)
        self.deferred = []
        self.previous = {}  # (kind, pk) -> {field: value} an earlier import of this source wrote
        self.provenance_rows = {}  # (kind, pk) -> the pk of its ImportedValue row
        self.remembered = {}  # (kind, pk) -> {field: value}: what the source gives this time
        self.people_made = {}  # key -> pk of the people this group resolved
        self.people_read = {}  # pk -> the people this group matched or made
        self.changed = {}  # film pk -> [fields changed]
        self.valid = set()  # (model, field, value) found valid
        self.instances = {}  # model -> the instance that rows as values are checked through

    def write(self):
        self.match()
        self.merge_films()
        self.resolve_people()
        self.save_films()
        self.add_lists()
        self.save_provenance()
        self.make_revisions()

    def validate(self, row):
        """The admin's validation of ``row``. Unless careful, without the checks that cost a query each:
        uniqueness, which matching makes hold, and links, which are to rows just read or written.

        A field's value found valid in the group is not checked again: a batch gives the same roles, orders
        and dates thousands of times (the readers give values of the fields' types, so checking converts
        nothing). The row's own rules (``clean()``) are checked every time."""
        if isinstance(row, _CreditValues):
            row = row.instance() if self.careful else self.checked_as(row)
        if self.careful:
            row.full_clean()
            return
        model = type(row)
        links, fields = _checked_fields(model)
        valid = self.valid
        known = [name for name, attname in fields if (model, name, getattr(row, attname)) in valid]
        row.full_clean(exclude=links + known, validate_unique=False, validate_constraints=False)
        for name, attname in fields:
            value = getattr(row, attname)
            if type(value) in _REMEMBERED:
                valid.add((model, name, value))

    def checked_as(self, values):
        """One instance of the values' model, reused for every row of the group, holding ``values``' own fields
        (the links are not checked, as above): what the model's rules check, without a model per row."""
        model = values._meta.model
        instance = self.instances.get(model)
        if instance is None:
            instance = self.instances[model] = model()
        for _, attname in _checked_fields(model)[1]:
            setattr(instance, attname, getattr(values, attname))
        return instance

    def skip(self, record, reason):
        self.report.skipped.append((record.position, reason))

    # Matching

    def match(self):
        """Each record's film: by identifier, else by title and year, else a new draft.

        A record that would meet another of the group in the catalog (the same identifier, the same film
        matched by title, or the title of a film the group creates) is deferred to a following group, which
        finds the catalog as this one leaves it.
        """
        claimed, records = {}, []
        for record in self.records:
            keys = _id_keys(record.ids)
            if any(key in claimed for key in keys):
                self.deferred.append(record)
            else:
                claimed.update(dict.fromkeys(keys, record))
                records.append(record)
        by_id = self.films_by_ids(records)
        by_title = _TitleIndex(self.using, [record for record in records if not _id_keys(record.ids) & by_id.keys()])
        films, new_titles = {}, {}
        for record in records:
            try:
                film = self.film_by_ids(record, by_id) or self.film_by_title(record, by_title)
            except _Skip as skip:
                self.skip(record, str(skip))
                continue
            if film is not None:
                if film.pk in films:
                    self.deferred.append(record)
                    continue
                films[film.pk] = record
                self.films.append((record, film, False))
                continue
            title = (record.title.casefold(), record.year)
            earlier = new_titles.get(title)
            if earlier is not None and not _conflicting(earlier.ids, record.ids):
                self.deferred.append(record)
                continue
            new_titles[title] = record
            film = Film(title=record.title, year=record.year, status=FilmStatus.DRAFT)
            self.films.append((record, film, True))
        new = [(record, film) for record, film, created in self.films if created]
        bases = [_slug_base(f"{record.title} {record.year or ''}", "film") for record, _ in new]
        for (_, film), slug in zip(new, self.importer.slugs.free(Film, bases), strict=True):
            film.slug = slug

    def films_by_ids(self, records):
        """``{(identifier, value): film}`` for the catalog's films any record names."""
        return _by_ids(Film, self.using, [record.ids for record in records])

    def film_by_ids(self, record, by_id):
        found = {by_id[key].pk: by_id[key] for key in _id_keys(record.ids) if key in by_id}
        if len(found) > 1:
            first, second = list(found.values())[:2]
            raise _Skip(f"its identifiers name two different films: {first}, {second}")
        return next(iter(found.values()), None)

    def film_by_title(self, record, by_title):
        if not record.year:
            return None
        candidates = by_title.films(record)
        candidates = [film for film in candidates if not _conflicting(_ids_of(film), record.ids)]
        if len(candidates) > 1:
            raise _Skip(f"“{record.title}” ({record.year}) could be {candidates[0]} or {candidates[1]}: not merged")
        if not candidates:
            return None
        self.report.matched_by_title.append((record.position, candidates[0], "title and year"))
        return candidates[0]

    # The films' own fields

    def merge_films(self):
        self.read_previous("film", [film.pk for _, film, created in self.films if not created])
        kept = []
        for record, film, created in self.films:
            values = {name: getattr(record, name) for name in FILM_FIELDS}
            values.update(_identifiers(record.ids))
            if record.original_language:
                language = self.vocabulary.language(record.original_language, record.position, self.report)
                if language is not None:
                    values["original_language_id"] = language.pk
            changed = self.merge(film, values, created, label=str(film) if film.pk else record.title)
            if created or changed:
                try:
                    self.validate(film)
                except ValidationError as error:
                    self.skip(record, _reason(error))
                    continue
            film._import_values = values
            if changed and not created:
                self.changed[film.pk] = changed
            kept.append((record, film, created))
        self.films = kept

    def merge(self, row, values, created, label):
        """Set the source's values the rule of the module's doc lets it set; the names of the fields set."""
        previous = self.previous.get((_kind(row), row.pk), {}) if row.pk else {}
        changed = []
        for name, value in values.items():
            current = getattr(row, name)
            if value in (None, "") or current == value:
                continue
            if created or (name not in previous and current in (None, "")) or _same(previous.get(name), current):
                setattr(row, name, value)
                changed.append(name)
            else:
                self.report.kept.append(Kept(label, name, current, value))
        return changed

    def read_previous(self, kind, pks):
        """What earlier imports of this source wrote into these films or people, by field."""
        if not pks:
            return
        rows = ImportedValue.objects.using(self.using).filter(source=self.source, **{f"{kind}__in": pks})
        for pk, owner, values in rows.values_list("pk", f"{kind}_id", "values"):
            self.previous[kind, owner] = values
            self.provenance_rows[kind, owner] = pk

    def remember(self, row, values):
        self.remembered.setdefault((_kind(row), row.pk), {}).update(values)

    # People

    def resolve_people(self):
        """The pk of every person the films credit or name, matched as films are, or made."""
        wanted = {credit.person for record, _, _ in self.films for credit in record.credits}
        wanted |= {nomination.person for record, _, _ in self.films for nomination in record.nominations}
        known, left_out = self.importer.people, self.importer.left_out
        records = [
            self.batch.people[key]
            for key in sorted(wanted - known.keys() - left_out.keys() - {""})
            if key in self.batch.people
        ]
        by_id = _by_ids(Person, self.using, [record.ids for record in records])
        unmatched, matched = [], []
        claimed = {}  # person pk -> the record that claimed it
        for record in records:
            found = {by_id[key].pk: by_id[key] for key in _id_keys(record.ids) if key in by_id}
            if len(found) > 1:
                first, second = list(found.values())[:2]
                left_out[record.key] = f"its identifiers name two different people: {first}, {second}"
            elif found:
                matched.append((record, next(iter(found.values()))))
            else:
                unmatched.append(record)
        by_name = {}
        names = {fold(record.name) for record in unmatched}
        if names:
            namesakes = Person.objects.using(self.using).filter(name_folded__in=names)
            for name in IDENTIFIER_FIELDS:
                # When every record has this identifier, a namesake with one is another person (or would have
                # matched by it): only namesakes without it can be the same, which a common name makes few.
                if all(record.ids.get(name) not in (None, "") for record in unmatched):
                    namesakes = namesakes.filter(Q(**{name: ""}) if name != "tmdb_id" else Q(tmdb_id__isnull=True))
            for person in namesakes:
                by_name.setdefault(person.name_folded, []).append(person)
        new = []
        for record in unmatched:
            try:
                person = self.person_by_name(record, by_name.get(fold(record.name), []), claimed)
            except _Skip as skip:
                left_out[record.key] = str(skip)
                continue
            if person is None:
                new.append(record)
            else:
                matched.append((record, person))
        for record, person in matched:
            claimed[person.pk] = record
        self.read_previous("person", [person.pk for _, person in matched])
        for record, person in matched:
            values = _person_values(record)
            if self.merge(person, values, False, label=record.name):
                try:
                    self.validate(person)
                except ValidationError as error:
                    left_out[record.key] = _reason(error)
                    continue
                person.save(using=self.using)
            self.remember(person, values)
            self.people_made[record.key] = person.pk
            self.people_read[person.pk] = person
        self.make_people(new)

    def person_by_name(self, record, candidates, claimed):
        candidates = [
            person
            for person in candidates
            if not _conflicting(_ids_of(person), record.ids)
            and not (person.pk in claimed and _conflicting(claimed[person.pk].ids, record.ids))
        ]
        year = record.birth_date.year if record.birth_date else record.birth_year
        if year:
            known = [person for person in candidates if person.birth_date and person.birth_date.year == year]
            unknown = [person for person in candidates if not person.birth_date]
            candidates = known or unknown
        if len(candidates) > 1:
            raise _Skip(f"the name “{record.name}” could be {candidates[0]} or {candidates[1]}: not merged")
        if candidates:
            self.report.matched_by_title.append((record.position, candidates[0], "name"))
            return candidates[0]
        return None

    def make_people(self, records):
        slugs = self.importer.slugs.free(Person, [_slug_base(record.name, "person") for record in records])
        made = []
        for record, slug in zip(records, slugs, strict=True):
            person = Person(name=record.name[:200], slug=slug)
            values = _person_values(record)
            self.merge(person, values, True, label=record.name)
            person.name_folded = fold(person.name)
            try:
                self.validate(person)
            except ValidationError as error:
                self.importer.left_out[record.key] = _reason(error)
                continue
            made.append((record, person, values))
        insert(Person, [person for _, person, _ in made], self.using)
        for record, person, values in made:
            self.remember(person, values)
            self.people_made[record.key] = person.pk
            self.people_read[person.pk] = person
        self.report.people_created += len(made)
        pks = [person.pk for _, person, _ in made]
        # New people have no credits yet: their film count is the model's 0 until a published film credits them.
        derived.note(self.using, names=pks, catalog=bool(pks))

    def person_pk(self, key, film):
        """The pk of the person ``key`` names, or None, said in the report when the person was left out."""
        pk = self.people_made.get(key) or self.importer.people.get(key)
        if pk is None and key in self.importer.left_out:
            self.report.skipped.append((str(film), f"person {key} left out: {self.importer.left_out[key]}"))
        return pk

    # Writing the films

    def save_films(self):
        new = []
        for record, film, created in self.films:
            if created:
                # Folded as the derived-data service would, which then finds nothing to rewrite.
                film.titles_folded = film.folded_titles([title.title[:200] for title in record.alternative_titles])
                new.append(film)
        insert(Film, new, self.using)
        for _, film, created in self.films:
            if not created and film.pk in self.changed:
                film.save(using=self.using)
            self.remember(film, film._import_values)

    def add_lists(self):
        """Genres, countries, alternative titles, credits, nominations and places: each list's rows the
        source gives, less those the film has and those an editor removed after an earlier import."""
        existing = [film.pk for _, film, created in self.films if not created]
        present = _Present(self.using, existing)
        links = {"genres": [], "countries": []}
        rows = {name: [] for name in ROWS}
        for record, film, _ in self.films:
            added = []
            wanted = {
                "genres": [self.vocabulary.genre(name, record.position, self.report) for name in record.genres],
                "countries": [
                    self.vocabulary.country(code, record.position, self.report) for code in record.countries
                ],
            }
            for name, found in wanted.items():
                keys = list(dict.fromkeys(row.pk for row in found if row is not None))
                new = self.new_keys(film, name, keys, present.keys(name, film.pk))
                links[name] += [(film.pk, pk) for pk in new]
                if new:
                    added.append(name)
            made = []
            for name, (build, _) in ROWS.items():
                built = [row for row in (build(self, film, item) for item in getattr(record, name)) if row is not None]
                keys = [list(_row_key(row)) for row in built]
                new = set(map(_hashable, self.new_keys(film, name, keys, present.keys(name, film.pk))))
                for row in built:
                    key = _hashable(list(_row_key(row)))
                    if key not in new:
                        continue
                    new.discard(key)  # a source that gives a row twice adds it once
                    if isinstance(row, Nomination):  # its nominee must be credited: before or by this import
                        credited = {person for person, *_ in present.keys("credits", film.pk)}
                        credited |= {other.person_id for other in made if isinstance(other, _CreditValues)}
                        row.credited_people = credited
                    try:
                        self.validate(row)
                    except ValidationError as error:
                        # One bad row (a nominee with no credit on the film, say) is left out, not the whole film.
                        reason = f"{row._meta.verbose_name} “{row}” left out: {_reason(error)}"
                        self.report.skipped.append((str(film), reason))
                        continue
                    rows[name].append(row)
                    made.append(row)
                    if name not in added:
                        added.append(name)
            if added:
                self.changed.setdefault(film.pk, []).extend(added)
        for name, pairs in links.items():
            through = getattr(Film, name).through
            column = "genre_id" if name == "genres" else "country_id"
            insert(through, [through(film_id=f, **{column: pk}) for f, pk in pairs], self.using)
        for name, (_, model) in ROWS.items():
            if model is Credit:
                keys = insert_values(Credit, CREDIT_COLUMNS, [credit.values() for credit in rows[name]], self.using)
                for credit, key in zip(rows[name], keys, strict=True):
                    credit.pk = key
            else:
                insert(model, rows[name], self.using)
        self.rows = rows
        touched = [film.pk for _, film, created in self.films if created or film.pk in self.changed]
        # A draft's rows count for nobody (film counts are of published films): only a published film's
        # people, genres and countries are counted again.
        published = [film.pk for _, film, _ in self.films if film.pk in self.changed and film.is_published]
        derived.note(self.using, films=touched, film_facets=published, totals=bool(published), catalog=bool(touched))

    def new_keys(self, film, name, keys, present):
        """Of ``keys`` the source gives for a list, those to add: not there yet, and not removed by an editor."""
        previous = set(map(_hashable, self.previous.get(("film", film.pk), {}).get(name) or []))
        if keys:
            self.remember(film, {name: keys})
        return [key for key in keys if _hashable(key) not in present and _hashable(key) not in previous]

    def alternative_title(self, film, record):
        language = self.vocabulary.language(record.language, film, self.report) if record.language else None
        country = self.vocabulary.country(record.country, film, self.report) if record.country else None
        return AlternativeTitle(
            film=film, title=record.title[:200], language=language, country=country, note=record.note[:200]
        )

    def credit(self, film, record):
        person = self.person_pk(record.person, film)
        if person is None:
            return None
        character = record.character_name[:200] if record.role == "actor" else ""
        return _CreditValues(
            film, person, record.role, character, record.billing_order, person=self.people_read.get(person)
        )

    def nomination(self, film, record):
        category = self.vocabulary.category(record.body, record.category)
        if category is None:
            self.report.skipped.append((str(film), f"no award body named “{record.body}”: nomination skipped"))
            return None
        person = self.person_pk(record.person, film) if record.person else None
        if record.person and person is None:
            return None
        nomination = Nomination(
            film=film, category=category, year=record.year, person_id=person, outcome=record.outcome
        )
        _cite(nomination, record.citation)
        return nomination

    def location(self, film, record):
        country = self.vocabulary.country(record.country, film, self.report) if record.country else None
        location = FilmingLocation(
            film=film,
            place=record.place[:200],
            country=country,
            latitude=_coordinate(record.latitude),
            longitude=_coordinate(record.longitude),
        )
        _cite(location, record.citation)
        return location

    # What is remembered, and the history

    def save_provenance(self):
        """Write what the source gave each film and person this time, where it differs from what is remembered."""
        connection = connections[self.using]
        values_field = ImportedValue._meta.get_field("values")
        imported_at = ImportedValue._meta.get_field("imported_at").get_db_prep_save(self.now, connection)
        rows, changed = [], []
        for (kind, pk), given in self.remembered.items():
            previous = self.previous.get((kind, pk), {})
            given = {name: _json(value) for name, value in given.items() if value not in (None, "", [])}
            values = {**previous, **given}
            if values == previous:
                continue
            if (kind, pk) in self.provenance_rows:
                changed.append(self.provenance_rows[kind, pk])  # and written again: faster than UPDATEs
            film, person = (pk, None) if kind == "film" else (None, pk)
            rows.append((film, person, self.source, values_field.get_db_prep_save(values, connection), imported_at))
        delete(ImportedValue, changed, self.using)
        insert_values(ImportedValue, PROVENANCE_COLUMNS, rows, self.using)

    def make_revisions(self):
        """One revision per film created or changed; none for a film the import left as it was."""
        comment = f"Import from {SOURCE_NAMES.get(self.source, self.source)}"
        created = [film for _, film, new in self.films if new]
        # A new film's rows are all those this import made: written into its revision as they are.
        new = {film.pk for film in created}
        rows = [row for rows in self.rows.values() for row in rows if row.film_id in new]
        # What a row's name names: the people this group matched or made are at hand; earlier groups' names are
        # read. A credit takes the name; another row (a nomination), a person holding it.
        named = [row for row in rows if getattr(row, "person_id", None)]
        people = self.people_read
        missing = {row.person_id for row in named} - people.keys()
        for pk, name in Person.objects.using(self.using).filter(pk__in=missing).values_list("pk", "name"):
            people[pk] = Person(pk=pk, name=name)
        for row in named:
            person = people[row.person_id]
            row.person = person.name if isinstance(row, _CreditValues) else person
        history.add_revisions(created, comment, self.using, rows=rows)
        history.add_revisions(
            [film for _, film, new in self.films if not new and film.pk in self.changed], comment, self.using
        )
        for _, film, new in self.films:
            if new:
                self.report.created.append(str(film))
            elif film.pk in self.changed:
                self.report.updated.append((str(film), list(dict.fromkeys(self.changed[film.pk]))))
            else:
                self.report.unchanged.append(str(film))


ROWS = {
    "alternative_titles": (_Group.alternative_title, AlternativeTitle),
    "credits": (_Group.credit, Credit),
    "nominations": (_Group.nomination, Nomination),
    "locations": (_Group.location, FilmingLocation),
}


# A credit's columns, as ``_CreditValues.values`` gives them.
CREDIT_COLUMNS = (
    "film_id",
    "person_id",
    "role",
    "character_name",
    "character_description",
    "description_spoiler_level",
    "billing_order",
)


@dataclass(slots=True)
class _CreditValues:
    """A credit as its values. An import makes millions of credits, and a model instance costs more to build
    than the row costs to write: the values are checked through one instance (``_Group.checked_as``),
    written with ``insert_values`` and versioned as they are (``history.add_revisions`` reads a row's fields
    by name, and its ``_meta``)."""

    film: Film
    person_id: int
    role: str
    character_name: str
    billing_order: int
    pk: int | None = None
    person: object = None  # the person, or their name: what the credit's name in the history says

    _meta = Credit._meta
    character_description = ""
    description_spoiler_level = SpoilerLevel.NONE

    @property
    def id(self):
        return self.pk

    @property
    def film_id(self):
        return self.film.pk

    def values(self):
        return tuple(getattr(self, name) for name in CREDIT_COLUMNS)

    def instance(self):
        return Credit(**dict(zip(CREDIT_COLUMNS, self.values(), strict=True)))

    def __str__(self):
        # The model's own words for a credit, which read only the fields above.
        if self.person is None:  # a person of an earlier group, not read yet
            return Credit.__str__(dataclasses.replace(self, person=f"person {self.person_id}"))
        return Credit.__str__(self)


class _Present:
    """The rows the group's films have already, as the keys of ``_row_key``, read in one query per list."""

    def __init__(self, using, films):
        self.rows = {}
        if not films:
            return
        # Each list's query, and how its rows become the keys of ``_row_key`` (links: the linked pk).
        queries = {
            "genres": (Film.genres.through.objects.values_list("film_id", "genre_id"), lambda pk: pk),
            "countries": (Film.countries.through.objects.values_list("film_id", "country_id"), lambda pk: pk),
            "alternative_titles": (
                AlternativeTitle.objects.values_list("film_id", "title"),
                lambda title: (title.lower(),),
            ),
            "credits": (Credit.objects.values_list("film_id", "person_id", "role", "character_name"), _row),
            "nominations": (Nomination.objects.values_list("film_id", "category_id", "year", "person_id"), _row),
            "locations": (FilmingLocation.objects.values_list("film_id", "place"), lambda place: (place.lower(),)),
        }
        for name, (query, key) in queries.items():
            found = self.rows[name] = {}
            for film, *values in query.using(using).filter(film__in=films).order_by():
                found.setdefault(film, set()).add(key(*values))

    def keys(self, name, film):
        return self.rows.get(name, {}).get(film, set())


class _TitleIndex:
    """The catalog's films that records without a matching identifier may be, by year and title, in two
    queries for a group: by their titles, and by their alternative titles."""

    def __init__(self, using, records):
        self.main, self.original, self.alternative = {}, {}, {}
        records = [record for record in records if record.year]
        if not records:
            return
        years = {record.year for record in records}
        titles = {title for record in records for title in (record.title, record.original_title) if title}
        # Python and the database may lower a letter differently (SQLite lowers ASCII only): ask for both.
        asked = {form for title in titles for form in (title.lower(), _ascii_lower(title))}
        # Each lookup reads an index on the lowered title and year (migration 0019).
        films = Film.objects.using(using).filter(year__in=years).annotate(t=Lower("title"), o=Lower("original_title"))
        films = films.order_by()
        for film in films.filter(Q(t__in=asked) | Q(o__in=asked)):
            self.main.setdefault((film.year, film.title.lower()), []).append(film)
            if film.original_title:
                self.original.setdefault((film.year, film.original_title.lower()), []).append(film)
        alternatives = AlternativeTitle.objects.using(using).annotate(t=Lower("title")).order_by()
        for title in alternatives.filter(t__in=asked, film__year__in=years).select_related("film"):
            self.alternative.setdefault((title.film.year, title.title.lower()), []).append(title.film)

    def films(self, record):
        """The films titled as the record (as the title, an alternative title or the original title) that year."""
        found = {}
        title = (record.year, record.title.lower())
        for film in self.main.get(title, []) + self.alternative.get(title, []):
            found.setdefault(film.pk, film)
        if record.original_title:
            original = (record.year, record.original_title.lower())
            for film in self.original.get(original, []) + self.main.get(original, []):
                found.setdefault(film.pk, film)
        return sorted(found.values(), key=lambda film: film.pk)


class _Vocabulary:
    """The catalog's genres, countries, languages and award categories, read once per import."""

    def __init__(self, using):
        self.using = using
        self.genres = {}
        for genre in Genre.objects.using(using):
            self.genres.setdefault(genre.name.lower(), genre)
            self.genres.setdefault(genre.slug, genre)
        self.countries = {country.code.upper(): country for country in Country.objects.using(using)}
        self.languages = {language.code.lower(): language for language in Language.objects.using(using)}
        self.bodies = list(AwardBody.objects.using(using))
        self.categories = None  # (body pk, lower name) -> category, read when first asked
        self.missing = {}  # what the catalog lacks -> [where first named, how many times]

    def genre(self, name, position, report):
        name = GENRE_NAMES.get(name.lower(), name)
        genre = self.genres.get(name.lower()) or self.genres.get(slugify(name))
        if genre is None:
            self.missed(f"no genre “{name}” in the catalog", position)
        return genre

    def country(self, code, where, report):
        country = self.countries.get(code.upper())
        if country is None:
            self.missed(f"no country with the code {code} in the catalog", where)
        return country

    def language(self, code, where, report):
        language = self.languages.get(code.lower())
        if language is None:
            self.missed(f"no language with the code {code} in the catalog", where)
        return language

    def missed(self, what, where):
        """A genre, country or language the catalog lacks: said once, with the first record that named it."""
        self.missing.setdefault(what, [str(where), 0])[1] += 1

    def missing_lines(self):
        """``(position, reason)`` for each word the catalog lacks."""
        return [
            (where, f"{what}: left out{f' ({count} times)' if count > 1 else ''}")
            for what, (where, count) in self.missing.items()
        ]

    def category(self, body_name, category_name):
        """The body's category of that name (or that name less the body's), made when the body has none."""
        body = next(
            (b for b in self.bodies if body_name.lower() in (b.name.lower(), b.short_name.lower()) and body_name),
            None,
        )
        if body is None:
            return None
        if self.categories is None:
            self.categories = {
                (category.body_id, category.name.lower()): category
                for category in AwardCategory.objects.using(self.using)
            }
        for name in (category_name, _without_body(category_name, body)):
            found = self.categories.get((body.pk, name.lower()))
            if found is not None:
                return found
        name = _without_body(category_name, body)[:200]
        category = AwardCategory.objects.using(self.using).create(body=body, name=name, slug=slugify(name)[:200])
        self.categories[body.pk, name.lower()] = category
        return category

    def forget_made(self):
        """After a group's transaction failed: the categories it made are gone with it."""
        self.categories = None


_REMEMBERED = {str, int, bool, datetime.date, Decimal, type(None)}


@functools.cache
def _checked_fields(model):
    """The names of ``model``'s links, and the ``(name, attname)`` of its other fields."""
    fields = model._meta.concrete_fields
    links = [field.name for field in fields if field.is_relation]
    return links, [(field.name, field.attname) for field in fields if not field.is_relation]


def _by_ids(model, using, id_sets):
    """``{(identifier, value): row}`` for the rows of ``model`` having any of the identifiers."""
    wanted = {}
    for ids in id_sets:
        for name, value in _identifiers(ids).items():
            wanted.setdefault(name, set()).add(value)
    found = {}
    for name, values in wanted.items():
        for row in model.objects.using(using).identified_as(name, values):
            for key in _id_keys(_ids_of(row)):
                found[key] = row
    return found


def _identifiers(ids):
    return {name: value for name, value in ids.items() if name in IDENTIFIER_FIELDS and value not in (None, "")}


def _id_keys(ids):
    return set(_identifiers(ids).items())


def _ids_of(row):
    return {name: getattr(row, name) for name in IDENTIFIER_FIELDS}


def _conflicting(ids, others):
    """Whether two sets of identifiers say two different things: the same identifier, two values."""
    ids, others = _identifiers(ids), _identifiers(others)
    return any(name in others and others[name] != value for name, value in ids.items())


def _person_values(record):
    values = {name: getattr(record, name) for name in PERSON_FIELDS}
    values["name"] = values["name"][:200]
    values.update(_identifiers(record.ids))
    return values


def _kind(row):
    return "film" if isinstance(row, Film) else "person"


def _slug_base(text, fallback):
    return slugify(text)[:200] or fallback


class _Slugs:
    """Free slugs for new films and people: the base, else base-2, base-3…

    The catalog's slugs are read once per import (a column of the slug's index: a few MB for hundreds of
    thousands of people), and those the import gives out are added, so a common name costs no query.
    """

    def __init__(self, using):
        self.using = using
        self.taken = {}  # model -> slugs taken
        self.tried = {}  # (model, base) -> the last number tried after it: a common name's many namesakes

    def free(self, model, bases):
        """A slug for each of ``bases``, none of them taken."""
        if not bases:
            return []
        rows = model._base_manager.using(self.using)
        if model not in self.taken:
            self.taken[model] = set(rows.values_list("slug", flat=True).iterator(chunk_size=10_000))
        taken, tried = self.taken[model], self.tried
        while True:
            slugs, mine = [], set()
            for base in bases:
                slug, n = base, tried.get((model, base), 1)
                if n > 1:
                    slug = f"{base}-{n}"
                while slug in taken or slug in mine:
                    n += 1
                    slug = f"{base}-{n}"
                if n > 1:
                    tried[model, base] = n
                mine.add(slug)
                slugs.append(slug)
            # A slug may have been taken since it was read, by an editor: pick again for those.
            clashes = set(rows.filter(slug__in=mine).values_list("slug", flat=True)) if mine else set()
            taken |= mine | clashes
            if not clashes:
                return slugs


def _row(*values):
    return values


def _ascii_lower(text):
    return "".join(letter.lower() if letter.isascii() else letter for letter in text)


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
    if isinstance(row, _CreditValues):
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
