"""A backup gives back the whole catalog, every row and relation, with its image library and renditions."""

import io
import json
import shutil
from datetime import date

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image
from reversion.models import Version

from catalog.data.backups import delete_catalog
from catalog.models import (
    AlternativeTitle,
    Country,
    Film,
    FilmNote,
    Genre,
    Nomination,
    NoteKind,
    Quote,
    Role,
    Still,
)
from catalog.models import Image as LibraryImage

pytestmark = pytest.mark.django_db


def catalog_rows():
    """Every catalog row named by natural keys, many-to-many included, in creation order; the rows a restore
    derives afresh (``BACKED_UP = False``) in the order of their natural keys."""
    return {
        model._meta.label: serializers.serialize(
            "python",
            model._base_manager.order_by(*_creation_order(model)),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        for model in apps.get_app_config("catalog").get_models()
    }


def _creation_order(model):
    if getattr(model, "BACKED_UP", True):
        return ("pk",)
    return getattr(model, "NATURAL_KEY", ()) or ("pk",)


def media_contents(media_root):
    return {str(path.relative_to(media_root)): path.read_bytes() for path in media_root.rglob("*") if path.is_file()}


def png(name, colour="teal"):
    buffer = io.BytesIO()
    Image.new("RGB", (30, 45), colour).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue())


def picture(slug, colour="teal"):
    image = LibraryImage(title=slug, slug=slug, alt_text=f"The {slug} picture", licence="cc-by-4.0", credit="A. Test")
    image.file = png(f"{slug}.png", colour)
    image.full_clean()
    image.save()
    return image


def library_files():
    """How many files the library stores: each picture and its renditions."""
    return sum(1 + len(image.rendition_paths()) for image in LibraryImage.objects.all())


@pytest.fixture
def catalog_with_extras(catalog, make):
    """The fixtures' catalog plus rows of every kind made here, pictures included."""
    film = make.film("Aftersun", year=2022, poster=picture("aftersun"), release_date=date(2022, 10, 21))
    Still.objects.create(film=film, image=picture("aftersun-beach", "orange"), caption="On the beach", order=1)
    film.genres.set(Genre.objects.filter(slug__in=["drama", "melodrama"]))
    film.countries.set(Country.objects.filter(code__in=["GB", "US"]))
    director = make.person("Charlotte Wells", photo=picture("wells", "navy"))
    make.credit(film, director, role=Role.DIRECTOR)
    actor = make.person("Paul Mescal")
    calum = make.credit(film, actor, character_name="Calum")
    Quote.objects.create(film=film, text="Do you remember?", speaker=calum)
    AlternativeTitle.objects.create(film=film, title="Après le soleil", note="French release")
    FilmNote.objects.create(film=film, kind=NoteKind.TRIVIA, title="Shot on 35 mm", text="Mostly.", order=2)
    make.nomination(film, make.category("Best Actor"), year=2023, person=actor, outcome=Nomination.Outcome.WON)
    make.nomination(film, make.category("Best Film"), year=2023)
    return film


def export(path):
    call_command("export_catalog", str(path), verbosity=0)
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_into_a_fresh_database_gives_back_every_row_relation_and_image(
    catalog_with_extras, media_root, tmp_path
):
    rows, images = catalog_rows(), media_contents(media_root)
    assert len(images) == library_files()  # the poster, the still and the photo, each with its renditions
    backup = export(tmp_path / "backups" / "catalog.json")

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root)
    assert not Film.objects.exists()

    call_command("restore_catalog", str(tmp_path / "backups" / "catalog.json"), verbosity=0)
    assert catalog_rows() == rows
    assert media_contents(media_root) == images
    assert sorted(entry["name"] for entry in backup["media"]) == sorted(images)
    film = Film.objects.get(slug=catalog_with_extras.slug)
    assert film.poster.file.name == catalog_with_extras.poster.file.name
    assert film.stills.get().image.slug == "aftersun-beach"
    assert film.quotes.get().speaker.character_name == "Calum"


def test_restoring_over_a_catalog_is_refused_and_changes_nothing(catalog_with_extras, tmp_path):
    export(tmp_path / "catalog.json")
    Film.objects.filter(slug="parallel-mothers").update(title="Changed after the backup")
    rows = catalog_rows()
    with pytest.raises(CommandError, match=r"The catalog is not empty: it holds \d+ rows \(.*--replace") as refusal:
        call_command("restore_catalog", str(tmp_path / "catalog.json"), verbosity=0)
    assert "Nothing was restored." in str(refusal.value)
    assert catalog_rows() == rows


