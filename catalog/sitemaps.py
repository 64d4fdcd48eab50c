"""``/sitemap.xml``: every public page of the catalog, and nothing a visitor would get a 404 for."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import AwardBody, Film, Genre, Nomination, Person
from .pages import Ceremony


class FilmSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Film.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, film):
        return film.updated_at


class PersonSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Person.objects.with_published_credits().only("slug", "updated_at").order_by("pk")

    def lastmod(self, person):
        return person.updated_at


class GenreSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Genre.objects.only("slug").order_by("pk")


class AwardBodySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return AwardBody.objects.only("slug").order_by("pk")


class CeremonySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        bodies = {body.pk: body for body in AwardBody.objects.only("slug")}
        rows = Nomination.objects.for_published_films().ceremonies()
        return [Ceremony(bodies[row["body"]], row["year"]) for row in rows]


class SectionSitemap(Sitemap):
    """The home page and the list pages."""

    changefreq = "daily"
    priority = 0.7

    def items(self):
        return ["catalog:home", "catalog:film-list", "catalog:person-list", "catalog:award-list"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "sections": SectionSitemap,
    "films": FilmSitemap,
    "people": PersonSitemap,
    "genres": GenreSitemap,
    "awards": AwardBodySitemap,
    "ceremonies": CeremonySitemap,
}
