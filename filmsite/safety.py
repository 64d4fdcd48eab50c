"""Checks that keep a deployment safe: settings refused in production, and sign-in throttling (django-axes).

Imported once the apps are loaded (the WSGI/ASGI entry points import it after setting Django up; django-axes
imports its handler and callables by name).
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render


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


def address_is_locked(request):
    """Whether failed sign-ins from the request's address named too many usernames within the cool-off.

    One person mistypes their own name and password; trying a few common passwords against many accounts
    (password spraying) stays under the per-account limit, so it is caught by counting the accounts instead.
    """
    limit = settings.LOGIN_ADDRESS_USERNAME_LIMIT
    if limit <= 0 or not settings.AXES_LOCK_OUT_AT_FAILURE:  # 0 turns the address lockout off
        return False
    attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.values("username").distinct().count() >= limit


class LoginThrottle(AxesDatabaseHandler):
    """django-axes' lockout of one username from one address, and of a whole address that tries many usernames.

    The address lock reads the same records as the per-account one, so a right password, which clears only its
    own account's failures, cannot lift it, and ``manage.py axes_reset_ip <address>`` can.
    """

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or address_is_locked(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or request.axes_locked_out or self.is_whitelisted(request, credentials):
            return
        if address_is_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )


def locked_out(request, original_response, credentials):
    """The page shown instead of the sign-in form during a lockout, in the admin's look (axes renders it bare)."""
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": "Signing in is paused",
        "address_locked": address_is_locked(request),
        "cooloff_minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
    }
    response = render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    if cool_off:
        response["Retry-After"] = str(round(cool_off.total_seconds()))
    return response
