"""What the film change form's templates ask of its inlines."""

from django import template

register = template.Library()


@register.simple_tag
def row_summary(inline_admin_form):
    """A stored row on one line (``FilmInline.row_summary``); a new row has none yet."""
    original = inline_admin_form.original
    return inline_admin_form.model_admin.row_summary(original) if original else ""
