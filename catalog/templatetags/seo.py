"""Head tags for search engines and link previews: canonical URLs and JSON-LD."""

from django import template

from ..public import seo, sitemaps

register = template.Library()


@register.simple_tag
def json_ld(data):
    """``{% json_ld data %}``: the page's schema.org data as an escaped ``<script type="application/ld+json">``."""
    return seo.json_ld_script(data)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The address this page's content lives at: the path without filters, sorting or ``?spoilers=all``.

    Only the page number of an unfiltered list is kept, because page 2 is a page of its own.
    """
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if set(request.GET) == {"page"} and page.isdigit() and int(page) > 1:
        url += f"?page={int(page)}"
    return url


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    return context["request"].build_absolute_uri(url)


@register.simple_tag
def sitemap_urls(urlset):
    """``{% sitemap_urls urlset %}``: the entries of a sitemap page (``sitemaps.urlset_entries``)."""
    return sitemaps.urlset_entries(urlset)


@register.simple_tag
def sitemap_index(entries):
    """``{% sitemap_index sitemaps %}``: the entries of the sitemap index (``sitemaps.index_entries``)."""
    return sitemaps.index_entries(entries)
