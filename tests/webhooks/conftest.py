"""Fixtures of the webhook tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest

from tests.webhooks.support import clean
from webhooks import services


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker: Any) -> Iterator[list[int]]:
    """Committed data allowed (alpha's test clients, subscriptions and events removed before
    and after); yields the ids `_enqueue` was given (no task is sent)."""
    enqueued: list[int] = []
    with (
        django_db_blocker.unblock(),
        mock.patch.object(services, "_enqueue", side_effect=enqueued.extend),
    ):
        clean()
        try:
            yield enqueued
        finally:
            clean()
