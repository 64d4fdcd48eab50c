"""The film page's sections, declared once: the page, completeness, search links and tests loop over them.

Each section names its anchor and heading, the include that renders it, what it shows (read from the
page's presenter, so nothing here touches presentation), the checks that tell editors whether it is
filled, and which rows live in it so that search results can link straight to them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from .choices import NoteKind, PlotPart, PostCredits, Role
from .content import FilmingLocation, FilmNote, KeyScene, PlotSection, Quote, Recommendation
from .people import Credit


@dataclass(frozen=True)
class Check:
    """One thing an editor should fill: ``condition()`` is a database expression, true when it is filled."""

    label: str
    condition: Callable

    @property
    def field(self):
        """The name of the film's annotation that holds this check."""
        return "has_" + self.label.replace(" ", "_").replace("-", "_")


@dataclass(frozen=True)
class FilmSection:
    """One ``h2`` section of the film page.

    ``content(page)`` returns the section's ``items``, ``groups`` and ``text`` from the page's presenter;
    a section with none of them is left out, unless ``shown`` says otherwise. ``holds`` lists the note
    kinds (and models) whose rows the section shows, for links to them.
    """

    slug: str
    title: str
    template: str
    content: Callable
    checks: tuple = ()
    holds: tuple = field(default=())

    @property
    def template_name(self):
        return f"catalog/film/sections/{self.template}.html"


def _exists(model, **filters):
    return lambda: Exists(model.objects.filter(film=OuterRef("pk"), **filters))


def _filled(name):
    return lambda: ExpressionWrapper(~Q(**{name: ""}), output_field=BooleanField())


def _chosen(name):
    """True when the link ``name`` (a picture from the library) is set."""
    return lambda: ExpressionWrapper(Q(**{f"{name}__isnull": False}), output_field=BooleanField())


def _notes_section(slug, title, kind, *, required=False):
    """A section of the notes of one kind, which search links those notes to; ``required`` for completeness."""
    checks = (Check(title.lower(), _exists(FilmNote, kind=kind)),) if required else ()
    return FilmSection(slug, title, "notes", lambda page: {"items": page.notes_of(kind)}, checks=checks, holds=(kind,))


# What the page's header shows above the sections, and editors should fill too.
HEADER_CHECKS = (Check("logline", _filled("logline")), Check("poster", _chosen("poster")))

FILM_SECTIONS = (
    FilmSection(
        "summary",
        "Summary",
        "plot",
        lambda page: {"items": page.plot_of(PlotPart.SUMMARY)},
        checks=(Check("summary", _exists(PlotSection, part=PlotPart.SUMMARY)),),
    ),
    FilmSection(
        "ending",
        "Ending",
        "plot",
        lambda page: {"items": page.plot_of(PlotPart.ENDING)},
        checks=(Check("ending", _exists(PlotSection, part=PlotPart.ENDING)),),
    ),
    FilmSection(
        "post-credits",
        "Post-credits scenes",
        "post_credits",
        lambda page: {
            "text": page.film.post_credits_note,
            "shown": page.film.post_credits_scene != PostCredits.UNKNOWN,
        },
        checks=(
            Check(
                "post-credits check",
                lambda: ExpressionWrapper(~Q(post_credits_scene=PostCredits.UNKNOWN), output_field=BooleanField()),
            ),
        ),
    ),
    FilmSection(
        "type-of-movie",
        "Type of movie",
        "text",
        lambda page: {"text": page.film.movie_type},
        checks=(Check("type of movie", _filled("movie_type")),),
    ),
    FilmSection(
        "cast",
        "Cast",
        "cast",
        lambda page: {"items": page.cast},
        checks=(Check("cast", _exists(Credit, role=Role.ACTOR)),),
    ),
    FilmSection(
        "crew",
        "Crew",
        "crew",
        lambda page: {"groups": page.crew},
        checks=(Check("director", _exists(Credit, role=Role.DIRECTOR)),),
    ),
    FilmSection("stills", "Stills", "stills", lambda page: {"items": page.stills}),
    FilmSection(
        "music",
        "Music",
        "music",
        lambda page: {"items": page.composers, "text": page.film.score_note},
        checks=(
            Check("composer", _exists(Credit, role=Role.COMPOSER)),
            Check("music note", _filled("score_note")),
        ),
    ),
    FilmSection(
        "filming-locations",
        "Filming locations",
        "locations",
        lambda page: {"items": page.locations},
        checks=(Check("locations", _exists(FilmingLocation)),),
    ),
    FilmSection(
        "awards",
        "Awards and nominations",
        "awards",
        lambda page: {"groups": page.award_groups, "text": page.film.awards_note},
    ),
    _notes_section("behind-the-scenes", "Behind the scenes", NoteKind.BEHIND_THE_SCENES, required=True),
    _notes_section("inspirations", "Inspirations and references", NoteKind.INSPIRATION),
    FilmSection(
        "alternate-endings",
        "Alternate endings and deleted scenes",
        "notes",
        lambda page: {
            "groups": page.note_groups(
                ("Alternate endings", NoteKind.ALTERNATE_ENDING), ("Deleted scenes", NoteKind.DELETED_SCENE)
            )
        },
        holds=(NoteKind.ALTERNATE_ENDING, NoteKind.DELETED_SCENE),
    ),
    _notes_section("book-adaptations", "Book adaptations", NoteKind.BOOK_ADAPTATION),
    FilmSection(
        "key-scenes",
        "Key scenes",
        "key_scenes",
        lambda page: {"items": page.key_scenes},
        checks=(Check("key scenes", _exists(KeyScene)),),
    ),
    FilmSection(
        "quotes",
        "Iconic quotes",
        "quotes",
        lambda page: {"items": page.quotes},
        checks=(Check("quotes", _exists(Quote)),),
        holds=(Quote,),
    ),
    _notes_section("easter-eggs", "Easter eggs", NoteKind.EASTER_EGG),
    _notes_section("trivia", "Trivia", NoteKind.TRIVIA, required=True),
    FilmSection(
        "why-watch",
        "Why watch",
        "text",
        lambda page: {"text": page.film.why_watch},
        checks=(Check("why watch", _filled("why_watch")),),
    ),
    FilmSection(
        "more-by-the-director",
        "Other films by the directors",
        "films",
        lambda page: {"items": page.other_films_by_directors, "title": page.other_films_title},
    ),
    FilmSection(
        "recommended",
        "Recommended films",
        "films",
        lambda page: {"items": page.recommended_films},
        checks=(Check("recommendations", _exists(Recommendation)),),
    ),
    # Last: it numbers the sources cited by the sections above, in page order.
    FilmSection(
        "sources",
        "Sources",
        "sources",
        lambda page: {"items": page.cited_sources(), "text": page.sourcing_summary()},
    ),
)

# Every check of a film's completeness, in page order.
CHECKS = HEADER_CHECKS + tuple(check for section in FILM_SECTIONS for check in section.checks)

# Where each note kind and model is shown, and the note kinds in page order.
SECTION_HOLDING = {held: section.slug for section in FILM_SECTIONS for held in section.holds}
NOTE_KINDS_IN_PAGE_ORDER = tuple(
    held for section in FILM_SECTIONS for held in section.holds if isinstance(held, NoteKind)
)


def section_of(item):
    """The slug of the film page section that shows ``item``, a note or a quote."""
    if isinstance(item, FilmNote):
        return SECTION_HOLDING[NoteKind(item.kind)]
    return SECTION_HOLDING[type(item)]
