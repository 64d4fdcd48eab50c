"""Fields and field rules shared by the catalog's models: links only to the web, text without control characters,
PostgreSQL's search documents."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models

# Tab and line breaks are text; every other C0/C1 control character (NUL above all, which PostgreSQL
# refuses and SQLite stores) is not, and has no business on a page.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def refuse_control_characters(value):
    if isinstance(value, str) and (found := _CONTROL.search(value)):
        raise ValidationError(
            "Remove the invisible control character (U+%(code)04X) from this text.",
            code="control_character",
            params={"code": ord(found.group())},
        )


class WebURLField(models.URLField):
    """A link a visitor can follow: ``http`` or ``https`` only (``javascript:`` and the like are refused).

    It deconstructs as ``URLField``: the rule is validation, and the column is the same.
    """

    default_validators = [URLValidator(schemes=["http", "https"])]

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.URLField", args, kwargs


class PlainTextModel(models.Model):
    """Refuses control characters in every text field, whichever path the row comes in by."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and field.name not in (exclude or ()):
                try:
                    refuse_control_characters(getattr(self, field.attname))
                except ValidationError as error:
                    errors.setdefault(field.name, []).extend(error.error_list)
        if errors:
            raise ValidationError(errors)


class SearchDocumentField(models.Field):
    """PostgreSQL's ``tsvector``: ``SearchVectorField`` without importing ``django.contrib.postgres``.

    That import loads psycopg, 25 MB in every worker of a site on SQLite; the field itself is only its
    column type, and it deconstructs as ``SearchVectorField`` so migrations see no difference.
    """

    def db_type(self, connection):
        return "tsvector"

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return name, "django.contrib.postgres.search.SearchVectorField", args, kwargs
