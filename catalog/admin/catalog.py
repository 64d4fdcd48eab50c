from django.contrib import admin

from ..models import (
    AlternativeTitle,
    AwardBody,
    AwardCategory,
    Country,
    Credit,
    FilmingLocation,
    FilmNote,
    FilmTotal,
    Genre,
    ImportedValue,
    KeyScene,
    Language,
    Nomination,
    Person,
    PlotSection,
    Quote,
    Recommendation,
    Still,
)
from .accessibility import LabelledWidgetsMixin
from .editing import EditorFacingMixin
from .guards import GuardedInputMixin
from .inlines import has_source
from .library import ImageChooserMixin


@admin.register(Person)
class PersonAdmin(ImageChooserMixin, EditorFacingMixin, LabelledWidgetsMixin, GuardedInputMixin, admin.ModelAdmin):
    list_display = ["name", "birth_date", "updated_at"]
    # Identifiers match whole; the TMDB number by exact lookup, which Django skips for words that are not numbers.
    search_fields = ["name", "=imdb_id", "=wikidata_id", "tmdb_id__exact"]
    search_help_text = "Search by name, or by an IMDb, Wikidata or TMDB ID."
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "name",
        "slug",
        "bio",
        "photo",
        "birth_date",
        "death_date",
        "birth_place",
        "imdb_id",
        "wikidata_id",
        "tmdb_id",
    ]


@admin.register(Credit)
class CreditAdmin(EditorFacingMixin, GuardedInputMixin, admin.ModelAdmin):
    listed_for_editors = False  # edited on the film's page
    list_display = ["person", "role", "character_name", "film"]
    list_filter = ["role"]
    list_select_related = ["person", "film"]
    search_fields = ["person__name", "film__title", "character_name"]
    autocomplete_fields = ["film", "person"]


@admin.register(Genre)
class GenreAdmin(EditorFacingMixin, GuardedInputMixin, admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country, Language)
class CodeNameAdmin(EditorFacingMixin, GuardedInputMixin, admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class AwardCategoryInline(LabelledWidgetsMixin, GuardedInputMixin, admin.TabularInline):
    model = AwardCategory
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AwardBody)
class AwardBodyAdmin(EditorFacingMixin, GuardedInputMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "country"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    inlines = [AwardCategoryInline]


@admin.register(AwardCategory)
class AwardCategoryAdmin(EditorFacingMixin, GuardedInputMixin, admin.ModelAdmin):
    list_display = ["name", "body", "recorded"]
    list_filter = ["body"]
    list_select_related = ["body"]
    search_fields = ["name", "body__name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Nomination)
class NominationAdmin(EditorFacingMixin, GuardedInputMixin, admin.ModelAdmin):
    list_display = ["film", "category", "year", "person", "outcome", has_source]

    list_filter = ["outcome", "category__body", "year"]
    list_select_related = ["film", "category__body", "person"]
    search_fields = ["film__title", "person__name", "category__name"]
    autocomplete_fields = ["film", "category", "person"]


@admin.register(PlotSection, FilmNote, KeyScene, Quote, FilmingLocation, Recommendation, AlternativeTitle, Still)
class FilmContentAdmin(EditorFacingMixin, GuardedInputMixin, admin.ModelAdmin):
    """Per-film content is edited inline on the film; these lists help find a row across films."""

    listed_for_editors = False

    list_display = ["__str__", "film"]
    list_select_related = ["film"]
    search_fields = ["film__title"]
    autocomplete_fields = ["film"]


@admin.register(ImportedValue)
class ImportedValueAdmin(EditorFacingMixin, GuardedInputMixin, admin.ModelAdmin):
    """What imports wrote, by film and person: read-only, for finding out why an import kept or changed a value."""

    listed_for_editors = False
    list_display = ["__str__", "source", "imported_at"]
    list_filter = ["source"]
    list_select_related = ["film", "person"]
    search_fields = ["film__title", "person__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FilmTotal)
class FilmTotalAdmin(EditorFacingMixin, admin.ModelAdmin):
    """The published films of each year, outcome and award body, kept for the film list's choices: read-only,
    since the catalog counts them itself after every change."""

    listed_for_editors = False
    list_display = ["kind", "value", "film_count"]
    list_filter = ["kind"]
    search_fields = ["value"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
