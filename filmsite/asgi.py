"""ASGI entry point; refuses to serve with development-only settings."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmsite.settings")

application = get_asgi_application()

from filmsite.safety import refuse_unsafe_settings  # noqa: E402 - needs the settings loaded above

refuse_unsafe_settings()
