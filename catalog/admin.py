from django.contrib import admin

from .models import (
    AlternativeTitle,
    AwardBody,
    AwardCategory,
    Country,
    Credit,
    Film,
    FilmingLocation,
    FilmNote,
    Genre,
    KeyScene,
    Language,
    Nomination,
    Person,
    PlotSection,
    Quote,
    Recommendation,
)

SOURCE_FIELDS = ("source_url", "source_publication", "source_retrieved", "source_status")


@admin.display(description="sourced", boolean=True)
def has_source(obj):
    return obj.has_source


class FilmInline(admin.StackedInline):
    extra = 0


class ClaimInline(FilmInline):
    """Inline for rows that carry a source: unsourced rows say so, so editors know what to research."""

    readonly_fields = ["source_status"]

    @admin.display(description="source")
    def source_status(self, obj):
        if obj.pk is None:
            return "—"
        return "Sourced" if obj.has_source else "⚠ Unsourced: add a URL or publication"


class AlternativeTitleInline(admin.TabularInline):
    model = AlternativeTitle
    extra = 0
    autocomplete_fields = ["language", "country"]


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "character_name", "character_description", "billing_order"]


class PlotSectionInline(FilmInline):
    model = PlotSection
    fields = [("part", "heading", "order", "spoiler_level"), "body"]


class FilmNoteInline(ClaimInline):
    model = FilmNote
    fields = [("kind", "title", "order", "spoiler_level"), "text", SOURCE_FIELDS]


class KeySceneInline(ClaimInline):
    model = KeyScene
    fields = [("title", "order", "spoiler_level"), "description", SOURCE_FIELDS]


class QuoteInline(ClaimInline):
    model = Quote
    fields = [("text", "order", "spoiler_level"), ("speaker", "character_name", "context"), SOURCE_FIELDS]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A quote is spoken by one of this film's characters; offer only its credits.
        speakers = Credit.objects.filter(film=obj) if obj else Credit.objects.none()
        formset.form.base_fields["speaker"].queryset = speakers.select_related("person", "film")
        return formset


class FilmingLocationInline(ClaimInline):
    model = FilmingLocation
    autocomplete_fields = ["country"]
    fields = [
        ("place", "region", "country", "order", "spoiler_level"),
        ("stands_in_for", "latitude", "longitude"),
        "description",
        SOURCE_FIELDS,
    ]


class NominationInline(ClaimInline):
    model = Nomination
    autocomplete_fields = ["category", "person"]
    fields = [("category", "year", "person", "outcome", "spoiler_level"), "note", SOURCE_FIELDS]


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    fk_name = "film"
    extra = 0
    autocomplete_fields = ["recommended"]
    fields = ["recommended", "reason", "order"]


@admin.register(Film)
class FilmAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "status", "updated_at"]
    list_filter = ["status", "genres", "post_credits_scene"]
    search_fields = ["title", "original_title", "alternative_titles__title", "credits__person__name"]
    prepopulated_fields = {"slug": ["title", "year"]}
    autocomplete_fields = ["genres", "countries", "original_language"]
    date_hierarchy = "updated_at"
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "original_title", "slug", "status", "logline", "poster"]}),
        (
            "Key facts",
            {"fields": ["year", "release_date", "runtime_minutes", "countries", "original_language", "genres"]},
        ),
        ("About the film", {"fields": ["overview", "movie_type", "score_note", "awards_note", "why_watch"]}),
        ("Post-credits scenes", {"fields": ["post_credits_scene", "post_credits_note"]}),
    ]
    inlines = [
        AlternativeTitleInline,
        CreditInline,
        PlotSectionInline,
        QuoteInline,
        FilmingLocationInline,
        NominationInline,
        FilmNoteInline,
        KeySceneInline,
        RecommendationInline,
    ]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "birth_date", "updated_at"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "character_name", "film"]
    list_filter = ["role"]
    list_select_related = ["person", "film"]
    search_fields = ["person__name", "film__title", "character_name"]
    autocomplete_fields = ["film", "person"]


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country, Language)
class CodeNameAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class AwardCategoryInline(admin.TabularInline):
    model = AwardCategory
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AwardBody)
class AwardBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "country"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    inlines = [AwardCategoryInline]


@admin.register(AwardCategory)
class AwardCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "body"]
    list_filter = ["body"]
    list_select_related = ["body"]
    search_fields = ["name", "body__name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["film", "category", "year", "person", "outcome", has_source]

    list_filter = ["outcome", "category__body", "year"]
    list_select_related = ["film", "category__body", "person"]
    search_fields = ["film__title", "person__name", "category__name"]
    autocomplete_fields = ["film", "category", "person"]


@admin.register(PlotSection, FilmNote, KeyScene, Quote, FilmingLocation, Recommendation, AlternativeTitle)
class FilmContentAdmin(admin.ModelAdmin):
    """Per-film content is edited inline on the film; these lists help find a row across films."""

    list_display = ["__str__", "film"]
    list_select_related = ["film"]
    search_fields = ["film__title"]
    autocomplete_fields = ["film"]
