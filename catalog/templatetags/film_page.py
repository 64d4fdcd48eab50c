"""Presentation helpers for the film page: spoilers that hide behind ``<details>`` and numbered citations."""

from django import template
from django.utils.html import format_html

from ..public.presenters import is_spoiler_level, spoiler_label

register = template.Library()


@register.tag
def spoiler(parser, token):
    """Wrap content in a native ``<details>`` when ``item`` is a spoiler; show it plainly otherwise.

    Usage: ``{% spoiler note %}…{% endspoiler %}``, or with a spoiler level where a text's level is a field of
    its own: ``{% spoiler credit.description_spoiler_level %}``. Every spoiler starts open when the context's
    ``spoilers_revealed`` is true (the page's ``?spoilers=all``).
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument: the item that may be a spoiler.")
    nodelist = parser.parse(("endspoiler",))
    parser.delete_first_token()
    return SpoilerNode(parser.compile_filter(bits[1]), nodelist)


class SpoilerNode(template.Node):
    def __init__(self, item, nodelist):
        self.item = item
        self.nodelist = nodelist

    def render(self, context):
        content = self.nodelist.render(context)
        item = self.item.resolve(context)
        level = item if isinstance(item, str) else getattr(item, "spoiler_level", "")
        if not is_spoiler_level(level):
            return content
        return format_html(
            '<details class="spoiler spoiler--{}"{}><summary><span class="spoiler__label">{}</span>'
            '<span class="spoiler__action spoiler__action--show"> — show</span>'
            '<span class="spoiler__action spoiler__action--hide"> — hide</span></summary>'
            '<div class="spoiler__content">{}</div></details>',
            level,
            " open" if context.get("spoilers_revealed") else "",
            spoiler_label(item),
            content,
        )


@register.simple_tag(takes_context=True)
def cite(context, item):
    """What backs ``item``: the ``[n]`` marker linking it to the page's numbered ``sources``, or a plain
    “[no source]” when it has none; and, when editors dispute it, why.

    Built in Python: a page cites dozens of items, and an inclusion tag renders a template for each.
    """
    sources = context.get("sources")
    if sources is None:
        return ""
    source = sources.for_item(item)
    if source is not None:
        marker = format_html(
            '<sup class="citation"><a href="#{}"><span class="visually-hidden">source </span>[{}]</a></sup>',
            source.anchor,
            source.number,
        )
    else:
        marker = format_html('<sup class="citation citation--none">{}</sup>', "[no source]")
    if not getattr(item, "disputed", False):
        return marker
    return format_html(
        '{} <span class="disputed"><strong class="disputed__label">Disputed:</strong> {}</span>',
        marker,
        item.dispute_note,
    )


@register.filter
def lead_in(title):
    """End a bold lead-in with a full stop, unless the editor already ended it with punctuation."""
    title = str(title).rstrip()
    return title if title[-1:] in {".", "?", "!", ":", "…"} else f"{title}."
