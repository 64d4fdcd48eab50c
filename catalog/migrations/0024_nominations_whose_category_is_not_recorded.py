# An award body's nominations that the sources give without their category are filed under the body's one
# category that is not recorded, which pages show as such; every existing category is a known one.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0023_disputed_claims_and_sourced_plot"),
    ]

    operations = [
        migrations.AddField(
            model_name="awardcategory",
            name="recorded",
            field=models.BooleanField(
                default=True,
                help_text="Untick for the body's nominations whose category the sources do not give: visitors read “category not recorded”. One such category per award body.",
                verbose_name="a known category",
            ),
        ),
        migrations.AddConstraint(
            model_name="awardcategory",
            constraint=models.UniqueConstraint(
                condition=models.Q(("recorded", False)),
                fields=("body",),
                name="award_category_one_unrecorded_per_body",
                violation_error_message="This award body already has its “category not recorded”.",
            ),
        ),
    ]
