from django.urls import path, re_path

from .caching import public_page
from .models.identifiers import IMDB_FILM, IMDB_PERSON, WIKIDATA
from .public import feeds, views

app_name = "catalog"


def _format(validator):
    """The validator's pattern without its anchors: an address takes exactly the identifiers the admin accepts."""
    return validator.regex.pattern.removeprefix("^").removesuffix("$").removesuffix(r"\Z")


# TMDB numbers are written without leading zeros; ten digits reach past the largest the field stores.
TMDB_NUMBER = "[1-9][0-9]{0,9}"


def external_id_lookups(prefix, name, view, imdb):
    """``<prefix>/imdb/<id>/``, ``<prefix>/wikidata/<id>/`` and ``<prefix>/tmdb/<n>/``, named ``<name>-by-<kind>``.

    Redirects, not pages: the page cache, which stores only complete pages, is left out of them.
    """
    formats = {
        "imdb": ("imdb_id", _format(imdb)),
        "wikidata": ("wikidata_id", _format(WIKIDATA)),
        "tmdb": ("tmdb_id", TMDB_NUMBER),
    }
    return [
        re_path(rf"^{prefix}/{kind}/(?P<value>{pattern})/$", view.as_view(field=field), name=f"{name}-by-{kind}")
        for kind, (field, pattern) in formats.items()
    ]


urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("films/", public_page(views.FilmListView.as_view()), name="film-list"),
    path("films/new.atom", public_page(feeds.NewFilmsFeed(), query={}), name="feed-new"),
    path("films/updated.atom", public_page(feeds.UpdatedFilmsFeed(), query={}), name="feed-updated"),
    path("films/<slug:slug>/", public_page(views.FilmDetailView.as_view()), name="film-detail"),
    *external_id_lookups("films", "film", views.FilmByExternalIdView, IMDB_FILM),
    path("people/", public_page(views.PersonListView.as_view()), name="person-list"),
    path(
        "people/suggestions.json",
        public_page(views.PersonSuggestionsView.as_view()),
        name="person-suggestions",
    ),
    path("people/<slug:slug>/", public_page(views.PersonDetailView.as_view()), name="person-detail"),
    path("people/<slug:slug>/films.atom", public_page(feeds.PersonFeed(), query={}), name="feed-person"),
    *external_id_lookups("people", "person", views.PersonByExternalIdView, IMDB_PERSON),
    path("genres/<slug:slug>/", public_page(views.GenreDetailView.as_view()), name="genre-detail"),
    path("genres/<slug:slug>/films.atom", public_page(feeds.GenreFeed(), query={}), name="feed-genre"),
    path("awards/", public_page(views.AwardListView.as_view()), name="award-list"),
    path("awards/<slug:slug>/", public_page(views.AwardBodyDetailView.as_view()), name="award-body"),
    path("awards/<slug:slug>/<int:year>/", public_page(views.AwardCeremonyView.as_view()), name="award-ceremony"),
    path("search/", public_page(views.SearchView.as_view()), name="search"),
]
