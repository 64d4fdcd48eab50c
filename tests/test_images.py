"""Pictures uploaded to the library: only real, reasonable images get in, cleaned and resized."""

import io
import struct

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, PngImagePlugin

from catalog.models import Image as LibraryImage
from catalog.models.images import MAX_PIXELS

# Image checks and cleaning happen before anything is written.
pytestmark = [pytest.mark.django_db, pytest.mark.engine_independent]


def image_bytes(image_format="JPEG", size=(40, 60), mode="RGB", **save_options):
    buffer = io.BytesIO()
    Image.new(mode, size, "tomato").save(buffer, format=image_format, **save_options)
    return buffer.getvalue()


class PictureForm(forms.ModelForm):
    class Meta:
        model = LibraryImage
        fields = ["file", "title", "slug", "alt_text", "focal_x", "focal_y"]


def submit_poster(name, content):
    data = {"title": "Poster test", "slug": "poster-test", "alt_text": "A poster", "focal_x": 0.5, "focal_y": 0.5}
    return PictureForm(data, {"file": SimpleUploadedFile(name, content)})


RENDITION_FORMATS = {"avif": "AVIF", "webp": "WEBP", "jpg": "JPEG"}


@pytest.mark.parametrize(("name", "image_format"), [("p.jpg", "JPEG"), ("p.png", "PNG"), ("p.webp", "WEBP")])
def test_jpeg_png_and_webp_posters_are_accepted_with_renditions(name, image_format):
    form = submit_poster(name, image_bytes(image_format, size=(1200, 1800)))
    assert form.is_valid(), form.errors
    picture = form.save()
    storage = picture.file.storage
    assert storage.exists(picture.file.name)
    assert picture.rendition_paths()
    for path in picture.rendition_paths():
        with storage.open(path) as rendition, Image.open(rendition) as image:
            assert image.format == RENDITION_FORMATS[path.rsplit(".", 1)[1]]


def test_a_renamed_text_file_is_rejected_with_a_clear_error():
    form = submit_poster("poster.jpg", b"this is not an image at all")
    assert not form.is_valid()
    assert "not a JPEG, PNG or WebP image" in form.errors["file"][0]
    assert not LibraryImage.objects.exists()


def test_a_gif_is_rejected_even_though_pillow_can_read_it():
    form = submit_poster("poster.jpg", image_bytes("GIF", mode="P"))
    assert not form.is_valid()
    assert "not a JPEG, PNG or WebP" in form.errors["file"][0]


def test_an_unaccepted_extension_is_rejected():
    form = submit_poster("poster.bmp", image_bytes("JPEG"))
    assert not form.is_valid()
    assert "“.bmp” files are not accepted" in form.errors["file"][0]


def test_an_image_over_the_pixel_cap_is_rejected_before_it_is_decoded():
    side = int(MAX_PIXELS**0.5) + 100
    # A PNG of one flat colour compresses to a few KB however many pixels it declares.
    content = image_bytes("PNG", size=(side, side), mode="1")
    assert len(content) < 200_000
    form = submit_poster("huge.png", content)
    assert not form.is_valid()
    assert "megapixels" in form.errors["file"][0]


