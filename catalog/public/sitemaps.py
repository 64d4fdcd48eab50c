"""The sitemap: ``/sitemap.xml`` indexes one sitemap per section, each listing public pages only.

Films and people run to hundreds of thousands, more than one sitemap may hold (50,000 addresses), so
their sections come in pages the index lists one by one. Each page is read as ``(slug, last change)``
rows, a fraction of the memory of model instances: a crawler fetching every page never makes a worker
hold the whole catalog. A page is read as a range of keys (``KeyRangePaginator``), never past an OFFSET.
"""

import html

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from ..caching import cached_by, cached_for
from ..models import AwardBody, Film, Genre, Nomination, Person
from ..models.base import slug_url
from .presenters import Ceremony

# Addresses per sitemap page: the protocol allows 50,000; a page this size renders in a fraction of a
# second and a few megabytes.
PAGE_SIZE = 1000


class KeyRangePaginator(Paginator):
    """Pages of ``rows`` in the order of their keys, each read as the range of keys from its first row to the
    next page's first, as ``columns`` tuples.

    Skipping rows with OFFSET read every row before the page: the last page of 100,000 films read them all.
    Instead, where each page starts is read from an index of the keys alone, and kept for an hour
    (``cached_for``) rather than recounted after every change: the ranges tile every key, so each row is listed
    on exactly one page whatever changed since; only the pages' sizes drift from ``per_page`` until the next
    reading (a crawler fetches a sitemap page at a time, so they can never skip or repeat a row on one page).
    """

    def __init__(self, rows, per_page, columns):
        self.rows = rows.order_by("pk")
        self.columns = columns
        super().__init__(self.rows, per_page)

    @cached_property
    def starts(self):
        sql, params = self.rows.query.sql_with_params()
        keys = self.rows.values_list("pk", flat=True)
        return cached_for(("page starts", self.per_page, sql, params), lambda: list(keys)[:: self.per_page])

    @cached_property
    def num_pages(self):
        return max(1, len(self.starts))

    def page(self, number):
        number = self.validate_number(number)
        rows = self.rows
        if number > 1:
            rows = rows.filter(pk__gte=self.starts[number - 1])
        if number < len(self.starts):
            rows = rows.filter(pk__lt=self.starts[number])
        return self._get_page(list(rows.values_list(*self.columns)), number, self)


class RowsSitemap(Sitemap):
    """A section of pages addressed by slug, listed from ``(slug, updated_at)`` rows of ``rows()``."""

    limit = PAGE_SIZE
    url_name = ""

    def rows(self):
        raise NotImplementedError

    @property
    def paginator(self):
        # Ordered by key, so that pages do not shift while a crawler walks through them.
        return KeyRangePaginator(self.rows(), self.limit, ("slug", "updated_at"))

    def location(self, row):
        return slug_url(self.url_name, row[0])

    def lastmod(self, row):
        return row[1]

    def get_latest_lastmod(self):
        # Django's default reads every item to find the newest; the database answers in one query.
        return self.rows().aggregate(latest=Max("updated_at"))["latest"]


class FilmSitemap(RowsSitemap):
    changefreq = "weekly"
    priority = 0.8
    url_name = "catalog:film-detail"

    def rows(self):
        return Film.objects.published()


class PersonSitemap(RowsSitemap):
    changefreq = "monthly"
    priority = 0.6
    url_name = "catalog:person-detail"

    def rows(self):
        return Person.objects.with_published_credits()


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
        # Thousands of editions at scale, read for the index's page count too: worked out once per change.
        editions = Nomination.objects.for_published_films().ceremonies()
        rows = cached_by(("sitemap", "ceremonies"), lambda: list(editions))
        return [Ceremony(bodies[row["body"]], row["year"]) for row in rows]


class SectionSitemap(Sitemap):
    """The home page and the list pages."""

    changefreq = "daily"
    priority = 0.7

    def items(self):
        return ["catalog:home", "catalog:film-list", "catalog:person-list", "catalog:award-list"]

    def location(self, name):
        return reverse(name)


def urlset_entries(urlset):
    """The ``<url>`` entries of a sitemap page, as Django's ``sitemap.xml`` template writes them.

    They are written here, escaped by the standard library, rather than looped over in the template: a page
    of 1,000 addresses spent most of its time there (docs/benchmarks.md).
    """
    entries = []
    for url in urlset:
        entry = [f"<url><loc>{html.escape(url['location'])}</loc>"]
        if url.get("lastmod"):
            entry.append(f"<lastmod>{template_localtime(url['lastmod']):%Y-%m-%d}</lastmod>")
        if url.get("changefreq"):
            entry.append(f"<changefreq>{html.escape(url['changefreq'])}</changefreq>")
        if url.get("priority"):
            entry.append(f"<priority>{html.escape(url['priority'])}</priority>")
        for alternate in url.get("alternates") or ():
            language, location = html.escape(alternate["lang_code"]), html.escape(alternate["location"])
            entry.append(f'<xhtml:link rel="alternate" hreflang="{language}" href="{location}"/>')
        entry.append("</url>")
        entries.append("".join(entry))
    # Every value in the entries is escaped above.
    return mark_safe("".join(entries))  # nosec B308 B703


def index_entries(sitemaps):
    """The ``<sitemap>`` entries of the sitemap index, as Django's ``sitemap_index.xml`` template writes them."""
    entries, written = [], {}  # every page of a section shares its date
    for item in sitemaps:
        if item.last_mod and item.last_mod not in written:
            written[item.last_mod] = f"<lastmod>{template_localtime(item.last_mod).isoformat()}</lastmod>"
        entries.append(f"<sitemap><loc>{html.escape(item.location)}</loc>{written.get(item.last_mod, '')}</sitemap>")
    # Every value in the entries is escaped above.
    return mark_safe("".join(entries))  # nosec B308 B703


SITEMAPS = {
    "sections": SectionSitemap,
    "films": FilmSitemap,
    "people": PersonSitemap,
    "genres": GenreSitemap,
    "awards": AwardBodySitemap,
    "ceremonies": CeremonySitemap,
}