def test_replace_puts_the_backup_in_place_of_the_current_catalog(catalog_with_extras, make, tmp_path):
    export(tmp_path / "catalog.json")
    rows = catalog_rows()
    Film.objects.filter(slug="parallel-mothers").update(title="Changed after the backup")
    make.film("Added after the backup")
    catalog_with_extras.genres.clear()

    call_command("restore_catalog", str(tmp_path / "catalog.json"), "--replace", verbosity=0)
    assert catalog_rows() == rows


def test_a_backup_with_a_broken_record_restores_nothing(catalog_with_extras, tmp_path):
    backup = export(tmp_path / "catalog.json")
    delete_catalog()
    slug = catalog_with_extras.slug
    film = next(record for record in backup["objects"] if record["fields"].get("slug") == slug)
    film["fields"]["year"] = 1700
    (tmp_path / "catalog.json").write_text(json.dumps(backup), encoding="utf-8")

    with pytest.raises(CommandError, match=rf'catalog.film slug="{slug}"\): The year must be between 1888 and 2100'):
        call_command("restore_catalog", str(tmp_path / "catalog.json"), verbosity=0)
    assert not any(model._base_manager.exists() for model in apps.get_app_config("catalog").get_models())


def test_media_that_do_not_match_the_backup_are_refused_before_anything_is_restored(
    catalog_with_extras, media_root, tmp_path
):
    backup = export(tmp_path / "catalog.json")
    delete_catalog()
    shutil.rmtree(media_root)
    (tmp_path / "catalog.media" / backup["media"][0]["name"]).write_bytes(b"not the poster")

    with pytest.raises(CommandError, match=r"does not match the backup: .* is not the file that was backed up"):
        call_command("restore_catalog", str(tmp_path / "catalog.json"), verbosity=0)
    assert not Film.objects.exists()
    assert not media_root.exists()


def test_without_its_media_folder_a_backup_restores_only_when_asked_to(catalog_with_extras, tmp_path):
    export(tmp_path / "catalog.json")
    rows, files = catalog_rows(), library_files()
    delete_catalog()
    shutil.rmtree(tmp_path / "catalog.media")

    with pytest.raises(CommandError, match=r"media folder .*catalog.media is missing; .* --no-media"):
        call_command("restore_catalog", str(tmp_path / "catalog.json"), verbosity=0)
    assert not Film.objects.exists()

    errors = io.StringIO()
    call_command("restore_catalog", str(tmp_path / "catalog.json"), "--no-media", verbosity=0, stderr=errors)
    assert catalog_rows() == rows
    assert f"{files} media files listed in the backup were not restored" in errors.getvalue()


def test_an_existing_backup_is_never_overwritten(catalog, tmp_path):
    (tmp_path / "catalog.json").write_text("an earlier backup")
    with pytest.raises(CommandError, match=r"catalog\.json already exists"):
        call_command("export_catalog", str(tmp_path / "catalog.json"), verbosity=0)
    assert (tmp_path / "catalog.json").read_text() == "an earlier backup"


def test_a_referenced_image_missing_from_storage_is_reported_and_left_out(catalog_with_extras, tmp_path):
    poster = catalog_with_extras.poster.file
    poster.storage.delete(poster.name)
    errors = io.StringIO()
    call_command("export_catalog", str(tmp_path / "catalog.json"), verbosity=0, stderr=errors)
    assert f"missing from storage and were not backed up: {poster.name}" in errors.getvalue()
    backup = json.loads((tmp_path / "catalog.json").read_text(encoding="utf-8"))
    assert poster.name not in {entry["name"] for entry in backup["media"]}


def test_a_fixture_file_is_not_mistaken_for_a_backup(catalog, settings, tmp_path):
    with pytest.raises(CommandError, match=r"is not a catalog backup made by export_catalog; .* use load_catalog"):
        call_command("restore_catalog", str(settings.FIXTURE_DIRS[0] / "genres.json"), verbosity=0)


def test_a_restored_film_starts_its_history_with_the_restore(catalog, tmp_path):
    export(tmp_path / "catalog.json")
    call_command("restore_catalog", str(tmp_path / "catalog.json"), "--replace", "--no-media", verbosity=0)
    film = Film.objects.get(slug="parallel-mothers")
    assert [version.revision.comment for version in Version.objects.get_for_object(film)] == ["Restored from a backup"]
