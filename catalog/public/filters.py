"""The filter forms of the public lists: what a visitor may ask of ``/films/`` and ``/people/``.

Every value is validated by a form field, so a bad value becomes a form error and never reaches a query.
"""

from datetime import date

import django_filters
from django import forms
from django.db.models import Value
from django.urls import reverse_lazy

from ..models import MAX_YEAR, MIN_YEAR, AwardBody, Country, Film, Genre, Language, Outcome, Person, Role
from ..models.choices import ANY_OUTCOME
from ..models.text import MAX_QUERY_LENGTH
from .widgets import QuickSelect, SuggestInput

ANY_NOMINATION = ANY_OUTCOME
# People who share a name are all matched; a name shared by more than this is not a useful filter.
MAX_NAMESAKES = 20


class YearFilter(django_filters.NumberFilter):
    """A whole year; typed in a text box so that a wrong value stays visible next to its error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        # Bounded, because a database may refuse a number wider than its integer column.
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)


def decade_choices():
    newest = date.today().year // 10 * 10
    return [(decade, f"{decade}s") for decade in range(newest, MIN_YEAR // 10 * 10 - 1, -10)]


class StableOrderingFilter(django_filters.OrderingFilter):
    """Orders by the chosen field, then by title and id, so that pages never share or skip a film."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in value if param], "title", "pk")


class ListFilterSet(django_filters.FilterSet):
    # Model choice filters whose options are read together, in one query, rather than in one query each.
    # Each one's options are its queryset's rows labelled by ``name`` and ordered by it, as its model's are.
    combined_choices = ()

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            if self.combined_choices:
                load_choices({name: form.fields[name] for name in self.combined_choices})
        return self._form

    @property
    def active(self):
        """The names of the filters in use (sorting aside), for the "2 active" summary and "Clear all filters"."""
        if not self.is_bound:
            return []
        return [name for name in self.filters if name != "ordering" and self.data.get(name, "") != ""]


def load_choices(fields):
    """Give each of ``fields`` (model choice fields by name) its options, read in one UNION ALL query.

    Only the widgets are given the options: the fields keep their querysets, so a submitted value is still
    checked against the database.
    """
    parts = [
        field.queryset.order_by().values_list(Value(name), field.to_field_name or "pk", "name")
        for name, field in fields.items()
    ]
    first, *rest = parts
    options = {name: [] for name in fields}
    for name, value, label in first.union(*rest, all=True).order_by("name"):
        options[name].append((value, label))
    for name, field in fields.items():
        empty = [("", field.empty_label)] if field.empty_label is not None else []
        field.widget.choices = [*empty, *options[name]]


class PersonNameField(forms.CharField):
    """Someone credited on a published film, typed by name or given by the slug that person pages link with.

    Cleans to the matching people (namesakes included), so a list of every credited person never has to be
    rendered as a dropdown.
    """

    widget = SuggestInput(reverse_lazy("catalog:person-suggestions"))

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        credited = Person.objects.with_published_credits().only("name", "slug").order_by("name", "pk")
        people = list(credited.filter(slug=value)[:1]) or list(credited.filter(name=value)[:MAX_NAMESAKES])
        if not people:
            # The name goes in as a parameter: a "%" typed in it must not be read as a placeholder.
            raise forms.ValidationError(
                "Nobody called “%(name)s” has films in the catalog. Check the spelling, or pick a suggested name.",
                code="unknown_person",
                params={"name": value},
            )
        return people


class PersonNameFilter(django_filters.CharFilter):
    field_class = PersonNameField


class FilmFilterForm(forms.Form):
    def clean(self):
        cleaned_data = super().clean()
        first, last = cleaned_data.get("year_min"), cleaned_data.get("year_max")
        if first is not None and last is not None and first > last:
            raise forms.ValidationError(f"The years are the wrong way round: from {first} to {last}.")
        return cleaned_data


# The filters whose value keeps its own count of published films (``film_count``).
COUNTED_FILTERS = ("genre", "country", "language")


