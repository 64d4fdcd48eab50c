"""The image library: each picture stored once, with what it shows, who made it and under what licence,
and used by films (poster, backdrop, stills) and people (photo) by reference.

A stored file is named by nothing but its content: the same file uploaded twice is found by its checksum
(the SHA-256 of the cleaned file) and refused as a duplicate. Renditions (``catalog.models.renditions``)
are made when an image is saved, named from the checksum and focal point, so a page builds their
addresses without asking anything, and a replaced file or a moved focal point gets new names: no cache
anywhere holds a stale picture under the old one.
"""

import hashlib
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import slugify

from . import renditions
from .base import NaturalKeyModel, Ordered, Timestamped
from .choices import Licence
from .images import IMAGE_HELP, CatalogImageFormField, normalise, validate_image
from .querysets import NaturalKeyQuerySet

FOCAL_HELP = "Where the picture's subject is, from 0 (left or top) to 1 (right or bottom); crops keep it in view."


class LibraryImageField(models.ImageField):
    """The library's file: validated as every upload is, cleaned of all metadata and stored under its checksum."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_image])
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CatalogImageFormField, **kwargs})

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        # Width and height are set from the cleaned picture as it is stored (pre_save), never by opening the
        # file again: a restore writes the rows before their files, and a list of pictures should read none.
        return

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            content, picture = model_instance.cleaned_upload()
            stem = slugify(PurePosixPath(file.name).stem)[:60] or "image"
            extension = PurePosixPath(file.name).suffix.lower()
            file.save(
                f"{model_instance.checksum[:2]}/{stem}-{model_instance.checksum[:12]}{extension}", content, False
            )
            # After the save, which measures the stored file itself (and may not manage, for some formats).
            model_instance.width, model_instance.height = picture.size
        return file


class Image(NaturalKeyModel, Timestamped):
    file = LibraryImageField(upload_to="images/", width_field="width", height_field="height", help_text=IMAGE_HELP)
    title = models.CharField(max_length=200, help_text="What editors search the library by, e.g. “Janis at the dig”.")
    slug = models.SlugField(
        max_length=220, unique=True, help_text="The picture's name in fixtures and backups, e.g. “janis-at-the-dig”."
    )
    alt_text = models.CharField(
        "alt text",
        max_length=300,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it. Required unless it is decorative.",
    )
    decorative = models.BooleanField(
        default=False, help_text="Tick only if the picture adds nothing a reader needs; it then has no alt text."
    )
    caption = models.TextField(blank=True, help_text="Shown under the picture wherever it is used without its own.")
    credit = models.CharField(
        max_length=200, blank=True, help_text="The photographer or owner, as they ask to be credited."
    )
    licence = models.CharField(max_length=20, choices=Licence.choices, blank=True)
    source_url = models.URLField("source URL", max_length=500, blank=True, help_text="Where the picture came from.")
    date = models.DateField(null=True, blank=True, help_text="When it was taken or first published.")
    focal_x = models.FloatField(
        "focal point, across",
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=FOCAL_HELP,
    )
    focal_y = models.FloatField(
        "focal point, down", default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)], help_text=FOCAL_HELP
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    # The SHA-256 of the stored (cleaned) file: how a duplicate upload is found, and what renditions are named by.
    checksum = models.CharField(max_length=64, unique=True, editable=False)

    objects = NaturalKeyQuerySet.as_manager()

    NATURAL_KEY = ("slug",)

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decorative=True) | ~models.Q(alt_text=""),
                name="image_alt_text_unless_decorative",
                violation_error_message="Describe the picture for readers who cannot see it, or mark it decorative.",
            ),
            models.CheckConstraint(
                condition=models.Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_inside",
                violation_error_message="The focal point must lie inside the picture (0 to 1 each way).",
            ),
            models.CheckConstraint(condition=models.Q(licence__in=Licence.values), name="image_licence_valid"),
        ]

    CHECKS_REPORTED_AT = {"image_alt_text_unless_decorative": "alt_text", "image_focal_point_inside": "focal_x"}

    def __str__(self):
        return self.title

    # The file

    def cleaned_upload(self):
        """The upload cleaned (``images.normalise``), with ``checksum`` set from it; made once per upload."""
        if getattr(self, "_cleaned", None) is None or self._cleaned[0] is not self.file.file:
            content, picture = normalise(self.file)
            self.checksum = hashlib.sha256(content.read()).hexdigest()
            content.seek(0)
            self._cleaned = (self.file.file, (content, picture))
        return self._cleaned[1]

    def clean(self):
        super().clean()
        if self.file and not self.file._committed:
            try:
                self.cleaned_upload()
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from None
            same = Image.objects.filter(checksum=self.checksum).exclude(pk=self.pk).first()
            if same is not None:
                raise ValidationError(
                    {"file": f"This picture is already in the library as “{same.title}”: use that one instead."},
                    code="duplicate",
                )
        if self.pk and self.rights_missing:
            shown_on = list(self.published_films()[:5])
            if shown_on:
                field = "licence" if "licence" in self.rights_missing else "credit"
                titles = ", ".join(str(film) for film in shown_on)
                raise ValidationError({field: f"Published films show this picture ({titles}): state its {field}."})

    def published_films(self):
        """The published films that show this picture, as poster, backdrop or still."""
        uses = models.Q(poster=self) | models.Q(backdrop=self) | models.Q(stills__image=self)
        return self.posters.model.objects.published().filter(uses).distinct()

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            self.cleaned_upload()
        super().save(*args, **kwargs)
        self.ensure_renditions()

    # Renditions

    @property
    def rendition_key(self):
        """Names this picture's renditions: its content and its focal point, so changing either renames them."""
        return f"{self.checksum[:40]}-{round(self.focal_x * 1000):04d}-{round(self.focal_y * 1000):04d}"

    def rendition_paths(self):
        return [
            renditions.rendition_path(self.rendition_key, spec.name, width, fmt)
            for spec in renditions.SPECS.values()
            for width, _ in renditions.planned(self.width, self.height, spec)
            for fmt in renditions.OUTPUT_FORMATS
        ]

    def ensure_renditions(self, replace=False):
        """Write the renditions that are missing (all of them with ``replace``); the paths written."""
        storage = self.file.storage
        if not replace and all(storage.exists(path) for path in self.rendition_paths()):
            return []
        from PIL import Image as Pillow

        with storage.open(self.file.name, "rb") as stored, Pillow.open(stored) as picture:
            picture.load()
            return renditions.write_renditions(
                storage, picture, self.rendition_key, self.focal_x, self.focal_y, replace=replace
            )

    def picture(self, spec):
        """What ``<picture>`` needs for one of ``renditions.SPECS``: sources, fallback, intrinsic size."""
        return renditions.picture(self.file.storage, self.width, self.height, self.rendition_key, spec)

    # Rights

    @property
    def rights_missing(self):
        """What stops a published page from showing the picture: its licence or credit, if not stated."""
        missing = []
        if not self.licence:
            missing.append("licence")
        if not self.credit and self.licence not in (Licence.PUBLIC_DOMAIN, Licence.CC0):
            missing.append("credit")
        return missing

    @property
    def is_showable(self):
        """Whether a public page may show the picture: only with its licence and credit stated."""
        return bool(self.checksum) and not self.rights_missing

    def rights_error(self):
        return (
            f"The picture “{self}” has no {' or '.join(self.rights_missing)} yet: state it in the image library "
            "before a published film shows it."
        )

    @property
    def licence_short(self):
        return Licence(self.licence).short if self.licence else ""

    @property
    def licence_url(self):
        return Licence(self.licence).url if self.licence else ""


class Still(NaturalKeyModel, Ordered):
    """A still from the film, in the gallery on its page, with a caption of its own or the picture's."""

    film = models.ForeignKey("Film", on_delete=models.CASCADE, related_name="stills")
    image = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="stills")
    caption = models.CharField(max_length=300, blank=True, help_text="Leave empty to use the picture's caption.")

    objects = NaturalKeyQuerySet.as_manager()

    NATURAL_KEY = ("film__slug", "image__slug")

    class Meta(Ordered.Meta):
        constraints = [models.UniqueConstraint(fields=["film", "image"], name="still_once_per_film")]

    def __str__(self):
        return self.caption or str(self.image)

    def clean(self):
        super().clean()
        if self.film_id and self.image_id and self.film.is_published and self.image.rights_missing:
            raise ValidationError({"image": self.image.rights_error()})

    @property
    def shown_caption(self):
        return self.caption or self.image.caption
