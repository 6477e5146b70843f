"""`make run`: the whole system on one machine, on embedded defaults."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)

# Static files straight from the apps' folders (production serves collectstatic's output).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# --- Issue 11 (7): database connections of the development server ---------------------------
# runserver gives every open browser connection (keep-alive) a thread of its own, and a
# persistent database connection would stay with that thread while the browser idles: a few
# browsers held the embedded server's every connection ("too many clients"). Connections are
# closed after each request here; Unix-socket connections to the embedded server are cheap.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "0"))

# Webhooks to a receiver on this machine over plain HTTP (the README's sample client).
KRUCARE_WEBHOOKS_ALLOW_LOOPBACK = env_bool("KRUCARE_WEBHOOKS_ALLOW_LOOPBACK", True)
