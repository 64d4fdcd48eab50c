"""The film change page: the whole article on one page, with workflow, completeness and history."""

import re
from contextlib import nullcontext

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from reversion.admin import VersionAdmin
from reversion.models import Version

from ..models import Credit, Film, FilmStatus, Nomination, Outcome, Role
from ..publication import REFUSAL, SCHEDULE_FIELDS, SCHEDULE_REFUSAL, kept_publication, may_publish
from . import completeness, film_form
from .accessibility import LabelledWidgetsMixin
from .actions import ACTIONS as BULK_ACTIONS
from .editing import EditorFacingMixin
from .guards import GuardedInputMixin, is_key
from .history import changes_between, versions_of
from .importing import WikidataImportMixin
from .inlines import NominationInline
from .library import ImageChooserMixin, thumbnail
from .preview import UnsavedPreviewMixin


class FilmAdminForm(forms.ModelForm):
    """Refuses a save made over someone else's newer one, and status changes the user may not make."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    can_publish = False  # set per request by FilmAdmin.get_form

    class Meta:
        model = Film
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lock_version"].initial = self.instance.lock_version
        status = self.fields.get("status")
        if status is not None and not self.can_publish:
            if self.instance.status == FilmStatus.PUBLISHED:
                status.disabled = True
                status.help_text = "Only Publishers can unpublish a film."
            else:
                status.choices = [c for c in status.choices if c[0] != FilmStatus.PUBLISHED]
                status.help_text = "Set to “In review” when the film is ready; a Publisher publishes it."
        for name in SCHEDULE_FIELDS:
            if name in self.fields and not self.can_publish:
                self.fields[name].disabled = True
                self.fields[name].help_text = SCHEDULE_REFUSAL

    def clean(self):
        cleaned = super().clean()
        self._check_status_change(cleaned.get("status"))
        self._check_not_stale(cleaned.get("lock_version"))
        return cleaned

    def _check_status_change(self, new_status):
        old_status = self.instance.status if self.instance.pk else None
        publishing = FilmStatus.PUBLISHED in (old_status, new_status)
        if new_status and new_status != old_status and publishing and not self.can_publish:
            self.add_error("status", REFUSAL)

    def _check_not_stale(self, submitted):
        if self.instance.pk is None:
            return
        # Locks the row until this request's transaction ends (on PostgreSQL), so two saves
        # cannot both pass the check.
        current = (
            Film.objects.select_for_update().filter(pk=self.instance.pk).values_list("lock_version", flat=True).first()
        )
        if submitted != current:
            # Offer the current version, so that saving again is a deliberate overwrite.
            self.data = self.data.copy()
            self.data[self.add_prefix("lock_version")] = current
            raise ValidationError(
                "Someone else saved this film while you were editing it. Your changes are still in the form "
                "but have not been saved. Open the film in a new tab to see their changes, then save again "
                "to replace them with yours.",
                code="stale",
            )


class DecadeFilter(admin.SimpleListFilter):
    title = "decade"
    parameter_name = "decade"

    def lookups(self, request, model_admin):
        years = Film.objects.order_by().values_list("year", flat=True).distinct()
        decades = sorted({year // 10 * 10 for year in years}, reverse=True)
        return [(str(decade), f"{decade}s") for decade in decades]

    def queryset(self, request, queryset):
        # Four ASCII digits: str.isdigit() also accepts '²', which int() refuses.
        if self.value() and re.fullmatch(r"[0-9]{4}", self.value()):
            start = int(self.value())
            return queryset.filter(year__gte=start, year__lt=start + 10)
        return queryset


class HasPosterFilter(admin.SimpleListFilter):
    title = "poster"
    parameter_name = "poster"

    def lookups(self, request, model_admin):
        return [("yes", "Has a poster"), ("no", "No poster")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(poster__isnull=False)
        if self.value() == "no":
            return queryset.filter(poster__isnull=True)
        return queryset


class AwardOutcomeFilter(admin.SimpleListFilter):
    title = "awards"
    parameter_name = "awards"

    def lookups(self, request, model_admin):
        return [("won", "Won an award"), ("nominated", "Nominated, never won"), ("none", "No nominations")]

    def queryset(self, request, queryset):
        nominations = Nomination.objects.filter(film=OuterRef("pk"))
        won = Exists(nominations.filter(outcome=Outcome.WON))
        if self.value() == "won":
            return queryset.filter(won)
        if self.value() == "nominated":
            return queryset.filter(Exists(nominations)).exclude(won)
        if self.value() == "none":
            return queryset.exclude(Exists(nominations))
        return queryset


class CompletenessFilter(admin.SimpleListFilter):
    title = "completeness"
    parameter_name = "completeness"

    def lookups(self, request, model_admin):
        return [
            ("incomplete", "Missing sections"),
            ("complete", "All sections filled"),
            ("unsourced", "Has unsourced claims"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "incomplete":
            return completeness.incomplete(queryset)
        if self.value() == "complete":
            return completeness.complete(queryset)
        if self.value() == "unsourced":
            return queryset.filter(unsourced_claims__gt=0)
        return queryset


@admin.register(Film)
class FilmAdmin(
    WikidataImportMixin,
    UnsavedPreviewMixin,
    ImageChooserMixin,
    EditorFacingMixin,
    LabelledWidgetsMixin,
    GuardedInputMixin,
    VersionAdmin,
):
    form = FilmAdminForm
    list_display = [
        "poster_thumbnail",
        "title",
        "year",
        "directors",
        "status",
        "updated_at",
        "missing",
        "unsourced",
    ]
    list_display_links = ["poster_thumbnail", "title"]
    list_filter = ["status", "genres", DecadeFilter, HasPosterFilter, AwardOutcomeFilter, CompletenessFilter]
    # Identifiers match whole; the TMDB number by exact lookup, which Django skips for words that are not numbers.
    search_fields = [
        "title",
        "original_title",
        "alternative_titles__title",
        "credits__person__name",
        "=imdb_id",
        "=wikidata_id",
        "tmdb_id__exact",
    ]
    search_help_text = (
        "Search by title (original or alternative), by the name of anyone credited, or by an IMDb, Wikidata or "
        "TMDB ID."
    )
    prepopulated_fields = {"slug": ["title", "year"]}
    autocomplete_fields = ["genres", "countries", "original_language"]
    readonly_fields = ["completeness_summary", "publication_summary"]
    save_on_top = True
    history_latest_first = True
    list_per_page = 50
    actions = BULK_ACTIONS  # each confirmed on a page of its own first
    fieldsets = film_form.FIELDSETS
    inlines = film_form.INLINES

    def get_queryset(self, request):
        directors = Credit.objects.filter(role=Role.DIRECTOR).select_related("person")
        queryset = super().get_queryset(request).defer("search_vector").select_related("scheduled_by", "poster")
        return completeness.with_completeness(queryset).prefetch_related(
            Prefetch("credits", queryset=directors, to_attr="director_credits")
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"can_publish": self.has_publish_permission(request)})

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, NominationInline) and request.method == "POST":
            kwargs["credited_people"] = self._credited_people(request, obj)
        return kwargs

    def _credited_people(self, request, obj):
        """People credited once this save lands: stored credits plus those added in the form."""
        people = set(obj.credits.values_list("person_id", flat=True)) if obj and obj.pk else set()
        prefix = "credits"
        total = request.POST.get(f"{prefix}-TOTAL_FORMS", "0")
        for i in range(int(total) if total.isdigit() else 0):
            person = request.POST.get(f"{prefix}-{i}-person", "")
            if person.isdigit() and not request.POST.get(f"{prefix}-{i}-DELETE"):
                people.add(int(person))
        return people

    def changelist_view(self, request, extra_context=None):
        can_import = self.has_publish_permission(request) and self.has_add_permission(request)
        return super().changelist_view(request, {"can_import": can_import, **(extra_context or {})})

    def has_publish_permission(self, request):
        return may_publish(request.user)

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    # Columns

    @admin.display(description="poster")
    def poster_thumbnail(self, film):
        return thumbnail(film.poster, width=40)

    @admin.display(description="directed by")
    def directors(self, film):
        return ", ".join(credit.person.name for credit in getattr(film, "director_credits", []))

    @admin.display(description="missing sections")
    def missing(self, film):
        missing = completeness.missing_sections(film)
        return "no " + ", no ".join(missing) if missing else "✓ complete"

    @admin.display(description="unsourced claims", ordering="unsourced_claims")
    def unsourced(self, film):
        return film.unsourced_claims

    @admin.display(description="publication")
    def publication_summary(self, film):
        lines = []
        if film.published_at:
            lines.append(f"Published since {date_format(localtime(film.published_at), 'DATETIME_FORMAT')}.")
        by = f" (scheduled by {film.scheduled_by})" if film.scheduled_by_id else ""
        if film.go_live_at:
            lines.append(f"Goes live at {date_format(localtime(film.go_live_at), 'DATETIME_FORMAT')}{by}.")
        if film.unpublish_at:
            lines.append(f"Back to draft at {date_format(localtime(film.unpublish_at), 'DATETIME_FORMAT')}{by}.")
        return " ".join(lines) or "Nothing scheduled."

    @admin.display(description="completeness")
    def completeness_summary(self, film):
        if film.pk is None or not hasattr(film, "unsourced_claims"):
            return "Shown once the film is saved."
        missing = completeness.missing_sections(film)
        filled = "All sections are filled." if not missing else "Missing: " + ", ".join(missing) + "."
        return f"{filled} Unsourced claims: {film.unsourced_claims}."

    # Workflow: the bulk actions (BULK_ACTIONS) live in catalog/admin/actions.py

    def create_revision(self, request):
        # VersionAdmin opens one revision around the whole changelist (for list_editable, unused here), and a
        # revision opened inside it joins it: the bulk actions record one revision per film, so the list opens none.
        changelist = f"{self.opts.app_label}_{self.opts.model_name}_changelist"
        if getattr(request.resolver_match, "url_name", None) == changelist:
            return nullcontext()
        return super().create_revision(request)

    # History: a readable diff of one version against the one before it

    def get_urls(self):
        view = self.admin_site.admin_view(self.version_changes_view)
        return [
            path("<path:object_id>/history/<int:version_id>/changes/", view, name="catalog_film_changes"),
            *super().get_urls(),
        ]

    def version_changes_view(self, request, object_id, version_id):
        film = self.get_object(request, object_id)
        if film is None or not self.has_view_or_change_permission(request, film):
            raise PermissionDenied
        versions = list(versions_of(film))
        version = get_object_or_404(Version, pk=version_id, pk__in=[v.pk for v in versions])
        older = next((v for v in versions if v.revision.date_created < version.revision.date_created), None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": film,
            "version": version,
            "older": older,
            "changes": changes_between(older, version),
            "title": f"Changes to “{film}”",
        }
        return TemplateResponse(request, "admin/catalog/film/version_changes.html", context)

    # History: restoring an earlier version, or recovering a deleted film

    def revision_view(self, request, object_id, version_id, extra_context=None):
        allowed = self.has_change_permission if request.method == "POST" else self.has_view_or_change_permission
        if not allowed(request):
            raise PermissionDenied
        if not is_key(Film, unquote(object_id)):
            raise Http404("No such film.")
        # Only a version of this very film: reversion itself would take a version of any row with that id.
        versions = Version.objects.get_for_object_reference(Film, unquote(object_id))
        version = get_object_or_404(versions, pk=version_id)
        context = {
            "title": f"Restore an earlier version of “{version.object_repr}”",
            **self._restore_context(version),
            **(extra_context or {}),
        }
        return super().revision_view(request, object_id, version_id, context)

    def recover_view(self, request, version_id, extra_context=None):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        version = Version.objects.get_deleted(Film).filter(pk=version_id).first()
        if version is None:
            raise Http404("No deleted film has this version.")
        context = {**self._restore_context(version), **(extra_context or {})}
        return super().recover_view(request, version_id, context)

    def _restore_context(self, version):
        """What the film keeps through a restore, read before reversion writes the old version back."""
        film_id = version.object_id
        kept = kept_publication(film_id)
        restored_status = version.field_dict.get("status")
        note = ""
        if kept and (kept["status"] == FilmStatus.PUBLISHED) != (restored_status == FilmStatus.PUBLISHED):
            note = f"Its status stays {FilmStatus(kept['status']).label}. {REFUSAL}"
        return {
            "version": version,
            "restore_film_id": film_id,
            "lock_version_before_restore": Film.objects.filter(pk=film_id)
            .values_list("lock_version", flat=True)
            .first(),
            "publication_kept": kept,
            "publication_note": note,
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["form_sections"] = film_form.panels(context["adminform"], context["inline_admin_formsets"])
        if self.has_change_permission(request, obj) if obj is not None else self.has_add_permission(request):
            name = "preview" if obj is not None and obj.pk else "preview_add"
            args = [obj.pk] if name == "preview" else []
            context["preview_url"] = reverse(f"admin:catalog_film_{name}", args=args)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id is not None and "restore_film_id" in extra_context:
            # Reversion has just written the old version back, inside a transaction that a restore form
            # shown without saving rolls back. The version stores no lock_version, so the counter fell
            # back to its default: put it back, or a form opened before the restore could overwrite it
            # unnoticed. Show the publication the save will keep (catalog.publication keeps it on save).
            kept = {"lock_version": extra_context["lock_version_before_restore"] or 1}
            kept.update(extra_context["publication_kept"] or {})
            Film.objects.filter(pk=unquote(object_id)).update(**kept)
        return super().changeform_view(request, object_id, form_url, extra_context)

    object_history_template = "admin/catalog/film/object_history.html"
    revision_form_template = "admin/catalog/film/revision_form.html"
    recover_form_template = "admin/catalog/film/recover_form.html"
