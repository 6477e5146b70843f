"""`make test`: real PostgreSQL (embedded unless DATABASE_URL is set), fast hashing."""

import os

from config import embedded

# The test worker (tests/isolation/test_celery_worker.py) and this process share a broker and
# a result store of their own, apart from a `make run` on the same machine.
os.environ.setdefault("KRUCARE_BROKER_DIR", str(embedded.VAR_DIR / "test-broker"))
os.environ.setdefault("CELERY_RESULT_BACKEND", f"file://{embedded.VAR_DIR / 'test-results'}")
(embedded.VAR_DIR / "test-results").mkdir(parents=True, exist_ok=True)

from .base import *  # noqa: E402, F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = False

# Static files straight from the apps' folders (production serves collectstatic's output).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# The webhook tests deliver to receivers on 127.0.0.1; the refusal tests turn this off.
KRUCARE_WEBHOOKS_ALLOW_LOOPBACK = True
