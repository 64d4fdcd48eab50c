# Spoiler levels for the last texts of the film page that had none: the post-credits note, each
# recommendation's reason and each actor's character description. All start at "none".

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0021_film_publication_times"),
    ]

    operations = [
        migrations.AddField(
            model_name="credit",
            name="description_spoiler_level",
            field=models.CharField(
                choices=[
                    ("none", "No spoiler"),
                    ("mild", "Mild spoiler"),
                    ("major", "Major spoiler (twist or ending)"),
                ],
                default="none",
                help_text="What the description gives away; mild and major spoilers are folded.",
                max_length=5,
                verbose_name="description's spoilers",
            ),
        ),
        migrations.AddField(
            model_name="film",
            name="post_credits_spoiler_level",
            field=models.CharField(
                choices=[
                    ("none", "No spoiler"),
                    ("mild", "Mild spoiler"),
                    ("major", "Major spoiler (twist or ending)"),
                ],
                default="none",
                help_text="What the post-credits note gives away; mild and major spoilers are folded.",
                max_length=5,
                verbose_name="post-credits note's spoilers",
            ),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="spoiler_level",
            field=models.CharField(
                choices=[
                    ("none", "No spoiler"),
                    ("mild", "Mild spoiler"),
                    ("major", "Major spoiler (twist or ending)"),
                ],
                default="none",
                help_text="Mild and major spoilers stay hidden on the public page until the visitor reveals them.",
                max_length=5,
            ),
        ),
        migrations.AddConstraint(
            model_name="credit",
            constraint=models.CheckConstraint(
                condition=models.Q(("description_spoiler_level__in", ["none", "mild", "major"])),
                name="credit_description_spoiler_level_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="film",
            constraint=models.CheckConstraint(
                condition=models.Q(("post_credits_spoiler_level__in", ["none", "mild", "major"])),
                name="film_post_credits_spoiler_level_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.CheckConstraint(
                condition=models.Q(("spoiler_level__in", ["none", "mild", "major"])),
                name="catalog_recommendation_spoiler_level_valid",
            ),
        ),
    ]
