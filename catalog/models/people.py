from django.core.exceptions import ValidationError
from django.db import models

from .base import NaturalKeyModel, Timestamped, slug_url, spoiler_level_field, spoiler_level_valid
from .choices import Role
from .identifiers import IMDB_PERSON, ExternalIds, imdb_field, unique_external_ids
from .images import PICK_HELP
from .querysets import CreditQuerySet, PersonQuerySet


class Person(NaturalKeyModel, ExternalIds, Timestamped):
    TMDB_KIND = "person"

    name = models.CharField(max_length=200, help_text="As credited, with accents: “Penélope Cruz”.")
    slug = models.SlugField(
        max_length=220, unique=True, help_text="The person’s address: /people/penelope-cruz/ for “penelope-cruz”."
    )
    imdb_id = imdb_field(IMDB_PERSON, "nm0004851")
    bio = models.TextField(blank=True)
    photo = models.ForeignKey(
        "Image", on_delete=models.PROTECT, null=True, blank=True, related_name="portraits", help_text=PICK_HELP
    )
    birth_date = models.DateField(null=True, blank=True)
    death_date = models.DateField(null=True, blank=True)
    birth_place = models.CharField(max_length=200, blank=True)
    # The name folded (``catalog.search.fold``) for the name filter and search; kept by ``catalog.derived``.
    name_folded = models.CharField(max_length=200, default="", blank=True, editable=False, serialize=False)
    # Derived from the credits, for the people list and the rankings that would otherwise count every
    # credit of every person on each request; ``catalog.derived`` keeps it in step.
    film_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Published films this person is credited on, each counted once."
    )

    objects = PersonQuerySet.as_manager()

    NATURAL_KEY = ("slug",)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            *unique_external_ids("person"),
            models.CheckConstraint(
                condition=models.Q(death_date__isnull=True)
                | models.Q(birth_date__isnull=True)
                | models.Q(death_date__gte=models.F("birth_date")),
                name="person_dies_after_birth",
                violation_error_message="The date of death cannot come before the date of birth.",
            ),
        ]
        indexes = [
            # Each index ends with name_folded, so that the name filter's LIKE is checked in the index
            # and only matching people are read from the table: 15 times faster with 280,000 people.
            models.Index(fields=["name", "name_folded"], name="person_name"),
            # The people the public site lists, in its order: the list's pages, its count and suggestions.
            models.Index(
                fields=["name", "id", "name_folded"],
                condition=models.Q(film_count__gt=0),
                name="person_listed_by_name",
            ),
            models.Index(fields=["-film_count", "name", "name_folded"], name="person_most_films"),
            # The listed people's keys alone, in order: where each page of the sitemap starts.
            models.Index(fields=["id"], condition=models.Q(film_count__gt=0), name="person_listed_id"),
            # Imports match people by their folded name: without it, each batch reads every person.
            models.Index(fields=["name_folded"], name="person_name_folded"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("catalog:person-detail", self.slug)


# A credit's name is written for every credit a revision keeps: a lookup, not ``get_role_display()``.
ROLE_LABELS = dict(Role.choices)


class Credit(NaturalKeyModel):
    Role = Role

    # Neither link needs an index of its own: the unique constraint leads with the film, and the index
    # ``credit_person_role`` with the person. One index fewer for each to keep up at every write.
    film = models.ForeignKey("Film", on_delete=models.CASCADE, related_name="credits", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="credits", db_index=False)
    role = models.CharField(max_length=19, choices=Role.choices)
    character_name = models.CharField(
        max_length=200, blank=True, help_text="Actors only: the character as credited, e.g. “Ana Manso”."
    )
    character_description = models.CharField(
        max_length=200, blank=True, help_text="Actors only: who the character is, e.g. “Ana’s mother”."
    )
    description_spoiler_level = spoiler_level_field(
        "description's spoilers", help_text="What the description gives away; mild and major spoilers are folded."
    )
    billing_order = models.PositiveSmallIntegerField(
        default=0, help_text="Order within the role on the film page; lower numbers come first."
    )

    objects = CreditQuerySet.as_manager()

    NATURAL_KEY = ("film__slug", "person__slug", "role", "character_name")

    class Meta:
        ordering = ["billing_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "person", "role", "character_name"],
                name="credit_unique_per_film_person_role_character",
                violation_error_message="This person already has this credit on this film.",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values),
                name="credit_role_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(role=Role.ACTOR) | models.Q(character_name="", character_description=""),
                name="credit_character_only_for_actors",
                violation_error_message="Only actor credits have a character name.",
            ),
            spoiler_level_valid("description_spoiler_level", "credit_description_spoiler_level_valid"),
        ]
        indexes = [
            models.Index(fields=["person", "role"], name="credit_person_role"),
            models.Index(fields=["film", "role", "billing_order"], name="credit_film_role_billing"),
        ]

    def __str__(self):
        if self.character_name:
            return f"{self.person} as {self.character_name} in {self.film}"
        return f"{self.person}, {ROLE_LABELS.get(self.role, self.role).lower()} of {self.film}"

    def clean(self):
        super().clean()
        if self.role != self.Role.ACTOR:
            for field in ("character_name", "character_description"):
                if getattr(self, field):
                    raise ValidationError({field: "Only actor credits have a character."})
