"""The per-film content of a film page: plot, notes, scenes, quotes, places, recommendations."""

from django.core.exceptions import ValidationError
from django.db import models

from .base import DISPUTE_EXPLAINED, SPOILER_LEVEL_VALID, Claim, FilmPart, NaturalKeyModel
from .choices import NoteKind, PlotPart
from .fields import SearchDocumentField
from .querysets import NaturalKeyQuerySet


class PlotSection(NaturalKeyModel, Claim):
    Part = PlotPart

    film = models.ForeignKey("Film", on_delete=models.CASCADE, related_name="plot_sections")
    part = models.CharField(
        max_length=7, choices=Part.choices, default=Part.SUMMARY, help_text="The ending gets its own section."
    )
    heading = models.CharField(max_length=200, help_text="e.g. “Two Mothers, One Fate”.")
    body = models.TextField()

    objects = NaturalKeyQuerySet.as_manager()

    NATURAL_KEY = ("film__slug", "heading")

    class Meta(Claim.Meta):
        constraints = [
            SPOILER_LEVEL_VALID,
            DISPUTE_EXPLAINED,
            models.UniqueConstraint(fields=["film", "heading"], name="plot_section_heading_unique_per_film"),
            models.CheckConstraint(condition=models.Q(part__in=PlotPart.values), name="plot_section_part_valid"),
        ]

    def __str__(self):
        return self.heading


