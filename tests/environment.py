"""The environment the suite runs in, set before Django reads its settings (loaded with ``-p``).

Tests run with DEBUG off, as production does, but over plain HTTP and without ``collectstatic``:
the HTTPS redirect, HSTS and hashed static names are checked on their own, in a subprocess given
production's environment (tests/test_deploy.py).
"""

import os

os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
