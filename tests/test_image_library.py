"""The image library: one record per picture, reused by films and people, with its rights stated before a
published page shows it."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image as Pillow

from catalog.models import Film, FilmStatus, Image, Still
from catalog.models.choices import Licence
from tests.admin_forms import add_rows, change_form_data

pytestmark = pytest.mark.django_db


def picture_bytes(colour="tomato", size=(900, 600), image_format="JPEG"):
    buffer = io.BytesIO()
    Pillow.new("RGB", size, colour).save(buffer, format=image_format)
    return buffer.getvalue()


def upload(client, colour="tomato", **fields):
    """Add a picture through the library's admin form, as an editor would."""
    url = reverse("admin:catalog_image_add")
    data = {
        "title": f"A {colour} field",
        "slug": f"a-{colour}-field",
        "alt_text": f"A field of {colour}",
        "focal_x": "0.5",
        "focal_y": "0.5",
        "licence": Licence.CC_BY_SA_4,
        "credit": "Ana Fotógrafa",
        **fields,
    }
    data.setdefault("file", SimpleUploadedFile(f"{colour}.jpg", picture_bytes(colour)))
    return client.post(url, data)


def library_image(colour="tomato", **fields):
    image = Image(
        **{
            "title": f"A {colour} field",
            "slug": f"a-{colour}-field",
            "alt_text": f"A field of {colour}",
            "licence": Licence.CC_BY_4,
            "credit": "Ana Fotógrafa",
            **fields,
        }
    )
    image.file = SimpleUploadedFile(f"{colour}.jpg", picture_bytes(colour))
    image.full_clean()
    image.save()
    return image


def test_an_uploaded_picture_is_stored_once_with_its_renditions(editor_client):
    response = upload(editor_client)
    assert response.status_code == 302, response.context and response.context["errors"]
    image = Image.objects.get()
    assert (image.width, image.height) == (900, 600)
    assert len(image.checksum) == 64
    storage = image.file.storage
    assert storage.exists(image.file.name)
    assert image.rendition_paths() and all(storage.exists(path) for path in image.rendition_paths())


def test_the_same_picture_uploaded_twice_is_found_not_stored_again(editor_client):
    upload(editor_client)
    response = upload(editor_client, title="Again", slug="again")
    assert response.status_code == 200
    assert "already in the library as “A tomato field”" in response.content.decode()
    assert Image.objects.count() == 1


def test_alt_text_is_required_unless_the_picture_is_decorative(editor_client):
    response = upload(editor_client, alt_text="")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["alt_text"] == [
        "Describe the picture for readers who cannot see it, or mark it decorative."
    ]
    assert upload(editor_client, alt_text="", decorative="on").status_code == 302


def test_moving_the_focal_point_or_replacing_the_file_renames_every_rendition(editor_client, media_root):
    image = library_image()
    before = set(image.rendition_paths())
    image.focal_x = 0.9
    image.save()
    moved = set(image.rendition_paths())
    assert moved.isdisjoint(before)
    assert all(image.file.storage.exists(path) for path in moved)

    image.file = SimpleUploadedFile("blue.jpg", picture_bytes("steelblue"))
    image.full_clean()
    image.save()
    replaced = set(image.rendition_paths())
    assert replaced.isdisjoint(moved)
    assert all(image.file.storage.exists(path) for path in replaced)


def test_a_picture_in_use_cannot_be_deleted_and_the_page_lists_its_uses(admin_client, make):
    image = library_image()
    film = make.film("Shown Here", status=FilmStatus.DRAFT, poster=image)
    url = reverse("admin:catalog_image_delete", args=[image.pk])
    page = admin_client.get(url).content.decode()
    assert "Shown Here" in page
    admin_client.post(url, {"post": "yes"})
    assert Image.objects.filter(pk=image.pk).exists()
    change = admin_client.get(reverse("admin:catalog_image_change", args=[image.pk])).content.decode()
    assert f'href="{reverse("admin:catalog_film_change", args=[film.pk])}"' in change


@pytest.fixture
def unlicensed():
    return library_image(licence=Licence.NOT_STATED)


def test_a_film_whose_poster_has_no_licence_cannot_be_published(publisher_client, make, unlicensed):
    film = make.film("Unlicensed", status=FilmStatus.REVIEW, poster=unlicensed)
    url = reverse("admin:catalog_film_change", args=[film.pk])
    data = {**change_form_data(publisher_client.get(url)), "status": FilmStatus.PUBLISHED}
    response = publisher_client.post(url, data)
    assert response.status_code == 200
    assert "has no licence yet" in str(response.context["adminform"].form.errors["poster"])
    film.refresh_from_db()
    assert film.status == FilmStatus.REVIEW


def test_a_published_film_cannot_take_a_still_without_credit(publisher_client, make):
    uncredited = library_image(colour="gold", credit="")
    film = make.film("Published Already", status=FilmStatus.PUBLISHED)
    url = reverse("admin:catalog_film_change", args=[film.pk])
    data = add_rows(change_form_data(publisher_client.get(url)), "stills", {"image": uncredited.pk, "order": 1})
    response = publisher_client.post(url, data)
    assert response.status_code == 200
    assert "has no credit yet" in response.content.decode()
    assert not Still.objects.exists()


