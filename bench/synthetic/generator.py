"""A synthetic catalog of any size, to measure the site with as many films as a large catalog holds.

``generate_catalog(100_000, seed=1)`` adds films with their cast and crew, genres, countries, plot,
notes, scenes, quotes, places, alternative titles, recommendations and award nominations, shaped
like a real catalog: most films are recent, most people have a handful of credits and a few have
hundreds, a minority of films has rich pages.

The same seed into the same database gives the same rows; timestamps count back from ``now``.
Existing rows are never changed: reference rows (languages, countries, genres, award bodies) are
reused, and slugs get a counter suffix that skips every slug already taken, so running it again
adds another batch beside the first.

Rows go in through ``bulk_create``, which skips ``save()`` and signals, so the search documents are
rebuilt once at the end. Each batch commits on its own, to keep SQLite's write lock short for other
writers: a run that fails half-way leaves the batches before the failure in place.
"""

import hashlib
import math
import random
from array import array
from bisect import bisect
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate, batched
from time import monotonic

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.text import slugify

from catalog import derived
from catalog.models import (
    AlternativeTitle,
    AwardBody,
    AwardCategory,
    Country,
    Credit,
    Film,
    FilmingLocation,
    FilmNote,
    FilmStatus,
    Genre,
    Image,
    KeyScene,
    Language,
    Nomination,
    NoteKind,
    Outcome,
    Person,
    PlotPart,
    PlotSection,
    PostCredits,
    Quote,
    Recommendation,
    Role,
    SpoilerLevel,
)
from catalog.models.choices import Licence
from catalog.models.text import fold

from .vocabulary import (
    ABSTRACTS,
    ADJECTIVES,
    ALTERNATIVE_TITLE_NOTES,
    AWARD_BODIES,
    AWARD_CATEGORIES,
    BIOS,
    CATEGORY_ROLES,
    CHARACTER_DESCRIPTIONS,
    CO_PRODUCERS,
    COMPLICATIONS,
    CULTURE_NAMES,
    CULTURE_WEIGHTS,
    CULTURES,
    ENDING_HEADINGS,
    ENDING_SENTENCES,
    GENRES,
    GOALS,
    KEY_SCENE_DESCRIPTIONS,
    KEY_SCENE_TITLES,
    LANGUAGES,
    LOCATIONS,
    MOVIE_TYPES,
    NOMINEES_PER_CATEGORY,
    NOTE_KIND_WEIGHTS,
    NOTE_KINDS,
    NOTE_TEXTS,
    NOTE_TITLES,
    NOUNS,
    ORIGINAL_TITLE_WORDS,
    OVERVIEW_SENTENCES,
    PLOT_HEADINGS,
    PLOT_SENTENCES,
    PLURALS,
    POST_CREDITS_NOTES,
    PUBLICATIONS,
    QUOTE_CONTEXTS,
    QUOTES,
    RECOMMENDATION_REASONS,
    SCORE_NOTES,
    SEASONS,
    SEQUEL_SUFFIXES,
    STANDS_IN_FOR,
    TIMES,
    TITLE_PLACES,
    TITLE_TEMPLATES,
    TITLE_WEIGHTS,
    VERBS,
    VERBS_THIRD_PERSON,
    WHO,
    WHY_WATCH,
)

FIRST_YEAR = 1920
LAST_YEAR = 2025
# Rows per INSERT, and films (or people) per committed transaction: larger batches commit less often,
# which on SQLite saves rewriting the same index pages, at the cost of holding more rows in memory.
DEFAULT_BATCH_SIZE = 2000

# Share of films that have each kind of page content; real catalogs are rich for a minority of films.
SHARE_PLOT = 0.45
SHARE_NOTES = 0.35
SHARE_KEY_SCENES = 0.25
SHARE_QUOTES = 0.25
SHARE_LOCATIONS = 0.2
SHARE_ALTERNATIVE_TITLES = 0.2
SHARE_RECOMMENDATIONS = 0.3
SHARE_NOMINATED = 0.04
SHARE_SOURCED = 0.4
# Posters and photos are library rows without files (pages read no file), with their rights stated so pages
# show them; the rest of the films and people get the drawn fallback.
SHARE_POSTERS = 0.6
SHARE_PHOTOS = 0.3
POSTER_SIZE = (2000, 3000)
PHOTO_SIZE = (1600, 2000)


# The order of a film's credit plan; see _Generator._crew_plan.
ROLES = (
    Role.DIRECTOR,
    Role.WRITER,
    Role.PRODUCER,
    Role.ACTOR,
    Role.COMPOSER,
    Role.CINEMATOGRAPHER,
    Role.EDITOR,
    Role.PRODUCTION_DESIGNER,
    Role.COSTUME_DESIGNER,
)
PLAN_SIZE = len(ROLES) + 1  # the counts, then the flags below
DIRECTOR_WRITES = 1
DIRECTOR_PRODUCES = 2

