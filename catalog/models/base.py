"""Field groups shared by the catalog's models, declared once."""

import functools

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models.functions import Now
from django.urls import get_script_prefix, reverse

from .choices import SpoilerLevel
from .fields import PlainTextModel, WebURLField

# A slug reverse() accepts, stood in for the real one: slugs need no escaping, so it can be swapped in as text.
_SLUG_PLACEHOLDER = "slug-placeholder"


@functools.cache
def _slug_url_template(viewname, script_prefix):
    return reverse(viewname, args=[_SLUG_PLACEHOLDER])


def slug_url(viewname, slug):
    """``reverse(viewname, args=[slug])`` for a page addressed by one slug, without resolving it every time.

    Film and person pages link to dozens of people and films, and ``reverse()`` took a tenth of their
    rendering time; the address is resolved once per view (and script prefix) and reused.
    """
    return _slug_url_template(viewname, get_script_prefix()).replace(_SLUG_PLACEHOLDER, slug, 1)


def follow(obj, path):
    """The value at ``path`` from ``obj``, a lookup path such as ``"film__slug"``; None past an empty link."""
    for attr in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, attr)
    return obj


class NaturalKeyModel(PlainTextModel):
    """A model named by ``NATURAL_KEY``, lookup paths such as ``("film__slug", "heading")``.

    Fixtures then name rows by slugs rather than ids, and loading a row without a primary key
    updates the row with the same natural key instead of adding a duplicate: that is what
    makes loading the fixtures idempotent. The manager's half is ``NaturalKeyQuerySet``.
    """

    NATURAL_KEY = ()
    # The field a check on several fields is reported at, by the constraint's name.
    CHECKS_REPORTED_AT = {}

    class Meta:
        abstract = True

    def natural_key(self):
        return tuple(follow(self, path) for path in self.NATURAL_KEY)

    def validate_constraints(self, exclude=None):
        """Django's checks of the table's constraints, with a check on one field reported at that field.

        A form then shows "The year must be between 1888 and 2100." beside the year, not only above the form.
        """
        try:
            super().validate_constraints(exclude)
        except ValidationError as error:
            raise ValidationError(_at_their_fields(self, error.update_error_dict({}))) from None

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        # The row as read, so that a save can tell what it changes (a credit moved to another film)
        # without reading the row again (``catalog.derived``).
        instance._loaded_row = (field_names, values)
        return instance


def _at_their_fields(instance, errors):
    """``errors`` with each failed check on one field (or named in ``CHECKS_REPORTED_AT``) moved from the
    form's errors to that field's, and each failed conditional unique constraint on one field too."""
    moved = {}  # a form-wide message → (the field it belongs to, what to say there instead, if anything)
    for constraint in instance._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            fields = constraint.condition.referenced_base_fields
            field = instance.CHECKS_REPORTED_AT.get(constraint.name)
            if field is None and len(fields) == 1:
                field = next(iter(fields))
            if field is not None:
                moved[str(constraint.get_violation_error_message())] = (field, None)
        elif _unique_with_condition_on_one_field(constraint):
            # Django says "Constraint “film_imdb_id_unique” is violated." above the form; say what it says of a
            # plain unique field instead ("Film with this IMDb ID already exists."), beside the field.
            fields = constraint.fields
            reworded = instance.unique_error_message(type(instance), fields)
            moved[str(constraint.get_violation_error_message())] = (fields[0], reworded)
    placed = {}
    for key, messages in errors.items():
        for message in messages:
            target, reworded = moved.get(str(message.message), (key, None)) if key == NON_FIELD_ERRORS else (key, None)
            placed.setdefault(target, []).append(reworded or message)
    return placed


def _unique_with_condition_on_one_field(constraint):
    return (
        isinstance(constraint, models.UniqueConstraint)
        and constraint.condition is not None
        and len(constraint.fields) == 1
        and constraint.violation_error_message == constraint.default_violation_error_message
    )


