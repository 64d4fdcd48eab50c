"""Create the two editorial roles.

Editors add and change catalog content and submit films for review; Publishers may also
publish, unpublish and delete. Models added later extend these groups in their own migrations.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CATALOG_MODELS = [
    "alternativetitle",
    "awardbody",
    "awardcategory",
    "country",
    "credit",
    "film",
    "filminglocation",
    "filmnote",
    "genre",
    "keyscene",
    "language",
    "nomination",
    "person",
    "plotsection",
    "quote",
    "recommendation",
]
ROLES = {
    "Editor": ["add", "change", "view"],
    "Publisher": ["add", "change", "view", "delete"],
}
EXTRA = {"Publisher": ["publish_film"]}


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations run; make them now so the groups can hold them.
    app_config = apps.get_app_config("catalog")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, actions in ROLES.items():
        codenames = [f"{action}_{model}" for model in CATALOG_MODELS for action in actions] + EXTRA.get(role, [])
        group, _ = Group.objects.get_or_create(name=role)
        permissions = Permission.objects.filter(content_type__app_label="catalog", codename__in=codenames)
        assert permissions.count() == len(codenames), "catalog permissions are missing"
        group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalog", "0002_film_publishing_and_locking"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
