"""Turn a rendered admin change form back into the POST a browser would send."""

from django import forms


def _value(bound_field):
    value = bound_field.value()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return str(value)


def _form_data(form, data):
    for name in form.fields:
        bound = form[name]
        if bound.field.disabled:
            continue
        if isinstance(bound.field.widget, forms.MultiWidget):
            # A date and time in two boxes, name_0 and name_1, as the browser sends them.
            value = bound.value()
            parts = value if isinstance(value, list) else bound.field.widget.decompress(value)
            widget = bound.field.widget
            for suffix, part_widget, part in zip(widget.widgets_names, widget.widgets, parts, strict=True):
                data[bound.html_name + suffix] = part_widget.format_value(part) or ""
            continue
        value = _value(bound)
        if value in ("", []) and (
            bound.widget_type == "checkbox"
            or isinstance(bound.field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
        ):
            continue
        data[bound.html_name] = value


def change_form_data(response):
    """The data of the film form and all of its inlines, as rendered."""
    data = {}
    _form_data(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, field in formset.management_form.fields.items():
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value() or field.initial or 0
        for form in formset.initial_forms:
            _form_data(form, data)
    return data


def add_rows(data, prefix, *rows):
    """Append new inline rows to a formset's data."""
    start = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    for offset, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{start + offset}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = start + len(rows)
    return data
