from django import forms
from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import DetailView, ListView, TemplateView, View
from django_filters.views import FilterView

from ..caching import cached_by
from ..models import AwardBody, Credit, Film, FilmTotal, Genre, Nomination, Person, Role
from ..search import search_catalog
from . import facets, feeds, seo
from .film_rows import film_page_rows
from .filters import FilmFilter, FilmPageForm, PersonFilter, SearchForm, SuggestionForm
from .pagination import ListPaginator, PageBeyondLimit
from .pictures import social_image
from .presenters import (
    Ceremony,
    FilmPage,
    ceremonies_by_body,
    filmography,
    nominations_by_category,
    nominations_by_year,
    roles_by_person,
)

PAGE_SIZE = 24


class PublicQueryMixin:
    """Declares the query parameters a page reads, as form fields: the page cache keys on them alone and
    hands the view no other (``catalog.caching.public_page``)."""

    query_form = None

    @classmethod
    def query_fields(cls):
        return dict(cls.query_form.base_fields) if cls.query_form else {}


class PageMetaMixin(PublicQueryMixin):
    """Gives the page its ``meta`` (title, description, OpenGraph card) and its schema.org ``json_ld``."""

    page_title = ""
    page_description = seo.DEFAULT_DESCRIPTION

    def get_page_meta(self):
        return seo.PageMeta(title=self.page_title, description=self.page_description)

    def get_json_ld(self, context):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("meta", self.get_page_meta())
        context.setdefault("json_ld", self.get_json_ld(context))
        return context


class ItemListMixin(PageMetaMixin):
    """A paginated list page whose JSON-LD is an ``ItemList`` of the objects on the current page."""

    paginate_by = PAGE_SIZE
    paginator_class = ListPaginator
    item_list_name = ""

    @classmethod
    def query_fields(cls):
        return {**super().query_fields(), cls.page_kwarg: forms.IntegerField(min_value=1, required=False)}

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except PageBeyondLimit as beyond:
            return self.page_beyond_limit(beyond)

    def page_beyond_limit(self, beyond):
        """Advice to narrow the list, answered with 404 (never cached) in place of a page too deep to read."""
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        context = {
            "meta": seo.PageMeta(title=f"{self.item_list_name}: page {beyond.number}", noindex=True),
            "list_name": self.item_list_name,
            "max_pages": beyond.max_pages,
            "max_items": beyond.max_pages * self.paginate_by,
            "first_page_url": f"{self.request.path}?{query.urlencode()}" if query else self.request.path,
            "filterable": hasattr(self, "filterset_class"),
        }
        return TemplateResponse(self.request, "catalog/list_beyond_limit.html", context, status=404)

    def get_json_ld(self, context):
        page = context["page_obj"]
        return seo.item_list(self.request, page.object_list, name=self.item_list_name, start=page.start_index())


class FilteredListMixin(ItemListMixin):
    """A list with a django-filter form: invalid values are shown as form errors with status 400.

    The valid filters still apply (``strict = False``), so one stale value in a shared link does not
    empty the page.
    """

    strict = False

    @classmethod
    def query_fields(cls):
        # The filters' own fields, read from a FilterSet without data: building its form would load choices.
        filters = cls.filterset_class(data=None).filters
        return {**{name: filter_.field for name, filter_ in filters.items()}, **super().query_fields()}

    def render_to_response(self, context, **response_kwargs):
        if self.filterset.is_bound and not self.filterset.is_valid():
            response_kwargs.setdefault("status", 400)
        return super().render_to_response(context, **response_kwargs)

    def get_page_meta(self):
        meta = super().get_page_meta()
        # Filtered and sorted variants of a list are for visitors, not for the search index.
        meta.noindex = bool(set(self.request.GET) - {"page"})
        return meta


class HomeView(PageMetaMixin, TemplateView):
    template_name = "catalog/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            films=list(Film.objects.published().for_listing().recently_updated()[:6]),
            wins=list(Nomination.objects.for_published_films().recent_wins(6)),
            genres=list(Genre.objects.with_published_films()),
            decades=FilmTotal.objects.decades(),
            # Kept until the catalog changes: finding them checks the credits of thousands of people.
            directors=cached_by(("home", "directors"), self.most_credited_directors),
            **kwargs,
        )

    @staticmethod
    def most_credited_directors():
        return list(Person.objects.for_listing().credited_as(Role.DIRECTOR).most_credited()[:8])

    def get_json_ld(self, context):
        return seo.item_list(self.request, context["films"], name="Recently updated films")


class FilmListView(FilteredListMixin, FilterView):
    filterset_class = FilmFilter
    template_name = "catalog/film_list.html"
    item_list_name = page_title = "Films"
    page_description = "Browse films by genre, decade, country, language, cast and crew, and awards."

    def get_queryset(self):
        return Film.objects.published().for_listing().order_by("title", "year", "pk")

    def get_page_meta(self):
        meta = super().get_page_meta()
        meta.feeds = [feeds.updated_films_link()]
        return meta

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        if self.filterset.stored_count is not None:
            paginator.count = self.filterset.stored_count
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = facets.facet_counts(self.filterset, context["paginator"].count)
        facets.label_options(self.filterset.form, counts)
        context["facets_uncounted"] = len(counts) < len(facets.FACETS)
        context["facet_count_max"] = f"{settings.FACET_COUNT_MAX_FILMS:,}"
        return context


