from django.apps import AppConfig


class CatalogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "catalog"
    verbose_name = "Film catalog"

    def ready(self):
        from . import caching, signals  # noqa: F401  (signals: the handlers that keep search documents current)

        caching.connect_signals()
