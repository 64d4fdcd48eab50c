"""Renditions of library images: the crops and widths the pages show, in AVIF and WebP with a JPEG fallback.

A rendition's name follows from the image's key (made from its checksum), the spec, the width and the format, so a
page builds its ``<picture>`` from the image's row alone, without asking the storage or the database; a new file
has a new key and so new names, and nothing stale survives in any cache.

Encoder settings were chosen by measuring bytes, quality and encode time on a 24-megapixel photo
(docs/benchmarks.md, "Renditions"): AVIF at quality 55 and speed 6 is the smallest for the quality of WebP at 80
and JPEG at 85; a slower AVIF speed saves a few per cent more for many times the time, and a faster one costs
bytes every visitor pays for. WebP's slower methods save too little to be worth their time.

Pillow is imported inside the functions: web workers that only build addresses never load it.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile

RENDITIONS_DIR = "images/renditions"


@dataclass(frozen=True)
class Spec:
    """One way the pages show a picture: its shape (None keeps the original's), the widths made, and the
    ``sizes`` attribute that tells the browser how wide it is drawn, so it picks a width before layout."""

    name: str
    aspect: float | None
    widths: tuple[int, ...]
    sizes: str


# ``sizes`` follow site.css: a 72rem column with 1.5rem gutters from 40rem up, and the 42rem text measure.
SPECS = {
    spec.name: spec
    for spec in (
        # Film cards in lists: two to a row on a phone, 11rem wide from 40rem up.
        Spec("card", 2 / 3, (160, 320, 480), "(min-width: 40rem) 11rem, 45vw"),
        # The film page's poster column: 9.5rem on a phone, then 13rem, then 16rem.
        Spec("poster", 2 / 3, (320, 480, 640, 960), "(min-width: 64rem) 16rem, (min-width: 40rem) 13rem, 9.5rem"),
        # Across the whole content column.
        Spec("backdrop", 16 / 9, (640, 960, 1280, 1920), "(min-width: 75rem) 72rem, 100vw"),
        # Within the text measure, in the original's own shape.
        Spec("still", None, (320, 640, 960, 1600), "(min-width: 45rem) 42rem, 100vw"),
        # The size Facebook, LinkedIn and Slack crop link previews to; never drawn in a page.
        Spec("og", 1200 / 630, (1200,), "1200px"),
        # The person page's photo, 12rem from 40rem up and 7rem on a phone, at twice that for dense screens;
        # cast lists draw it smaller and pass their own ``sizes``.
        Spec("headshot", 1.0, (96, 192, 384), "(min-width: 40rem) 12rem, 7rem"),
    )
}

# Best first: a browser takes the first ``<source>`` it can show, and JPEG is the ``<img>`` every browser can.
OUTPUT_FORMATS = ("avif", "webp", "jpeg")
FALLBACK_FORMAT = "jpeg"
MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}
PILLOW_FORMATS = {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}
ENCODER_OPTIONS = {
    "avif": {"quality": 55, "speed": 6},
    "webp": {"quality": 80, "method": 4},
    "jpeg": {"quality": 85, "optimize": True, "progressive": True},
}
# ``settings.FAST_RENDITIONS``: the encoders at their fastest, for machines where time counts more than bytes
# (the tests, which check renditions' formats and sizes, never their bytes). The same files, larger.
FAST_ENCODER_OPTIONS = {
    "avif": {"quality": 55, "speed": 10},
    "webp": {"quality": 80, "method": 0},
    "jpeg": {"quality": 85},
}
# Resizing reduces by a whole factor first while the result stays at least this many times the target, which
# Pillow's documentation calls indistinguishable from a full Lanczos pass and which costs a fraction of one.
REDUCING_GAP = 3.0
# JPEG has no alpha: transparent parts become white, the background of most pages and link previews.
JPEG_BACKGROUND = (255, 255, 255)


def rendition_path(checksum, spec_name, width, fmt):
    """Where a rendition is stored, from names alone; the checksum's first two characters spread the files
    over folders, as the originals are."""
    return f"{RENDITIONS_DIR}/{checksum[:2]}/{checksum}-{spec_name}-{width}.{EXTENSIONS[fmt]}"


def crop_box(width, height, aspect, focal_x, focal_y):
    """The largest box of ``aspect`` (width / height; None for the whole image) inside the image, centred on
    the focal point (fractions from the left and top) as far as the edges allow."""
    if aspect is None:
        return (0, 0, width, height)
    if width / height > aspect:
        box_width, box_height = min(width, max(1, round(height * aspect))), height
    else:
        box_width, box_height = width, min(height, max(1, round(width / aspect)))
    left = _centred(focal_x * width, box_width, width)
    top = _centred(focal_y * height, box_height, height)
    return (left, top, left + box_width, top + box_height)


def _centred(focus, length, limit):
    """The start of a span of ``length`` centred on ``focus`` and moved back inside ``0..limit`` if need be."""
    return min(max(round(focus - length / 2), 0), limit - length)


def planned(width, height, spec):
    """The (width, height) of each rendition of ``spec`` made for an original of this size.

    Widths wider than the crop are left out, as upscaling adds bytes and no detail, but one is always made:
    the crop's own width when every planned width is wider. Empty for an original of no size.
    """
    if width < 1 or height < 1:
        return []
    left, top, right, bottom = crop_box(width, height, spec.aspect, 0.5, 0.5)
    box_width, box_height = right - left, bottom - top
    widths = [w for w in spec.widths if w <= box_width] or [box_width]
    return [(w, _height_for(w, box_width, box_height, spec.aspect)) for w in widths]


def _height_for(width, box_width, box_height, aspect):
    # From the spec's aspect when it has one, so that every original gives, say, an Open Graph image of
    # exactly 1200 by 630 however its crop was rounded; never taller than the crop.
    exact = width / aspect if aspect else width * box_height / box_width
    return min(box_height, max(1, round(exact)))


def write_renditions(storage, pil_image, checksum, focal_x, focal_y, specs=SPECS, replace=False):
    """Write every planned rendition of ``specs`` (a mapping of name to Spec) that is missing, or all of them
    with ``replace``, to ``storage``; the paths written."""
    image = _ready_to_resize(pil_image)
    written = []
    for spec in specs.values():
        box = crop_box(image.width, image.height, spec.aspect, focal_x, focal_y)
        # The smaller widths are resized from the largest one made, a fraction of the work of resizing the
        # original again and no different to the eye.
        largest = None
        for size in sorted(planned(image.width, image.height, spec), reverse=True):
            paths = {fmt: rendition_path(checksum, spec.name, size[0], fmt) for fmt in OUTPUT_FORMATS}
            missing = [fmt for fmt, path in paths.items() if replace or not storage.exists(path)]
            if not missing:
                continue
            if largest is None:
                rendition = largest = _resized(image, size, box)
            else:
                rendition = _resized(largest, size)
            written += [_store(storage, paths[fmt], encode(rendition, fmt), replace) for fmt in missing]
    return written


def _resized(source, size, box=None):
    from PIL import Image

    rendition = source.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=REDUCING_GAP)
    rendition.info = {}  # resize copies ``info``, and AVIF would write a colour profile found there
    return rendition


def _ready_to_resize(image):
    """The image as 8-bit RGB, or RGBA when any pixel is not opaque: the modes every encoder here takes, and an
    alpha channel that is opaque throughout would only cost bytes."""
    if image.mode.startswith("I"):  # 16-bit greyscale PNG: scaled, since converting would clip it to white
        image = image.convert("I").point(lambda value: value / 257).convert("L")
    if "A" in image.getbands() or "transparency" in image.info:
        image = image.convert("RGBA")
        if image.getchannel("A").getextrema()[0] < 255:
            return image
    return image if image.mode == "RGB" else image.convert("RGB")


def encode(image, fmt):
    """The bytes of ``image`` as a rendition file in ``fmt``, with the chosen settings and no metadata."""
    if fmt == FALLBACK_FORMAT and image.mode == "RGBA":
        image = _flattened(image)
    buffer = io.BytesIO()
    options = FAST_ENCODER_OPTIONS if settings.FAST_RENDITIONS else ENCODER_OPTIONS
    image.save(buffer, format=PILLOW_FORMATS[fmt], **options[fmt])
    return buffer.getvalue()


def _flattened(image):
    from PIL import Image

    background = Image.new("RGBA", image.size, JPEG_BACKGROUND)
    return Image.alpha_composite(background, image).convert("RGB")


def _store(storage, path, data, replace):
    """Save under exactly ``path``: ``Storage.save`` picks another name when the file exists, and no page would
    ask for a rendition under that one."""
    if replace:
        storage.delete(path)
    name = storage.save(path, ContentFile(data))
    if name != path:  # another process wrote the same rendition in the meantime; keep theirs
        storage.delete(name)
    return path


def picture(storage, width, height, checksum, spec_name):
    """What a ``<picture>`` of one spec needs, for an original of this size: a ``<source>`` per modern format,
    the fallback ``<img>``'s ``src``, ``srcset`` and ``sizes``, and that image's intrinsic ``width`` and
    ``height``, which reserve its shape before it loads. Arithmetic and ``storage.url()`` only: nothing is
    read. None for an original of no size."""
    spec = SPECS[spec_name]
    sizes = planned(width, height, spec)
    if not sizes:
        return None

    def url(target_width, fmt):
        return storage.url(rendition_path(checksum, spec.name, target_width, fmt))

    def srcset(fmt):
        return ", ".join(f"{url(target_width, fmt)} {target_width}w" for target_width, _ in sizes)

    fallback_width, fallback_height = sizes[len(sizes) // 2]
    return {
        "sources": [
            {"type": MIME_TYPES[fmt], "srcset": srcset(fmt)} for fmt in OUTPUT_FORMATS if fmt != FALLBACK_FORMAT
        ],
        "src": url(fallback_width, FALLBACK_FORMAT),
        "srcset": srcset(FALLBACK_FORMAT),
        "width": fallback_width,
        "height": fallback_height,
        "sizes": spec.sizes,
    }
