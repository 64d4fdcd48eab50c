from django.urls import path

from .caching import public_page
from .public import views

app_name = "catalog"

urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("films/", public_page(views.FilmListView.as_view()), name="film-list"),
    path("films/<slug:slug>/", public_page(views.FilmDetailView.as_view()), name="film-detail"),
    path("people/", public_page(views.PersonListView.as_view()), name="person-list"),
    path(
        "people/suggestions.json",
        public_page(views.PersonSuggestionsView.as_view()),
        name="person-suggestions",
    ),
    path("people/<slug:slug>/", public_page(views.PersonDetailView.as_view()), name="person-detail"),
    path("genres/<slug:slug>/", public_page(views.GenreDetailView.as_view()), name="genre-detail"),
    path("awards/", public_page(views.AwardListView.as_view()), name="award-list"),
    path("awards/<slug:slug>/", public_page(views.AwardBodyDetailView.as_view()), name="award-body"),
    path("awards/<slug:slug>/<int:year>/", public_page(views.AwardCeremonyView.as_view()), name="award-ceremony"),
    path("search/", public_page(views.SearchView.as_view()), name="search"),
]
