"""Point this process's Celery app at another broker for a while (a Redis of the test's own),
as a web process configured with that CELERY_BROKER_URL would send to it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

from config.celery import app


def _reset_pools() -> None:
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None


@contextmanager
def celery_broker(url: str) -> Iterator[None]:
    """The production settings' transport options for a Redis broker, at `url`."""
    # The app reads its configuration from Django's settings under the CELERY_ namespace.
    saved = (app.conf.CELERY_BROKER_URL, app.conf.CELERY_BROKER_TRANSPORT_OPTIONS)
    _reset_pools()
    app.conf.CELERY_BROKER_URL = url
    app.conf.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": settings.KRUCARE_BROKER_VISIBILITY_TIMEOUT,
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
    }
    try:
        yield
    finally:
        _reset_pools()
        app.conf.CELERY_BROKER_URL, app.conf.CELERY_BROKER_TRANSPORT_OPTIONS = saved
