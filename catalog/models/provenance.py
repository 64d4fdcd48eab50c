"""What an import wrote into the catalog, field by field, so that importing again can tell an editor's change
from the import's own value (``catalog.data.imports.apply``)."""

from django.db import models


class ImportedValue(models.Model):
    """The values a source gave the fields of a film or person (lists as keys), as last imported.

    One row per film or person and source, its ``values`` an object by field name: a large import writes a
    row for each film and person, not one for each of their fields.
    """

    # Provenance names rows by id: it is rebuilt by importing again, not carried by backups.
    BACKED_UP = False

    # Indexed by the unique constraints below, which lead with them.
    film = models.ForeignKey("Film", on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=False)
    person = models.ForeignKey(
        "Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=False
    )
    source = models.CharField(max_length=20)
    values = models.JSONField(default=dict, help_text="The source's value of each field, by the field's name.")
    imported_at = models.DateTimeField(help_text="When an import last changed one of these values.")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(film__isnull=True, person__isnull=False)
                | models.Q(film__isnull=False, person__isnull=True),
                name="imported_value_of_one_row",
            ),
            models.UniqueConstraint(fields=["film", "source"], name="imported_values_once_per_film"),
            models.UniqueConstraint(fields=["person", "source"], name="imported_values_once_per_person"),
        ]

    def __str__(self):
        return f"{self.film or self.person}: {', '.join(self.values)} from {self.source}"
