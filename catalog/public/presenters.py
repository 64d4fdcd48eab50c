"""What the public pages show, arranged in Python from rows the view has already fetched.

Nothing here touches the database: it only sorts, groups and numbers prefetched lists, so a page's
query count does not grow with the amount of content.
"""

import html
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils.safestring import mark_safe

from ..models import PlotPart, Role, SpoilerLevel
from ..models.base import slug_url
from ..models.sections import FILM_SECTIONS, section_of
from .pictures import shown, social_image


@dataclass
class Group:
    """Items shown under one label, e.g. a role's credits or an award body's nominations."""

    label: str
    items: list
    key: object = None


@dataclass
class Section:
    """One ``h2`` section of the film page; ``template`` renders what comes under its heading."""

    slug: str
    title: str
    template: str
    items: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    text: str = ""

    def shown_items(self):
        """The section's items in the order the page shows them."""
        yield from self.items
        for group in self.groups:
            yield from group.items


@dataclass(frozen=True)
class Source:
    """One numbered entry of a page's Sources section; its fields follow ``Sourced``'s."""

    number: int
    publication: str
    url: str
    retrieved: date | None

    @property
    def anchor(self):
        return f"source-{self.number}"


class Sources:
    """Numbers the sources behind a page's claims in page order; a source cited twice keeps its first number."""

    def __init__(self):
        self._by_reference = {}
        self._by_item = {}

    def __iter__(self):
        return iter(self._by_reference.values())

    def __len__(self):
        return len(self._by_reference)

    def cite(self, item):
        if not item.has_source:
            return None
        reference = (item.source_publication, item.source_url, item.source_retrieved)
        source = self._by_reference.get(reference)
        if source is None:
            source = self._by_reference[reference] = Source(len(self._by_reference) + 1, *reference)
        self._by_item[_identity(item)] = source
        return source

    def for_item(self, item):
        return self._by_item.get(_identity(item))


def _identity(item):
    return (item._meta.label, item.pk)


def note_url(note):
    """Where a note lives: its section of the film page."""
    return f"{note.film.get_absolute_url()}#{section_of(note)}"


def quote_url(quote):
    return f"{quote.film.get_absolute_url()}#{section_of(quote)}"


def is_spoiler_level(level):
    """Whether a text of this spoiler level is folded; a row that has no level (``""``) is not."""
    return bool(level) and level != SpoilerLevel.NONE


def spoiler_label(item):
    """What a hidden spoiler would reveal, for the ``<summary>`` that hides it; ``item`` may be a spoiler level."""
    if getattr(item, "part", None) == PlotPart.ENDING:
        return "Reveals the ending"
    level = item if isinstance(item, str) else item.spoiler_level
    if level == SpoilerLevel.MAJOR:
        return "Major spoiler: reveals a twist"
    return "Mild spoiler"


def role_label(role, count=1):
    label = Role(role).label
    return f"{label}s" if count > 1 else label


def credits_by_role(credits, *, exclude=()):
    """Credits grouped by role, in the order of ``Role``; each group keeps the credits' own order.

    A role with several people reads "Writers".
    """
    by_role = defaultdict(list)
    for credit in credits:
        by_role[credit.role].append(credit)
    return [
        Group(label=role_label(role, len(by_role[role])), items=by_role[role], key=role)
        for role in Role
        if by_role[role] and role not in exclude
    ]


def filmography(rows):
    """``Credit.filmography()`` rows grouped by role, in the order of ``Role``: each group's ``items`` is its
    list's HTML, one ``<li>`` a credit, newest film first.

    The rows are written here, escaped by the standard library, rather than looped over in the template or
    put together with ``format_html()``: a person with hundreds of credits spent most of their page's time on
    them (docs/benchmarks.md).
    """
    by_role = defaultdict(list)
    for role, character_name, year, title, slug in rows:
        character = f' <span class="filmography__as">as {html.escape(character_name)}</span>' if character_name else ""
        url = html.escape(slug_url("catalog:film-detail", slug))
        by_role[role].append(
            f'<li><span class="filmography__year">{year}</span> <span class="filmography__film">'
            f'<a href="{url}">{html.escape(title)}</a>{character}</span></li>'
        )
    return [
        # Every value in the rows is escaped above.
        Group(label=role_label(role), items=mark_safe("\n".join(by_role[role])), key=role)  # nosec B308 B703
        for role in Role
        if by_role[role]
    ]


def nominations_by_body(nominations):
    """Nominations grouped by award body, keeping the order they were fetched in."""
    groups = {}
    for nomination in nominations:
        body = nomination.category.body
        groups.setdefault(body.pk, Group(label=body.name, items=[], key=body)).items.append(nomination)
    return list(groups.values())


def nominations_by_category(nominations):
    """A ceremony's nominations grouped by category, keeping the order they were fetched in."""
    groups = {}
    for nomination in nominations:
        category = nomination.category
        groups.setdefault(category.pk, Group(label=category.label, items=[], key=category)).items.append(nomination)
    return list(groups.values())


def nominations_by_year(nominations):
    """An award body's nominations grouped by edition, then by category within it."""
    by_year = {}
    for nomination in nominations:
        by_year.setdefault(nomination.year, []).append(nomination)
    return [Group(label=str(year), items=nominations_by_category(items), key=year) for year, items in by_year.items()]


@dataclass(frozen=True)
class Ceremony:
    """One edition of an award body's awards, e.g. the Venice Film Festival of 2021."""

    body: object
    year: int

    def get_absolute_url(self):
        return reverse("catalog:award-ceremony", args=[self.body.slug, self.year])


