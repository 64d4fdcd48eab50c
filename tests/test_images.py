"""Uploaded posters and photos: only real, reasonable images get in, cleaned and resized."""

import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog.images import MAX_PIXELS, RENDITIONS, rendition_name
from catalog.models import Film

pytestmark = pytest.mark.django_db


def image_bytes(image_format="JPEG", size=(40, 60), mode="RGB", **save_options):
    buffer = io.BytesIO()
    Image.new(mode, size, "tomato").save(buffer, format=image_format, **save_options)
    return buffer.getvalue()


class PosterForm(forms.ModelForm):
    class Meta:
        model = Film
        fields = ["title", "slug", "year", "status", "poster"]


def submit_poster(name, content):
    data = {"title": "Poster test", "slug": "poster-test", "year": 2020, "status": "draft"}
    return PosterForm(data, {"poster": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(("name", "image_format"), [("p.jpg", "JPEG"), ("p.png", "PNG"), ("p.webp", "WEBP")])
def test_jpeg_png_and_webp_posters_are_accepted_with_renditions(name, image_format):
    form = submit_poster(name, image_bytes(image_format, size=(1200, 1800)))
    assert form.is_valid(), form.errors
    film = form.save()
    storage = film.poster.storage
    assert storage.exists(film.poster.name)
    for size, width in RENDITIONS.items():
        with storage.open(rendition_name(film.poster.name, size)) as rendition, Image.open(rendition) as image:
            assert image.format == "WEBP"
            assert image.width == width
    assert film.poster.thumb_url.endswith("-thumb.webp")


def test_a_renamed_text_file_is_rejected_with_a_clear_error():
    form = submit_poster("poster.jpg", b"this is not an image at all")
    assert not form.is_valid()
    assert "not a JPEG, PNG or WebP image" in form.errors["poster"][0]
    assert not Film.objects.exists()


def test_a_gif_is_rejected_even_though_pillow_can_read_it():
    form = submit_poster("poster.jpg", image_bytes("GIF", mode="P"))
    assert not form.is_valid()
    assert "not a JPEG, PNG or WebP" in form.errors["poster"][0]


def test_an_unaccepted_extension_is_rejected():
    form = submit_poster("poster.bmp", image_bytes("JPEG"))
    assert not form.is_valid()
    assert "“.bmp” files are not accepted" in form.errors["poster"][0]


def test_an_image_over_the_pixel_cap_is_rejected_before_it_is_decoded():
    side = int(MAX_PIXELS**0.5) + 100
    # A PNG of one flat colour compresses to a few KB however many pixels it declares.
    content = image_bytes("PNG", size=(side, side), mode="1")
    assert len(content) < 200_000
    form = submit_poster("huge.png", content)
    assert not form.is_valid()
    assert "megapixels" in form.errors["poster"][0]


def test_a_decompression_bomb_gets_its_own_message(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    form = submit_poster("bomb.png", image_bytes("PNG", size=(100, 100)))
    assert not form.is_valid()
    assert "decompression bomb" in form.errors["poster"][0]


def test_a_truncated_image_is_rejected():
    content = image_bytes("PNG", size=(300, 300), mode="RGB")
    form = submit_poster("broken.png", content[: len(content) // 2])
    assert not form.is_valid()
    assert form.errors["poster"]


def test_exif_orientation_is_applied_and_metadata_removed():
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    exif[0x010F] = "Camera maker with GPS"
    form = submit_poster("sideways.jpg", image_bytes("JPEG", size=(40, 60), exif=exif.tobytes()))
    assert form.is_valid(), form.errors
    film = form.save()
    with film.poster.open() as stored, Image.open(stored) as image:
        assert image.size == (60, 40)
        assert not image.getexif()


def test_model_validation_applies_the_same_rules_outside_forms():
    film = Film(title="Direct", slug="direct", year=2020)
    film.poster = SimpleUploadedFile("fake.png", b"GIF89a not really")
    with pytest.raises(ValidationError) as excinfo:
        film.full_clean()
    assert "poster" in excinfo.value.message_dict
