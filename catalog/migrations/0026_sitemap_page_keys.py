# The sitemap reads where each of its pages starts from the keys of the published films and listed people alone.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0025_film_totals"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="film",
            index=models.Index(condition=models.Q(("status", "published")), fields=["id"], name="film_published_id"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(condition=models.Q(("film_count__gt", 0)), fields=["id"], name="person_listed_id"),
        ),
    ]
