"""The preview of unsaved edits: the film's public page rendered from the change form's current contents.

The form and its inlines are validated exactly as a save would validate them, then saved inside a
savepoint, the public page is rendered from the rows as they then are (so it shows what visitors would
see, by the very code that shows them), and everything is rolled back. Nothing noted for derived data
survives (``derived.discarded``), no revision is recorded and nothing is logged: no cached page goes out
of date. Only a user who may change the film (or add one, from the add form) may preview it, checked
here, on the server, whatever the form data says.
"""

from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.formsets import all_valid
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path

from .. import derived
from ..public.views import FilmDetailView
from .film_form import panels

NOT_SAVED = "Preview — not saved."


class _RollBack(Exception):
    pass


class UnsavedPreviewMixin:
    """For the film admin: ``…/add/preview/`` and ``…/<id>/preview/``, posted by the form's Preview button."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_preview"
        view = self.admin_site.admin_view(self.preview_view)
        return [
            path("add/preview/", view, name=f"{name}_add"),
            path("<path:object_id>/preview/", view, name=name),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"], "Preview by the Preview button of the film’s form.")
        obj = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                raise Http404("No such film.")
        if not (self.has_change_permission(request, obj) if obj else self.has_add_permission(request)):
            raise PermissionDenied
        ModelForm = self.get_form(
            request, obj, change=obj is not None, fields=flatten_fieldsets(self.get_fieldsets(request, obj))
        )
        form = ModelForm(request.POST, request.FILES, instance=obj)
        formsets, inline_instances = self._create_formsets(request, form.instance, change=obj is not None)
        if not (form.is_valid() and all_valid(formsets)):
            return self._preview_errors(request, obj, form, formsets, inline_instances)
        film = self.save_form(request, form, change=obj is not None)
        page = ""
        try:
            with transaction.atomic(), derived.discarded():
                film.save()
                form.save_m2m()
                for formset in formsets:
                    formset.instance = film
                    formset.save()
                page = FilmDetailView.render_unsaved(
                    request,
                    film,
                    draft_preview=True,
                    draft_heading=NOT_SAVED,
                    draft_message=(
                        "This is the page as it would be with the form’s current contents. Save the form to keep them."
                    ),
                )
                raise _RollBack
        except _RollBack:
            pass
        return _private(HttpResponse(page))

    def _preview_errors(self, request, obj, form, formsets, inline_instances):
        """The form's errors by section, instead of a page half made of them."""
        fieldsets = list(self.get_fieldsets(request, obj))
        admin_form = helpers.AdminForm(form, fieldsets, {}, self.get_readonly_fields(request, obj), model_admin=self)
        inline_admin_formsets = self.get_inline_formsets(request, formsets, inline_instances, obj)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": NOT_SAVED,
            "subtitle": "The form has errors",
            "form_errors": form.non_field_errors(),
            "sections": errors_by_section(panels(admin_form, inline_admin_formsets)),
        }
        return _private(TemplateResponse(request, "admin/catalog/film/preview_errors.html", context))


def errors_by_section(sections):
    """``(section title, [message, ...])`` for each section with errors, each message naming its field."""
    result = []
    for panel in sections:
        if not panel.error_count:
            continue
        messages = []
        for fieldset in panel.fieldsets:
            for line in fieldset:
                for field in line:
                    if not field.is_readonly:
                        messages += [f"{field.field.label}: {error}" for error in field.field.errors]
        for inline in panel.inline_formsets:
            formset = inline.formset
            name = inline.opts.verbose_name
            plural = inline.opts.verbose_name_plural.capitalize()
            messages += [f"{plural}: {error}" for error in formset.non_form_errors()]
            for number, row in enumerate(formset.forms, start=1):
                for field_name, errors in row.errors.items():
                    label = row.fields[field_name].label if field_name in row.fields else ""
                    where = f"{name.capitalize()} {number}" + (f", {label}" if label else "")
                    messages += [f"{where}: {error}" for error in errors]
        result.append((panel.title, messages))
    return result


def _private(response):
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response
