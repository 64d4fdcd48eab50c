from django.apps import AppConfig, apps


class CatalogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "catalog"
    verbose_name = "Film catalog"

    def ready(self):
        # publication first: a restore's kept status must be in place before the derived-data handlers read it.
        from . import publication  # noqa: F401, I001
        from . import derived

        derived.connect_catalog_changes()
        if apps.is_installed("django.contrib.postgres"):
            from django.contrib.postgres.search import SearchVectorExact

            from .models.fields import SearchDocumentField

            # What SearchVectorField brings along: ``search_vector=query`` means "matches" (@@).
            SearchDocumentField.register_lookup(SearchVectorExact)
