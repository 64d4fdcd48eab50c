"""gunicorn settings for `make serve` (gunicorn reads this file from the working directory).

Everything can be overridden from the environment, as gunicorn allows (GUNICORN_CMD_ARGS).
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Two cores: two sync workers keep both busy; pages are rendered, not waited on.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
wsgi_app = "filmsite.wsgi:application"
timeout = 30
graceful_timeout = 20
# A worker is replaced now and then, so slow growth in memory never accumulates. Often enough to
# matter over hours, rarely enough that a worker serving a thousand cached pages a second is not
# restarting every few seconds (its first requests after a restart are slower: imports, templates).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
