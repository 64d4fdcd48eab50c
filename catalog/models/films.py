from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from .base import NaturalKeyModel, Timestamped, slug_url, spoiler_level_field, spoiler_level_valid, year_range_check
from .choices import FilmStatus, PostCredits
from .fields import SearchDocumentField
from .identifiers import IMDB_FILM, ExternalIds, imdb_field, unique_external_ids
from .images import PICK_HELP
from .querysets import FilmQuerySet, NaturalKeyQuerySet
from .text import fold


def stamped_by():
    """A user who did something to the row, kept for the editors' dashboard and never exported."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        serialize=False,
        related_name="+",
    )


class Film(NaturalKeyModel, ExternalIds, Timestamped):
    TMDB_KIND = "movie"

    title = models.CharField(max_length=200, help_text="The title most readers know, e.g. “Parallel Mothers”.")
    original_title = models.CharField(
        max_length=200, blank=True, help_text="Title in the original language, if different."
    )
    slug = models.SlugField(
        max_length=220, unique=True, help_text="The film’s address: /films/parallel-mothers/ for “parallel-mothers”."
    )
    year = models.PositiveSmallIntegerField(help_text="Year of first release.")
    imdb_id = imdb_field(IMDB_FILM, "tt12618926")
    release_date = models.DateField(null=True, blank=True, help_text="First public screening or release.")
    runtime_minutes = models.PositiveSmallIntegerField("runtime (minutes)", null=True, blank=True)
    countries = models.ManyToManyField(
        "Country", blank=True, related_name="films", help_text="Countries of production."
    )
    original_language = models.ForeignKey(
        "Language", on_delete=models.PROTECT, null=True, blank=True, related_name="films"
    )
    genres = models.ManyToManyField("Genre", blank=True, related_name="films")
    logline = models.CharField(
        max_length=300, blank=True, help_text="One sentence, shown in lists and search results."
    )
    overview = models.TextField(blank=True, help_text="The opening paragraph of the film’s page.")
    movie_type = models.TextField(
        "type of movie", blank=True, help_text="What kind of film this is, beyond its genre labels."
    )
    poster = models.ForeignKey(
        "Image", on_delete=models.PROTECT, null=True, blank=True, related_name="posters", help_text=PICK_HELP
    )
    backdrop = models.ForeignKey(
        "Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="backdrops",
        help_text="A wide picture behind the film's heading. " + PICK_HELP,
    )
    post_credits_scene = models.CharField(
        "post-credits scene", max_length=7, choices=PostCredits.choices, default=PostCredits.UNKNOWN
    )
    post_credits_note = models.TextField("post-credits note", blank=True)
    post_credits_spoiler_level = spoiler_level_field(
        "post-credits note's spoilers",
        help_text="What the post-credits note gives away; mild and major spoilers are folded.",
    )
    score_note = models.TextField(
        "music and score", blank=True, help_text="About the score; the composer comes from the credits."
    )
    awards_note = models.TextField(
        blank=True, help_text="Awards context that is not a single nomination, e.g. “numerous other nominations”."
    )
    why_watch = models.TextField("why watch", blank=True)
    status = models.CharField(max_length=9, choices=FilmStatus.choices, default=FilmStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Scheduled changes of publication, made by ``manage.py publish_scheduled``; only Publishers set them
    # (catalog.publication).
    go_live_at = models.DateTimeField(
        "go live at", null=True, blank=True, help_text="Publish the film at this time (checked every minute)."
    )
    unpublish_at = models.DateTimeField(
        "unpublish at", null=True, blank=True, help_text="Take the film back to draft at this time."
    )
    # Who last moved the film between draft, review and published, and who set its schedule: the editors'
    # dashboard reads them. Kept out of exports and versions: users are not catalog content.
    status_changed_by = stamped_by()
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False, serialize=False)
    scheduled_by = stamped_by()
    lock_version = models.PositiveIntegerField(
        default=1, help_text="Bumped on every save so that concurrent edits are detected."
    )
    # Derived from the film and its related rows (catalog.search), so never edited, exported or versioned;
    # left empty on databases that search without it.
    search_vector = SearchDocumentField(null=True, blank=True, editable=False, serialize=False)
    # Every title the film is known by, folded (``catalog.search.fold``) and kept by ``catalog.derived``:
    # the title filter and SQLite's search match words in this one narrow, indexed column rather than
    # folding three columns of every film on every query.
    titles_folded = models.TextField(default="", blank=True, editable=False, serialize=False)

    objects = FilmQuerySet.as_manager()

    NATURAL_KEY = ("slug",)
    CHECKS_REPORTED_AT = {"film_unpublish_after_go_live": "unpublish_at"}

    class Meta:
        ordering = ["title", "year"]
        permissions = [("publish_film", "Can publish and unpublish films")]
        constraints = [
            *unique_external_ids("film"),
            year_range_check("year", "film_year_in_range"),
            models.CheckConstraint(
                condition=models.Q(status__in=FilmStatus.values),
                name="film_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(post_credits_scene__in=PostCredits.values),
                name="film_post_credits_valid",
            ),
            spoiler_level_valid("post_credits_spoiler_level", "film_post_credits_spoiler_level_valid"),
            models.CheckConstraint(
                condition=models.Q(runtime_minutes__isnull=True) | models.Q(runtime_minutes__gt=0),
                name="film_runtime_positive",
                violation_error_message="The runtime must be at least one minute.",
            ),
            models.CheckConstraint(
                condition=models.Q(go_live_at__isnull=True)
                | models.Q(unpublish_at__isnull=True)
                | models.Q(unpublish_at__gt=models.F("go_live_at")),
                name="film_unpublish_after_go_live",
                violation_error_message="“Unpublish at” must be later than “go live at”.",
            ),
        ]
        # One index per sort order of the public lists: the status filter first, then exactly the ORDER BY
        # (with its tie-breakers), so a page, however deep, is read in index order instead of sorting every film.
        # Each ends with titles_folded, so that the title filter is checked in the index and only matching
        # films are read from the table.
        indexes = [
            models.Index(fields=["status", "title", "year", "id", "titles_folded"], name="film_status_title"),
            models.Index(fields=["status", "-year", "title", "id", "titles_folded"], name="film_status_year"),
            models.Index(fields=["status", "-updated_at", "title", "id", "titles_folded"], name="film_status_updated"),
            models.Index(fields=["status", "titles_folded"], name="film_status_titles"),
            # The feed of newly published films (catalog.public.feeds). Partial rather than led by the status:
            # SQLite's planner took a status-led index for the lists' status filter and sorted every film.
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(status=FilmStatus.PUBLISHED),
                name="film_published_newest",
            ),
            # The published films' keys alone, in order: where each page of the sitemap starts.
            models.Index(fields=["id"], condition=models.Q(status=FilmStatus.PUBLISHED), name="film_published_id"),
            # An import's match by title and year, whatever the case (catalog.data.imports.apply._TitleIndex).
            models.Index(Lower("title"), "year", name="film_title_lower_year"),
            models.Index(Lower("original_title"), "year", name="film_original_title_lower_year"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def folded_titles(self, alternative_titles=()):
        """What ``titles_folded`` holds: each title folded, one per line, so no word spans two titles.

        The alternative titles in sorted order, so that the value depends on the titles alone and not on the
        order they were read in (an import's file, a query's)."""
        own = [fold(title) for title in (self.title, self.original_title) if title]
        return "\n".join(dict.fromkeys(own + sorted(fold(title) for title in alternative_titles if title)))

    def clean(self):
        super().clean()
        if self.is_published:
            errors = {name: image.rights_error() for name, image in self.own_pictures() if image.rights_missing}
            if errors:
                raise ValidationError(errors)

    def own_pictures(self):
        """``(field, image)`` for the poster and backdrop the film has."""
        return [(name, getattr(self, name)) for name in ("poster", "backdrop") if getattr(self, f"{name}_id")]

    def pictures_without_rights(self):
        """Every picture the film's page would show that lacks its licence or credit: none may be published."""
        pictures = [image for _, image in self.own_pictures()]
        pictures += [still.image for still in self.stills.all()] if self.pk else []  # prefetched where many are asked
        return [image for image in pictures if image.rights_missing]

    def stamp_publication(self, previously=None):
        """A published film's time of publication: ``previously`` (the time it already had), else now; a film
        that is not published has none. Every save does this; a loader, which writes rows raw, calls it."""
        if self.status == FilmStatus.PUBLISHED and self.published_at is None:
            self.published_at = previously or timezone.now()
        elif self.status != FilmStatus.PUBLISHED:
            self.published_at = None

    def save(self, *args, **kwargs):
        self.stamp_publication()
        if not self._state.adding:
            self.lock_version += 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("catalog:film-detail", self.slug)

    @property
    def is_published(self):
        return self.status == FilmStatus.PUBLISHED


class AlternativeTitle(NaturalKeyModel):
    # Indexed by the unique constraint, which leads with it.
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="alternative_titles", db_index=False)
    title = models.CharField(max_length=200)
    language = models.ForeignKey("Language", on_delete=models.PROTECT, null=True, blank=True)
    country = models.ForeignKey(
        "Country", on_delete=models.PROTECT, null=True, blank=True, help_text="Where this title is used."
    )
    note = models.CharField(max_length=200, blank=True, help_text="e.g. “working title”.")

    objects = NaturalKeyQuerySet.as_manager()

    NATURAL_KEY = ("film__slug", "title")

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["film", "title"], name="alternative_title_unique_per_film"),
        ]
        indexes = [models.Index(Lower("title"), name="alternative_title_lower")]  # as the film's, above

    def __str__(self):
        return self.title
