# Indexes on lowered titles (with the year), which an import's match by title and year reads instead of
# lowering every film's title at every batch.

from django.db import migrations, models
from django.db.models.functions import Lower


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0018_imported_values_by_row"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="alternativetitle",
            index=models.Index(Lower("title"), name="alternative_title_lower"),
        ),
        migrations.AddIndex(
            model_name="film",
            index=models.Index(Lower("title"), models.F("year"), name="film_title_lower_year"),
        ),
        migrations.AddIndex(
            model_name="film",
            index=models.Index(Lower("original_title"), models.F("year"), name="film_original_title_lower_year"),
        ),
    ]
