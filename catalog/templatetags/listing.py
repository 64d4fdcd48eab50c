"""Helpers for paginated, filtered lists."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current address with ``page`` set to ``number``, keeping every filter and the sort order."""
    query = context["request"].GET.copy()
    if number == 1:
        query.pop("page", None)
    else:
        query["page"] = number
    return f"?{query.urlencode()}" if query else context["request"].path


@register.simple_tag
def page_range(page_obj):
    """Page numbers around the current page, with ``…`` for the gaps: 1 … 4 5 6 … 20."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1))
