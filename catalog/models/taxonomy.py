from django.db import models

from .base import NaturalKeyModel, slug_url
from .choices import BODY_OUTCOME_SEPARATOR, TotalKind
from .fields import PlainTextModel
from .querysets import CountryQuerySet, FilmTotalQuerySet, GenreQuerySet, LanguageQuerySet


class Country(PlainTextModel):
    code = models.CharField("ISO code", max_length=2, primary_key=True, help_text="ISO 3166-1 alpha-2 code, e.g. ES.")
    name = models.CharField(max_length=100, unique=True)
    film_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Published films made in the country."
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name


class Language(PlainTextModel):
    code = models.CharField("ISO code", max_length=3, primary_key=True, help_text="ISO 639 code, e.g. es.")
    name = models.CharField(max_length=100, unique=True)
    film_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Published films in the language, as their original language."
    )

    objects = LanguageQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Genre(NaturalKeyModel):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True, help_text="Shown at the top of the genre’s page.")
    # Derived, like Person.film_count: the home page's chips, the genre page's pagination and the film
    # list's count read it. Countries and languages keep theirs for the list's choices and count.
    film_count = models.PositiveIntegerField(default=0, editable=False, help_text="Published films in the genre.")

    objects = GenreQuerySet.as_manager()

    NATURAL_KEY = ("slug",)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("catalog:genre-detail", self.slug)


class FilmTotal(NaturalKeyModel):
    """How many published films each value of a film list filter without a row of its own gives, kept like
    ``film_count`` (``catalog.derived``): a year, an outcome (or any nomination), an award body, or an outcome
    at an award body. The film list's choices read them instead of counting the whole catalog."""

    Kind = TotalKind

    kind = models.CharField(max_length=12, choices=TotalKind.choices)
    # A year, an outcome, an award body's slug, or both joined by BODY_OUTCOME_SEPARATOR.
    value = models.CharField(max_length=120)
    film_count = models.PositiveIntegerField(help_text="Published films.")

    objects = FilmTotalQuerySet.as_manager()

    NATURAL_KEY = ("kind", "value")
    # Derived from the catalog's rows: a backup leaves it out and a restore counts it afresh.
    BACKED_UP = False
    BODY_OUTCOME_SEPARATOR = BODY_OUTCOME_SEPARATOR

    class Meta:
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="film_total_one_per_value"),
            models.CheckConstraint(condition=models.Q(film_count__gt=0), name="film_total_counts_films"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.value}: {self.film_count} films"
