"""The paginator of the public lists, built for a catalog of 100,000 films."""

import copy

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from ..caching import cached_count


class PageBeyondLimit(Exception):
    """A page deeper than any list serves (``settings.LIST_MAX_PAGES``); the view answers with advice instead."""

    def __init__(self, number, max_pages):
        super().__init__(f"Page {number} is beyond the last page served, {max_pages}.")
        self.number = number
        self.max_pages = max_pages


class ListPaginator(Paginator):
    """Pages of a queryset whose total is counted once per catalog generation and whose deep pages skip
    rows by their keys alone, up to ``settings.LIST_MAX_PAGES``.

    Counting a large filtered list costs more than showing a page of it, and a visitor paging through the
    list asks for the same total on every page (``cached_count``). A deep page (``OFFSET`` in the thousands)
    reads the ids of the rows it skips from the list's index, then only its own rows in full: PostgreSQL
    would otherwise fetch every skipped row from the table. Still, the rows skipped are read, so a page's
    cost grows with its depth: past the limit, a visitor is asked to narrow the list instead.
    """

    @cached_property
    def max_pages(self):
        return settings.LIST_MAX_PAGES

    @cached_property
    def count(self):
        if isinstance(self.object_list, QuerySet):
            return cached_count(self.object_list)
        return len(self.object_list)

    def get_elided_page_range(self, number=1, *, on_each_side=3, on_ends=2):
        """Django's page links, ending at the last page a visitor may ask for."""
        capped = copy.copy(self)
        capped.num_pages = min(self.num_pages, self.max_pages)
        return Paginator.get_elided_page_range(capped, number, on_each_side=on_each_side, on_ends=on_ends)

    def page(self, number):
        # Before validate_number(), which counts the rows: a page beyond the limit costs no query. The last
        # page served still links to the next, where the visitor learns why the list stops.
        if isinstance(number, int) and number > self.max_pages:
            raise PageBeyondLimit(number, self.max_pages)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self._rows(bottom, top), number, self)

    def _rows(self, bottom, top):
        rows = self.object_list
        # DISTINCT would add the ordering columns to the ids' select list, which ``pk__in`` cannot take.
        if bottom == 0 or not isinstance(rows, QuerySet) or rows.query.distinct:
            return rows[bottom:top]
        return rows.filter(pk__in=rows.values("pk")[bottom:top])