class FilmFilter(ListFilterSet):
    q = django_filters.CharFilter(
        label="Title",
        method="filter_q",
        max_length=MAX_QUERY_LENGTH,
        help_text="Any title it is known by; accents optional.",
    )
    genre = django_filters.ModelChoiceFilter(
        method="filter_genre",
        label="Genre",
        queryset=Genre.objects.all(),
        to_field_name="slug",
        empty_label="Any genre",
        widget=QuickSelect,
    )
    year_min = YearFilter(field_name="year", lookup_expr="gte", label="From year")
    year_max = YearFilter(field_name="year", lookup_expr="lte", label="To year")
    decade = django_filters.ChoiceFilter(
        label="Decade", choices=decade_choices, method="filter_decade", empty_label="Any decade", widget=QuickSelect
    )
    country = django_filters.ModelChoiceFilter(
        method="filter_country",
        label="Country",
        queryset=Country.objects.with_published_films(),
        empty_label="Any country",
        widget=QuickSelect,
    )
    language = django_filters.ModelChoiceFilter(
        field_name="original_language",
        label="Original language",
        queryset=Language.objects.with_published_films(),
        empty_label="Any language",
        widget=QuickSelect,
    )
    person = PersonNameFilter(
        label="Cast or crew",
        method="filter_person",
        help_text="A name as the catalog spells it; suggestions appear as you type.",
    )
    award = django_filters.ChoiceFilter(
        label="Outcome",
        choices=[
            (ANY_NOMINATION, "Won or nominated"),
            (Outcome.WON, "Won"),
            (Outcome.NOMINATED, "Nominated without winning"),
        ],
        method="filter_award",
        empty_label="With or without awards",
        widget=QuickSelect,
    )
    award_body = django_filters.ModelChoiceFilter(
        label="Award body",
        queryset=AwardBody.objects.all(),
        to_field_name="slug",
        method="filter_award_body",
        empty_label="Any award body",
        widget=QuickSelect,
    )
    ordering = StableOrderingFilter(
        label="Sort by",
        fields=[("title", "title"), ("year", "year"), ("updated_at", "updated")],
        choices=[
            ("title", "Title, A to Z"),
            ("-title", "Title, Z to A"),
            ("-year", "Newest first"),
            ("year", "Oldest first"),
            ("-updated", "Recently updated"),
        ],
        empty_label=None,
        widget=QuickSelect,
    )

    combined_choices = ("genre", "country", "language", "award_body")

    class Meta:
        model = Film
        fields = []
        form = FilmFilterForm

    def filter_q(self, queryset, name, value):
        return queryset.with_title_matching(value)

    def filter_queryset_with(self, values):
        """The list's films under ``values`` alone (cleaned values by filter name), the others not applied."""
        queryset = self.queryset
        for name, value in values.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def stored_count(self):
        """The number of matching films when it is already known without counting, else None.

        A genre, country or language alone can match a large share of the catalog, which the database
        would count film by film; each keeps that number itself (``film_count``).
        """
        if len(self.active) == 1 and self.active[0] in COUNTED_FILTERS and self.is_valid():
            return self.form.cleaned_data[self.active[0]].film_count
        return None

    def filter_genre(self, queryset, name, value):
        return queryset.in_genre(value)

    def filter_country(self, queryset, name, value):
        return queryset.made_in(value)

    def filter_decade(self, queryset, name, value):
        return queryset.in_decade(int(value))

    def filter_person(self, queryset, name, value):
        return queryset.with_credit_for(value)

    def filter_award(self, queryset, name, value):
        # The outcome and the award body must hold for the same nomination: "won at Venice", not
        # "won somewhere and nominated at Venice", so this filter applies both.
        outcome = None if value == ANY_NOMINATION else value
        return queryset.with_nominations(outcome=outcome, body=self.form.cleaned_data.get("award_body"))

    def filter_award_body(self, queryset, name, value):
        if self.form.cleaned_data.get("award"):
            return queryset  # filter_award has applied it together with the outcome
        return queryset.with_nominations(body=value)


class PersonFilter(ListFilterSet):
    q = django_filters.CharFilter(label="Name", method="filter_q", max_length=MAX_QUERY_LENGTH)
    role = django_filters.ChoiceFilter(
        label="Role", choices=Role.choices, method="filter_role", empty_label="Any role", widget=QuickSelect
    )

    class Meta:
        model = Person
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.with_name_matching(value)

    def filter_role(self, queryset, name, value):
        return queryset.credited_as(value)


class FilmPageForm(forms.Form):
    """What a visitor may ask of a film page: its spoilers shown (``?spoilers=all``) or folded, as by default."""

    spoilers = forms.ChoiceField(choices=[("all", "Reveal all spoilers")], required=False)

    def spoilers_revealed(self):
        return self.is_valid() and self.cleaned_data["spoilers"] == "all"


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search films, people, quotes and trivia",
        max_length=MAX_QUERY_LENGTH,
        required=False,
        strip=True,
    )


class SuggestionForm(forms.Form):
    q = forms.CharField(min_length=2, max_length=MAX_QUERY_LENGTH, strip=True)
