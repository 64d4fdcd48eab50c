from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_films(apps, schema_editor):
    """The counts of ``recount_films()`` on countries and languages, which historical models do not have."""
    using = schema_editor.connection.alias
    Country = apps.get_model("catalog", "Country")
    Language = apps.get_model("catalog", "Language")
    Film = apps.get_model("catalog", "Film")
    by_country = (
        Film.countries.through.objects.using(using)
        .filter(film__status="published", country=OuterRef("pk"))
        .order_by()
        .values("country")
        .annotate(films=Count("pk"))
        .values("films")
    )
    Country.objects.using(using).update(film_count=Coalesce(Subquery(by_country), 0))
    by_language = (
        Film.objects.using(using)
        .filter(status="published", original_language=OuterRef("pk"))
        .order_by()
        .values("original_language")
        .annotate(films=Count("pk"))
        .values("films")
    )
    Language.objects.using(using).update(film_count=Coalesce(Subquery(by_language), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_folded_titles_and_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="country",
            name="film_count",
            field=models.PositiveIntegerField(
                default=0, editable=False, help_text="Published films made in the country."
            ),
        ),
        migrations.AddField(
            model_name="language",
            name="film_count",
            field=models.PositiveIntegerField(
                default=0, editable=False, help_text="Published films in the language, as their original language."
            ),
        ),
        migrations.RunPython(count_films, migrations.RunPython.noop, elidable=True),
    ]
