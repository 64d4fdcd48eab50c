# Links whose index is the leading column of a unique constraint or another index: their own index only
# cost every write. Credits, alternative titles and provenance rows are most of what an import writes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0019_title_matching_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="alternativetitle",
            name="film",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="alternative_titles",
                to="catalog.film",
            ),
        ),
        migrations.AlterField(
            model_name="credit",
            name="film",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="credits", to="catalog.film"
            ),
        ),
        migrations.AlterField(
            model_name="credit",
            name="person",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="credits",
                to="catalog.person",
            ),
        ),
        migrations.AlterField(
            model_name="importedvalue",
            name="film",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="catalog.film",
            ),
        ),
        migrations.AlterField(
            model_name="importedvalue",
            name="person",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="catalog.person",
            ),
        ),
    ]
