"""A second database session, as another process would have: it sees only what is committed,
and what it commits is visible to the test's own session at its next statement."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from django.db import connection


@contextmanager
def other_session() -> Iterator[psycopg.Connection[Any]]:
    """An autocommit connection to the test database, apart from Django's."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("server_side_binding", None)
    session = psycopg.connect(**params, autocommit=True)
    try:
        yield session
    finally:
        session.close()
