"""Cache keys, tables and Celery tasks stay inside their office."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django_tenants.utils import schema_context

from tenants.models import Office

pytestmark = pytest.mark.django_db


def test_cache_keys_carry_the_schema(office_a: Office, office_b: Office) -> None:
    with schema_context(office_a.schema_name):
        cache.set("people:count", 41)
        assert cache.get("people:count") == 41
    with schema_context(office_b.schema_name):
        assert cache.get("people:count") is None
        cache.set("people:count", 7)
    with schema_context(office_a.schema_name):
        assert cache.get("people:count") == 41
    with schema_context("public"):
        assert cache.get("people:count") is None


def _tables(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])
        return {row[0] for row in cursor.fetchall()}


def _app_tables(labels: set[str]) -> set[str]:
    tables = set()
    for label in labels:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables.add(model._meta.db_table)
    return tables


def _labels(app_paths: list[str]) -> set[str]:
    return {config.label for config in apps.get_app_configs() if config.name in set(app_paths)}


def test_tenant_tables_live_only_in_office_schemas_and_public_ones_only_in_public(
    office_a: Office,
) -> None:
    shared = _labels(settings.SHARED_APPS)
    tenant = _labels(settings.TENANT_APPS)
    public_only = _app_tables(shared - tenant)
    tenant_only = _app_tables(tenant - shared)
    both = _app_tables(shared & tenant)
    public_tables, office_tables = _tables("public"), _tables(office_a.schema_name)

    assert {"tenants_office", "tenants_domain"} <= public_only
    assert public_only <= public_tables
    assert not public_only & office_tables
    assert tenant_only <= office_tables
    assert not tenant_only & public_tables
    # users and sessions exist on both sides: an account lives in exactly one schema
    assert {"accounts_user", "django_session"} <= both
    assert both <= public_tables and both <= office_tables


def test_uploaded_files_are_stored_under_the_office_schema(
    office_a: Office, office_b: Office, settings: object
) -> None:
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    storage = storages["default"]
    with schema_context(office_a.schema_name):
        name = storage.save("receipts/scan.txt", ContentFile(b"alpha only"))
        path_a = storage.path(name)
    try:
        assert f"/{office_a.schema_name}/" in path_a
        with schema_context(office_b.schema_name):
            assert not storage.exists(name)
            assert f"/{office_b.schema_name}/" in storage.path(name)
    finally:
        with schema_context(office_a.schema_name):
            storage.delete(name)
