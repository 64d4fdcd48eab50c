"""The list indexes end with the folded text that the title and name filters match, so that their LIKE is
checked in the index and only matching rows are read from the table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0008_facet_film_counts"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="film",
            name="film_status_title",
        ),
        migrations.RemoveIndex(
            model_name="film",
            name="film_status_year",
        ),
        migrations.RemoveIndex(
            model_name="film",
            name="film_status_updated",
        ),
        migrations.RemoveIndex(
            model_name="person",
            name="person_name",
        ),
        migrations.RemoveIndex(
            model_name="person",
            name="person_listed_by_name",
        ),
        migrations.RemoveIndex(
            model_name="person",
            name="person_most_films",
        ),
        migrations.AddIndex(
            model_name="film",
            index=models.Index(fields=["status", "title", "year", "id", "titles_folded"], name="film_status_title"),
        ),
        migrations.AddIndex(
            model_name="film",
            index=models.Index(fields=["status", "-year", "title", "id", "titles_folded"], name="film_status_year"),
        ),
        migrations.AddIndex(
            model_name="film",
            index=models.Index(
                fields=["status", "-updated_at", "title", "id", "titles_folded"], name="film_status_updated"
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["name", "name_folded"], name="person_name"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                condition=models.Q(("film_count__gt", 0)),
                fields=["name", "id", "name_folded"],
                name="person_listed_by_name",
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["-film_count", "name", "name_folded"], name="person_most_films"),
        ),
    ]
