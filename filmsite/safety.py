from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_unsafe_settings():
    """Stop a production server from starting with settings only fit for a laptop."""
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value in production; "
            "for local development set DJANGO_DEBUG=1 (make run does this for you)."
        )
