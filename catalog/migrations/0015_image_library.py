"""The image library: posters and photos become library pictures that films and people point to.

Files uploaded before it are moved into the library as they are (run ``manage.py regenerate_renditions``
afterwards to make their renditions); their rights are not known, so they are stated as not yet known.
"""

import hashlib
import io

import catalog.models.images
import catalog.models.library
import django.core.validators
import django.db.models.deletion
import django.db.models.functions.datetime
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

ROLES = {"Editor": ["add", "change", "view"], "Publisher": ["add", "change", "view", "delete"]}


def move_files_into_the_library(apps, schema_editor):
    """Each poster and photo uploaded before the library becomes a library picture, used where it was."""
    from PIL import Image as Pillow

    Image = apps.get_model("catalog", "Image")
    db = schema_editor.connection.alias
    for model_name, old, new in (("film", "poster_file", "poster"), ("person", "photo_file", "photo")):
        model = apps.get_model("catalog", model_name)
        for row in model.objects.using(db).exclude(**{old: ""}):
            stored = getattr(row, old)
            if not stored.storage.exists(stored.name):
                continue
            with stored.storage.open(stored.name, "rb") as file:
                content = file.read()
            checksum = hashlib.sha256(content).hexdigest()
            image = Image.objects.using(db).filter(checksum=checksum).first()
            if image is None:
                with Pillow.open(io.BytesIO(content)) as picture:
                    width, height = picture.size
                described = f"{row.title} ({row.year})" if model_name == "film" else row.name
                image = Image.objects.using(db).create(
                    file=stored.name,
                    title=f"{new.capitalize()}: {described}",
                    slug=f"{model_name}-{new}-{row.pk}",
                    alt_text=f"{new.capitalize()} of {described}",
                    width=width,
                    height=height,
                    checksum=checksum,
                )
            setattr(row, f"{new}_id", image.pk)
            row.save(update_fields=[new])


