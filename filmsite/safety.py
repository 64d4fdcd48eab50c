from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_unsafe_settings():
    """Stop a production server from starting with settings only fit for a laptop."""
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value in production; "
            "for local development set DJANGO_DEBUG=1 (make run does this for you)."
        )


def client_ip(request):
    """The address a request came from, for login throttling.

    Behind a proxy (DJANGO_BEHIND_PROXY=1), the right-most X-Forwarded-For entry is the one our own
    proxy appended; anything left of it was sent by the client and could be forged.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR")
