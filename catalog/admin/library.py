"""The image library in the admin, and the chooser a film or person picks its pictures with.

Choosing is Django's own lookup: the magnifier beside a picture field opens the library's list in a
popup, searchable and with thumbnails, where an editor clicks a picture or adds a new one. Beside the
field the chosen picture shows as a thumbnail.
"""

from django.contrib import admin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from ..models import Image, Still
from .accessibility import LabelledWidgetsMixin
from .editing import EditorFacingMixin
from .guards import GuardedInputMixin

THUMB_SPEC = "card"


def thumbnail(image, width=80):
    """A small rendition of a library picture, for lists and choosers; described by its alt text."""
    if image is None or not image.checksum:
        return "—"
    picture = image.picture(THUMB_SPEC)
    height = round(width * picture["height"] / picture["width"]) if picture["width"] else width
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" class="library-thumb" loading="lazy">',
        picture["src"],
        image.alt_text or image.title,
        width,
        height,
    )


class ImageChooserWidget(ForeignKeyRawIdWidget):
    """Django's lookup widget, with the chosen picture shown as a thumbnail beside its title."""

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        image = self._chosen(value)
        if image is None:
            return field
        return format_html(
            '<div class="image-chooser"><span class="image-chooser__thumb">{}</span>{}</div>', thumbnail(image), field
        )

    def label_and_url_for_value(self, value):
        image = self._chosen(value)
        if image is None:
            return "", ""
        url = reverse("admin:catalog_image_change", args=[image.pk], current_app=self.admin_site.name)
        return image.title, url

    def _chosen(self, value):
        if value in (None, ""):
            return None
        if getattr(self, "_loaded", (None,))[0] != value:
            key = self.rel.get_related_field().name
            try:
                found = Image.objects.filter(**{key: value}).first()
            except (TypeError, ValueError):
                found = None
            self._loaded = (value, found)
        return self._loaded[1]


class ImageChooserMixin:
    """Picture fields of a form (foreign keys to ``Image``) are chosen from the library."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Image:
            kwargs["widget"] = ImageChooserWidget(db_field.remote_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Image)
class ImageAdmin(EditorFacingMixin, LabelledWidgetsMixin, GuardedInputMixin, admin.ModelAdmin):
    list_display = ["list_thumbnail", "title", "credit", "licence", "dimensions", "updated_at"]
    list_display_links = ["list_thumbnail", "title"]
    list_filter = ["licence", "decorative"]
    search_fields = ["title", "alt_text", "caption", "credit", "checksum"]
    search_help_text = "Search by title, alt text, caption or credit."
    list_per_page = 40
    readonly_fields = ["preview", "dimensions", "uses"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["file", "preview", "title", "slug", "alt_text", "decorative", "caption"]}),
        ("Rights", {"fields": ["credit", "licence", "source_url", "date"]}),
        (
            "Focal point",
            {
                "fields": ["focal_x", "focal_y", "dimensions"],
                "description": "Click the subject in the preview to set it, or type the fractions.",
            },
        ),
        ("Where it is used", {"fields": ["uses"]}),
    ]

    class Media:
        js = ["catalog/admin/focal-point.js"]

    @admin.display(description="picture")
    def list_thumbnail(self, image):
        return thumbnail(image, width=60)

    @admin.display(description="preview")
    def preview(self, image):
        if not image.pk:
            return "Shown once the picture is saved."
        picture = image.picture("still")
        return format_html(
            '<img src="{}" alt="{}" width="{}" height="{}" class="library-preview" data-focal-point>',
            picture["src"],
            image.alt_text or image.title,
            picture["width"],
            picture["height"],
        )

    @admin.display(description="size")
    def dimensions(self, image):
        return f"{image.width} × {image.height} px" if image.width else "—"

    @admin.display(description="used by")
    def uses(self, image):
        if not image.pk:
            return "—"
        uses = [(film, "poster") for film in image.posters.all()]
        uses += [(film, "backdrop") for film in image.backdrops.all()]
        uses += [(still.film, "still") for still in image.stills.select_related("film")]
        uses += [(person, "photo") for person in image.portraits.all()]
        if not uses:
            return "Nothing yet."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({})</li>',
                (
                    (reverse(f"admin:catalog_{obj._meta.model_name}_change", args=[obj.pk]), obj, use)
                    for obj, use in uses
                ),
            ),
        )


class StillInline(ImageChooserMixin, GuardedInputMixin, admin.TabularInline):
    model = Still
    extra = 0
    fields = ["image", "caption", "order"]
    raw_id_fields = ["image"]
    verbose_name = "still"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("image")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class Form(formset.form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                # Each row's chooser shows the picture already loaded with the row, instead of asking for it.
                if self.instance.image_id and Still.image.is_cached(self.instance):
                    self.fields["image"].widget._loaded = (self.instance.image_id, self.instance.image)

        formset.form = Form
        return formset
