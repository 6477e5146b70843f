"""`make run`: the whole system on one machine, on embedded defaults."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)

# Static files straight from the apps' folders (production serves collectstatic's output).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# Webhooks to a receiver on this machine over plain HTTP (the README's sample client).
KRUCARE_WEBHOOKS_ALLOW_LOOPBACK = env_bool("KRUCARE_WEBHOOKS_ALLOW_LOOPBACK", True)
