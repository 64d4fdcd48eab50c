"""Renditions: every spec, width and format is made from an upload, cropped around its focal point, never
upscaled, and named so that a page's ``<picture>`` points at exactly the files written."""

import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from hypothesis import example, given
from hypothesis import strategies as st
from PIL import Image, ImageCms, ImageDraw

from catalog.models.renditions import (
    MIME_TYPES,
    OUTPUT_FORMATS,
    PILLOW_FORMATS,
    SPECS,
    crop_box,
    encode,
    picture,
    planned,
    rendition_path,
    write_renditions,
)

# Pure functions, files in a temporary folder and library rows read in order: nothing depends on the engine.
pytestmark = pytest.mark.engine_independent

CHECKSUM = "ab" + "0" * 62
RED, WHITE = (255, 0, 0), (255, 255, 255)


def storage_in(folder):
    return FileSystemStorage(location=folder, base_url="/media/")


def photo(size=(1280, 800)):
    """A picture with detail everywhere (a gradient under a grid), as encoders meet in a real photo."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 50):
        draw.line([(x, 0), (x, size[1])], fill=(30, 120, 200), width=3)
    return image


def opened(storage, path):
    with storage.open(path) as file, Image.open(file) as image:
        image.load()
        return image


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """Every rendition of one 1280 by 800 photo, made once for the tests that only read them."""
    storage = storage_in(tmp_path_factory.mktemp("renditions"))
    image = photo()
    return storage, image, write_renditions(storage, image, CHECKSUM, 0.5, 0.5)


def test_fast_renditions_are_the_same_pictures_in_more_bytes(settings):
    image = photo((640, 400))
    encoded = {}
    for fast in (False, True):
        settings.FAST_RENDITIONS = fast
        encoded[fast] = {fmt: encode(image, fmt) for fmt in OUTPUT_FORMATS}
    for fmt in OUTPUT_FORMATS:
        for data in (encoded[False][fmt], encoded[True][fmt]):
            with Image.open(io.BytesIO(data)) as opened_image:
                assert (opened_image.format, opened_image.size) == (PILLOW_FORMATS[fmt], (640, 400))
    assert sum(map(len, encoded[True].values())) > sum(map(len, encoded[False].values()))


def test_every_spec_width_and_format_is_written_at_its_planned_size(written):
    storage, original, paths = written
    expected = set()
    for spec in SPECS.values():
        for width, height in planned(*original.size, spec):
            for fmt in OUTPUT_FORMATS:
                path = rendition_path(CHECKSUM, spec.name, width, fmt)
                expected.add(path)
                image = opened(storage, path)
                assert (image.format, image.size) == (PILLOW_FORMATS[fmt], (width, height)), path
    assert set(paths) == expected
    assert len(paths) == len(expected)


def test_an_original_large_enough_gets_every_width_of_every_spec():
    assert all([w for w, _ in planned(6000, 4000, spec)] == list(spec.widths) for spec in SPECS.values())
    assert planned(6000, 4000, SPECS["og"]) == [(1200, 630)]


def test_renditions_carry_no_metadata_even_when_the_image_had_some(tmp_path):
    image = photo((400, 300))
    image.info["icc_profile"] = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.info["comment"] = b"<script>alert(1)</script>"
    storage = storage_in(tmp_path)
    for path in write_renditions(storage, image, CHECKSUM, 0.5, 0.5, specs={"card": SPECS["card"]}):
        rendition = opened(storage, path)
        assert not {"icc_profile", "exif", "xmp", "comment"} & set(rendition.info), path
        assert not rendition.getexif(), path


# The focal point

SQUARE = (760, 40, 1160, 440)  # red, 400 pixels wide, around (0.8, 0.3) of a 1200 by 800 picture


def red_square_picture():
    image = Image.new("RGB", (1200, 800), WHITE)
    ImageDraw.Draw(image).rectangle(SQUARE, fill=RED)
    return image


def close_to(pixel, colour):
    return all(abs(value - wanted) < 40 for value, wanted in zip(pixel[:3], colour, strict=True))


@pytest.mark.parametrize("spec_name", ["card", "headshot"])
@pytest.mark.parametrize(("focal_point", "colour"), [((0.8, 0.3), RED), ((0.1, 0.5), WHITE)])
def test_the_crop_is_centred_on_the_focal_point(tmp_path, spec_name, focal_point, colour):
    storage = storage_in(tmp_path)
    specs = {spec_name: SPECS[spec_name]}
    paths = write_renditions(storage, red_square_picture(), CHECKSUM, *focal_point, specs=specs)
    assert paths
    for path in paths:
        rendition = opened(storage, path)
        centre = (rendition.width // 2, rendition.height // 2)
        assert close_to(rendition.convert("RGB").getpixel(centre), colour), (path, rendition.getpixel(centre))


def test_without_a_focal_point_near_it_the_centre_crop_misses_the_square(tmp_path):
    left, top, right, bottom = crop_box(1200, 800, 2 / 3, 0.5, 0.5)
    assert red_square_picture().getpixel(((left + right) // 2, (top + bottom) // 2)) == WHITE


@given(
    width=st.integers(1, 8000),
    height=st.integers(1, 8000),
    aspect=st.sampled_from([spec.aspect for spec in SPECS.values() if spec.aspect]) | st.floats(0.05, 20),
    focal_x=st.floats(0, 1),
    focal_y=st.floats(0, 1),
)
@example(width=1200, height=800, aspect=2 / 3, focal_x=0, focal_y=0)
@example(width=1200, height=800, aspect=2 / 3, focal_x=1, focal_y=1)
@example(width=1, height=8000, aspect=16 / 9, focal_x=1, focal_y=1)
def test_the_crop_is_the_largest_box_of_the_aspect_inside_the_image_around_the_focal_point(
    width, height, aspect, focal_x, focal_y
):
    left, top, right, bottom = crop_box(width, height, aspect, focal_x, focal_y)
    box_width, box_height = right - left, bottom - top
    assert 0 <= left < right <= width
    assert 0 <= top < bottom <= height
    # Largest: it spans the image one way. Of the aspect: to within the rounding of a side to whole pixels.
    assert box_width == width or box_height == height
    assert abs(box_width - box_height * aspect) <= max(0.5, aspect / 2) + 1e-9 or min(box_width, box_height) == 1
    # The focal point is inside, and at the centre wherever the box could be placed freely.
    for focus, start, end, limit in ((focal_x * width, left, right, width), (focal_y * height, top, bottom, height)):
        assert start - 0.5 <= focus <= end + 0.5
        if start > 0 and end < limit:
            assert abs((start + end) / 2 - focus) <= 0.5


@pytest.mark.parametrize(("focal_point", "corner"), [((0, 0), "top left"), ((1, 1), "bottom right")])
def test_a_focal_point_in_a_corner_pushes_the_crop_against_it(focal_point, corner):
    box = crop_box(1200, 800, 2 / 3, *focal_point)
    assert box == ((0, 0, 533, 800) if corner == "top left" else (667, 0, 1200, 800))
    box = crop_box(800, 1200, 16 / 9, *focal_point)
    assert box == ((0, 0, 800, 450) if corner == "top left" else (0, 750, 800, 1200))


def test_a_spec_without_an_aspect_keeps_the_whole_picture():
    assert crop_box(1200, 800, None, 0.9, 0.1) == (0, 0, 1200, 800)
    assert planned(1200, 800, SPECS["still"]) == [(320, 213), (640, 427), (960, 640)]


# Never upscaled


def test_a_small_original_is_never_upscaled(tmp_path):
    sizes = {name: planned(200, 300, spec) for name, spec in SPECS.items()}
    assert sizes == {
        "card": [(160, 240)],
        "poster": [(200, 300)],  # every width is wider: the crop's own is made instead
        "backdrop": [(200, 112)],
        "still": [(200, 300)],
        "og": [(200, 105)],
        "headshot": [(96, 96), (192, 192)],
    }
    storage = storage_in(tmp_path)
    for path in write_renditions(storage, photo((200, 300)), CHECKSUM, 0.5, 0.5):
        assert opened(storage, path).width <= 200, path


def test_an_original_of_no_size_plans_nothing():
    assert planned(0, 0, SPECS["card"]) == []
    assert picture(storage_in("/nonexistent"), 0, 0, CHECKSUM, "card") is None


# Transparency


def transparent_png():
    """An RGBA PNG, as uploaded: its left half fully transparent, its right half opaque blue."""
    image = Image.new("RGBA", (600, 900), (0, 0, 255, 255))
    ImageDraw.Draw(image).rectangle((0, 0, 299, 899), fill=(0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(buffer.getvalue()))


def test_webp_and_avif_keep_transparency_and_jpeg_shows_it_on_white(tmp_path):
    storage = storage_in(tmp_path)
    write_renditions(storage, transparent_png(), CHECKSUM, 0.5, 0.5, specs={"poster": SPECS["poster"]})
    for width, height in planned(600, 900, SPECS["poster"]):
        left, right = (width // 8, height // 2), (width * 7 // 8, height // 2)
        for fmt in ("avif", "webp"):
            image = opened(storage, rendition_path(CHECKSUM, "poster", width, fmt))
            assert image.mode == "RGBA"
            assert image.getpixel(left)[3] < 10
            assert image.getpixel(right)[3] > 245
        jpeg = opened(storage, rendition_path(CHECKSUM, "poster", width, "jpeg"))
        assert jpeg.mode == "RGB"
        assert close_to(jpeg.getpixel(left), WHITE)
        assert close_to(jpeg.getpixel(right), (0, 0, 255))


def test_an_alpha_channel_that_is_opaque_throughout_is_left_out(tmp_path):
    storage = storage_in(tmp_path)
    paths = write_renditions(storage, photo((400, 600)).convert("RGBA"), CHECKSUM, 0.5, 0.5, {"card": SPECS["card"]})
    assert {opened(storage, path).mode for path in paths} == {"RGB"}


def test_a_16_bit_greyscale_png_keeps_its_tones(tmp_path):
    storage = storage_in(tmp_path)
    grey = Image.new("I;16", (400, 600), 32768)  # the middle of its range
    for path in write_renditions(storage, grey, CHECKSUM, 0.5, 0.5, {"og": SPECS["og"]}):
        assert close_to(opened(storage, path).convert("RGB").getpixel((10, 10)), (128, 128, 128)), path


# What the page asks for


def test_the_picture_points_at_exactly_the_files_written(written):
    storage, original, paths = written
    for name, spec in SPECS.items():
        shown = picture(storage, *original.size, CHECKSUM, name)
        urls = [shown["src"]]
        for srcset in [shown["srcset"], *(source["srcset"] for source in shown["sources"])]:
            candidates = [candidate.split(" ") for candidate in srcset.split(", ")]
            assert [int(w.removesuffix("w")) for _, w in candidates] == [w for w, _ in planned(*original.size, spec)]
            urls += [url for url, _ in candidates]
        for url in urls:
            assert url.startswith("/media/")
            assert url.removeprefix("/media/") in paths, url
        fallback = opened(storage, shown["src"].removeprefix("/media/"))
        assert (fallback.format, fallback.size) == ("JPEG", (shown["width"], shown["height"]))
        assert [source["type"] for source in shown["sources"]] == [MIME_TYPES["avif"], MIME_TYPES["webp"]]
        assert shown["sizes"] == spec.sizes


def test_a_page_builds_its_picture_without_touching_the_files(tmp_path):
    class NoFiles(FileSystemStorage):
        def exists(self, name):
            raise AssertionError("picture() asked the storage whether a file exists")

        def open(self, name, mode="rb"):
            raise AssertionError("picture() opened a file")

    shown = picture(NoFiles(location=tmp_path, base_url="/media/"), 6000, 4000, CHECKSUM, "backdrop")
    assert shown["src"] == f"/media/images/renditions/ab/{CHECKSUM}-backdrop-1280.jpg"
    assert (shown["width"], shown["height"]) == (1280, 720)


def test_rendition_names_follow_from_the_checksum_alone():
    assert rendition_path("abcdef", "card", 320, "avif") == "images/renditions/ab/abcdef-card-320.avif"
    assert rendition_path("abcdef", "og", 1200, "jpeg") == "images/renditions/ab/abcdef-og-1200.jpg"


# Writing again


def test_existing_renditions_are_kept_unless_replaced(tmp_path):
    storage = storage_in(tmp_path)
    card = {"card": SPECS["card"]}
    first = write_renditions(storage, photo((600, 900)), CHECKSUM, 0.5, 0.5, card)
    marked = Path(storage.path(first[0]))
    marked.write_bytes(b"kept")

    assert write_renditions(storage, photo((600, 900)), CHECKSUM, 0.5, 0.5, card) == []
    assert marked.read_bytes() == b"kept"

    again = write_renditions(storage, photo((600, 900)), CHECKSUM, 0.5, 0.5, card, replace=True)
    assert sorted(again) == sorted(first)
    assert marked.read_bytes() != b"kept"
    # Replaced in place: no file saved under another name beside it.
    assert sorted(p.name for p in marked.parent.iterdir()) == sorted(Path(p).name for p in first)


def test_a_missing_rendition_is_made_and_the_others_are_left_alone(tmp_path):
    storage = storage_in(tmp_path)
    card = {"card": SPECS["card"]}
    first = write_renditions(storage, photo((600, 900)), CHECKSUM, 0.5, 0.5, card)
    storage.delete(first[-1])
    assert write_renditions(storage, photo((600, 900)), CHECKSUM, 0.5, 0.5, card) == [first[-1]]


# Regenerating the library's renditions


def library_image(colour, size=(900, 600)):
    """A row of the image library and its stored file, without the renditions its save() would write."""
    from catalog.models import Image as LibraryImage
    from catalog.models.choices import Licence

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    storage = LibraryImage._meta.get_field("file").storage
    name = storage.save(f"images/{colour}.jpg", ContentFile(buffer.getvalue()))
    image = LibraryImage(
        file=name,
        width=size[0],
        height=size[1],
        checksum=hashlib.sha256(buffer.getvalue()).hexdigest(),
        title=colour,
        slug=colour,
        alt_text=f"A field of {colour}",
        licence=Licence.CC_BY_4,
        credit="A. Fotógrafa",
    )
    [image] = LibraryImage.objects.bulk_create([image])
    return image


def rendition_files(image, spec_names=SPECS):
    return [
        rendition_path(image.rendition_key, name, width, fmt)
        for name in spec_names
        for width, _ in planned(image.width, image.height, SPECS[name])
        for fmt in OUTPUT_FORMATS
    ]


def regenerate(*options):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("regenerate_renditions", *options, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue() + str(error)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_regenerating_writes_what_is_missing_and_nothing_else():
    image = library_image("tomato")
    storage = image.file.storage

    out, err = regenerate()

    assert not err
    assert f"[1/1] {image.file.name}: {len(rendition_files(image))} written" in out
    assert all(storage.exists(path) for path in rendition_files(image))

    kept = Path(storage.path(rendition_files(image, ["poster"])[0]))
    kept.write_bytes(b"kept")
    missing = rendition_files(image, ["og"])
    for path in missing:
        storage.delete(path)
    assert f"[1/1] {image.file.name}: {len(missing)} written" in regenerate()[0]
    assert all(storage.exists(path) for path in missing)
    assert kept.read_bytes() == b"kept"
    assert regenerate() == ("0 renditions written for 1 of 1 images.\n", "")


@pytest.mark.django_db
def test_regenerating_with_replace_writes_again_only_the_specs_named():
    image = library_image("tomato")
    regenerate()
    storage = image.file.storage
    card, poster = (Path(storage.path(rendition_files(image, [name])[0])) for name in ("card", "poster"))
    card.write_bytes(b"old")
    poster.write_bytes(b"old")

    out, err = regenerate("--replace", "--spec", "card", "headshot")

    assert not err
    assert f"{len(rendition_files(image, ['card', 'headshot']))} written" in out
    assert card.read_bytes() != b"old"
    assert poster.read_bytes() == b"old"


@pytest.mark.django_db
def test_an_image_that_cannot_be_read_is_reported_and_the_others_are_regenerated():
    lost = library_image("tomato")
    lost.file.storage.delete(lost.file.name)
    damaged = library_image("olive")
    Path(damaged.file.path).write_bytes(b"not a picture any more")
    sound = library_image("navy")

    out, err = regenerate()

    assert f"{lost.file.name}: not read" in err
    assert f"{damaged.file.name}: not read" in err
    assert "2 of 3 images could not be read" in err
    assert all(sound.file.storage.exists(path) for path in rendition_files(sound))
    assert f"{len(rendition_files(sound))} renditions written for 1 of 3 images" in out
