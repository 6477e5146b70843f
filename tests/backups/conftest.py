"""Fixtures of the backup tests."""

from tests.backups.backup_support import backup_offices  # noqa: F401 (a fixture)
