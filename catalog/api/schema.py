"""The OpenAPI parameters of the lists' filters, read from the FilterSets' own form fields.

drf-spectacular guesses a filter's type from its model field; the site's filters are mostly methods, so it would
guess "string" for all of them. Each form field says exactly what it takes: a year's bounds, a title's length, a
decade's choices. And a blank value leaves a filter off, as the site's own form sends it.
"""

import django_filters
from django import forms
from drf_spectacular.extensions import OpenApiFilterExtension

BLANK = {"type": "string", "enum": [""]}


class FilterSetFieldsExtension(OpenApiFilterExtension):
    target_class = "catalog.api.views.FilterBackend"
    priority = 1  # before drf-spectacular's own, which matches any DjangoFilterBackend

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        return [parameter(name, filter_) for name, filter_ in auto_schema.view.filterset_class.base_filters.items()]


def parameter(name, filter_):
    field = filter_.field
    description = " ".join(str(text) for text in (field.label, field.help_text) if text)
    if isinstance(filter_, django_filters.OrderingFilter):
        # One or more, comma-separated; the first decides, the rest break ties.
        choices = [str(value) for value, _ in field.choices if value != ""] + [""]
        schema = {"type": "array", "items": {"type": "string", "enum": choices}}
        return {"in": "query", "name": name, "schema": schema, "description": description, "explode": False}
    return {"in": "query", "name": name, "schema": accepted_values(field), "description": description}


def accepted_values(field):
    """The JSON schema of the values a filter's form ``field`` accepts, blank among them."""
    if isinstance(field, forms.IntegerField):
        schema = {"type": "integer"}
        bounds = {"minimum": field.min_value, "maximum": field.max_value}
        schema.update({key: value for key, value in bounds.items() if value is not None})
        return {"anyOf": [schema, BLANK]}
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return {"type": "string", "enum": [str(value) for value, _ in field.choices if value != ""] + [""]}
    schema = {"type": "string"}
    if getattr(field, "max_length", None):
        schema["maxLength"] = field.max_length
    return schema
