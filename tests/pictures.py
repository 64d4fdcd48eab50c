"""Pictures for the tests of the public pages: library images painted with Pillow, stored as an editor's upload
is (renditions and all), and a URLconf that serves them to a browser test's live server."""

import io
import random

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import re_path
from django.views.static import serve
from PIL import Image as Pillow
from PIL import ImageDraw, ImageFilter

from catalog.models import Image
from catalog.models.choices import Licence
from filmsite.urls import urlpatterns as site_urlpatterns


def painting(size, seed):
    """A soft picture, unlike any other seed's: a two-colour gradient with blurred discs, as a still might be."""
    chance = random.Random(seed)
    width, height = size
    top, bottom = (tuple(chance.randrange(low, low + 130) for _ in range(3)) for low in (15, 110))
    fade = Pillow.linear_gradient("L").resize(size)
    picture = Pillow.composite(Pillow.new("RGB", size, bottom), Pillow.new("RGB", size, top), fade)
    draw = ImageDraw.Draw(picture)
    for _ in range(6):
        radius = chance.randrange(height // 10, height // 3)
        x, y = chance.randrange(width), chance.randrange(height)
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=tuple(chance.randrange(256) for _ in "rgb")
        )
    return picture.filter(ImageFilter.GaussianBlur(radius=max(size) // 60))


def library_image(slug, size=(480, 720), seed=None, **fields):
    """A picture added to the library with its rights stated, which writes its renditions."""
    buffer = io.BytesIO()
    painting(size, seed if seed is not None else slug).save(buffer, format="JPEG", quality=85)
    title = slug.replace("-", " ").capitalize()
    fields = {
        "title": title,
        "alt_text": f"{title}: soft discs of colour on a gradient",
        "licence": Licence.CC_BY_4,
        "credit": "Ana Fotógrafa",
        **fields,
    }
    image = Image(slug=slug, **fields)
    image.file = SimpleUploadedFile(f"{slug}.jpg", buffer.getvalue())
    image.full_clean()
    image.save()
    return image


def _media(request, path):
    # MEDIA_ROOT is read per request: each test stores its pictures in a folder of its own.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# The site's addresses, and its media as ``make run`` serves them (settings.SERVE_MEDIA is off in tests).
urlpatterns = [*site_urlpatterns, re_path(r"^media/(?P<path>.*)$", _media)]
