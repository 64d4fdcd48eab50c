"""How the admin shows an uploaded image, so editors see what they uploaded and not only its file name."""

from django.utils.html import format_html


def preview(image, alt, width=160):
    if not image:
        return "None uploaded yet."
    return format_html('<img src="{}" alt="{}" width="{}">', image.thumb_url, alt, width)
