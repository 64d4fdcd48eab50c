"""The film list's "Import from Wikidata" page, for Publishers: upload an entity file, read the dry run's report,
then confirm. Large dumps stay a command (``manage.py import_wikidata``).

The upload is kept between the two steps in a private folder outside the media (which may be served), under a
random name that only the confirming form carries; it is deleted once imported, and left-overs older than a
day go at the next upload.
"""

import secrets
import shutil
import tempfile
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import slugify

from ..data.imports import wikidata
from ..data.imports.apply import apply_batch
from ..publication import may_publish

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
KEEP_SECONDS = 24 * 3600
TOKEN_LENGTH = 32


def upload_folder():
    folder = Path(getattr(settings, "IMPORT_UPLOAD_DIR", "") or Path(tempfile.gettempdir()) / "filmsite-imports")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Wikidata entity file",
        help_text=(
            "A film's Special:EntityData JSON (with the entities of its people, places and awards), or a few "
            f"lines of a dump, at most {MAX_UPLOAD_BYTES // 1024 // 1024} MB. Nothing is written before you confirm."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"This file is {upload.size / 1024 / 1024:.1f} MB; the page takes up to "
                f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB. Import larger files with manage.py import_wikidata."
            )
        if Path(upload.name).suffix.lower() not in (".json", ".gz", ".bz2"):
            raise forms.ValidationError("Upload a .json file (or a .json.gz / .json.bz2 dump).")
        return upload


class ConfirmForm(forms.Form):
    token = forms.RegexField(regex=rf"^[A-Za-z0-9_-]{{{TOKEN_LENGTH}}}$", widget=forms.HiddenInput)

    def upload(self):
        """The file kept under the token, or None."""
        if not self.is_valid():
            return None
        folder = upload_folder() / self.cleaned_data["token"]
        files = [path for path in folder.iterdir() if path.is_file()] if folder.is_dir() else []
        return files[0] if len(files) == 1 else None


class WikidataImportMixin:
    """For the film admin: ``…/film/import/``."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="catalog_film_import"), *super().get_urls()]

    def import_view(self, request):
        if not (may_publish(request.user) and self.has_add_permission(request)):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import films from Wikidata",
            "changelist_url": reverse("admin:catalog_film_changelist"),
        }
        if request.method == "POST" and "token" in request.POST:
            return self._confirm(request, context)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            stored = self._keep(form.cleaned_data["file"])
            report = apply_batch(wikidata.read_batch([stored]), dry_run=True)
            confirm = ConfirmForm(initial={"token": stored.parent.name})
            return TemplateResponse(
                request,
                "admin/catalog/film/import.html",
                {**context, "report": report, "lines": report.lines(), "confirm": confirm},
            )
        return TemplateResponse(request, "admin/catalog/film/import.html", {**context, "form": form})

    def _keep(self, upload):
        """The upload, stored under a folder named by a fresh token, with its own name (the report cites it)."""
        folder = upload_folder()
        for old in folder.iterdir():
            if old.is_dir() and old.stat().st_mtime < time.time() - KEEP_SECONDS:
                shutil.rmtree(old, ignore_errors=True)
        kept = folder / secrets.token_urlsafe(24)  # 32 characters
        kept.mkdir()
        name = Path(upload.name)
        stored = kept / f"{slugify(name.stem.removesuffix('.json'))[:60] or 'upload'}{_suffix(name)}"
        with stored.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return stored

    def _confirm(self, request, context):
        stored = ConfirmForm(request.POST).upload()
        if stored is None:
            messages.error(request, "That upload is no longer here (it may have been imported already): upload again.")
            return HttpResponseRedirect(reverse("admin:catalog_film_import"))
        try:
            report = apply_batch(wikidata.read_batch([stored]))
        finally:
            shutil.rmtree(stored.parent, ignore_errors=True)
        context.update(report=report, lines=report.lines(), done=True)
        return TemplateResponse(request, "admin/catalog/film/import.html", context)


def _suffix(name):
    return ".json" + name.suffix.lower() if name.suffix.lower() in (".gz", ".bz2") else ".json"
