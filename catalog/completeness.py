"""How complete a film's page is: which of the article's sections are filled, and what lacks a source.

Editors use this to decide what to research next. Everything is computed by the database in
the same query that lists the films, as EXISTS and COUNT subqueries.
"""

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from .models import (
    Credit,
    FilmingLocation,
    FilmNote,
    KeyScene,
    Nomination,
    NoteKind,
    PlotPart,
    PlotSection,
    PostCredits,
    Quote,
    Recommendation,
    Role,
)

CLAIM_MODELS = [FilmNote, Quote, Nomination, FilmingLocation, KeyScene]


def _exists(model, **filters):
    return Exists(model.objects.filter(film=OuterRef("pk"), **filters))


def _filled(field):
    return lambda: ExpressionWrapper(~Q(**{field: ""}), output_field=BooleanField())


# Section label -> condition that is true when the section has content.
SECTIONS = {
    "summary": lambda: _exists(PlotSection, part=PlotPart.SUMMARY),
    "ending": lambda: _exists(PlotSection, part=PlotPart.ENDING),
    "cast": lambda: _exists(Credit, role=Role.ACTOR),
    "director": lambda: _exists(Credit, role=Role.DIRECTOR),
    "composer": lambda: _exists(Credit, role=Role.COMPOSER),
    "locations": lambda: _exists(FilmingLocation),
    "behind the scenes": lambda: _exists(FilmNote, kind=NoteKind.BEHIND_THE_SCENES),
    "trivia": lambda: _exists(FilmNote, kind=NoteKind.TRIVIA),
    "key scenes": lambda: _exists(KeyScene),
    "quotes": lambda: _exists(Quote),
    "recommendations": lambda: _exists(Recommendation),
    "logline": _filled("logline"),
    "type of movie": _filled("movie_type"),
    "music note": _filled("score_note"),
    "why watch": _filled("why_watch"),
    "post-credits check": lambda: ExpressionWrapper(
        ~Q(post_credits_scene=PostCredits.UNKNOWN), output_field=BooleanField()
    ),
    "poster": _filled("poster"),
}


def _field(label):
    return "has_" + label.replace(" ", "_").replace("-", "_")


def _unsourced_count(model):
    rows = (
        model.objects.filter(film=OuterRef("pk"), source_url="", source_publication="")
        .order_by()
        .values("film")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_completeness(films):
    """Annotate each film with ``has_<section>`` flags and ``unsourced_claims``."""
    flags = {_field(label): condition() for label, condition in SECTIONS.items()}
    unsourced = sum((_unsourced_count(model) for model in CLAIM_MODELS), Value(0))
    return films.annotate(**flags, unsourced_claims=unsourced)


def incomplete(films):
    """Films missing at least one section (expects ``with_completeness``)."""
    missing = Q()
    for label in SECTIONS:
        missing |= Q(**{_field(label): False})
    return films.filter(missing)


def complete(films):
    return films.filter(**{_field(label): True for label in SECTIONS})


def missing_sections(film):
    """Labels of the sections an annotated film lacks, in page order."""
    return [label for label in SECTIONS if not getattr(film, _field(label))]
