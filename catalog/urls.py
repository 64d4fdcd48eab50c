from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("films/", views.FilmListView.as_view(), name="film-list"),
    path("films/<slug:slug>/", views.FilmDetailView.as_view(), name="film-detail"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("genres/<slug:slug>/", views.GenreDetailView.as_view(), name="genre-detail"),
    path("awards/", views.AwardListView.as_view(), name="award-list"),
    path("awards/<slug:slug>/", views.AwardBodyDetailView.as_view(), name="award-body"),
    path("awards/<slug:slug>/<int:year>/", views.AwardCeremonyView.as_view(), name="award-ceremony"),
    path("search/", views.SearchView.as_view(), name="search"),
]
