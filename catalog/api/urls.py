from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from . import views
from .problems import not_found

app_name = "api"

urlpatterns = [
    path("", views.Index.as_view(), name="index"),
    path("films/", views.FilmList.as_view(), name="film-list"),
    path("films/<slug:slug>/", views.FilmDetail.as_view(), name="film-detail"),
    path("people/", views.PersonList.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetail.as_view(), name="person-detail"),
    path("awards/", views.AwardBodyList.as_view(), name="award-body-list"),
    path("awards/<slug:slug>/", views.AwardBodyDetail.as_view(), name="award-body-detail"),
    path("awards/<slug:slug>/<int:year>/", views.AwardCeremonyDetail.as_view(), name="award-ceremony-detail"),
    path("genres/", views.GenreList.as_view(), name="genre-list"),
    path("countries/", views.CountryList.as_view(), name="country-list"),
    path("languages/", views.LanguageList.as_view(), name="language-list"),
    path("search/", views.Search.as_view(), name="search"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema", title="filmsite API"), name="docs"),
    # Any other address under the API is answered in the API's own shape, not with the site's HTML page.
    re_path(r"^[\s\S]*$", not_found),
]
