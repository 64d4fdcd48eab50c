from django.views.generic import DetailView, ListView

from .models import AwardBody, Film, Genre, Person


class HomeView(ListView):
    template_name = "catalog/home.html"
    context_object_name = "films"

    def get_queryset(self):
        return Film.objects.published().order_by("-updated_at")[:12]


class FilmDetailView(DetailView):
    template_name = "catalog/film_detail.html"
    context_object_name = "film"

    def get_queryset(self):
        return Film.objects.visible_to(self.request.user).for_detail()

    def get_context_data(self, **kwargs):
        film = self.object
        return super().get_context_data(
            other_films_by_directors=Film.objects.published().by_same_directors(film), **kwargs
        )


class PersonDetailView(DetailView):
    model = Person
    template_name = "catalog/person_detail.html"


class GenreDetailView(DetailView):
    model = Genre
    template_name = "catalog/genre_detail.html"


class AwardBodyDetailView(DetailView):
    model = AwardBody
    template_name = "catalog/award_body_detail.html"
