from django.core.exceptions import ValidationError
from django.db import models

from .base import (
    DISPUTE_EXPLAINED,
    SPOILER_LEVEL_VALID,
    NaturalKeyModel,
    Sourced,
    Spoilable,
    slug_url,
    year_range_check,
)
from .choices import Outcome
from .fields import WebURLField
from .querysets import NaturalKeyQuerySet, NominationQuerySet


class AwardBody(NaturalKeyModel):
    name = models.CharField(max_length=200, unique=True, help_text="e.g. “Academy Awards”.")
    slug = models.SlugField(max_length=100, unique=True)
    short_name = models.CharField(max_length=50, blank=True, help_text="e.g. “Oscars”.")
    country = models.ForeignKey("Country", on_delete=models.PROTECT, null=True, blank=True)
    description = models.TextField(blank=True)
    website = WebURLField(blank=True)

    objects = NaturalKeyQuerySet.as_manager()

    NATURAL_KEY = ("slug",)

    class Meta:
        ordering = ["name"]
        verbose_name = "award body"
        verbose_name_plural = "award bodies"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("catalog:award-body", self.slug)


# How pages name the category of a nomination the sources give without one; nothing is made up in its place.
UNRECORDED_CATEGORY = "Category not recorded"


class AwardCategory(NaturalKeyModel):
    body = models.ForeignKey(AwardBody, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=200, help_text="As the award body names it, e.g. “Volpi Cup for Best Actress”.")
    slug = models.SlugField(max_length=200)
    recorded = models.BooleanField(
        "a known category",
        default=True,
        help_text="Untick for the body's nominations whose category the sources do not give: visitors read "
        "“category not recorded”. One such category per award body.",
    )

    objects = NaturalKeyQuerySet.as_manager()

    NATURAL_KEY = ("body__slug", "slug")

    class Meta:
        ordering = ["body__name", "name"]
        verbose_name = "award category"
        verbose_name_plural = "award categories"
        constraints = [
            models.UniqueConstraint(fields=["body", "slug"], name="award_category_slug_unique_per_body"),
            models.UniqueConstraint(fields=["body", "name"], name="award_category_name_unique_per_body"),
            models.UniqueConstraint(
                fields=["body"],
                condition=models.Q(recorded=False),
                name="award_category_one_unrecorded_per_body",
                violation_error_message="This award body already has its “category not recorded”.",
            ),
        ]

    def __str__(self):
        return f"{self.body}: {self.label}"

    @property
    def label(self):
        """What pages call the category: its name, or, for nominations whose category nobody recorded, that."""
        return self.name if self.recorded else UNRECORDED_CATEGORY


class Nomination(NaturalKeyModel, Spoilable, Sourced):
    """One nomination, shown alike on the film's, the person's and the award's pages."""

    Outcome = Outcome

    film = models.ForeignKey("Film", on_delete=models.CASCADE, related_name="nominations")
    category = models.ForeignKey(AwardCategory, on_delete=models.PROTECT, related_name="nominations")
    year = models.PositiveSmallIntegerField(help_text="Year of the ceremony or festival edition.")
    person = models.ForeignKey(
        "Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        help_text="For awards to a person; they must have a credit on the film.",
    )
    outcome = models.CharField(max_length=9, choices=Outcome.choices, default=Outcome.NOMINATED)
    note = models.CharField(max_length=300, blank=True)

    objects = NominationQuerySet.as_manager()

    NATURAL_KEY = ("film__slug", "category__body__slug", "category__slug", "year", "person__slug")

    class Meta:
        ordering = ["-year", "category__body__name", "category__name"]
        constraints = [
            year_range_check("year", "nomination_year_in_range"),
            SPOILER_LEVEL_VALID,
            DISPUTE_EXPLAINED,
            models.CheckConstraint(condition=models.Q(outcome__in=Outcome.values), name="nomination_outcome_valid"),
            models.UniqueConstraint(
                fields=["film", "category", "year", "person"],
                condition=models.Q(person__isnull=False),
                name="nomination_unique_with_person",
                violation_error_message="This nomination is already recorded.",
            ),
            models.UniqueConstraint(
                fields=["film", "category", "year"],
                condition=models.Q(person__isnull=True),
                name="nomination_unique_without_person",
                violation_error_message="This nomination is already recorded.",
            ),
        ]
        indexes = [
            models.Index(fields=["category", "year"], name="nomination_category_year"),
            models.Index(fields=["outcome", "film"], name="nomination_outcome_film"),
            # The home page's newest wins: the years they fall in, then the wins of those years alone.
            models.Index(fields=["outcome", "-year"], name="nomination_outcome_year"),
        ]

    def __str__(self):
        who = f" ({self.person})" if self.person_id else ""
        return f"{self.category} {self.year}{who}: {self.film} — {self.get_outcome_display().lower()}"

    @property
    def won(self):
        return self.outcome == Outcome.WON

    def clean(self):
        super().clean()
        credited = self.credited_person_ids()
        if self.person_id and credited is not None and self.person_id not in credited:
            raise ValidationError({"person": f"{self.person} has no credit on this film; add the credit first."})

    def credited_person_ids(self):
        """People credited on the film; a form that also saves new credits sets ``credited_people`` first."""
        if getattr(self, "credited_people", None) is not None:
            return self.credited_people
        if self.film_id is None:
            return None  # an unsaved film: the form that creates it checks instead
        return set(self.film.credits.values_list("person_id", flat=True))
