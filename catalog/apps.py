from django.apps import AppConfig, apps
from django.contrib import admin
from django.contrib.admin import apps as admin_apps


class CatalogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "catalog"
    verbose_name = "Film catalog"

    def ready(self):
        # publication first: a restore's kept status must be in place before the derived-data handlers read it.
        from . import publication  # noqa: F401, I001
        from . import derived
        from . import history  # noqa: F401 - registers the films' history with django-reversion

        derived.connect_catalog_changes()
        if apps.is_installed("django.contrib.postgres"):
            from django.contrib.postgres.search import SearchVectorExact

            from .models.fields import SearchDocumentField

            # What SearchVectorField brings along: ``search_vector=query`` means "matches" (@@).
            SearchDocumentField.register_lookup(SearchVectorExact)


class EditorialAdminConfig(admin_apps.AdminConfig):
    """Django's admin (in INSTALLED_APPS in its place), with ``EditorialSite`` as ``admin.site``."""

    default = False  # "catalog" in INSTALLED_APPS still means CatalogConfig
    default_site = "catalog.apps.EditorialSite"


class EditorialSite(admin.AdminSite):
    """The admin site, with the editors' dashboard (``catalog.admin.dashboard``) on its home page.

    Here, not in ``catalog.admin``: that package registers its models on ``admin.site`` as it is imported,
    so the class ``admin.site`` is made from must be importable without it.
    """

    def index(self, request, extra_context=None):
        from .admin import dashboard  # imports the models, which load after this module

        return super().index(request, {**dashboard.index_context(self, request), **(extra_context or {})})
