from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_films(apps, schema_editor):
    """The counts of ``recount_films()`` on people and genres, which historical models do not have."""
    using = schema_editor.connection.alias
    Person = apps.get_model("catalog", "Person")
    Genre = apps.get_model("catalog", "Genre")
    Credit = apps.get_model("catalog", "Credit")
    Film = apps.get_model("catalog", "Film")
    by_person = (
        Credit.objects.using(using)
        .filter(film__status="published", person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(films=Count("film", distinct=True))
        .values("films")
    )
    Person.objects.using(using).update(film_count=Coalesce(Subquery(by_person), 0))
    by_genre = (
        Film.genres.through.objects.using(using)
        .filter(film__status="published", genre=OuterRef("pk"))
        .order_by()
        .values("genre")
        .annotate(films=Count("film"))
        .values("films")
    )
    Genre.objects.using(using).update(film_count=Coalesce(Subquery(by_genre), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_list_sort_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="film_count",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="Published films this person is credited on, each counted once.",
            ),
        ),
        migrations.AddField(
            model_name="genre",
            name="film_count",
            field=models.PositiveIntegerField(default=0, editable=False, help_text="Published films in the genre."),
        ),
        migrations.RunPython(count_films, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                condition=models.Q(("film_count__gt", 0)), fields=["name", "id"], name="person_listed_by_name"
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["-film_count", "name"], name="person_most_films"),
        ),
    ]
