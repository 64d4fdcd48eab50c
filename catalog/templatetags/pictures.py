"""Library pictures on the public pages: ``{% picture %}`` and the filters its callers choose with."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from ..public import pictures

register = template.Library()


@register.simple_tag
def picture(image, spec, css_class="", sizes="", lazy=True, priority=False):
    """``{% picture film.poster "poster" css_class="poster" lazy=False priority=True %}``: ``image`` as a
    ``<picture>`` of the rendition ``spec`` (``renditions.SPECS``): AVIF and WebP sources and a JPEG ``<img>``
    whose ``width`` and ``height`` reserve its shape before it loads.

    ``sizes`` overrides the spec's where a layout draws it smaller (a cast list's headshots); ``lazy=False``
    for a picture in the first screenful, and ``priority`` for the one that is the page's largest. The caller
    shows the credit (``includes/picture_credit.html``) or links to a page that does.

    Built in Python, as ``cite`` is: a list shows dozens, and a template for each took three times as long.
    """
    shown = image.picture(spec)
    if not shown:
        return ""
    sizes = sizes or shown["sizes"]
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        ((source["type"], source["srcset"], sizes) for source in shown["sources"]),
    )
    return format_html(
        '<picture>{}<img{} src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" decoding="async"{}>'
        "</picture>",
        sources,
        format_html(' class="{}"', css_class) if css_class else "",
        shown["src"],
        shown["srcset"],
        sizes,
        shown["width"],
        shown["height"],
        "" if image.decorative else image.alt_text,
        mark_safe((' loading="lazy"' if lazy else "") + (' fetchpriority="high"' if priority else "")),  # nosec: constants
    )


@register.simple_tag
def poster_art(film, size="small"):
    """The drawn poster of a film without one to show: its title and year set on the film's own colour and
    motif (``pictures.art_for``), the same shape as a poster. Decorative, since the page names the film in text
    beside it; the title stays text all the same, never a picture of text."""
    return format_html(
        '<div class="poster poster--{} {}" aria-hidden="true"><span class="art__title">{}</span>'
        '<span class="art__year">{}</span></div>',
        size,
        pictures.art_for(film.slug).css_class,
        film.title,
        film.year,
    )


@register.filter
def shown(image):
    """``{% with poster=film.poster|shown %}``: the picture if a public page may show it, else None."""
    return pictures.shown(image)


@register.filter
def full_size_url(image):
    """The widest JPEG of a still, which its thumbnail links to."""
    return pictures.full_size_url(image)


@register.filter
def art_class(slug):
    """The classes of the stand-in art for the film or person with this slug."""
    return pictures.art_for(slug).css_class


@register.filter
def initials(name):
    return pictures.initials(name)
