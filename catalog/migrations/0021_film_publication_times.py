# Films published by a load of the fixtures were written raw, without the publication time Film.save() gives:
# they get the time of their last change of status, or of their last edit. The feed of new films reads them
# newest first, through an index.

from django.db import migrations, models
from django.db.models.functions import Coalesce


def stamp_published_films(apps, schema_editor):
    Film = apps.get_model("catalog", "Film")
    Film.objects.using(schema_editor.connection.alias).filter(status="published", published_at=None).update(
        published_at=Coalesce("status_changed_at", "updated_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0020_links_indexed_by_their_constraints"),
    ]

    operations = [
        migrations.RunPython(stamp_published_films, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="film",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-published_at", "-id"],
                name="film_published_newest",
            ),
        ),
    ]
