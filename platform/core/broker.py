"""What the platform knows of the Celery broker without the Celery app (`config.celery`, at the
top): the errors that mean it cannot be reached, for senders that degrade instead of failing."""

from __future__ import annotations

from kombu.exceptions import OperationalError as KombuOperationalError

# Sending a task failed because the broker cannot be reached (kombu wraps the transport's
# connection errors in its OperationalError; a refused socket may surface as OSError).
BROKER_UNREACHABLE: tuple[type[BaseException], ...] = (KombuOperationalError, OSError)