# The first surviving motion picture is from 1888; nothing in the catalog predates it.
MIN_YEAR = 1888
MAX_YEAR = 2100


def year_range_check(field, name):
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": MIN_YEAR, f"{field}__lte": MAX_YEAR}),
        name=name,
        violation_error_message=f"The year must be between {MIN_YEAR} and {MAX_YEAR}.",
    )


def spoiler_level_field(verbose_name=None, **kwargs):
    """How much a text gives away: the public page folds mild and major spoilers until the visitor opens them."""
    kwargs.setdefault(
        "help_text", "Mild and major spoilers stay hidden on the public page until the visitor reveals them."
    )
    return models.CharField(
        verbose_name, max_length=5, choices=SpoilerLevel.choices, default=SpoilerLevel.NONE, **kwargs
    )


def spoiler_level_valid(field, name):
    return models.CheckConstraint(condition=models.Q(**{f"{field}__in": SpoilerLevel.values}), name=name)


SPOILER_LEVEL_VALID = spoiler_level_valid("spoiler_level", "%(app_label)s_%(class)s_spoiler_level_valid")


class Timestamped(models.Model):
    # db_default fills the columns for rows that skip save(), such as fixtures being loaded.
    created_at = models.DateTimeField("created", auto_now_add=True, db_default=Now())
    updated_at = models.DateTimeField("last edited", auto_now=True, db_default=Now(), db_index=True)

    class Meta:
        abstract = True


class Sourced(models.Model):
    """Where a claim comes from; an item without a source is allowed but flagged to editors."""

    source_url = WebURLField(
        "source URL", max_length=500, blank=True, help_text="Link to the page that backs this claim."
    )
    source_publication = models.CharField(
        "source publication",
        max_length=200,
        blank=True,
        help_text="Who published it, e.g. “Variety” or a book title with page.",
    )
    source_retrieved = models.DateField(
        "retrieved on", null=True, blank=True, help_text="When the source was last checked."
    )
    disputed = models.BooleanField(
        default=False, help_text="The claim is in doubt: visitors see it marked, with the note below."
    )
    dispute_note = models.CharField(
        "why it is disputed",
        max_length=300,
        blank=True,
        help_text="For visitors, e.g. “No interview with the designer confirms it.”",
    )

    class Meta:
        abstract = True

    @property
    def has_source(self):
        return bool(self.source_url or self.source_publication)

    def clean(self):
        super().clean()
        if self.source_retrieved and not self.has_source:
            raise ValidationError({"source_retrieved": "Give the source’s URL or publication along with the date."})
        if self.disputed and not self.dispute_note.strip():
            raise ValidationError({"dispute_note": "Say why the claim is disputed: visitors read it beside it."})
        if self.dispute_note and not self.disputed:
            raise ValidationError({"disputed": "Tick “disputed” for the note to be shown, or clear the note."})


# A disputed claim says why, and only a disputed one has a dispute note.
DISPUTE_EXPLAINED = models.CheckConstraint(
    condition=models.Q(disputed=True) & ~models.Q(dispute_note="") | models.Q(disputed=False, dispute_note=""),
    name="%(app_label)s_%(class)s_dispute_explained",
    violation_error_message="A disputed claim needs a note saying why, and only a disputed one has a note.",
)


class Spoilable(models.Model):
    spoiler_level = spoiler_level_field()

    class Meta:
        abstract = True

    @property
    def is_spoiler(self):
        return self.spoiler_level != SpoilerLevel.NONE


class Ordered(models.Model):
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position on the film page; lower numbers come first."
    )

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class FilmPart(Ordered, Spoilable):
    """A piece of a film's page: ordered, and possibly a spoiler."""

    class Meta(Ordered.Meta):
        abstract = True


class Claim(FilmPart, Sourced):
    """A fact about a film that a reader may want to check: ordered, spoilable and sourced."""

    class Meta(FilmPart.Meta):
        abstract = True
