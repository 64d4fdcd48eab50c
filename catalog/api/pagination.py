"""Cursor pagination by key: each page starts after the last row of the one before, found by an index, never
counted off with OFFSET.

The cursor holds the values of the list's ordering (the FilterSet's ``ordering``, ending with the primary
key, so every row has a place of its own) for the row the next page starts after, or the previous page ends
before. A film added or removed between two requests moves no other film across a page boundary: the next page
still starts right after the film the client last saw.
"""

import base64
import binascii
import json
from datetime import date, datetime

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Q
from django.utils.encoding import force_str
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as RequestError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

CURSOR = "cursor"
PAGE_SIZE = "page_size"
BAD_CURSOR = "This cursor is not one of ours, or belongs to a list sorted another way. Start from the first page."


class KeysetPagination(BasePagination):
    page_size = 24
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.model = queryset.model
        self.ordering = _ordering(queryset)
        self.size = self._page_size(request)
        position, backwards = self._decode(request.query_params.get(CURSOR))

        if backwards:
            queryset = queryset.reverse()
        if position is not None:
            queryset = queryset.filter(_after(self.ordering, position, backwards))
        rows = list(queryset[: self.size + 1])
        more = len(rows) > self.size
        rows = rows[: self.size]
        if backwards:
            rows.reverse()
        # Going forwards, a page after a cursor has one before it; going back, a page before a cursor has one after.
        self.has_next = more if not backwards else position is not None
        self.has_previous = (position is not None) if not backwards else more
        self.rows = rows
        return rows

    def get_paginated_response(self, data):
        return Response({"next": self._link(forward=True), "previous": self._link(forward=False), "results": data})

    def _link(self, *, forward):
        if not self.rows or not (self.has_next if forward else self.has_previous):
            return None
        row = self.rows[-1] if forward else self.rows[0]
        values = [_value(row, name) for name, _ in self.ordering]
        token = encode_cursor(self._signature(), values, forward=forward)
        return replace_query_param(self.request.build_absolute_uri(), CURSOR, token)

    def _signature(self):
        return ",".join(f"{'-' if descending else ''}{name}" for name, descending in self.ordering)

    def _page_size(self, request):
        raw = request.query_params.get(PAGE_SIZE)
        if raw is None:
            return self.page_size
        field = serializers.IntegerField(min_value=1, max_value=self.max_page_size)
        try:
            return field.run_validation(raw)
        except serializers.ValidationError as error:
            raise RequestError({PAGE_SIZE: error.detail}) from None

    def _decode(self, token):
        """``(values, backwards)`` from a cursor; ``(None, False)`` for the first page."""
        if not token:
            return None, False
        try:
            cursor = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            if cursor.pop("by") != self._signature():
                raise ValueError(token)
            (direction, values), *extra = cursor.items()
            if extra or direction not in ("after", "before") or len(values) != len(self.ordering):
                raise ValueError(direction)
            position = [
                _field(self.model, name).to_python(value)
                for (name, _), value in zip(self.ordering, values, strict=True)
            ]
            if any(value is None for value in position):
                raise ValueError(values)
        except (ValueError, TypeError, KeyError, AttributeError, binascii.Error, ValidationError):
            raise RequestError({CURSOR: [BAD_CURSOR]}) from None
        return position, direction == "before"

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": CURSOR,
                "required": False,
                "in": "query",
                "description": "Where the page starts: the ``next`` or ``previous`` link of the page before.",
                "schema": {"type": "string"},
            },
            {
                "name": PAGE_SIZE,
                "required": False,
                "in": "query",
                "description": f"Items a page, 1 to {self.max_page_size}; {self.page_size} if not given.",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]

    def get_paginated_response_schema(self, schema):
        link = {"type": ["string", "null"], "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }


def encode_cursor(signature, values, *, forward=True):
    """The cursor of the page after (or before) the row with ``values`` of the ordering ``signature``
    (``"title,year,pk"``)."""
    cursor = {"by": signature, "after" if forward else "before": [_plain(value) for value in values]}
    return base64.urlsafe_b64encode(json.dumps(cursor, separators=(",", ":")).encode()).decode().rstrip("=")


def _ordering(queryset):
    """``[(field name, descending)]`` of the queryset's ordering, which must end with the primary key."""
    names = [force_str(name) for name in queryset.query.order_by]
    if not names or names[-1].lstrip("-") not in ("pk", "id", queryset.model._meta.pk.name):
        raise ImproperlyConfigured(f"A keyset-paged list must be ordered by fields ending with the key, not {names}.")
    return [(name.lstrip("-"), name.startswith("-")) for name in names]


def _field(model, name):
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def _value(row, name):
    return row.pk if name == "pk" else getattr(row, name)


def _plain(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def _after(ordering, values, backwards):
    """Rows after ``values`` in ``ordering`` (before them, ``backwards``), as ``a > x OR (a = x AND b > y) ...``.

    The first field's bound is also stated on its own, so the database can start from it in an index.
    """

    def beyond(name, descending, value, *, inclusive=False):
        lookup = "gt" if descending == backwards else "lt"
        return Q(**{f"{name}__{lookup}{'e' if inclusive else ''}": value})

    condition = Q()
    equal = Q()
    for (name, descending), value in zip(ordering, values, strict=True):
        condition |= equal & beyond(name, descending, value)
        equal &= Q(**{name: value})
    (first, descending), value = ordering[0], values[0]
    return beyond(first, descending, value, inclusive=True) & condition
