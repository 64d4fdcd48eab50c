from django.views.generic import DetailView, ListView

from .models import AwardBody, Film, Genre, Nomination, Person
from .pages import FilmPage, credits_by_role


class HomeView(ListView):
    template_name = "catalog/home.html"
    context_object_name = "films"

    def get_queryset(self):
        return Film.objects.published().recently_updated()[:12]


class FilmDetailView(DetailView):
    template_name = "catalog/film_detail.html"
    context_object_name = "film"

    def get_queryset(self):
        return Film.objects.visible_to(self.request.user).for_detail()

    def get_context_data(self, **kwargs):
        film = self.object
        other_films_by_directors = list(Film.objects.published().by_same_directors(film))
        page = FilmPage(film, other_films_by_directors=other_films_by_directors)
        return super().get_context_data(
            page=page,
            sources=page.sources,
            other_films_by_directors=other_films_by_directors,
            spoilers_revealed=self.request.GET.get("spoilers") == "all",
            draft_preview=not film.is_published,
            **kwargs,
        )


class PersonDetailView(DetailView):
    template_name = "catalog/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.for_detail()

    def get_context_data(self, **kwargs):
        filmography = credits_by_role(self.object.published_credits, plural=False)
        return super().get_context_data(filmography=filmography, **kwargs)


class GenreDetailView(DetailView):
    model = Genre
    template_name = "catalog/genre_detail.html"

    def get_context_data(self, **kwargs):
        films = self.object.films.published().order_by("-year", "title")
        return super().get_context_data(films=films, **kwargs)


class AwardBodyDetailView(DetailView):
    model = AwardBody
    template_name = "catalog/award_body_detail.html"
    context_object_name = "body"

    def get_context_data(self, **kwargs):
        nominations = list(Nomination.objects.for_published_films().presented_by(self.object))
        return super().get_context_data(nominations=nominations, **kwargs)
