"""Typed access to the django-tenants connection (its schema attributes are not in the stubs)."""

from __future__ import annotations

from typing import cast

from django.db import connection
from django_tenants.postgresql_backend.base import DatabaseWrapper

PUBLIC_SCHEMA = "public"


def tenant_connection() -> DatabaseWrapper:
    return cast(DatabaseWrapper, connection)


def current_schema() -> str:
    """The schema this thread's queries run in: `public` or an office's `esa_<code>`."""
    return str(tenant_connection().schema_name)
