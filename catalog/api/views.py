"""The public read API's endpoints (``/api/v1/``): thin views over the site's own querysets, FilterSets and film
page presenter, so the API shows what the pages show, drafts never among it."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView, ListAPIView, RetrieveAPIView
from rest_framework.response import Response

from ..models import AwardBody, Film, Nomination, Person
from ..public.film_rows import film_page_rows
from ..public.filters import FilmFilter, PersonFilter, SearchForm
from ..public.presenters import Ceremony, FilmPage, ceremonies_by_body
from ..search import search_catalog
from . import schema as _filter_parameters  # noqa: F401  (registers the FilterSets' OpenAPI parameters)
from . import serializers as api
from .http import CatalogAnswerMixin
from .pagination import KeysetPagination


class FilterBackend(DjangoFilterBackend):
    """The site's own FilterSets, strict: a refused value is a 400 naming the parameter, not a list ignoring it.

    The options of their dropdowns, which nobody sees here, are not read.
    """

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            filterset.combined_choices = ()
        return filterset


class CatalogView(CatalogAnswerMixin, GenericAPIView):
    pagination_class = None
    filter_backends = []

    def represent(self, instance, *, many=False):
        return api.represent(self.get_serializer_class(), instance, self.request, many=many)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.represent(self.get_object()))


class CatalogListView(CatalogView, ListAPIView):
    def list(self, request, *args, **kwargs):
        rows = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(rows)
        if page is not None:
            return self.get_paginated_response(self.represent(page, many=True))
        return Response(self.represent(rows, many=True))


class FilmList(CatalogListView):
    """Published films, with the film list's filters; by title unless ``ordering`` says otherwise."""

    serializer_class = api.FilmCardSerializer
    filterset_class = FilmFilter
    filter_backends = [FilterBackend]
    pagination_class = KeysetPagination

    def get_queryset(self):
        return Film.objects.published().for_listing().order_by("title", "year", "pk")


class FilmDetail(CatalogView, RetrieveAPIView):
    """A published film with every section of its page; each spoiler-bearing item says how much it reveals."""

    serializer_class = api.FilmDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Film.objects.published().for_detail()

    def get_object(self):
        film = super().get_object()
        film.page = FilmPage(film, **film_page_rows(film))
        return film


class PersonList(CatalogListView):
    """People credited on published films, with the people list's filters, by name."""

    serializer_class = api.PersonCardSerializer
    filterset_class = PersonFilter
    filter_backends = [FilterBackend]
    pagination_class = KeysetPagination

    def get_queryset(self):
        return Person.objects.with_published_credits().for_listing().order_by("name", "pk")


class PersonDetail(CatalogView, RetrieveAPIView):
    """A person with a published film: their credits and nominations on published films."""

    serializer_class = api.PersonDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Person.objects.for_detail()

    def get_object(self):
        person = super().get_object()
        if not person.published_credits:
            raise Http404("This person has no published films.")
        return person


def with_ceremonies(bodies, nominations):
    """``bodies``, each given its ``ceremonies`` (newest first) from the published films' ``nominations``."""
    groups = ceremonies_by_body(bodies, nominations.ceremonies())
    for group in groups:
        group.key.ceremonies = group.items
    return [group.key for group in groups]


class AwardBodyList(CatalogListView):
    """Festivals and academies, each with the editions that have nominations recorded."""

    serializer_class = api.AwardBodySerializer

    def list(self, request, *args, **kwargs):
        bodies = AwardBody.objects.select_related("country")
        rows = with_ceremonies(bodies, Nomination.objects.for_published_films())
        return Response(self.represent(rows, many=True))


class AwardBodyDetail(CatalogView):
    serializer_class = api.AwardBodySerializer

    def get(self, request, slug):
        body = get_object_or_404(AwardBody.objects.select_related("country"), slug=slug)
        (body,) = with_ceremonies([body], Nomination.objects.for_published_films().filter(category__body=body))
        return Response(self.represent(body))


class AwardCeremonyDetail(CatalogView):
    """One edition of an award body's awards: its nominations by category, winners first."""

    serializer_class = api.CeremonySerializer

    @extend_schema(operation_id="awards_ceremony_retrieve")
    def get(self, request, slug, year):
        body = get_object_or_404(AwardBody, slug=slug)
        nominations = list(Nomination.objects.for_published_films().at_ceremony(body, year))
        if not nominations:
            raise Http404("No nominations are recorded for this ceremony.")
        ceremony = {"body": body, "year": year, "nominations": nominations, "ceremony": Ceremony(body, year)}
        return Response(self.represent(ceremony))


class FacetList(CatalogListView):
    """The values a film list filter takes that have published films, by name; ``film_count`` counts them."""

    def get_queryset(self):
        model = self.get_serializer_class().Meta.model
        return model.objects.with_published_films().order_by("name")


class GenreList(FacetList):
    """Genres with published films; ``films`` is the genre's film list."""

    serializer_class = api.GenreSerializer


class CountryList(FacetList):
    """Countries of production of published films; the film list filters by ``country=<code>``."""

    serializer_class = api.CountryCountSerializer


class LanguageList(FacetList):
    """Original languages of published films; the film list filters by ``language=<code>``."""

    serializer_class = api.LanguageCountSerializer


class Search(CatalogView):
    """Published films and people, quotes and notes matching every word of ``q``, accents aside."""

    serializer_class = api.SearchSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                required=True,
                allow_blank=False,
                pattern=r"\S",
                description=SearchForm.base_fields["q"].label,
            )
        ]
    )
    def get(self, request):
        form = SearchForm(request.query_params)
        if not form.is_valid():
            raise translate_validation(form.errors)
        if not form.cleaned_data["q"]:
            raise serializers.ValidationError({"q": ["Say what to search for."]})
        results = search_catalog(form.cleaned_data["q"])
        results.more = sorted(results.more)
        return Response(self.represent(results))


# The index's entries and the URL each names.
INDEX = {
    "films": "api:film-list",
    "people": "api:person-list",
    "awards": "api:award-body-list",
    "genres": "api:genre-list",
    "countries": "api:country-list",
    "languages": "api:language-list",
    "search": "api:search",
    "openapi": "api:schema",
    "docs": "api:docs",
}


class Index(CatalogView):
    """Where each part of the API is."""

    @extend_schema(responses=inline_serializer("Index", {name: serializers.URLField() for name in INDEX}))
    def get(self, request):
        return Response({name: request.build_absolute_uri(reverse(route)) for name, route in INDEX.items()})