def test_a_decompression_bomb_gets_its_own_message(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    form = submit_poster("bomb.png", image_bytes("PNG", size=(100, 100)))
    assert not form.is_valid()
    assert "decompression bomb" in form.errors["file"][0]


def test_a_truncated_image_is_rejected():
    content = image_bytes("PNG", size=(300, 300), mode="RGB")
    form = submit_poster("broken.png", content[: len(content) // 2])
    assert not form.is_valid()
    assert form.errors["file"]


def test_exif_orientation_is_applied_and_metadata_removed():
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    exif[0x010F] = "Camera maker with GPS"
    form = submit_poster("sideways.jpg", image_bytes("JPEG", size=(40, 60), exif=exif.tobytes()))
    assert form.is_valid(), form.errors
    picture = form.save()
    with picture.file.open() as stored, Image.open(stored) as image:
        assert image.size == (60, 40)
        assert not image.getexif()


def test_model_validation_applies_the_same_rules_outside_forms():
    picture = LibraryImage(title="Direct", slug="direct", alt_text="Direct")
    picture.file = SimpleUploadedFile("fake.png", b"GIF89a not really")
    with pytest.raises(ValidationError) as excinfo:
        picture.full_clean()
    assert "file" in excinfo.value.message_dict


# What an attacker might hide in an image's metadata, for a page or a tool that shows it unescaped.
PAYLOAD = "<script>alert(1)</script>"
# What Pillow reports of a file that holds pixels only: JPEG's JFIF header and progressive scan, WebP's
# animation defaults.
STRUCTURAL_INFO = {
    "jfif",
    "jfif_version",
    "jfif_unit",
    "jfif_density",
    "progressive",
    "progression",
    "loop",
    "background",
}


def icc_profile(*, swap_red_and_green=False, text=""):
    """An sRGB profile, with ``text`` in its description and appended to it, or its red and green primaries
    swapped, so that a pixel stored as red means green."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    if swap_red_and_green:
        tags = {bytes(profile[at : at + 4]): at for at in range(132, 132 + 12 * profile[131], 12)}
        red, green = tags[b"rXYZ"] + 4, tags[b"gXYZ"] + 4
        profile[red : red + 8], profile[green : green + 8] = profile[green : green + 8], profile[red : red + 8]
    if text:
        description = "sRGB built-in".encode("utf-16-be")
        profile = profile.replace(description, text[: len("sRGB built-in")].encode("utf-16-be"))
        profile += text.encode()
        profile[:4] = struct.pack(">I", len(profile))
    return bytes(profile)


def exif_with_text():
    exif = Image.Exif()
    exif[0x010E] = PAYLOAD  # ImageDescription
    exif[0x9286] = PAYLOAD  # UserComment
    return exif.tobytes()


def png_text():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", PAYLOAD)
    info.add_text("Description", PAYLOAD, zip=True)
    info.add_itxt("XML:com.adobe.xmp", f"<x:xmpmeta>{PAYLOAD}</x:xmpmeta>", lang="en")
    return info


XMP = f"<x:xmpmeta xmlns:x='adobe:ns:meta/'>{PAYLOAD}</x:xmpmeta>".encode()
METADATA_LADEN = {
    "jpeg": (
        "laden.jpg",
        "JPEG",
        {"comment": PAYLOAD.encode(), "xmp": XMP, "exif": exif_with_text(), "icc_profile": icc_profile(text=PAYLOAD)},
    ),
    "png": (
        "laden.png",
        "PNG",
        {"pnginfo": png_text(), "exif": exif_with_text(), "icc_profile": icc_profile(text=PAYLOAD)},
    ),
    "webp": (
        "laden.webp",
        "WEBP",
        {"xmp": XMP, "exif": exif_with_text(), "icc_profile": icc_profile(text=PAYLOAD)},
    ),
}


def stored_files(media_root):
    return sorted(path for path in media_root.rglob("*") if path.is_file())


@pytest.mark.parametrize("kind", METADATA_LADEN)
def test_uploads_are_stored_with_no_metadata_at_all(media_root, kind):
    name, image_format, metadata = METADATA_LADEN[kind]
    content = image_bytes(image_format, size=(600, 900), **metadata)
    assert PAYLOAD.encode() in content
    form = submit_poster(name, content)
    assert form.is_valid(), form.errors
    picture = form.save()

    files = stored_files(media_root)
    assert len(files) == 1 + len(picture.rendition_paths())
    for path in files:
        data = path.read_bytes()
        # The payload in any spelling a reader could decode: bytes, UTF-16 (ICC, EXIF) or compressed (PNG zTXt):
        # re-encoding keeps no chunk it came in, so not even the word survives.
        for encoding in ("ascii", "utf-16-be", "utf-16-le"):
            assert "script".encode(encoding) not in data.lower(), path.name
        with Image.open(path) as image:
            assert set(image.info) <= STRUCTURAL_INFO, (path.name, image.info.keys())
            assert not image.getexif(), path.name
            assert not getattr(image, "text", None), path.name


def test_an_embedded_colour_profile_is_applied_to_the_pixels_then_dropped():
    # Stored as red under a profile that says red is green: a browser shows green, and so must the page.
    content = image_bytes("PNG", size=(400, 600), icc_profile=icc_profile(swap_red_and_green=True))
    form = submit_poster("profiled.png", content)
    assert form.is_valid(), form.errors
    picture = form.save()

    names = [picture.file.name, *picture.rendition_paths()]
    for name in names:
        with picture.file.storage.open(name) as stored, Image.open(stored) as image:
            assert "icc_profile" not in image.info
            red, green, _ = image.convert("RGB").getpixel((10, 10))
            assert green > 200 and red < 150, (name, red, green)
