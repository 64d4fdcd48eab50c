"""The environment the suite runs in, set before Django reads its settings (loaded with ``-p``).

Tests run with DEBUG off, as production does, but over plain HTTP and without ``collectstatic``:
the HTTPS redirect, HSTS and hashed static names are checked on their own, in a subprocess given
production's environment (tests/test_deploy.py).
"""

import os
import tempfile

os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
# Renditions are checked for their formats and sizes, not their bytes: encoded at the encoders' fastest.
os.environ.setdefault("DJANGO_FAST_RENDITIONS", "1")
# Pages and the cache generation live in a cache of the run's own, never in a developer's var/cache.
os.environ.setdefault("DJANGO_CACHE_DIR", tempfile.mkdtemp(prefix="filmsite-test-cache-"))
