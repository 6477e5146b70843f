"""Spare office schemas (`tenants.spares`): cloned ahead, renamed when an office is created,
never used once a deploy has moved the template on, and never an office themselves."""

from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import schema_context, schema_exists
from psycopg import sql

from apps.people.models import Person
from tenants.management.commands.migrate_offices import offices_behind
from tenants.models import Office
from tenants.services import office_create, template_schema
from tenants.spares import spares, spares_refill
from tenants.tasks import spares_refill_task
from tests.onestop.conftest import make_person

pytestmark = pytest.mark.django_db

NEW = {
    "code": "sparetake",
    "name_th": "สำนักงานเขตพื้นที่การศึกษาทดสอบสำรอง เขต 1",
    "kind": "primary",
    "province": "สำรอง",
    "region": "east",
    "area_number": 1,
}


def _relations(schema: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = %s ORDER BY 1, 2",
            [schema],
        )
        return cursor.fetchall()


def _migrations(schema: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("SELECT app, name FROM {} ORDER BY 1, 2").format(
                sql.Identifier(schema, "django_migrations")
            )
        )
        return cursor.fetchall()


def test_the_refill_keeps_the_wanted_number_ready() -> None:
    template = template_schema()
    assert spares(template) == ([], [])
    assert spares_refill(template=template, count=2) == (2, 0)
    ready, stale = spares(template)
    assert len(ready) == 2 and stale == []
    assert spares_refill(template=template, count=2) == (0, 0)
    assert _relations(ready[0]) == _relations(template)


def test_a_new_office_takes_a_ready_spare_and_works(office_a: Office) -> None:
    template = template_schema()
    spares_refill(template=template, count=1)
    [spare], _stale = spares(template)
    office = office_create(**NEW)
    assert not schema_exists(spare) and schema_exists(office.schema_name)
    assert spares(template) == ([], [])
    assert _relations(office.schema_name) == _relations(template)
    assert _migrations(office.schema_name) == _migrations(template)
    # Its tables, indexes and identity sequences came along with the rename.
    with schema_context(office.schema_name):
        person = make_person(first_name="สำรอง")
        assert list(Person.objects.values_list("pk", flat=True)) == [person.pk]
    with schema_context(office_a.schema_name):
        assert not Person.objects.filter(first_name_th="สำรอง").exists()


def test_a_stale_spare_is_never_used_and_the_refill_replaces_it() -> None:
    template = template_schema()
    spares_refill(template=template, count=1)
    [spare], _stale = spares(template)
    with connection.cursor() as cursor:  # as if a deploy had migrated the template since
        cursor.execute(
            sql.SQL("DELETE FROM {} WHERE app = 'people'").format(
                sql.Identifier(spare, "django_migrations")
            )
        )
    assert spares(template) == ([], [spare])
    office = office_create(**NEW)
    assert schema_exists(spare)  # cloned instead
    assert _migrations(office.schema_name) == _migrations(template)
    cloned, dropped = spares_refill(template=template, count=1)
    assert (cloned, dropped) == (1, 1) and not schema_exists(spare)


def test_a_spare_is_no_office_and_the_deploy_ignores_it() -> None:
    spares_refill(template=template_schema(), count=1)
    [spare], _stale = spares(template_schema())
    assert not Office.objects.filter(schema_name=spare).exists()
    assert not spare.startswith("esa_")
    assert offices_behind(template_schema()) == []


def test_the_task_refills_to_the_setting(settings: pytest.FixtureRequest) -> None:
    settings.KRUCARE_SPARE_OFFICES = 1  # type: ignore[attr-defined]
    assert spares_refill_task() == 1
    assert spares_refill_task() == 0
    assert len(spares(template_schema())[0]) == 1
