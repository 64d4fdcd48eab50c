# The home page's newest wins are read from the years they fall in (NominationQuerySet.recent_wins).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0028_sqlite_trigram_tables_for_text_filters"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="nomination",
            index=models.Index(fields=["outcome", "-year"], name="nomination_outcome_year"),
        ),
    ]
