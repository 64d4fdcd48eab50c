"""What the pages ask the database, each method named for the question it answers.

Models import these classes, so this module reaches models only inside methods.
"""

from django.db import models
from django.db.models import Prefetch


class NaturalKeyQuerySet(models.QuerySet):
    """The manager half of ``NaturalKeyModel``: fetch a row by the values of its natural key."""

    def get_by_natural_key(self, *values):
        return self.get(**dict(zip(self.model.NATURAL_KEY, values, strict=True)))


class FilmQuerySet(NaturalKeyQuerySet):
    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def recently_updated(self):
        return self.order_by("-updated_at", "title")

    def visible_to(self, user):
        """Staff may preview drafts; everyone else sees published films only."""
        if user.is_active and user.is_staff:
            return self.all()
        return self.published()

    def directed_by(self, people):
        """Films with a director credit for any of ``people`` (people, ids or a subquery)."""
        from .models import Role

        return self.filter(credits__role=Role.DIRECTOR, credits__person__in=people).distinct()

    def by_same_directors(self, film):
        """The director's other films, derived from credits rather than stored twice."""
        from .models import Credit

        directors = Credit.objects.filter(film=film).directors().values("person")
        return self.directed_by(directors).exclude(pk=film.pk).order_by("year", "title")

    def for_detail(self):
        """Everything the film page shows, fetched in a fixed number of queries."""
        from .models import AlternativeTitle, Credit, FilmingLocation, Nomination, Quote, Recommendation

        return self.select_related("original_language").prefetch_related(
            "genres",
            "countries",
            Prefetch("alternative_titles", queryset=AlternativeTitle.objects.select_related("language", "country")),
            Prefetch("credits", queryset=Credit.objects.select_related("person").order_by("billing_order", "pk")),
            "plot_sections",
            "notes",
            "key_scenes",
            Prefetch("quotes", queryset=Quote.objects.select_related("speaker__person")),
            Prefetch("locations", queryset=FilmingLocation.objects.select_related("country")),
            Prefetch("nominations", queryset=Nomination.objects.for_listing()),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.filter(recommended__status=self.model.Status.PUBLISHED).select_related(
                    "recommended"
                ),
            ),
        )


class CreditQuerySet(NaturalKeyQuerySet):
    def directors(self):
        return self.filter(role=self.model.Role.DIRECTOR)

    def cast(self):
        return self.filter(role=self.model.Role.ACTOR)


class PersonQuerySet(NaturalKeyQuerySet):
    def for_detail(self):
        """The person page: their credits and nominations on published films, in a fixed number of queries.

        The filtered lists land in ``published_credits`` and ``published_nominations`` so that nobody mistakes
        them for all of the person's rows.
        """
        from .models import Credit, FilmStatus, Nomination

        credits = (
            Credit.objects.filter(film__status=FilmStatus.PUBLISHED)
            .select_related("film")
            .order_by("-film__year", "film__title", "billing_order", "pk")
        )
        return self.prefetch_related(
            Prefetch("credits", queryset=credits, to_attr="published_credits"),
            Prefetch(
                "nominations",
                queryset=Nomination.objects.for_published_films().for_listing(),
                to_attr="published_nominations",
            ),
        )


class GenreQuerySet(NaturalKeyQuerySet):
    pass


class NominationQuerySet(NaturalKeyQuerySet):
    def won(self):
        return self.filter(outcome=self.model.Outcome.WON)

    def for_listing(self):
        return self.select_related("category__body", "person", "film").order_by(
            "category__body__name", "-year", "category__name"
        )

    def for_published_films(self):
        from .models import FilmStatus

        return self.filter(film__status=FilmStatus.PUBLISHED)

    def presented_by(self, body):
        """An award body's nominations, newest edition first, winners first within each category."""
        winners_first = models.Case(models.When(outcome=self.model.Outcome.WON, then=0), default=1)
        return (
            self.filter(category__body=body)
            .select_related("category", "person", "film")
            .order_by("-year", "category__name", winners_first, "film__title", "person__name")
        )
