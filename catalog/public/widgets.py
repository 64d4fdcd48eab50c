"""Form widgets for the public filter forms, rendered in Python rather than through templates."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class QuickSelect(forms.Select):
    """A single ``<select>`` built with ``format_html``.

    Django renders every ``<option>`` through a template of its own; with the film list's few hundred
    countries and languages that cost more than all of the page's queries together.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(item) for item in self.format_value(value)}
        rows = []
        for option, label in self.choices:
            option = "" if option is None else str(option)
            rows.append((option, " selected" if option in selected else "", label))
        options = format_html_join("", '<option value="{}"{}>{}</option>', rows)
        return format_html(
            "<select{}>{}</select>", flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name})), options
        )


class SuggestInput(forms.TextInput):
    """A text box that offers matching names as the visitor types (``static/catalog/js/suggest.js``).

    The suggestions come from ``suggest_url`` into a ``<datalist>``; without script the box still takes
    a name typed in full.
    """

    def __init__(self, suggest_url, attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})
        self.suggest_url = suggest_url

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id', name)}-suggestions"
        attrs.update({"list": list_id, "data-suggest": str(self.suggest_url)})
        box = super().render(name, value, attrs, renderer)
        return format_html('{}<datalist id="{}"></datalist>', box, list_id)
