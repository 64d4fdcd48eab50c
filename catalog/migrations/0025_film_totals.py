# The film list's choices without a row of their own (years, outcomes, award bodies) keep their numbers of
# published films, as genres, countries and languages do; counted here once for the catalog already there.

from django.db import migrations, models

from catalog.models.querysets import FilmTotalQuerySet


def count_totals(apps, schema_editor):
    FilmTotal = apps.get_model("catalog", "FilmTotal")
    FilmTotalQuerySet(model=FilmTotal, using=schema_editor.connection.alias).recount()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0024_nominations_whose_category_is_not_recorded"),
    ]

    operations = [
        migrations.CreateModel(
            name="FilmTotal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("year", "Year"),
                            ("outcome", "Outcome"),
                            ("body", "Award body"),
                            ("body_outcome", "Outcome at an award body"),
                        ],
                        max_length=12,
                    ),
                ),
                ("value", models.CharField(max_length=120)),
                ("film_count", models.PositiveIntegerField(help_text="Published films.")),
            ],
            options={
                "ordering": ["kind", "value"],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "value"), name="film_total_one_per_value"),
                    models.CheckConstraint(condition=models.Q(("film_count__gt", 0)), name="film_total_counts_films"),
                ],
            },
        ),
        migrations.RunPython(count_totals, migrations.RunPython.noop, elidable=True),
    ]