class FilmDetailView(PageMetaMixin, DetailView):
    template_name = "catalog/film_detail.html"
    context_object_name = "film"
    query_form = FilmPageForm

    def get_queryset(self):
        return Film.objects.visible_to(self.request.user).for_detail()

    def get_context_data(self, **kwargs):
        film = self.object
        self.page = FilmPage(film, **film_page_rows(film))
        context = {
            "page": self.page,
            "sources": self.page.sources,
            "spoilers_revealed": FilmPageForm(self.request.GET).spoilers_revealed(),
            "draft_preview": not film.is_published,
        }
        return super().get_context_data(**{**context, **kwargs})

    @classmethod
    def render_unsaved(cls, request, film, **context):
        """The film's page as a string, from its rows as they are in this transaction: the admin's preview
        of unsaved edits saves them in a savepoint, renders this, and rolls them back."""
        view = cls()
        view.setup(request, slug=film.slug)
        view.object = film
        return render_to_string(cls.template_name, view.get_context_data(object=film, **context), request)

    def get_page_meta(self):
        film = self.object
        return seo.PageMeta(
            title=f"{film.title} ({film.year})",
            description=film.logline or film.overview or f"{film.title}, a film from {film.year}.",
            og_type="video.movie",
            image=self.page.social_image,
            noindex=not film.is_published,
        )

    def get_json_ld(self, context):
        return seo.movie(self.request, self.object, self.page)


class PersonListView(FilteredListMixin, FilterView):
    filterset_class = PersonFilter
    template_name = "catalog/person_list.html"
    item_list_name = page_title = "People"
    page_description = "Directors, actors, composers and the rest of the cast and crew of the catalog’s films."

    def get_queryset(self):
        return Person.objects.with_published_credits().for_listing().order_by("name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        people = list(context["object_list"])
        context["roles"] = roles_by_person(Credit.objects.on_published_films().roles_of(people))
        return context


class PersonSuggestionsView(PublicQueryMixin, View):
    """``{"results": [{"name", "url"}]}``: up to ten credited people whose name starts with ``q``.

    Feeds the "Cast or crew" box of the film list as the visitor types.
    """

    query_form = SuggestionForm
    http_method_names = ["get", "head"]
    limit = 10

    def get(self, request):
        form = SuggestionForm(request.GET)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        people = (
            Person.objects.with_published_credits()
            .with_name_starting(form.cleaned_data["q"])
            .order_by("name", "pk")
            .values_list("name", "slug")[: self.limit]
        )
        results = [{"name": name, "url": reverse("catalog:person-detail", args=[slug])} for name, slug in people]
        return JsonResponse({"results": results})


def may_preview(user):
    """Whether ``user`` sees pages before they are public: drafts, and people without a published film."""
    return user.is_active and user.is_staff


class PersonDetailView(PageMetaMixin, DetailView):
    """A person's page; it is public once they have a credit on a published film, and staff may preview it before."""

    template_name = "catalog/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.for_page()

    def get_object(self, queryset=None):
        person = super().get_object(queryset)
        self.filmography = filmography(person.credits.filmography())
        if not self.filmography and not may_preview(self.request.user):
            raise Http404("This person has no published films.")
        return person

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filmography=self.filmography,
            draft_preview=not self.filmography,
            draft_message="Not public yet: nobody sees this page until one of this person’s films is published.",
            **kwargs,
        )

    def get_page_meta(self):
        person = self.object
        return seo.PageMeta(
            title=person.name,
            description=person.bio or f"{person.name}: films, roles and awards.",
            og_type="profile",
            image=social_image(person.photo),
            noindex=not self.filmography,
            feeds=[feeds.person_link(person)] if self.filmography else [],
        )

    def get_json_ld(self, context):
        return seo.person(self.request, self.object, self.object.published_nominations)


class GenreDetailView(ItemListMixin, ListView):
    """A genre's published films, paginated: the genre is the page, the films its list."""

    template_name = "catalog/genre_detail.html"

    def get_queryset(self):
        self.genre = get_object_or_404(Genre, slug=self.kwargs["slug"])
        return Film.objects.published().in_genre(self.genre).for_listing().order_by("-year", "title", "pk")

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        # The genre keeps its count of published films, which spares counting a large share of the catalog.
        paginator.count = self.genre.film_count
        return paginator

    def get_context_data(self, **kwargs):
        return super().get_context_data(genre=self.genre, **kwargs)

    @property
    def item_list_name(self):
        return f"{self.genre.name} films"

    def get_page_meta(self):
        return seo.PageMeta(
            title=f"{self.genre.name} films",
            description=self.genre.description or f"{self.genre.name} films in the catalog.",
            feeds=[feeds.genre_link(self.genre)],
        )


