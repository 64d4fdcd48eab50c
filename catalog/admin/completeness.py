"""How complete a film's page is: which checks of ``sections.CHECKS`` hold, and what lacks a source.

Editors use this to decide what to research next. Everything is computed by the database in
the same query that lists the films, as EXISTS and COUNT subqueries.
"""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from ..models import FilmingLocation, FilmNote, KeyScene, Nomination, PlotSection, Quote
from ..models.sections import CHECKS

CLAIM_MODELS = [PlotSection, FilmNote, Quote, Nomination, FilmingLocation, KeyScene]


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
    flags = {check.field: check.condition() for check in CHECKS}
    unsourced = sum((_unsourced_count(model) for model in CLAIM_MODELS), Value(0))
    return films.annotate(**flags, unsourced_claims=unsourced)


def incomplete(films):
    """Films missing at least one section (expects ``with_completeness``)."""
    missing = Q()
    for check in CHECKS:
        missing |= Q(**{check.field: False})
    return films.filter(missing)


def complete(films):
    return films.filter(**{check.field: True for check in CHECKS})


def missing_sections(film):
    """Labels of the sections an annotated film lacks, in page order."""
    return [check.label for check in CHECKS if not getattr(film, check.field)]
