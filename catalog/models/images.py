"""Uploaded images: what is accepted and how it is cleaned before the library (``catalog.models.library``)
stores it."""

import io
import warnings
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Well under Pillow's own bomb limit (~89 megapixels): a poster needs no more than this.
MAX_PIXELS = 25_000_000
FORMATS = {"JPEG": ("jpg", "jpeg"), "PNG": ("png",), "WEBP": ("webp",)}
EXTENSIONS = sorted(ext for exts in FORMATS.values() for ext in exts)
# The image mode that holds pixels in each colour space an embedded profile may describe.
PROFILE_MODES = {"RGB": "RGB", "GRAY": "L", "CMYK": "CMYK"}
PICK_HELP = "Chosen from the image library (the magnifier searches it, and adds a new picture to it)."
IMAGE_HELP = (
    f"JPEG, PNG or WebP, at most {MAX_UPLOAD_BYTES // 1024 // 1024} MB and {MAX_PIXELS // 1_000_000} megapixels. "
    "Location, camera and every other metadata are removed on upload, and colours converted to sRGB."
)


def _open(file):
    """Open an upload as an image of an allowed format, turning every failure into a form error."""
    # Pillow is imported here, not at the top: only uploads need it, and loading it in every web
    # worker that never sees one costs about 3 MB of memory each.
    from PIL import Image, UnidentifiedImageError

    file.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(file, formats=list(FORMATS))
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(
                    f"This image is {image.width}×{image.height} pixels; the limit is "
                    f"{MAX_PIXELS // 1_000_000} megapixels. Resize it and upload again.",
                    code="too_many_pixels",
                )
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(
                "This image declares more pixels than is safe to open (a decompression bomb).", code="bomb"
            ) from error
        except UnidentifiedImageError as error:
            raise ValidationError("This file is not a JPEG, PNG or WebP image.", code="not_an_image") from error
        except (OSError, SyntaxError, ValueError) as error:
            raise ValidationError("This image is damaged or incomplete.", code="damaged") from error
    return image


def validate_image(file):
    """Field validator: size, extension and real content, checked with Pillow."""
    if getattr(file, "_committed", False):
        return  # already stored: it passed these checks when it was uploaded
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"This file is {file.size / 1024 / 1024:.1f} MB; the limit is {MAX_UPLOAD_BYTES // 1024 // 1024} MB.",
            code="too_large",
        )
    extension = PurePosixPath(file.name).suffix.lower().lstrip(".")
    if extension not in EXTENSIONS:
        raise ValidationError(
            f"“.{extension}” files are not accepted; upload a JPEG, PNG or WebP image.", code="extension"
        )
    image = _open(file)
    if extension not in FORMATS[image.format]:
        raise ValidationError(
            f"The file is named .{extension} but holds a {image.format} image; rename it and upload again.",
            code="mismatch",
        )
    file.seek(0)


def _encode(image, image_format, **options):
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def _in_srgb(image):
    """The pixels converted from the embedded colour profile to sRGB, which browsers assume of an image without
    one, so that dropping the profile keeps the colours; unchanged when there is no profile or it is unreadable."""
    from PIL import ImageCms

    icc = image.info.get("icc_profile")
    if not icc:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = PROFILE_MODES[source.profile.xcolor_space.strip()]
        alpha = image.convert("RGBA").getchannel("A") if _has_alpha(image) else None
        converted = ImageCms.profileToProfile(
            image.convert(mode), source, ImageCms.createProfile("sRGB"), outputMode="RGB"
        )
    except (ImageCms.PyCMSError, KeyError, OSError, ValueError):
        return image
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


def _has_alpha(image):
    return "A" in image.getbands() or "transparency" in image.info


def _pixels_only(image):
    """A copy holding the pixels and nothing else: Pillow writes parts of ``info`` back when it saves (a
    JPEG's comment, a PNG's colour profile), and a palette's transparency lives there too, so palettes go."""
    if image.mode == "P" or "transparency" in image.info:
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    clean = image.copy()
    clean.info = {}
    return clean


def normalise(file):
    """Upright, in sRGB and re-encoded in its own format with no metadata at all: no EXIF, GPS, XMP, comments,
    text chunks or colour profile, any of which can carry text (a ``<script>`` in a JPEG comment included)."""
    from PIL import ImageOps

    image = _open(file)
    image_format = image.format
    clean = _pixels_only(_in_srgb(ImageOps.exif_transpose(image)))
    if image_format == "JPEG":
        clean = clean.convert("RGB")
        data = _encode(clean, "JPEG", quality=88, optimize=True)
    elif image_format == "PNG":
        data = _encode(clean, "PNG", optimize=True)
    else:
        data = _encode(clean, "WEBP", quality=85)
    return ContentFile(data), clean


class CatalogImageFormField(forms.ImageField):
    """Runs the catalog's checks before Django's own, so the editor reads the specific reason."""

    def to_python(self, data):
        if data not in self.empty_values:
            validate_image(data)
        return super().to_python(data)


class CatalogImageField(models.ImageField):
    """The poster and photo fields before the image library (``catalog.models.library``); kept for the
    migrations that made and removed them."""
