# One provenance row per film (or person) and source, its values an object by field, instead of one row per field.

from django.db import migrations, models


def gather_values(apps, schema_editor):
    """Fold each film's (or person's) rows of one source into its first row; delete the others."""
    ImportedValue = apps.get_model("catalog", "ImportedValue")
    rows = ImportedValue.objects.using(schema_editor.connection.alias)
    kept = {}  # (film, person, source) -> the row kept
    for row in rows.order_by("pk").iterator(chunk_size=2000):
        key = (row.film_id, row.person_id, row.source)
        first = kept.setdefault(key, row)
        first.values[row.field] = row.value
        first.imported_at = max(first.imported_at, row.imported_at)
    rows.exclude(pk__in=[row.pk for row in kept.values()]).delete()
    rows.bulk_update(kept.values(), ["values", "imported_at"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0017_person_name_folded_index"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="importedvalue",
            name="imported_value_once_per_film",
        ),
        migrations.RemoveConstraint(
            model_name="importedvalue",
            name="imported_value_once_per_person",
        ),
        migrations.AddField(
            model_name="importedvalue",
            name="values",
            field=models.JSONField(default=dict, help_text="The source's value of each field, by the field's name."),
        ),
        migrations.AlterField(
            model_name="importedvalue",
            name="imported_at",
            field=models.DateTimeField(help_text="When an import last changed one of these values."),
        ),
        migrations.RunPython(gather_values, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(
            model_name="importedvalue",
            name="field",
        ),
        migrations.RemoveField(
            model_name="importedvalue",
            name="value",
        ),
        migrations.AddConstraint(
            model_name="importedvalue",
            constraint=models.UniqueConstraint(fields=("film", "source"), name="imported_values_once_per_film"),
        ),
        migrations.AddConstraint(
            model_name="importedvalue",
            constraint=models.UniqueConstraint(fields=("person", "source"), name="imported_values_once_per_person"),
        ),
    ]
