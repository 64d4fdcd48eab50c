# Claims a visitor should know are in doubt (disputed, with a note saying why, or neither), and sources for
# plot sections, which could not cite one before. Every existing claim starts undisputed.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0022_spoiler_levels_of_notes_reasons_and_descriptions"),
    ]

    operations = [
        migrations.AddField(
            model_name="filminglocation",
            name="dispute_note",
            field=models.CharField(
                blank=True,
                help_text="For visitors, e.g. “No interview with the designer confirms it.”",
                max_length=300,
                verbose_name="why it is disputed",
            ),
        ),
        migrations.AddField(
            model_name="filminglocation",
            name="disputed",
            field=models.BooleanField(
                default=False, help_text="The claim is in doubt: visitors see it marked, with the note below."
            ),
        ),
        migrations.AddField(
            model_name="filmnote",
            name="dispute_note",
            field=models.CharField(
                blank=True,
                help_text="For visitors, e.g. “No interview with the designer confirms it.”",
                max_length=300,
                verbose_name="why it is disputed",
            ),
        ),
        migrations.AddField(
            model_name="filmnote",
            name="disputed",
            field=models.BooleanField(
                default=False, help_text="The claim is in doubt: visitors see it marked, with the note below."
            ),
        ),
        migrations.AddField(
            model_name="keyscene",
            name="dispute_note",
            field=models.CharField(
                blank=True,
                help_text="For visitors, e.g. “No interview with the designer confirms it.”",
                max_length=300,
                verbose_name="why it is disputed",
            ),
        ),
        migrations.AddField(
            model_name="keyscene",
            name="disputed",
            field=models.BooleanField(
                default=False, help_text="The claim is in doubt: visitors see it marked, with the note below."
            ),
        ),
        migrations.AddField(
            model_name="nomination",
            name="dispute_note",
            field=models.CharField(
                blank=True,
                help_text="For visitors, e.g. “No interview with the designer confirms it.”",
                max_length=300,
                verbose_name="why it is disputed",
            ),
        ),
        migrations.AddField(
            model_name="nomination",
            name="disputed",
            field=models.BooleanField(
                default=False, help_text="The claim is in doubt: visitors see it marked, with the note below."
            ),
        ),
        migrations.AddField(
            model_name="plotsection",
            name="dispute_note",
            field=models.CharField(
                blank=True,
                help_text="For visitors, e.g. “No interview with the designer confirms it.”",
                max_length=300,
                verbose_name="why it is disputed",
            ),
        ),
        migrations.AddField(
            model_name="plotsection",
            name="disputed",
            field=models.BooleanField(
                default=False, help_text="The claim is in doubt: visitors see it marked, with the note below."
            ),
        ),
        migrations.AddField(
            model_name="plotsection",
            name="source_publication",
            field=models.CharField(
                blank=True,
                help_text="Who published it, e.g. “Variety” or a book title with page.",
                max_length=200,
                verbose_name="source publication",
            ),
        ),
        migrations.AddField(
            model_name="plotsection",
            name="source_retrieved",
            field=models.DateField(
                blank=True, help_text="When the source was last checked.", null=True, verbose_name="retrieved on"
            ),
        ),
        migrations.AddField(
            model_name="plotsection",
            name="source_url",
            field=models.URLField(
                blank=True,
                help_text="Link to the page that backs this claim.",
                max_length=500,
                verbose_name="source URL",
            ),
        ),
        migrations.AddField(
            model_name="quote",
            name="dispute_note",
            field=models.CharField(
                blank=True,
                help_text="For visitors, e.g. “No interview with the designer confirms it.”",
                max_length=300,
                verbose_name="why it is disputed",
            ),
        ),
        migrations.AddField(
            model_name="quote",
            name="disputed",
            field=models.BooleanField(
                default=False, help_text="The claim is in doubt: visitors see it marked, with the note below."
            ),
        ),
        migrations.AddConstraint(
            model_name="filminglocation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("disputed", True), models.Q(("dispute_note", ""), _negated=True)),
                    models.Q(("dispute_note", ""), ("disputed", False)),
                    _connector="OR",
                ),
                name="catalog_filminglocation_dispute_explained",
                violation_error_message="A disputed claim needs a note saying why, and only a disputed one has a note.",
            ),
        ),
        migrations.AddConstraint(
            model_name="filmnote",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("disputed", True), models.Q(("dispute_note", ""), _negated=True)),
                    models.Q(("dispute_note", ""), ("disputed", False)),
                    _connector="OR",
                ),
                name="catalog_filmnote_dispute_explained",
                violation_error_message="A disputed claim needs a note saying why, and only a disputed one has a note.",
            ),
        ),
        migrations.AddConstraint(
            model_name="keyscene",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("disputed", True), models.Q(("dispute_note", ""), _negated=True)),
                    models.Q(("dispute_note", ""), ("disputed", False)),
                    _connector="OR",
                ),
                name="catalog_keyscene_dispute_explained",
                violation_error_message="A disputed claim needs a note saying why, and only a disputed one has a note.",
            ),
        ),
        migrations.AddConstraint(
            model_name="nomination",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("disputed", True), models.Q(("dispute_note", ""), _negated=True)),
                    models.Q(("dispute_note", ""), ("disputed", False)),
                    _connector="OR",
                ),
                name="catalog_nomination_dispute_explained",
                violation_error_message="A disputed claim needs a note saying why, and only a disputed one has a note.",
            ),
        ),
        migrations.AddConstraint(
            model_name="plotsection",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("disputed", True), models.Q(("dispute_note", ""), _negated=True)),
                    models.Q(("dispute_note", ""), ("disputed", False)),
                    _connector="OR",
                ),
                name="catalog_plotsection_dispute_explained",
                violation_error_message="A disputed claim needs a note saying why, and only a disputed one has a note.",
            ),
        ),
        migrations.AddConstraint(
            model_name="quote",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("disputed", True), models.Q(("dispute_note", ""), _negated=True)),
                    models.Q(("dispute_note", ""), ("disputed", False)),
                    _connector="OR",
                ),
                name="catalog_quote_dispute_explained",
                violation_error_message="A disputed claim needs a note saying why, and only a disputed one has a note.",
            ),
        ),
    ]
