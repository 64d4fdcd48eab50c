"""The film form's sections, declared once: the admin's fieldsets and inlines, the section menu and the
error counts all come from ``FORM_SECTIONS``.

Each section is a panel of the one form. With JavaScript, the menu shows one panel at a time (the first
with an error after a failed save); without it, every panel is shown one after another and the menu's
links jump down the page. Either way every input stays in the form, so switching loses nothing.
"""

from dataclasses import dataclass

from .inlines import (
    AlternativeTitleInline,
    CreditInline,
    FilmingLocationInline,
    FilmNoteInline,
    KeySceneInline,
    NominationInline,
    PlotSectionInline,
    QuoteInline,
    RecommendationInline,
)
from .library import StillInline


@dataclass(frozen=True)
class FormSection:
    slug: str
    title: str
    fieldsets: tuple = ()  # as ModelAdmin.fieldsets
    inlines: tuple = ()


FORM_SECTIONS = (
    FormSection(
        "overview",
        "Overview",
        fieldsets=(
            (None, {"fields": ["completeness_summary", "title", "original_title", "slug"]}),
            (
                "Key facts",
                {"fields": ["year", "release_date", "runtime_minutes", "countries", "original_language", "genres"]},
            ),
            ("Introduction", {"fields": ["logline", "overview", "movie_type"]}),
            ("Identifiers", {"fields": ["imdb_id", "wikidata_id", "tmdb_id"]}),
        ),
        inlines=(AlternativeTitleInline,),
    ),
    FormSection("story", "Story", inlines=(PlotSectionInline, KeySceneInline)),
    FormSection("cast", "Cast & crew", inlines=(CreditInline,)),
    FormSection("quotes", "Quotes", inlines=(QuoteInline,)),
    FormSection(
        "notes",
        "Notes & trivia",
        fieldsets=(
            (
                "Post-credits scenes",
                {"fields": ["post_credits_scene", "post_credits_note", "post_credits_spoiler_level"]},
            ),
            ("Music", {"fields": ["score_note"]}),
        ),
        inlines=(FilmNoteInline,),
    ),
    FormSection(
        "awards", "Awards", fieldsets=(("Awards in prose", {"fields": ["awards_note"]}),), inlines=(NominationInline,)
    ),
    FormSection("places", "Places", inlines=(FilmingLocationInline,)),
    FormSection(
        "media",
        "Media",
        fieldsets=(("Poster and backdrop", {"fields": ["poster", "backdrop"]}),),
        inlines=(StillInline,),
    ),
    FormSection(
        "recommendations",
        "Recommendations",
        fieldsets=(("Why watch", {"fields": ["why_watch"]}),),
        inlines=(RecommendationInline,),
    ),
    FormSection(
        "publishing",
        "Publishing",
        fieldsets=(("Publication", {"fields": ["status", "go_live_at", "unpublish_at", "publication_summary"]}),),
    ),
)

FIELDSETS = [fieldset for section in FORM_SECTIONS for fieldset in section.fieldsets]
INLINES = [inline for section in FORM_SECTIONS for inline in section.inlines]


@dataclass
class SectionPanel:
    """One section of a rendered form: its admin fieldsets and inline formsets, and their errors."""

    section: FormSection
    fieldsets: list
    inline_formsets: list
    error_count: int = 0
    is_open: bool = False

    @property
    def slug(self):
        return self.section.slug

    @property
    def title(self):
        return self.section.title


def panels(adminform, inline_admin_formsets):
    """The sections of a rendered film form, each holding its part of it; the first with errors is open.

    ``adminform`` yields its fieldsets in ``FIELDSETS``' order, so each section takes the next ones.
    """
    fieldsets = iter(adminform)
    form = adminform.form
    result = []
    for section in FORM_SECTIONS:
        own = [next(fieldsets) for _ in section.fieldsets]
        formsets = [inline for inline in inline_admin_formsets if type(inline.opts) in section.inlines]
        errors = sum(len(form.errors.get(name, ())) for fieldset in own for line in fieldset for name in _names(line))
        errors += sum(inline.formset.total_error_count() for inline in formsets)
        result.append(SectionPanel(section, own, formsets, errors))
    opened = next((panel for panel in result if panel.error_count), result[0])
    opened.is_open = True
    return result


def _names(line):
    return [field.field["name"] if isinstance(field.field, dict) else field.field.name for field in line]