def give_the_roles_the_library(apps, schema_editor):
    app_config = apps.get_app_config("catalog")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, actions in ROLES.items():
        codenames = [f"{action}_{model}" for model in ("image", "still") for action in actions]
        group = Group.objects.filter(name=role).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="catalog", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("catalog", "0014_film_schedule_and_status_stamps"),
    ]

    operations = [
        migrations.RenameField("film", "poster", "poster_file"),
        migrations.RenameField("person", "photo", "photo_file"),
        migrations.CreateModel(
            name="Image",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, db_default=django.db.models.functions.datetime.Now(), verbose_name="created"
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        auto_now=True,
                        db_default=django.db.models.functions.datetime.Now(),
                        db_index=True,
                        verbose_name="last edited",
                    ),
                ),
                (
                    "file",
                    catalog.models.library.LibraryImageField(
                        height_field="height",
                        help_text="JPEG, PNG or WebP, at most 10 MB and 25 megapixels. Location, camera and every other metadata are removed on upload, and colours converted to sRGB.",
                        upload_to="images/",
                        validators=[catalog.models.images.validate_image],
                        width_field="width",
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        help_text="What editors search the library by, e.g. “Janis at the dig”.", max_length=200
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text="The picture's name in fixtures and backups, e.g. “janis-at-the-dig”.",
                        max_length=220,
                        unique=True,
                    ),
                ),
                (
                    "alt_text",
                    models.CharField(
                        blank=True,
                        help_text="What the picture shows, for readers who cannot see it. Required unless it is decorative.",
                        max_length=300,
                        verbose_name="alt text",
                    ),
                ),
                (
                    "decorative",
                    models.BooleanField(
                        default=False,
                        help_text="Tick only if the picture adds nothing a reader needs; it then has no alt text.",
                    ),
                ),
                (
                    "caption",
                    models.TextField(
                        blank=True, help_text="Shown under the picture wherever it is used without its own."
                    ),
                ),
                (
                    "credit",
                    models.CharField(
                        blank=True, help_text="The photographer or owner, as they ask to be credited.", max_length=200
                    ),
                ),
                (
                    "licence",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "Not stated yet"),
                            ("cc-by-4.0", "Creative Commons Attribution 4.0 (CC BY 4.0)"),
                            ("cc-by-sa-4.0", "Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)"),
                            ("cc-by-nd-4.0", "Creative Commons Attribution-NoDerivatives 4.0 (CC BY-ND 4.0)"),
                            ("cc-by-nc-4.0", "Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)"),
                            (
                                "cc-by-nc-sa-4.0",
                                "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 (CC BY-NC-SA 4.0)",
                            ),
                            (
                                "cc-by-nc-nd-4.0",
                                "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 (CC BY-NC-ND 4.0)",
                            ),
                            ("cc-by-3.0", "Creative Commons Attribution 3.0 (CC BY 3.0)"),
                            ("cc-by-sa-3.0", "Creative Commons Attribution-ShareAlike 3.0 (CC BY-SA 3.0)"),
                            ("cc-by-2.0", "Creative Commons Attribution 2.0 (CC BY 2.0)"),
                            ("cc-by-sa-2.0", "Creative Commons Attribution-ShareAlike 2.0 (CC BY-SA 2.0)"),
                            ("cc0-1.0", "Public domain dedication (CC0 1.0)"),
                            ("public-domain", "Public domain"),
                            ("permission", "Used with permission"),
                            ("press-kit", "Press kit"),
                            ("licensed", "All rights reserved — licensed"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "source_url",
                    models.URLField(
                        blank=True, help_text="Where the picture came from.", max_length=500, verbose_name="source URL"
                    ),
                ),
                ("date", models.DateField(blank=True, help_text="When it was taken or first published.", null=True)),
                (
                    "focal_x",
                    models.FloatField(
                        default=0.5,
                        help_text="Where the picture's subject is, from 0 (left or top) to 1 (right or bottom); crops keep it in view.",
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(1),
                        ],
                        verbose_name="focal point, across",
                    ),
                ),
                (
                    "focal_y",
                    models.FloatField(
                        default=0.5,
                        help_text="Where the picture's subject is, from 0 (left or top) to 1 (right or bottom); crops keep it in view.",
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(1),
                        ],
                        verbose_name="focal point, down",
                    ),
                ),
                ("width", models.PositiveIntegerField(default=0, editable=False)),
                ("height", models.PositiveIntegerField(default=0, editable=False)),
                ("checksum", models.CharField(editable=False, max_length=64, unique=True)),
            ],
            options={
                "ordering": ["title", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("decorative", True), models.Q(("alt_text", ""), _negated=True), _connector="OR"
                        ),
                        name="image_alt_text_unless_decorative",
                        violation_error_message="Describe the picture for readers who cannot see it, or mark it decorative.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("focal_x__gte", 0), ("focal_x__lte", 1), ("focal_y__gte", 0), ("focal_y__lte", 1)
                        ),
                        name="image_focal_point_inside",
                        violation_error_message="The focal point must lie inside the picture (0 to 1 each way).",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "licence__in",
                                [
                                    "",
                                    "cc-by-4.0",
                                    "cc-by-sa-4.0",
                                    "cc-by-nd-4.0",
                                    "cc-by-nc-4.0",
                                    "cc-by-nc-sa-4.0",
                                    "cc-by-nc-nd-4.0",
                                    "cc-by-3.0",
                                    "cc-by-sa-3.0",
                                    "cc-by-2.0",
                                    "cc-by-sa-2.0",
                                    "cc0-1.0",
                                    "public-domain",
                                    "permission",
                                    "press-kit",
                                    "licensed",
                                ],
                            )
                        ),
                        name="image_licence_valid",
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="film",
            name="backdrop",
            field=models.ForeignKey(
                blank=True,
                help_text="A wide picture behind the film's heading. Chosen from the image library (the magnifier searches it, and adds a new picture to it).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="backdrops",
                to="catalog.image",
            ),
        ),
        migrations.AddField(
            model_name="film",
            name="poster",
            field=models.ForeignKey(
                blank=True,
                help_text="Chosen from the image library (the magnifier searches it, and adds a new picture to it).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="posters",
                to="catalog.image",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="photo",
            field=models.ForeignKey(
                blank=True,
                help_text="Chosen from the image library (the magnifier searches it, and adds a new picture to it).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="portraits",
                to="catalog.image",
            ),
        ),
        migrations.CreateModel(
            name="Still",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "order",
                    models.PositiveSmallIntegerField(
                        default=0, help_text="Position on the film page; lower numbers come first."
                    ),
                ),
                (
                    "caption",
                    models.CharField(
                        blank=True, help_text="Leave empty to use the picture's caption.", max_length=300
                    ),
                ),
                (
                    "film",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="stills", to="catalog.film"
                    ),
                ),
                (
                    "image",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="stills", to="catalog.image"
                    ),
                ),
            ],
            options={
                "ordering": ["order", "pk"],
                "abstract": False,
                "constraints": [models.UniqueConstraint(fields=("film", "image"), name="still_once_per_film")],
            },
        ),
        migrations.RunPython(move_files_into_the_library, migrations.RunPython.noop),
        migrations.RemoveField("film", "poster_file"),
        migrations.RemoveField("person", "photo_file"),
        migrations.RunPython(give_the_roles_the_library, migrations.RunPython.noop),
    ]
