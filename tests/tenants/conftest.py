"""Fixtures of the tenants tests."""

from tests.tenants.backup_support import backup_offices  # noqa: F401 (a fixture)
