"""Admin input that Django itself would turn into a server error, answered as a form error instead.

Django's admin trusts some submitted values as database keys: an id that is not a number, or one
wider than the database's integers (SQLite raises OverflowError), reaches a query and fails there.
The autocomplete boxes re-render the submitted value with such a query too, and the changelist
search hands its whole term to LIKE, which SQLite refuses beyond a length.
"""

from django import forms
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest

MAX_SEARCH_LENGTH = 100
# Regular expressions from a query string can backtrack for minutes (``^(a+)+$``); filters never need them.
REFUSED_LOOKUPS = {"regex", "iregex"}
# Rows one inline may hold on a change page; a film's credits stay far below it.
MAX_INLINE_ROWS = 500


def is_key(model, value, to_field_name=None):
    """Whether ``value`` can name a row of ``model`` on this database (not whether the row exists)."""
    field = model._meta.get_field(to_field_name) if to_field_name else model._meta.pk
    if "\x00" in str(value):  # PostgreSQL refuses NUL in any text
        return False
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, TypeError, ValueError):
        return False
    return True


class GuardedModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not is_key(self.queryset.model, value, self.to_field_name):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class GuardedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value if isinstance(value, (list, tuple)) else []:
            if not is_key(self.queryset.model, item, self.to_field_name):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values(value)


class GuardedAutocompleteMixin:
    """Label only the submitted values that can be keys; the form reports the others."""

    def optgroups(self, name, value, attr=None):
        model, to_field_name = self.choices.queryset.model, self.choices.field.to_field_name
        return super().optgroups(name, [v for v in value if is_key(model, v, to_field_name)], attr)


class GuardedAutocompleteSelect(GuardedAutocompleteMixin, AutocompleteSelect):
    def create_option(self, name, value, label, *args, **kwargs):
        option = super().create_option(name, value, label, *args, **kwargs)
        # The empty choice select2 clears to has no text, which HTML forbids an option without a label.
        if value == "" and label == "":
            option["attrs"]["label"] = "(none)"
        return option


class GuardedAutocompleteSelectMultiple(GuardedAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class GuardedInputMixin:
    """For every ModelAdmin and inline: malformed keys and oversized searches become 4xx or form errors."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget", GuardedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
            )
        kwargs.setdefault("form_class", GuardedModelChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget", GuardedAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
            )
        kwargs.setdefault("form_class", GuardedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        term = search_term[:MAX_SEARCH_LENGTH].replace("\x00", "")
        return super().get_search_results(request, queryset, term)

    def lookup_allowed(self, lookup, value, request=None):
        # Refused, the changelist answers 400 (DisallowedModelAdminLookup).
        if REFUSED_LOOKUPS.intersection(lookup.split("__")):
            return False
        return super().lookup_allowed(lookup, value, request)

    def history_view(self, request, object_id, extra_context=None):
        # django-reversion looks the id up as text, which PostgreSQL refuses when it holds a NUL.
        if not is_key(self.model, unquote(object_id)):
            raise Http404("No such row.")
        return super().history_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            return HttpResponseBadRequest("A filter value holds a NUL character.")
        return super().changelist_view(request, extra_context)

    def get_formset(self, request, obj=None, **kwargs):
        # A forged TOTAL_FORMS would otherwise make Django build thousands of forms per inline.
        kwargs.setdefault("max_num", self.get_max_num(request, obj) or MAX_INLINE_ROWS)
        kwargs.setdefault("absolute_max", max(kwargs["max_num"], MAX_INLINE_ROWS))
        return super().get_formset(request, obj, **kwargs)

    def response_action(self, request, queryset, *args, **kwargs):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        usable = [value for value in selected if is_key(self.model, value)]
        if usable != selected:
            # Unusable ids are dropped; with none left Django answers "Items must be selected".
            request.POST = request.POST.copy()
            request.POST.setlist(helpers.ACTION_CHECKBOX_NAME, usable)
        return super().response_action(request, queryset, *args, **kwargs)
