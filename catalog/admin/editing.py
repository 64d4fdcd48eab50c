"""What every catalog admin page does for editors beyond Django's defaults."""


class EditorFacingMixin:
    # Whether the admin's home and sidebar list the model for editors. Rows edited only inside a film's
    # page (credits, quotes, notes...) are not: their own pages stay reachable, for superusers' listing too.
    listed_for_editors = True

    def has_module_permission(self, request):
        if not self.listed_for_editors and not request.user.is_superuser:
            return False
        return super().has_module_permission(request)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # A form sent back with errors has written the rejected values onto ``obj``. The inputs show what was
        # typed (the form's data); everything else (the heading, title, breadcrumbs and the inline rows'
        # labels) names the row as it is stored: "Parallel Mothers (2021)", not its rejected title or year.
        if change and obj is not None and request.method == "POST":
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            if stored is not None:
                for field in obj._meta.concrete_fields:
                    setattr(obj, field.attname, getattr(stored, field.attname))
                context["subtitle"] = str(obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)
