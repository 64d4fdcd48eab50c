from django.db import models

from .base import NaturalKeyModel, slug_url
from .fields import PlainTextModel
from .querysets import CountryQuerySet, GenreQuerySet, LanguageQuerySet


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