# Careers per profession: the average number of credits, and the most a career holds in a catalog of
# FULL_CATALOG films (the busiest real careers); smaller catalogs, like a sample of a large one, have
# smaller ceilings. Averages near five give about three people per film.
CAREERS = {
    Role.DIRECTOR: (3.5, 70),
    Role.WRITER: (3.5, 90),
    Role.PRODUCER: (5, 200),
    Role.ACTOR: (6, 450),
    Role.COMPOSER: (7, 300),
    Role.CINEMATOGRAPHER: (6, 160),
    Role.EDITOR: (6, 160),
    Role.PRODUCTION_DESIGNER: (5, 120),
    Role.COSTUME_DESIGNER: (5, 120),
}
FULL_CATALOG = 100_000
MIN_CEILING = 20
# The busiest actor of a full catalog has about one actor credit in this many.
STAR_SHARE = 2500
# How far ahead a clash (the same person twice in one film) looks for someone to swap with.
SWAP_WINDOW = 64


def generate_catalog(films, *, seed=1, batch_size=DEFAULT_BATCH_SIZE, using=DEFAULT_DB_ALIAS, now=None, log=None):
    """Add ``films`` synthetic films and everything around them; return the rows added, per model."""
    if films < 1:
        raise ValueError("The number of films must be at least 1.")
    if batch_size < 1:
        raise ValueError("The batch size must be at least 1.")
    log = log or (lambda message: None)
    generator = _Generator(seed=seed, batch_size=batch_size, using=using, now=now or timezone.now(), log=log)
    counts = generator.run(films)
    # The planner's statistics must describe the new rows: without them PostgreSQL recounts every
    # person's films by scanning all credits for each one, and SQLite picks scans over the list
    # indexes, so a list page costs tens of milliseconds instead of a few.
    log("Updating the query planner's statistics…")
    _analyze(using)
    # bulk_create sends no signals, so the new rows' derived data (film counts, folded titles and names, search
    # documents, the page cache's generation) is refreshed for every row, on the path a single save takes.
    log("Counting films per person, genre, country and language; folding titles and names; search documents…")
    derived.refresh(derived.everything(using), using)
    # Once more, now that the counts the partial indexes select on are filled in.
    _analyze(using)
    return counts


def _analyze(using):
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")