def ceremonies_by_body(bodies, rows):
    """Each award body with its ceremonies, newest first, from ``NominationQuerySet.ceremonies()`` rows."""
    bodies = list(bodies)
    by_pk = {body.pk: body for body in bodies}
    ceremonies = defaultdict(list)
    for row in rows:
        body = by_pk.get(row["body"])
        if body is not None:
            ceremonies[body.pk].append(Ceremony(body, row["year"]))
    return [Group(label=body.name, items=ceremonies[body.pk], key=body) for body in bodies]


def roles_by_person(pairs):
    """``{person_id: ["Director", "Writer"]}`` from ``(person_id, role)`` pairs, in the order of ``Role``."""
    order = {role: position for position, role in enumerate(Role)}
    roles = defaultdict(list)
    for person_id, role in sorted(pairs, key=lambda pair: order.get(pair[1], len(order))):
        roles[person_id].append(Role(role).label)
    return roles


class FilmPage:
    """The film page's sections (``FILM_SECTIONS``) in page order, leaving out the empty ones, and their sources."""

    def __init__(
        self,
        film,
        *,
        credits=(),
        alternative_titles=(),
        quotes=(),
        locations=(),
        nominations=(),
        genres=(),
        countries=(),
        writing=((), (), ()),
        films=((), ()),
        stills=(),
    ):
        """``film`` comes from ``FilmQuerySet.for_detail()`` and the rest from ``film_page_rows(film)``."""
        self.film = film
        self.credits = list(credits)
        self.alternative_titles = list(alternative_titles)
        self.quotes = list(quotes)
        self.locations = list(locations)
        self.nominations = list(nominations)
        self.genres = list(genres)
        self.countries = list(countries)
        self.plot_sections, self.notes, self.key_scenes = (list(rows) for rows in writing)
        self.directors = [credit for credit in self.credits if credit.role == Role.DIRECTOR]
        self.cast = [credit for credit in self.credits if credit.role == Role.ACTOR]
        self.crew = credits_by_role(self.credits, exclude={Role.ACTOR})
        self.composers = [credit for credit in self.credits if credit.role == Role.COMPOSER]
        self.award_groups = nominations_by_body(self.nominations)
        self.other_films_by_directors, self.recommended_films = (list(rows) for rows in films)
        # A picture whose licence or credit is not stated yet is not shown, even to staff previewing.
        self.stills = [still for still in stills if still.image.is_showable]
        self._plot = _by_attribute(self.plot_sections, "part")
        self._notes = _by_attribute(self.notes, "kind")

        self.sections = []
        self.sources = Sources()
        for declared in FILM_SECTIONS:
            section = _section(declared, declared.content(self))
            if section:
                self.sections.append(section)

    @property
    def poster(self):
        """The poster, if the page may show it; drawn art stands in otherwise."""
        return shown(self.film.poster)

    @property
    def backdrop(self):
        return shown(self.film.backdrop)

    @property
    def social_image(self):
        """What a link preview shows: the backdrop, which is wide like the preview, else the poster, else a still."""
        return social_image(self.backdrop, self.poster, *(still.image for still in self.stills[:1]))

    @property
    def has_spoilers(self):
        """Whether anything on the page is folded: a spoiler item, or a text with a spoiler level of its own."""
        return any(
            getattr(item, "is_spoiler", False) for section in self.sections for item in section.shown_items()
        ) or any(is_spoiler_level(level) for level in self._text_spoiler_levels())

    def _text_spoiler_levels(self):
        if self.film.post_credits_note:
            yield self.film.post_credits_spoiler_level
        for credit in self.credits:
            if credit.character_description:
                yield credit.description_spoiler_level
        for film in self.recommended_films:
            if film.card_note:
                yield film.card_spoiler_level

    def plot_of(self, part):
        return self._plot[part]

    def notes_of(self, kind):
        return self._notes[kind]

    def note_groups(self, *labelled_kinds):
        """A ``Group`` per ``(label, kind)`` that has notes."""
        return [Group(label, self._notes[kind]) for label, kind in labelled_kinds if self._notes[kind]]

    def claims(self):
        """The statements of the sections so far that can carry a source, in page order."""
        return [item for section in self.sections for item in section.shown_items() if hasattr(item, "has_source")]

    def sourcing_summary(self):
        """How many of the page's statements carry a source, and how many are disputed, for its readers."""
        claims = self.claims()
        if not claims:
            return ""
        unsourced = sum(not claim.has_source for claim in claims)
        disputed = sum(claim.disputed for claim in claims)
        if unsourced:
            verb = "has" if unsourced == 1 else "have"
            text = f"{unsourced} of the {len(claims)} statements on this page {verb} no source yet"
            text += ": each is marked “no source”."
        else:
            text = f"Each of the {len(claims)} statements on this page has a source."
        if disputed == 1:
            text += " One is disputed, with the reason beside it."
        elif disputed:
            text += f" {disputed} are disputed, with the reason beside each."
        return text

    def cited_sources(self):
        """The sources cited by the sections so far, numbered in page order."""
        for section in self.sections:
            for item in section.shown_items():
                if getattr(item, "has_source", False):
                    self.sources.cite(item)
        return list(self.sources)

    @property
    def other_films_title(self):
        names = [credit.person.name for credit in self.directors]
        if len(names) == 1:
            return f"Other films by {names[0]}"
        return "Other films by the directors"


def _section(declared, content):
    """The page's ``Section`` for a declared one, or ``None`` when it has nothing to show."""
    items, groups, text = content.get("items", ()), content.get("groups", ()), content.get("text", "")
    if not (items or groups or text or content.get("shown")):
        return None
    return Section(
        declared.slug,
        content.get("title", declared.title),
        declared.template_name,
        items=list(items),
        groups=list(groups),
        text=text,
    )


def _by_attribute(objects, attribute):
    grouped = defaultdict(list)
    for obj in objects:
        grouped[getattr(obj, attribute)].append(obj)
    return grouped