def test_the_rights_of_a_picture_a_published_film_shows_cannot_be_withdrawn(editor_client, make):
    image = library_image()
    make.film("Showing It", status=FilmStatus.PUBLISHED, backdrop=image)
    url = reverse("admin:catalog_image_change", args=[image.pk])
    data = {**change_form_data(editor_client.get(url)), "licence": ""}
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Published films show this picture (Showing It" in response.content.decode()
    image.refresh_from_db()
    assert image.licence == Licence.CC_BY_4


def test_bulk_publishing_skips_a_film_whose_pictures_lack_rights(publisher_client, make, unlicensed):
    film = make.film("Skipped", status=FilmStatus.REVIEW, poster=unlicensed)
    changelist = reverse("admin:catalog_film_changelist")
    page = publisher_client.post(changelist, {"action": "publish", "_selected_action": [film.pk], "index": 0})
    assert "a picture has no licence or credit yet" in page.content.decode()
    film.refresh_from_db()
    assert film.status == FilmStatus.REVIEW


def test_a_scheduled_film_whose_pictures_lack_rights_waits(make, unlicensed):
    from django.utils import timezone

    film = make.film("Waiting", status=FilmStatus.REVIEW, poster=unlicensed)
    Film.objects.filter(pk=film.pk).update(go_live_at=timezone.now())
    errors = io.StringIO()
    call_command("publish_scheduled", stdout=io.StringIO(), stderr=errors)
    film.refresh_from_db()
    assert film.status == FilmStatus.REVIEW and film.go_live_at is not None
    assert "a picture has no licence or credit" in errors.getvalue()
    unlicensed.licence = Licence.CC_BY_4
    unlicensed.save()
    call_command("publish_scheduled", stdout=io.StringIO(), stderr=io.StringIO())
    film.refresh_from_db()
    assert film.status == FilmStatus.PUBLISHED


def test_the_film_form_chooses_pictures_from_the_library_with_a_thumbnail(editor_client, make):
    image = library_image()
    film = make.film("Chooser", status=FilmStatus.DRAFT, poster=image)
    page = editor_client.get(reverse("admin:catalog_film_change", args=[film.pk])).content.decode()
    lookup = reverse("admin:catalog_image_changelist")
    assert f'href="{lookup}?_to_field=id"' in page
    assert 'class="library-thumb"' in page and 'alt="A field of tomato"' in page


def test_the_library_is_searched_by_title_caption_and_credit(editor_client):
    library_image("tomato", caption="Janis at the dig")
    library_image("steelblue", credit="Someone Else")
    changelist = reverse("admin:catalog_image_changelist")
    found = editor_client.get(changelist, {"q": "dig"}).context["cl"].result_list
    assert [image.title for image in found] == ["A tomato field"]
    found = editor_client.get(changelist, {"q": "someone"}).context["cl"].result_list
    assert [image.title for image in found] == ["A steelblue field"]


def write_fixture(folder, records):
    path = folder / "pictures.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def test_a_fixture_brings_a_picture_file_into_the_library_once(catalog, tmp_path):
    (tmp_path / "art").mkdir()
    (tmp_path / "art" / "red.jpg").write_bytes(picture_bytes("red"))
    image = {"file": "art/red.jpg", "title": "Red", "slug": "red", "alt_text": "Red", "licence": "cc0-1.0"}
    records = [
        {"model": "catalog.image", "fields": image},
        {
            "model": "catalog.film",
            "fields": {"title": "Red Film", "slug": "red-film", "year": 2001, "poster": ["red"]},
        },
    ]
    fixture = write_fixture(tmp_path, records)
    call_command("load_catalog", str(fixture), verbosity=0)
    loaded = Image.objects.get(slug="red")
    assert Film.objects.get(slug="red-film").poster == loaded
    assert all(loaded.file.storage.exists(path) for path in [loaded.file.name, *loaded.rendition_paths()])

    call_command("load_catalog", str(fixture), verbosity=0)
    assert Image.objects.get(slug="red").file.name == loaded.file.name
    assert Image.objects.count() == 1


@pytest.mark.parametrize("name", ["../outside.jpg", "/etc/passwd", "art/missing.jpg"])
def test_a_fixture_picture_outside_its_folder_or_missing_is_refused(catalog, tmp_path, name):
    fixture = write_fixture(
        tmp_path, [{"model": "catalog.image", "fields": {"file": name, "title": "X", "slug": "x", "alt_text": "X"}}]
    )
    with pytest.raises(CommandError, match=r"catalog\.image slug=\"x\"\): the picture"):
        call_command("load_catalog", str(fixture), verbosity=0)
    assert not Image.objects.exists()


def test_the_film_form_reads_its_stills_pictures_with_the_rows_not_one_by_one(editor_client, make):
    film = make.film("Many Stills", status=FilmStatus.DRAFT)
    url = reverse("admin:catalog_film_change", args=[film.pk])

    def queries():
        editor_client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(url).status_code == 200
        return len(captured)

    colours = ["gold", "navy", "teal", "plum", "olive", "coral"]
    Still.objects.create(film=film, image=library_image(colours[0]), order=0)
    one = queries()
    for n, colour in enumerate(colours[1:], start=1):
        Still.objects.create(film=film, image=library_image(colour), order=n)
    assert queries() == one