@contextmanager
def _explicit_timestamps(*models):
    """Let ``bulk_create`` store the ``created_at`` and ``updated_at`` values given, instead of "now".

    Auto-now fields overwrite any value at insert time; history spread over the years is what a
    real catalog has, and what "recently updated" lists need to be measured against.
    """
    fields = [model._meta.get_field(name) for model in models for name in ("created_at", "updated_at")]
    saved = [(field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _pick(rng, options, cumulative_weights):
    return options[bisect(cumulative_weights, rng.random() * cumulative_weights[-1])]


def _culture_of(language):
    """Where a film in ``language`` is likely set, and whose names its characters have."""
    return CULTURES[LANGUAGES[language][2] if language else "english"]


def _article(noun):
    return "An" if noun[0].lower() in "aeiou" else "A"


def career_lengths(average, ceiling):
    """Cumulative weights of careers of 1 to ``ceiling`` credits, averaging ``average`` credits.

    A power law, so that most careers are short and a few very long, cut off exponentially towards
    the ceiling so that only a handful come near it. Its exponent is found by bisection; under the low
    ceilings of small catalogs it may have to go negative, and short careers are then less common.
    """
    cutoff = ceiling / 4.5

    def weights(exponent):
        return [length**-exponent * math.exp(-length / cutoff) for length in range(1, ceiling + 1)]

    def mean(exponent):
        found = weights(exponent)
        return sum(length * weight for length, weight in enumerate(found, start=1)) / sum(found)

    low, high = -2.0, 4.0
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (middle, high) if mean(middle) > average else (low, middle)
    return list(accumulate(weights(high)))


def _category_role(name):
    """The role whose credit a category honours, from its name; None for categories that honour the film."""
    lowered = name.lower()
    return next((role for word, role in CATEGORY_ROLES if word in lowered), None)


def _category_gender(name):
    lowered = name.lower()
    if "actress" in lowered:
        return "f"
    return "m" if "actor" in lowered else None


class _Generator:
    def __init__(self, *, seed, batch_size, using, now, log):
        self.seed = seed
        self.batch_size = batch_size
        self.using = using
        self.now = now
        self.log = log
        self.counts = {}
        self.started = monotonic()

    def rng(self, phase):
        # Synthetic data, not security: a seeded generator makes every run reproducible. One per phase,
        # so that changing one phase leaves the others' rows as they were.
        return random.Random(f"{self.seed}:{phase}")  # nosec B311

    def run(self, films):
        self.prepare_reference_data()
        with _explicit_timestamps(Film, Person):
            self.create_films(films)
            self.create_people()
        self.create_credits_and_pages()
        return self.counts

    # Writing

    def insert(self, model, rows):
        if rows:
            model._default_manager.using(self.using).bulk_create(rows, batch_size=self.batch_size)
            label = model._meta.label.removeprefix("catalog.")
            self.counts[label] = self.counts.get(label, 0) + len(rows)
        return rows

    def insert_pictures(self, rng, owners, field, share, size):
        """Library rows for a share of ``owners`` (films or people not yet saved), set as their ``field``."""
        pictured = [owner for owner in owners if rng.random() < share]
        images = [
            Image(
                title=f"{field.capitalize()}: {owner.slug}"[:200],
                slug=f"{field}-{owner.slug}"[:220],
                alt_text=f"{field.capitalize()} of {getattr(owner, 'title', None) or owner.name}",
                credit="Synthetic Studio",
                licence=Licence.CC0,
                file=f"images/synthetic/{field}-{owner.slug}.jpg"[:100],
                width=size[0],
                height=size[1],
                checksum=hashlib.sha256(f"{field}:{owner.slug}".encode()).hexdigest(),
            )
            for owner in pictured
        ]
        self.insert(Image, images)
        for owner, image in zip(pictured, images, strict=True):
            setattr(owner, f"{field}_id", image.pk)

    def progress(self, what, done, total, batch):
        """Report about every tenth of the way, whatever the batch size."""
        step = max(total // 10, 1)
        if done == total or done // step != (done - batch) // step:
            self.log(f"{what}: {done:,} of {total:,} ({monotonic() - self.started:.0f}s)")

    def timestamps(self, rng, years_back=6):
        """A creation and a last-edit time: spread over the catalog's life, most edits soon after creation."""
        created = self.now - timedelta(seconds=rng.uniform(0, years_back * 365 * 86400))
        edited = min(self.now, created + timedelta(days=rng.expovariate(1 / 60)))
        return created, edited

    # Reference data: reused as found, completed where generated films need more

    def prepare_reference_data(self):
        languages = set(Language.objects.using(self.using).values_list("code", flat=True))
        countries = set(Country.objects.using(self.using).values_list("code", flat=True))
        self.languages = [code for code in LANGUAGES if code in languages]
        self.language_weights = list(accumulate(LANGUAGES[code][0] for code in self.languages))
        self.language_countries = {}
        for code in self.languages:
            found = {country: weight for country, weight in LANGUAGES[code][1].items() if country in countries}
            self.language_countries[code] = (tuple(found), tuple(accumulate(found.values())))
        co_producers = {code: weight for code, weight in CO_PRODUCERS.items() if code in countries}
        self.co_producers = (tuple(co_producers), tuple(accumulate(co_producers.values())))
        self.countries = countries
        self.genre_ids = self.ensure_genres()
        self.genre_weights = tuple(accumulate(weight for _, _, weight, _ in GENRES))
        self.award_categories = self.ensure_award_categories()
        self.ceremonies = self.ceremonies_so_far()

    def ensure_genres(self):
        """The id of each of ``GENRES``, found by slug (or by name) or added; existing genres stay as they are."""
        existing = Genre.objects.using(self.using)
        by_slug = dict(existing.values_list("slug", "pk"))
        by_name = dict(existing.values_list("name", "pk"))
        missing = [
            Genre(slug=slug, name=name, description=description)
            for slug, name, _, description in GENRES
            if slug not in by_slug and name not in by_name
        ]
        for genre in self.insert(Genre, missing):
            by_slug[genre.slug] = genre.pk
        return [by_slug.get(slug) or by_name[name] for slug, name, _, _ in GENRES]

    def ensure_award_categories(self):
        """Every award category with the role and gender it honours; a few award bodies are added if missing."""
        bodies = AwardBody.objects.using(self.using)
        taken_slugs = set(bodies.values_list("slug", flat=True))
        taken_names = set(bodies.values_list("name", flat=True))
        new_bodies = [
            AwardBody(
                name=name,
                slug=slug,
                short_name=short_name,
                country_id=country if country in self.countries else None,
                description=f"{name}: one of the catalog’s generated award bodies.",
            )
            for name, slug, short_name, country in AWARD_BODIES
            if slug not in taken_slugs and name not in taken_names
        ]
        self.insert(AwardBody, new_bodies)
        self.insert(
            AwardCategory,
            [
                AwardCategory(body=body, name=name, slug=slugify(name))
                for body in new_bodies
                for name in AWARD_CATEGORIES
            ],
        )
        categories = AwardCategory.objects.using(self.using).order_by("body__slug", "slug")
        by_body = {}
        for pk, body_id, name in categories.values_list("pk", "body_id", "name"):
            by_body.setdefault(body_id, []).append((pk, _category_role(name), _category_gender(name)))
        return list(by_body.values())

    def ceremonies_so_far(self):
        """``[nominees, has_a_winner]`` per category and year, so that new nominations respect the old."""
        ceremonies = {}
        nominations = Nomination.objects.using(self.using).values_list("category_id", "year", "outcome")
        for category, year, outcome in nominations.iterator():
            ceremony = ceremonies.setdefault((category, year), [0, False])
            ceremony[0] += 1
            ceremony[1] = ceremony[1] or outcome == Outcome.WON
        return ceremonies

    # Films

    def create_films(self, count):
        rng = self.rng("films")
        taken = set(Film.objects.using(self.using).values_list("slug", flat=True))
        serial = Film.objects.using(self.using).count()
        self.film_ids = array("q")
        self.years = array("H")
        self.film_languages = array("b")  # index into self.languages, -1 for none
        self.main_genres = bytearray()
        self.published = bytearray()
        self.plans = bytearray()
        self.film_count = count
        posters = self.rng("posters")
        for start in range(0, count, self.batch_size):
            films, genres, countries = [], [], []
            for _ in range(min(self.batch_size, count - start)):
                serial += 1
                film, film_genres, film_countries = self.film(rng, serial, taken)
                films.append(film)
                genres.append(film_genres)
                countries.append(film_countries)
            with transaction.atomic(using=self.using):
                self.insert_pictures(posters, films, "poster", SHARE_POSTERS, POSTER_SIZE)
                self.insert(Film, films)
                self.insert(
                    Film.genres.through,
                    [
                        Film.genres.through(film_id=film.pk, genre_id=genre)
                        for film, ids in zip(films, genres, strict=True)
                        for genre in ids
                    ],
                )
                self.insert(
                    Film.countries.through,
                    [
                        Film.countries.through(film_id=film.pk, country_id=code)
                        for film, codes in zip(films, countries, strict=True)
                        for code in codes
                    ],
                )
            self.film_ids.extend(film.pk for film in films)
            self.progress("Films", start + len(films), count, len(films))

    def film(self, rng, serial, taken):
        """One film, its genre ids and country codes; its year, language and crew plan are kept for later."""
        title = self.title(rng)
        year = self.year(rng)
        slug = f"{slugify(title)}-{year}-{serial}"
        while slug in taken:
            slug = f"{slug}-{rng.randrange(10**6)}"
        taken.add(slug)
        language = _pick(rng, self.languages, self.language_weights) if self.languages else None
        status = self.status(rng)
        created, edited = self.timestamps(rng)
        published_at = None
        if status == FilmStatus.PUBLISHED:
            published_at = created + (edited - created) * rng.random()
        genres = self.film_genres(rng)
        post_credits = rng.choices((PostCredits.UNKNOWN, PostCredits.NO, PostCredits.YES), weights=(70, 22, 8))[0]
        film = Film(
            title=title,
            original_title=self.original_title(rng, language),
            slug=slug,
            year=year,
            release_date=self.release_date(rng, year),
            runtime_minutes=self.runtime(rng, genres[0]),
            original_language_id=language,
            logline=self.logline(rng),
            overview=self.overview(rng, language),
            movie_type=rng.choice(MOVIE_TYPES) if rng.random() < 0.15 else "",
            post_credits_scene=post_credits,
            post_credits_note=rng.choice(POST_CREDITS_NOTES) if post_credits == PostCredits.YES else "",
            score_note=rng.choice(SCORE_NOTES) if rng.random() < 0.15 else "",
            why_watch=rng.choice(WHY_WATCH) if rng.random() < 0.25 else "",
            status=status,
            published_at=published_at,
            created_at=created,
            updated_at=edited,
        )
        self.years.append(year)
        self.film_languages.append(self.languages.index(language) if language else -1)
        self.main_genres.append(GENRES_INDEX[genres[0]])
        self.published.append(status == FilmStatus.PUBLISHED)
        self.plans.extend(self.crew_plan(rng))
        genre_ids = [self.genre_ids[GENRES_INDEX[slug]] for slug in genres]
        return film, genre_ids, self.film_countries(rng, language)

    def title(self, rng):
        template = _pick(rng, TITLE_TEMPLATES, TITLE_WEIGHTS)
        culture = CULTURES[rng.choice(CULTURE_NAMES[:4])]
        title = template.format(
            adjective=rng.choice(ADJECTIVES),
            noun=rng.choice(NOUNS),
            noun2=rng.choice(NOUNS),
            plural=rng.choice(PLURALS),
            abstract=rng.choice(ABSTRACTS),
            abstract2=rng.choice(ABSTRACTS),
            verb=rng.choice(VERBS),
            verb_third_person=rng.choice(VERBS_THIRD_PERSON),
            place=rng.choice(TITLE_PLACES),
            time=rng.choice(TIMES),
            name=rng.choice(culture.female + culture.male),
            name2=rng.choice(culture.female + culture.male),
        )
        if title.startswith("A ") and title[2] in "AEIOU":
            title = f"An {title[2:]}"
        if rng.random() < 0.02:
            title += rng.choice(SEQUEL_SUFFIXES)
        return title

    def year(self, rng):
        # Film production has grown decade after decade: most films are recent, a long tail is old.
        age = int(rng.expovariate(1 / 22))
        if age > LAST_YEAR - FIRST_YEAR:
            age = rng.randint(0, LAST_YEAR - FIRST_YEAR)
        return LAST_YEAR - age

    def status(self, rng):
        roll = rng.random()
        if roll < 0.95:
            return FilmStatus.PUBLISHED
        return FilmStatus.DRAFT if roll < 0.98 else FilmStatus.REVIEW

    def release_date(self, rng, year):
        if rng.random() < 0.2:
            return None
        return date(year, rng.randint(1, 12), rng.randint(1, 28))

    def runtime(self, rng, genre):
        if rng.random() < 0.03:
            return None
        mean = 88 if genre in ("animation", "family", "documentary") else 108
        return max(60, min(240, round(rng.gauss(mean, 18))))

    def original_title(self, rng, language):
        words = ORIGINAL_TITLE_WORDS.get(language)
        if not words or rng.random() < 0.3:
            return ""
        return f"{rng.choice(words[0])} {rng.choice(words[1])}"

    def logline(self, rng):
        who = rng.choice(WHO)
        return f"{_article(who)} {who} {rng.choice(GOALS)}, {rng.choice(COMPLICATIONS)}."

    def overview(self, rng, language):
        place = rng.choice(_culture_of(language).places).split(",")[0]
        sentences = rng.sample(OVERVIEW_SENTENCES, rng.randint(2, 4))
        return " ".join(sentence.format(place=place, season=rng.choice(SEASONS)) for sentence in sentences)

    def film_genres(self, rng):
        """One to three genre slugs, the main one first."""
        wanted = rng.choices((1, 2, 3), weights=(40, 40, 20))[0]
        slugs = []
        while len(slugs) < wanted:
            slug = _pick(rng, GENRES, self.genre_weights)[0]
            if slug not in slugs:
                slugs.append(slug)
        return slugs

    def film_countries(self, rng, language):
        countries, weights = self.language_countries.get(language, ((), ()))
        if not countries:
            return []
        chosen = [_pick(rng, countries, weights)]
        partners, partner_weights = self.co_producers
        if partners and rng.random() < 0.25:
            partner = _pick(rng, partners, partner_weights)
            if partner != chosen[0]:
                chosen.append(partner)
        return chosen

    def crew_plan(self, rng):
        """The film's number of credits per role in ``ROLES``, then flags for a director who writes or produces.

        About fifteen credits a film: one director (sometimes two), one or two writers, eight or so actors,
        producers, and the heads of department.
        """
        director_writes = rng.random() < 0.4
        counts = (
            2 if rng.random() < 0.08 else 1,
            rng.choice((0, 0, 1, 1, 2)) if director_writes else rng.choice((1, 1, 1, 2, 2, 3)),
            rng.choice((0, 1, 1, 1, 2, 2)),
            max(2, min(14, round(rng.gauss(8, 2.2)))),
            rng.random() < 0.92,
            rng.random() < 0.97,
            rng.random() < 0.95,
            rng.random() < 0.35,
            rng.random() < 0.3,
        )
        flags = (DIRECTOR_WRITES if director_writes else 0) | (DIRECTOR_PRODUCES if rng.random() < 0.1 else 0)
        return (*counts, flags)

    # People

    def create_people(self):
        """Everyone the films' credits need, by profession, with careers that fit the films' years.

        Each person gets a number of credits to fill (most a few, some hundreds) and the years they
        work in. Each profession's credits, ordered by year, are then dealt to the films ordered by
        year, so that careers keep to their decades and birth dates stay plausible.
        """
        rng = self.rng("people")
        taken = set(Person.objects.using(self.using).values_list("slug", flat=True))
        self.serial = Person.objects.using(self.using).count()
        self.person_ids = array("q")
        self.female = bytearray()
        self.names = []
        self.queues = {}
        self.profession_ranges = {}
        slots = self.slots_per_role()
        for role in ROLES:
            first = len(self.person_ids)
            by_year = {}
            pending = []
            for budget, years in self.careers(rng, role, slots[role]):
                index = len(self.person_ids) + len(pending)
                for year in years:
                    by_year.setdefault(year, array("i")).append(index)
                pending.append(self.person(rng, role, budget, years[0], years[-1], taken))
                if len(pending) == self.batch_size:
                    self.save_people(pending)
                    pending = []
            self.save_people(pending)
            self.log(f"People: {len(self.person_ids):,} so far, {role.label.lower()}s done")
            self.profession_ranges[role] = (first, len(self.person_ids))
            self.queues[role] = self.career_queue(rng, by_year)

    def slots_per_role(self):
        slots = dict.fromkeys(ROLES, 0)
        for start in range(0, len(self.plans), PLAN_SIZE):
            for role, count in zip(ROLES, self.plans[start : start + len(ROLES)], strict=True):
                slots[role] += count
        return slots

    def careers(self, rng, role, slots):
        """``(credits, years)`` per person of ``role`` until their credits fill ``slots``."""
        average, ceiling = CAREERS[role]
        ceiling = min(ceiling, max(MIN_CEILING, ceiling * self.film_count // FULL_CATALOG))
        lengths = career_lengths(average, ceiling)
        left = slots
        star = min(ceiling, slots // STAR_SHARE) if role == Role.ACTOR else 0
        while left > 0:
            budget = 1 + bisect(lengths, rng.random() * lengths[-1])
            if star:
                budget, star = max(budget, star), 0
            budget = min(budget, left)
            left -= budget
            yield budget, self.career_years(rng, budget)

    def career_years(self, rng, budget):
        """The years of ``budget`` credits: a career whose length grows with its number of films."""
        length = min(55, round(budget**0.55 * rng.uniform(1.5, 4.0)))
        middle = self.years[rng.randrange(len(self.years))]
        start = max(FIRST_YEAR, min(LAST_YEAR - length, middle - length // 2))
        return sorted(start + rng.randint(0, length) for _ in range(budget))

    def career_queue(self, rng, by_year):
        """Everyone's credits in year order, shuffled within each year."""
        people = array("i")
        for year in sorted(by_year):
            rng.shuffle(by_year[year])
            people.extend(by_year[year])
        return _CreditQueue(people)

    def person(self, rng, role, credits, first_year, last_year, taken):
        culture = CULTURES[_pick(rng, CULTURE_NAMES, CULTURE_WEIGHTS)]
        female = rng.random() < (0.5 if role in (Role.ACTOR, Role.COSTUME_DESIGNER) else 0.3)
        first = rng.choice(culture.female if female else culture.male)
        surname = culture.surname(rng)
        roll = rng.random()
        if roll < culture.two_surnames:
            surname = f"{surname} {culture.surname(rng)}"
        elif roll < culture.two_surnames + culture.initials:
            surname = f"{chr(rng.randint(65, 90))}. {surname}"
        elif roll > 0.97:
            surname = f"{surname}-{culture.surname(rng)}"
        name = f"{first} {surname}"
        self.serial += 1
        slug = f"{slugify(name)}-{self.serial}"
        while slug in taken:
            slug = f"{slug}-{rng.randrange(10**6)}"
        taken.add(slug)
        self.female.append(female)
        self.names.append(name)
        birth, death = self.life(rng, role, credits, first_year, last_year)
        place = rng.choice(culture.places) if rng.random() < (0.7 if birth else 0.2) else ""
        created, edited = self.timestamps(rng)
        return Person(
            name=name,
            name_folded=fold(name),
            slug=slug,
            bio=rng.choice(BIOS).format(name=name, place=place or "a small town") if rng.random() < 0.25 else "",
            birth_date=birth,
            death_date=death,
            birth_place=place,
            created_at=created,
            updated_at=edited,
        )

    def life(self, rng, role, credits, first_year, last_year):
        """Birth and death dates, or None where the catalog would not know them; busier careers are better known."""
        if rng.random() > 0.3 + 0.6 * min(1, credits / 20):
            return None, None
        youngest = 6 if role == Role.ACTOR else 20
        born = first_year - rng.randint(youngest, youngest + 25)
        birth = date(born, rng.randint(1, 12), rng.randint(1, 28))
        death = None
        this_year = self.now.year
        if rng.random() < max(0.0, min(0.95, (this_year - born - 60) / 35)):
            died = rng.randint(max(last_year + 1, born + 40), max(last_year + 1, born + 100))
            if died < this_year:
                death = date(died, rng.randint(1, 12), rng.randint(1, 28))
        return birth, death

    def save_people(self, people):
        if not hasattr(self, "photos"):
            self.photos = self.rng("photos")
        with transaction.atomic(using=self.using):
            self.insert_pictures(self.photos, people, "photo", SHARE_PHOTOS, PHOTO_SIZE)
            self.insert(Person, people)
        self.person_ids.extend(person.pk for person in people)

    # Credits and the rest of each film's page

    def create_credits_and_pages(self):
        """Credits, then what hangs on them and the rest of the page, film by film in year order."""
        rng = self.rng("credits")
        content_rng = self.rng("pages")
        order = list(range(self.film_count))
        rng.shuffle(order)
        order.sort(key=self.years.__getitem__)
        self.recommendable = self.recommendable_by_genre()
        done = 0
        # A film's credits are saved before its quotes, which name a credit, and its nominations,
        # which need a credited person; both in one transaction per batch of films.
        for batch in batched(order, self.batch_size):
            casts = [self.film_credits(rng, index) for index in batch]
            with transaction.atomic(using=self.using):
                self.insert(Credit, [credit for cast in casts for credit in cast])
                self.insert_pages(content_rng, batch, casts)
            done += len(batch)
            self.progress("Credits and pages", done, self.film_count, len(batch))

    def spare_person(self, rng, role, taken):
        """Anyone of ``role``'s profession not in ``taken``, once the queue has run dry."""
        first, end = self.profession_ranges[role]
        for _ in range(100):
            person = rng.randrange(first, end)
            if person not in taken:
                return person
        return None

    def film_credits(self, rng, index):
        film_id = self.film_ids[index]
        plan = self.plans[index * PLAN_SIZE : (index + 1) * PLAN_SIZE]
        flags = plan[-1]
        culture = self.character_culture(index)
        credits = []
        directors = []
        for role, count in zip(ROLES, plan[: len(ROLES)], strict=True):
            also = []
            if role == Role.WRITER and flags & DIRECTOR_WRITES:
                also = directors
            elif role == Role.PRODUCER and flags & DIRECTOR_PRODUCES:
                also = directors[:1]
            taken = set(also)
            billing = 0
            for person in also:
                billing += 1
                credits.append(self.credit(film_id, person, role, billing))
            for _ in range(count):
                person = self.queues[role].take(taken)
                if person is None:
                    person = self.spare_person(rng, role, taken)
                if person is None:
                    continue
                taken.add(person)
                billing += 1
                if role == Role.DIRECTOR:
                    directors.append(person)
                character = description = ""
                if role == Role.ACTOR:
                    character = self.character_name(rng, culture, self.female[person], billing)
                    description = rng.choice(CHARACTER_DESCRIPTIONS) if rng.random() < 0.15 else ""
                credits.append(self.credit(film_id, person, role, billing, character, description))
        return credits

    def credit(self, film_id, person, role, billing_order, character_name="", character_description=""):
        credit = Credit(
            film_id=film_id,
            person_id=self.person_ids[person],
            role=role,
            character_name=character_name,
            character_description=character_description,
            billing_order=billing_order,
        )
        credit.person_index = person
        return credit

    def character_culture(self, index):
        language = self.film_languages[index]
        return _culture_of(self.languages[language] if language >= 0 else None)

    def character_name(self, rng, culture, female, billing):
        first = rng.choice(culture.female if female else culture.male)
        # Leads tend to have full names; the smaller parts are often known by a first name or a job.
        if billing > 6 and rng.random() < 0.3:
            return rng.choice(("Waiter", "Nurse", "Police officer", "Neighbour", "Taxi driver", "Receptionist"))
        if billing <= 3 or rng.random() < 0.5:
            return f"{first} {rng.choice(culture.surnames)}"
        return first

    def insert_pages(self, rng, batch, casts):
        parts = {model: [] for model in PAGE_MODELS}
        for index, cast in zip(batch, casts, strict=True):
            page = _FilmPage(self, rng, index, cast)
            if rng.random() < SHARE_PLOT:
                parts[PlotSection] += page.plot_sections()
            if rng.random() < SHARE_NOTES:
                parts[FilmNote] += page.notes()
            if rng.random() < SHARE_KEY_SCENES:
                parts[KeyScene] += page.key_scenes()
            if rng.random() < SHARE_QUOTES:
                parts[Quote] += page.quotes()
            if rng.random() < SHARE_LOCATIONS:
                parts[FilmingLocation] += page.locations()
            if rng.random() < SHARE_ALTERNATIVE_TITLES:
                parts[AlternativeTitle] += page.alternative_titles()
            if rng.random() < SHARE_RECOMMENDATIONS:
                parts[Recommendation] += page.recommendations()
            if rng.random() < SHARE_NOMINATED:
                parts[Nomination] += page.nominations()
        for model, rows in parts.items():
            self.insert(model, rows)

    def recommendable_by_genre(self):
        """Published films by main genre: what a film's recommendations are drawn from."""
        films = {}
        for index, main_genre in enumerate(self.main_genres):
            if self.published[index]:
                films.setdefault(main_genre, array("i")).append(index)
        return films


class _CreditQueue:
    """One profession's credits, as person indexes in the order they are dealt to films."""

    def __init__(self, people):
        self.people = people
        self.position = 0

    def take(self, taken):
        """The next person not in ``taken``; a clash (someone twice in one film) swaps with someone just behind."""
        people = self.people
        while self.position < len(people):
            position = self.position
            self.position += 1
            if people[position] not in taken:
                return people[position]
            for ahead in range(position + 1, min(len(people), position + SWAP_WINDOW)):
                if people[ahead] not in taken:
                    people[position], people[ahead] = people[ahead], people[position]
                    return people[position]
            # Nobody to swap with, which only happens at the very end: this one credit is dropped.
        return None


GENRES_INDEX = {slug: index for index, (slug, *_) in enumerate(GENRES)}
PAGE_MODELS = (PlotSection, FilmNote, KeyScene, Quote, FilmingLocation, AlternativeTitle, Recommendation, Nomination)


class _FilmPage:
    """The content of one film's page beyond its credits, made from what the generator knows of the film."""

    def __init__(self, generator, rng, index, credits):
        self.generator = generator
        self.rng = rng
        self.index = index
        self.film_id = generator.film_ids[index]
        self.year = generator.years[index]
        self.credits = credits
        cast = [credit for credit in credits if credit.role == Role.ACTOR]
        self.cast = cast
        characters = [credit.character_name for credit in cast] or ["the stranger"]
        self.a, self.b, self.c = (characters * 3)[:3]
        self.lead = generator.names[cast[0].person_index] if cast else "the lead"
        directors = [credit for credit in credits if credit.role == Role.DIRECTOR]
        self.director = generator.names[directors[0].person_index] if directors else "the director"
        self.place = rng.choice(generator.character_culture(index).places).split(",")[0]
        self.decks = {}

    def fill(self, template):
        return template.format(a=self.a, b=self.b, c=self.c, lead=self.lead, director=self.director, place=self.place)

    def sourced(self):
        """Source fields for a claim: most claims cite nothing, some a publication, a date only with a source."""
        if self.rng.random() >= SHARE_SOURCED:
            return {}
        publication, domain = self.rng.choice(PUBLICATIONS)
        retrieved = self.generator.now.date() - timedelta(days=self.rng.randint(0, 1500))
        return {
            "source_publication": publication,
            "source_url": f"https://{domain}.example.org/films/{self.film_id}",
            "source_retrieved": retrieved if self.rng.random() < 0.6 else None,
        }

    def spoiler(self, mild, major):
        roll = self.rng.random()
        if roll < major:
            return SpoilerLevel.MAJOR
        return SpoilerLevel.MILD if roll < major + mild else SpoilerLevel.NONE

    def paragraph(self, sentences, count):
        """``count`` of ``sentences``; a page repeats none of them until it has used them all."""
        deck = self.decks.setdefault(sentences, [])
        chosen = []
        for _ in range(min(count, len(sentences))):
            if not deck:
                deck.extend(
                    sentence for sentence in self.rng.sample(sentences, len(sentences)) if sentence not in chosen
                )
            chosen.append(deck.pop())
        return " ".join(self.fill(sentence) for sentence in chosen)

    def plot_sections(self):
        rng = self.rng
        headings = rng.sample(PLOT_HEADINGS, rng.choice((1, 2, 3, 4)))
        sections = [
            PlotSection(
                film_id=self.film_id,
                part=PlotPart.SUMMARY,
                heading=heading,
                body=self.paragraph(PLOT_SENTENCES, rng.randint(2, 5)),
                order=order,
                spoiler_level=self.spoiler(mild=0.1 * order, major=0),
            )
            for order, heading in enumerate(headings, start=1)
        ]
        if rng.random() < 0.4:
            sections.append(
                PlotSection(
                    film_id=self.film_id,
                    part=PlotPart.ENDING,
                    heading=rng.choice(ENDING_HEADINGS),
                    body=self.paragraph(ENDING_SENTENCES, rng.randint(1, 2)),
                    order=len(sections) + 1,
                    spoiler_level=SpoilerLevel.MAJOR,
                )
            )
        return sections

    def notes(self):
        rng = self.rng
        used = set()
        notes = []
        for order in range(1, rng.choice((1, 1, 2, 3, 4, 6)) + 1):
            kind = _pick(rng, NOTE_KINDS, NOTE_KIND_WEIGHTS)
            title = self.fill(rng.choice(NOTE_TITLES[kind]))
            if (kind, title) in used:
                continue
            used.add((kind, title))
            spoilers = {NoteKind.ALTERNATE_ENDING: (0.3, 0.6), NoteKind.DELETED_SCENE: (0.3, 0.1)}
            mild, major = spoilers.get(kind, (0.05, 0))
            notes.append(
                FilmNote(
                    film_id=self.film_id,
                    kind=kind,
                    title=title,
                    text=self.paragraph(NOTE_TEXTS, rng.randint(1, 3)),
                    order=order,
                    spoiler_level=self.spoiler(mild, major),
                    **self.sourced(),
                )
            )
        return notes

    def key_scenes(self):
        rng = self.rng
        return [
            KeyScene(
                film_id=self.film_id,
                title=self.fill(title),
                description=self.fill(rng.choice(KEY_SCENE_DESCRIPTIONS)),
                order=order,
                spoiler_level=self.spoiler(mild=0.2, major=0.1),
                **self.sourced(),
            )
            for order, title in enumerate(rng.sample(KEY_SCENE_TITLES, rng.randint(1, 4)), start=1)
        ]

    def quotes(self):
        """Quotes spoken by the film's characters; now and then a voice with no credit, such as a narrator."""
        rng = self.rng
        quotes = []
        for order, text in enumerate(rng.sample(QUOTES, rng.randint(1, 3)), start=1):
            speaker = rng.choice(self.cast[:4]) if self.cast and rng.random() < 0.9 else None
            quotes.append(
                Quote(
                    film_id=self.film_id,
                    text=text,
                    speaker_id=speaker.pk if speaker else None,
                    character_name="" if speaker else rng.choice(("Narrator", "Voice on the radio", "Announcer")),
                    context=rng.choice(QUOTE_CONTEXTS) if rng.random() < 0.3 else "",
                    order=order,
                    spoiler_level=self.spoiler(mild=0.1, major=0.02),
                    **self.sourced(),
                )
            )
        return quotes

    def locations(self):
        rng = self.rng
        countries = self.generator.countries
        return [
            FilmingLocation(
                film_id=self.film_id,
                place=place,
                region=region,
                country_id=country if country in countries else None,
                latitude=Decimal(latitude) if latitude else None,
                longitude=Decimal(longitude) if longitude else None,
                stands_in_for=self.fill(rng.choice(STANDS_IN_FOR)),
                order=order,
                **self.sourced(),
            )
            for order, (place, region, country, latitude, longitude) in enumerate(
                rng.sample(LOCATIONS, rng.randint(1, 3)), start=1
            )
        ]

    def alternative_titles(self):
        rng = self.rng
        titles = {self.generator.title(rng) for _ in range(rng.randint(1, 2))}
        languages = self.generator.languages
        return [
            AlternativeTitle(
                film_id=self.film_id,
                title=title,
                language_id=rng.choice(languages) if languages and rng.random() < 0.5 else None,
                note=rng.choice(ALTERNATIVE_TITLE_NOTES),
            )
            for title in sorted(titles)
        ]

    def recommendations(self):
        """Two to four other published films, mostly of the same main genre."""
        rng = self.rng
        generator = self.generator
        pool = generator.recommendable.get(generator.main_genres[self.index])
        if not pool:
            return []
        chosen = []
        for _ in range(rng.randint(2, 4) * 2):
            other = pool[rng.randrange(len(pool))]
            if other != self.index and other not in chosen:
                chosen.append(other)
            if len(chosen) == 4:
                break
        return [
            Recommendation(
                film_id=self.film_id,
                recommended_id=generator.film_ids[other],
                reason=rng.choice(RECOMMENDATION_REASONS),
                order=order,
            )
            for order, other in enumerate(chosen[: rng.randint(2, 4)], start=1)
        ]

    def nominations(self):
        """A few nominations from one award body; awards to a person go to someone credited on the film."""
        rng = self.rng
        bodies = self.generator.award_categories
        if not bodies:
            return []
        categories = rng.choice(bodies)
        year = self.year + (1 if rng.random() < 0.6 else 0)
        nominations = []
        for category, role, gender in rng.sample(categories, min(len(categories), rng.randint(1, 4))):
            ceremony = self.generator.ceremonies.setdefault((category, year), [0, False])
            if ceremony[0] >= NOMINEES_PER_CATEGORY:
                continue
            person = None
            if role is not None:
                person = self.nominee(role, gender)
                if person is None:
                    continue
            won = not ceremony[1] and rng.random() < 1 / (NOMINEES_PER_CATEGORY - ceremony[0])
            ceremony[0] += 1
            ceremony[1] = ceremony[1] or won
            nominations.append(
                Nomination(
                    film_id=self.film_id,
                    category_id=category,
                    year=year,
                    person_id=person,
                    outcome=Outcome.WON if won else Outcome.NOMINATED,
                    **self.sourced(),
                )
            )
        return nominations

    def nominee(self, role, gender):
        """A credited person for an award in ``role``: for acting awards one of the top-billed of that gender."""
        credits = [credit for credit in self.credits if credit.role == role]
        if gender is not None:
            female = gender == "f"
            credits = [credit for credit in credits[:4] if bool(self.generator.female[credit.person_index]) == female]
        return self.rng.choice(credits).person_id if credits else None
