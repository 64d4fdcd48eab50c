"""How the public pages show library pictures: which ones they may show, the addresses beyond ``Image.picture()``
they link to, and the drawn art that stands in when a film or person has no picture to show.

Arithmetic on rows already fetched, like ``Image.picture()``: nothing here reads the database or the storage.
"""

import zlib
from dataclasses import dataclass

from ..models import renditions

# The stand-in art's colours and motifs: each is a class in site.css, since the pages' CSP allows no
# inline style. A film or person keeps its look on every page because it follows from the slug alone.
ART_TONES = 8
ART_MOTIFS = 3


def shown(image):
    """``image`` if a public page may show it (a picture with its licence and credit stated), else None."""
    return image if image is not None and image.is_showable else None


def full_size(image, spec="still"):
    """``(url, width, height)`` of the widest JPEG rendition of ``spec``, or None for an image of no size."""
    widths = renditions.planned(image.width, image.height, renditions.SPECS[spec])
    if not widths:
        return None
    width, height = widths[-1]
    path = renditions.rendition_path(image.rendition_key, spec, width, renditions.FALLBACK_FORMAT)
    return image.file.storage.url(path), width, height


def full_size_url(image, spec="still"):
    """The address of the widest JPEG rendition of ``spec``: a still's full-size view, which needs no script."""
    rendition = full_size(image, spec)
    return rendition[0] if rendition else ""


@dataclass(frozen=True)
class Art:
    """The stand-in for a missing picture: a colour (``tone``, 1 to ``ART_TONES``) and a motif drawn on it."""

    tone: int
    motif: int

    @property
    def css_class(self):
        return f"art art--tone-{self.tone} art--motif-{self.motif}"


def art_for(slug):
    """The same art for the same slug on every page and in every process (``hash()`` would change per process)."""
    number = zlib.crc32(str(slug).encode())
    return Art(tone=number % ART_TONES + 1, motif=number // ART_TONES % ART_MOTIFS + 1)


def initials(name):
    """“Penélope Cruz” → “PC”, “Madonna” → “M”: the first letters of the first and last words."""
    words = str(name).split()
    if not words:
        return ""
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


@dataclass(frozen=True)
class SocialImage:
    """A link preview's picture (``og:image``): the 1200 by 630 JPEG rendition, its size and description."""

    url: str
    width: int
    height: int
    alt: str


def social_image(*candidates):
    """The first showable picture of ``candidates`` as a ``SocialImage``, or None."""
    for image in candidates:
        image = shown(image)
        picture = image.picture("og") if image else None
        if picture:
            alt = "" if image.decorative else image.alt_text
            return SocialImage(picture["src"], picture["width"], picture["height"], alt)
    return None
