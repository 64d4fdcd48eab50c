"""The inlines of the film change page: one per kind of per-film content."""

from django.contrib import admin
from django.contrib.admin.utils import flatten
from django.forms.models import BaseInlineFormSet
from django.utils.text import Truncator

from ..models import (
    AlternativeTitle,
    Credit,
    FilmingLocation,
    FilmNote,
    KeyScene,
    Nomination,
    PlotSection,
    Quote,
    Recommendation,
)
from .accessibility import LabelledWidgetsMixin
from .guards import GuardedAutocompleteSelect, GuardedInputMixin

SOURCE_FIELDS = ("source_url", "source_publication", "source_retrieved", "source_status")
# Beside the source: a claim in doubt is marked for visitors, with the reason they read.
DISPUTE_FIELDS = ("disputed", "dispute_note")


@admin.display(description="sourced", boolean=True)
def has_source(obj):
    return obj.has_source


class KnownChoiceAutocompleteSelect(GuardedAutocompleteSelect):
    """Labels the current value from a row already loaded with the form, instead of a query per row."""

    known = {}

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not selected or not selected <= self.known.keys():
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for key in sorted(selected):
            options.append(self.create_option(name, key, self.known[key], True, len(options)))
        return [(None, options, 0)]


class LoadedChoicesMixin:
    """For inlines: fetch each row's related objects with the rows, and label selects from them.

    Without this, every inline row's autocomplete box asks the database for its own label.
    """

    select_related = ()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields and "widget" not in kwargs:
            kwargs["widget"] = KnownChoiceAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        names = [name for name in self.autocomplete_fields if name in formset.form.base_fields]
        parent_field = formset.fk

        class Form(formset.form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                # Each row's __str__ names its film: hand it the film already loaded.
                if obj is not None and getattr(self.instance, parent_field.attname) == obj.pk:
                    parent_field.set_cached_value(self.instance, obj)
                for name in names:
                    field = self.instance._meta.get_field(name)
                    if field.is_cached(self.instance) and getattr(self.instance, name) is not None:
                        target = getattr(self.instance, name)
                        widget = getattr(self.fields[name].widget, "widget", self.fields[name].widget)
                        widget.known = {str(target.pk): str(target)}

        formset.form = Form
        return formset


class FilmInline(LoadedChoicesMixin, GuardedInputMixin, admin.StackedInline):
    """A stacked inline whose rows fold to one line, their summary, and open to be edited; with an
    ``order`` field, rows can be moved up and down (static/catalog/admin/film-form.js renumbers them)."""

    extra = 0
    template = "admin/catalog/edit_inline/collapsible_stacked.html"

    def summary(self, obj):
        """The row on one line: what it is, without the film it belongs to."""
        return str(obj)

    def row_summary(self, obj):
        parts = [Truncator(self.summary(obj)).chars(90)]
        if getattr(obj, "is_spoiler", False):
            parts.append(obj.get_spoiler_level_display().lower())
        return " · ".join(parts)

    @property
    def reorderable(self):
        return "order" in flatten(self.fields or ())


class ClaimInline(FilmInline):
    """Inline for rows that carry a source: unsourced rows say so, so editors know what to research."""

    readonly_fields = ["source_status"]

    def row_summary(self, obj):
        summary = super().row_summary(obj)
        return summary if obj.has_source else f"{summary} · ⚠ unsourced"

    @admin.display(description="source")
    def source_status(self, obj):
        if obj.pk is None:
            return "—"
        return "Sourced" if obj.has_source else "⚠ Unsourced: add a URL or publication"


class AlternativeTitleInline(LabelledWidgetsMixin, LoadedChoicesMixin, GuardedInputMixin, admin.TabularInline):
    model = AlternativeTitle
    extra = 0
    autocomplete_fields = ["language", "country"]
    select_related = ["language", "country"]


class CreditInline(LabelledWidgetsMixin, LoadedChoicesMixin, GuardedInputMixin, admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["person"]
    select_related = ["person"]
    fields = [
        "person",
        "role",
        "character_name",
        "character_description",
        "description_spoiler_level",
        "billing_order",
    ]


class PlotSectionInline(ClaimInline):
    model = PlotSection
    fields = [("part", "heading", "order", "spoiler_level"), "body", SOURCE_FIELDS, DISPUTE_FIELDS]

    def summary(self, obj):
        return f"{obj.get_part_display()}: {obj.heading}"


class FilmNoteInline(ClaimInline):
    model = FilmNote
    fields = [("kind", "title", "order", "spoiler_level"), "text", SOURCE_FIELDS, DISPUTE_FIELDS]


class KeySceneInline(ClaimInline):
    model = KeyScene
    fields = [("title", "order", "spoiler_level"), "description", SOURCE_FIELDS, DISPUTE_FIELDS]


class QuoteInline(ClaimInline):
    model = Quote
    select_related = ["speaker__person"]
    fields = [
        ("text", "order", "spoiler_level"),
        ("speaker", "character_name", "context"),
        SOURCE_FIELDS,
        DISPUTE_FIELDS,
    ]

    def summary(self, obj):
        return f"{obj.speaker_name}: “{obj.text}”" if obj.speaker_name else f"“{obj.text}”"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A quote is spoken by one of this film's characters; offer only its credits.
        speakers = Credit.objects.filter(film=obj) if obj else Credit.objects.none()
        field = formset.form.base_fields["speaker"]
        field.queryset = speakers.select_related("person")
        field.label_from_instance = speaker_label
        # A credit made in a popup could belong to any film; speakers come from the Credits on this page.
        field.widget.can_add_related = False
        field.choices = list(field.choices)  # fetched once for the page, not once per quote row
        if obj is None:
            field.help_text = "The film’s credits are offered here once it is saved; until then, type the character."
        return formset


def speaker_label(credit):
    """Names the character first, as editors think of who says a line; the film goes without saying."""
    if credit.character_name:
        return f"{credit.character_name} ({credit.person})"
    return f"{credit.person} ({credit.get_role_display().lower()})"


class FilmingLocationInline(ClaimInline):
    model = FilmingLocation
    autocomplete_fields = ["country"]
    select_related = ["country"]
    fields = [
        ("place", "region", "country", "order", "spoiler_level"),
        ("stands_in_for", "latitude", "longitude"),
        "description",
        SOURCE_FIELDS,
        DISPUTE_FIELDS,
    ]

    def summary(self, obj):
        return ", ".join(part for part in (obj.place, obj.region) if part)


class NominationFormSet(BaseInlineFormSet):
    """Lets a nomination name a person whose credit is added in the same save."""

    def __init__(self, *args, credited_people=None, **kwargs):
        self.credited_people = credited_people
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.credited_people = self.credited_people
        return form


class NominationInline(ClaimInline):
    model = Nomination
    formset = NominationFormSet
    autocomplete_fields = ["category", "person"]
    select_related = ["category__body", "person"]
    fields = [("category", "year", "person", "outcome", "spoiler_level"), "note", SOURCE_FIELDS, DISPUTE_FIELDS]

    def summary(self, obj):
        who = f" ({obj.person})" if obj.person_id else ""
        return f"{obj.category} {obj.year}{who}: {obj.get_outcome_display().lower()}"


class RecommendationInline(LabelledWidgetsMixin, LoadedChoicesMixin, GuardedInputMixin, admin.TabularInline):
    model = Recommendation
    fk_name = "film"
    extra = 0
    autocomplete_fields = ["recommended"]
    select_related = ["recommended"]
    fields = ["recommended", "reason", "spoiler_level", "order"]