class FilmNote(NaturalKeyModel, Claim):
    """Behind-the-scenes facts, inspirations, trivia and the like: one model, grouped by kind."""

    Kind = NoteKind

    film = models.ForeignKey("Film", on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=17, choices=Kind.choices)
    title = models.CharField(
        max_length=150, help_text="A short lead-in, e.g. “Casting Milena Smit”; unique among the film’s notes."
    )
    text = models.TextField()
    # Its own words, for search to find it by (catalog.search); derived, so never edited or exported.
    search_vector = SearchDocumentField(null=True, blank=True, editable=False, serialize=False)

    objects = NaturalKeyQuerySet.as_manager()

    NATURAL_KEY = ("film__slug", "kind", "title")

    class Meta(Claim.Meta):
        constraints = [
            SPOILER_LEVEL_VALID,
            DISPUTE_EXPLAINED,
            models.UniqueConstraint(fields=["film", "kind", "title"], name="film_note_title_unique_per_kind"),
            models.CheckConstraint(
                condition=models.Q(kind__in=NoteKind.values),
                name="film_note_kind_valid",
            ),
        ]
        indexes = [models.Index(fields=["film", "kind", "order"], name="film_note_film_kind_order")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


class KeyScene(NaturalKeyModel, Claim):
    film = models.ForeignKey("Film", on_delete=models.CASCADE, related_name="key_scenes")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    objects = NaturalKeyQuerySet.as_manager()

    NATURAL_KEY = ("film__slug", "title")

    class Meta(Claim.Meta):
        constraints = [
            SPOILER_LEVEL_VALID,
            DISPUTE_EXPLAINED,
            models.UniqueConstraint(fields=["film", "title"], name="key_scene_title_unique_per_film"),
        ]

    def __str__(self):
        return self.title


class Quote(NaturalKeyModel, Claim):
    film = models.ForeignKey("Film", on_delete=models.CASCADE, related_name="quotes")
    text = models.CharField(max_length=500, help_text="The line as spoken, without quotation marks.")
    speaker = models.ForeignKey(
        "Credit",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="quotes",
        help_text="The actor’s credit on this film; the character’s name comes from it.",
    )
    character_name = models.CharField(
        max_length=200, blank=True, help_text="Only when the speaker has no credit, e.g. “Narrator”."
    )
    context = models.CharField(max_length=300, blank=True, help_text="When or to whom it is said.")
    # Its own words, for search to find it by (catalog.search); derived, so never edited or exported.
    search_vector = SearchDocumentField(null=True, blank=True, editable=False, serialize=False)

    objects = NaturalKeyQuerySet.as_manager()

    NATURAL_KEY = ("film__slug", "text")

    class Meta(Claim.Meta):
        constraints = [
            SPOILER_LEVEL_VALID,
            DISPUTE_EXPLAINED,
            models.UniqueConstraint(fields=["film", "text"], name="quote_text_unique_per_film"),
            models.CheckConstraint(
                condition=models.Q(speaker__isnull=False) | ~models.Q(character_name=""),
                name="quote_has_speaker",
                violation_error_message="Choose the character’s credit, or type who says it.",
            ),
        ]

    def __str__(self):
        return f"{self.speaker_name}: “{self.text}”"

    @property
    def speaker_name(self):
        if self.speaker_id and self.speaker.character_name:
            return self.speaker.character_name
        return self.character_name or (self.speaker.person.name if self.speaker_id else "")

    def clean(self):
        super().clean()
        if self.speaker_id and self.film_id and self.speaker.film_id != self.film_id:
            raise ValidationError({"speaker": "The speaker must be a credit on this film."})


class FilmingLocation(NaturalKeyModel, Claim):
    film = models.ForeignKey("Film", on_delete=models.CASCADE, related_name="locations")
    place = models.CharField(max_length=200, help_text="Town, site or studio, e.g. “Torremocha de Jarama”.")
    region = models.CharField(max_length=200, blank=True, help_text="e.g. “Community of Madrid”.")
    country = models.ForeignKey("Country", on_delete=models.PROTECT, null=True, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    stands_in_for = models.CharField(
        max_length=200, blank=True, help_text="What the place plays in the story, e.g. “Janis’s home village”."
    )
    description = models.TextField(blank=True)

    objects = NaturalKeyQuerySet.as_manager()

    NATURAL_KEY = ("film__slug", "place")

    class Meta(Claim.Meta):
        constraints = [
            SPOILER_LEVEL_VALID,
            DISPUTE_EXPLAINED,
            models.UniqueConstraint(fields=["film", "place"], name="filming_location_unique_per_film"),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    # Spelled out: a NULL in a range test would let a lone coordinate through.
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="filming_location_coordinates_valid",
                violation_error_message="Give both latitude (−90 to 90) and longitude (−180 to 180), or neither.",
            ),
        ]

    def __str__(self):
        return self.place

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def map_url(self):
        """The place on OpenStreetMap, marked at its coordinates; empty without them."""
        if not self.has_coordinates:
            return ""
        lat, lon = f"{self.latitude:f}", f"{self.longitude:f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=13/{lat}/{lon}"

    @property
    def full_name(self):
        """“Madrid, Community of Madrid, Spain”: the place with its region and country."""
        country = self.country.name if self.country_id and self.country else ""
        return ", ".join(part for part in (self.place, self.region, country) if part)


class Recommendation(NaturalKeyModel, FilmPart):
    """Another film the editors recommend; ``spoiler_level`` says what its reason gives away."""

    film = models.ForeignKey("Film", on_delete=models.CASCADE, related_name="recommendations")
    recommended = models.ForeignKey(
        "Film", on_delete=models.CASCADE, related_name="recommended_by", verbose_name="recommended film"
    )
    reason = models.TextField(blank=True, help_text="Why fans of this film would enjoy it.")

    objects = NaturalKeyQuerySet.as_manager()

    NATURAL_KEY = ("film__slug", "recommended__slug")

    class Meta(FilmPart.Meta):
        constraints = [
            SPOILER_LEVEL_VALID,
            models.UniqueConstraint(fields=["film", "recommended"], name="recommendation_unique_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(recommended=models.F("film")),
                name="recommendation_not_self",
                violation_error_message="A film cannot recommend itself.",
            ),
        ]

    def __str__(self):
        return f"{self.film} → {self.recommended}"

    def clean(self):
        super().clean()
        # The check constraint covers this too, but a form that omits ``film`` would skip it.
        if self.film_id is not None and self.film_id == self.recommended_id:
            raise ValidationError({"recommended": "A film cannot recommend itself."})
