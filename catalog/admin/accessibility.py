"""Names for the admin controls that Django's own markup leaves unlabelled."""

from django.contrib import admin
from django.utils.text import capfirst


class LabelledWidgetsMixin:
    """Give each control that has no ``<label>`` an ``aria-label`` naming its field.

    Tabular inlines head their columns with ``<th>``, and file inputs sit in a ``<fieldset>`` under
    a ``<legend>``: a sighted editor sees the name, a screen reader announces an unnamed control.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is None:
            return None
        # Related-object widgets are wrapped with their add/change links; the control is inside.
        widget = getattr(formfield.widget, "widget", formfield.widget)
        if isinstance(self, admin.TabularInline) or widget.use_fieldset:
            widget.attrs.setdefault("aria-label", capfirst(formfield.label or db_field.verbose_name))
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs.setdefault("aria-label", "Delete this row")

        return LabelledFormSet