class AwardListView(PageMetaMixin, ListView):
    template_name = "catalog/award_list.html"
    context_object_name = "bodies"
    page_title = "Awards"
    page_description = "Festivals and academies, their ceremonies year by year, and whom they honoured."

    def get_queryset(self):
        return AwardBody.objects.all()

    def get_context_data(self, **kwargs):
        rows = Nomination.objects.for_published_films().ceremonies()
        return super().get_context_data(groups=ceremonies_by_body(self.object_list, rows), **kwargs)

    def get_json_ld(self, context):
        return seo.item_list(self.request, context["bodies"], name="Award bodies")


class AwardBodyDetailView(PageMetaMixin, DetailView):
    model = AwardBody
    template_name = "catalog/award_body_detail.html"
    context_object_name = "body"

    def get_context_data(self, **kwargs):
        nominations = list(Nomination.objects.for_published_films().presented_by(self.object))
        editions = nominations_by_year(nominations)
        ceremonies = [Ceremony(self.object, edition.key) for edition in editions]
        return super().get_context_data(editions=editions, ceremonies=ceremonies, **kwargs)

    def get_page_meta(self):
        body = self.object
        return seo.PageMeta(title=body.name, description=body.description or f"{body.name}: winners and nominees.")


class AwardCeremonyView(PageMetaMixin, TemplateView):
    """One edition of an award body's awards: its categories, nominees and winners."""

    template_name = "catalog/award_ceremony.html"

    def get(self, request, *args, **kwargs):
        self.body = get_object_or_404(AwardBody, slug=kwargs["slug"])
        self.year = kwargs["year"]
        self.nominations = list(Nomination.objects.for_published_films().at_ceremony(self.body, self.year))
        if not self.nominations:
            raise Http404("No nominations are recorded for this ceremony.")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.pop("slug", None)
        kwargs.pop("year", None)
        years = list(Nomination.objects.for_published_films().filter(category__body=self.body).years())
        position = years.index(self.year)
        newer = years[position - 1] if position > 0 else None
        older = years[position + 1] if position + 1 < len(years) else None
        return super().get_context_data(
            body=self.body,
            year=self.year,
            categories=nominations_by_category(self.nominations),
            nomination_count=len(self.nominations),
            newer=Ceremony(self.body, newer) if newer else None,
            older=Ceremony(self.body, older) if older else None,
            **kwargs,
        )

    def get_page_meta(self):
        winners = [n.film.title for n in self.nominations if n.won and not n.is_spoiler]
        description = f"Nominees and winners of the {self.body.name} {self.year}"
        description += f", including {', '.join(dict.fromkeys(winners))}." if winners else "."
        return seo.PageMeta(title=f"{self.body.name} {self.year}", description=description)

    def get_json_ld(self, context):
        films = list({n.film.pk: n.film for n in self.nominations}.values())
        return seo.item_list(self.request, films, name=f"Films nominated at the {self.body.name} {self.year}")


class SearchView(PageMetaMixin, TemplateView):
    template_name = "catalog/search.html"
    query_form = SearchForm

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET or None, auto_id="site-search-%s")
        query = self.form.cleaned_data["q"] if self.form.is_valid() else ""
        self.results = search_catalog(query) if query else None
        if self.results and self.results.people:
            pairs = Credit.objects.on_published_films().roles_of(self.results.people)
            self.results.roles = roles_by_person(pairs)
        status = 400 if self.form.is_bound and not self.form.is_valid() else 200
        return self.render_to_response(self.get_context_data(**kwargs), status=status)

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, results=self.results, query=self.form["q"].value(), **kwargs)

    def get_page_meta(self):
        return seo.PageMeta(
            title=f"Search results for “{self.results.query}”" if self.results is not None else "Search",
            description="Search the catalog’s films, people, quotes and trivia.",
            noindex=self.form.is_bound,
        )


class ExternalIdRedirectView(View):
    """``/films/imdb/tt12618926/`` and the like: on to the page of the film or person another catalog gives that
    identifier, or 404 if there is none the visitor may see.

    The redirect is temporary (302): an identifier is corrected from one film to another, and a film renamed or
    unpublished, so browsers and search engines must ask again rather than remember where it led.
    """

    http_method_names = ["get", "head"]
    field = ""  # the identifier's field, e.g. "imdb_id"; the URL pattern only lets through values of its format

    def visible(self):
        """The rows the visitor may be sent to."""
        raise NotImplementedError

    def get(self, request, value):
        found = get_object_or_404(self.visible().identified_as(self.field, [value]).only("slug"))
        return redirect(found)


class FilmByExternalIdView(ExternalIdRedirectView):
    def visible(self):
        return Film.objects.visible_to(self.request.user)


class PersonByExternalIdView(ExternalIdRedirectView):
    def visible(self):
        # As on the person's page: public with a film published (the kept ``film_count`` says so without reading
        # credits), before that for staff only.
        if may_preview(self.request.user):
            return Person.objects.all()
        return Person.objects.with_published_credits()
