"""Atom feeds of what is new in the catalog: newly published films, recently updated ones, and a genre's or a
person's newest films. Each entry is a published film with its summary, its director as author and its genres as
categories, read in three queries whatever the number of entries."""

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from ..models import Credit, Film, Genre, Person, Role
from .seo import SITE_NAME, FeedLink, summary

ENTRIES = 20


def updated_films_link():
    return FeedLink("Recently updated films", reverse("catalog:feed-updated"))


def genre_link(genre):
    return FeedLink(f"New {genre.name} films", reverse("catalog:feed-genre", args=[genre.slug]))


def person_link(person):
    return FeedLink(f"New films with {person.name}", reverse("catalog:feed-person", args=[person.slug]))


def entries(films):
    """``films`` (published) as feed entries: each with its directors and genres, read in two more queries."""
    directing = Credit.objects.filter(role=Role.DIRECTOR).select_related("person").only("film", "person__name")
    return (
        films.defer("search_vector", "titles_folded")
        .prefetch_related(Prefetch("credits", queryset=directing.order_by("billing_order", "pk"), to_attr="directing"))
        .prefetch_related(Prefetch("genres", queryset=Genre.objects.order_by("name").only("name")))[:ENTRIES]
    )


class FilmFeed(Feed):
    """What every feed shares: its entries are films, newest first by ``order``."""

    feed_type = Atom1Feed
    author_name = f"{SITE_NAME} editors"
    # Each order is an index's (Film.Meta.indexes), so the newest are read first rather than all sorted.
    order = ("-published_at", "-pk")

    def films(self, obj):
        return Film.objects.published()

    def items(self, obj):
        return entries(self.films(obj).order_by(*self.order))

    def item_title(self, film):
        return f"{film.title} ({film.year})"

    def item_description(self, film):
        return film.logline or summary(film.overview, 400) or f"{film.title}, a film from {film.year}."

    def item_author_name(self, film):
        return ", ".join(credit.person.name for credit in film.directing) or None

    def item_categories(self, film):
        return [genre.name for genre in film.genres.all()]

    def item_pubdate(self, film):
        return film.published_at

    def item_updateddate(self, film):
        return film.updated_at

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # The feed's own address is its id: two feeds may link to the same page (new and updated films).
        feed.feed["id"] = feed.feed["feed_url"]
        return feed


class NewFilmsFeed(FilmFeed):
    title = f"{SITE_NAME}: new films"
    subtitle = "Films as they are published in the catalog."

    def link(self):
        return reverse("catalog:film-list")

    def feed_url(self):
        return reverse("catalog:feed-new")


class UpdatedFilmsFeed(NewFilmsFeed):
    title = f"{SITE_NAME}: recently updated films"
    subtitle = "Published films, the most recently edited first."
    order = ("-updated_at", "title", "pk")

    def feed_url(self):
        return updated_films_link().url


class GenreFeed(FilmFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Genre, slug=slug)

    def title(self, genre):
        return f"{SITE_NAME}: new {genre.name} films"

    def subtitle(self, genre):
        return f"{genre.name} films as they are published in the catalog."

    def link(self, genre):
        return genre.get_absolute_url()

    def feed_url(self, genre):
        return genre_link(genre).url

    def films(self, genre):
        return super().films(genre).in_genre(genre)


class PersonFeed(FilmFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Person.objects.with_published_credits().only("name", "slug"), slug=slug)

    def title(self, person):
        return f"{SITE_NAME}: new films with {person.name}"

    def subtitle(self, person):
        return f"Films crediting {person.name}, as they are published in the catalog."

    def link(self, person):
        return person.get_absolute_url()

    def feed_url(self, person):
        return person_link(person).url

    def films(self, person):
        return super().films(person).with_credit_for([person])
