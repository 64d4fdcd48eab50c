"""What an import wrote into the catalog, field by field, so that importing again can tell an editor's change
from the import's own value (``catalog.data.imports.apply``)."""

from django.db import models


class ImportedValue(models.Model):
    """The value a source gave one field of a film or person (or one of its lists, as keys) when last imported."""

    # Provenance names rows by id: it is rebuilt by importing again, not carried by backups.
    BACKED_UP = False

    film = models.ForeignKey("Film", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    person = models.ForeignKey("Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    source = models.CharField(max_length=20)
    field = models.CharField(max_length=40)
    value = models.JSONField(null=True)
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(film__isnull=True, person__isnull=False)
                | models.Q(film__isnull=False, person__isnull=True),
                name="imported_value_of_one_row",
            ),
            models.UniqueConstraint(fields=["film", "source", "field"], name="imported_value_once_per_film"),
            models.UniqueConstraint(fields=["person", "source", "field"], name="imported_value_once_per_person"),
        ]

    def __str__(self):
        return f"{self.film or self.person}: {self.field} from {self.source}"
