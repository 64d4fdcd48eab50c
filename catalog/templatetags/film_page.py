"""Presentation helpers for the film page: spoilers that hide behind ``<details>`` and numbered citations."""

from django import template

from ..pages import spoiler_label

register = template.Library()


@register.tag
def spoiler(parser, token):
    """Wrap content in a native ``<details>`` when ``item`` is a spoiler; show it plainly otherwise.

    Usage: ``{% spoiler note %}…{% endspoiler %}``. Every spoiler starts open when the context's
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
        if not getattr(item, "is_spoiler", False):
            return content
        wrapper = context.template.engine.get_template("includes/spoiler.html")
        values = {
            "content": content,
            "label": spoiler_label(item),
            "level": item.spoiler_level,
            "open": bool(context.get("spoilers_revealed")),
        }
        with context.push(values):
            return wrapper.render(context)


@register.inclusion_tag("includes/citation.html", takes_context=True)
def cite(context, item):
    """The ``[n]`` marker linking ``item`` to its entry in the page's numbered ``sources``."""
    sources = context.get("sources")
    return {"source": sources.for_item(item) if sources is not None else None}


@register.filter
def lead_in(title):
    """End a bold lead-in with a full stop, unless the editor already ended it with punctuation."""
    title = str(title).rstrip()
    return title if title[-1:] in {".", "?", "!", ":", "…"} else f"{title}."
