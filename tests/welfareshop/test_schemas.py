"""The overlap constraint is in every office schema, the template's clones included and an
office created now, and it works there (it needs no extension: core range operators only)."""

from __future__ import annotations

from datetime import time

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.services import user_create
from apps.welfareshop import services
from apps.welfareshop.models import Booking
from tenants.models import Office
from tenants.services import office_create
from tests.welfareshop.factories import at, day_ahead

pytestmark = pytest.mark.django_db


def _definition(schema: str) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(k.oid) FROM pg_constraint k "
            "WHERE k.conname = 'booking_no_overlap' AND k.connamespace = %s::regnamespace",
            [schema],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def test_every_office_schema_has_the_constraint(office_a: Office, office_b: Office) -> None:
    schemas = ["esa_template", *Office.objects.exclude(schema_name="public").values_list(
        "schema_name", flat=True
    )]  # fmt: skip
    for schema in schemas:
        definition = _definition(schema)
        assert definition is not None, schema
        assert "EXCLUDE USING gist" in definition and "int8range" in definition, definition
        assert "WHERE" in definition  # only confirmed bookings compete


def test_an_office_created_now_refuses_overlaps_in_its_own_schema(db: None) -> None:
    office = office_create(
        code="shopnew",
        name_th="สำนักงานเขตพื้นที่การศึกษาทดสอบร้านค้า",
        kind="primary",
        province="ทดสอบร้านค้า",
        region="south",
        area_number=9,
    )
    assert _definition(office.schema_name) is not None
    with schema_context(office.schema_name):
        officer = user_create(username="shopkeeper", password=None, roles=["welfare_officer"])
        room = services.resource_save(
            actor=officer, name="ห้องใหม่", kind="room", capacity=5, opens=time(8), closes=time(17)
        )
        day = day_ahead(5)
        services.booking_create(
            resource=room, starts_at=at(day, 9), ends_at=at(day, 10), purpose="ก", booked_by=officer
        )
        with pytest.raises(services.ShopError) as refused:
            services.booking_create(
                resource=room, starts_at=at(day, 9, 30), ends_at=at(day, 11), purpose="ข",
                booked_by=officer,
            )  # fmt: skip
        assert refused.value.code == "welfareshop.booking_conflict"
        with pytest.raises(IntegrityError), transaction.atomic():
            Booking.objects.create(
                resource=room,
                during=DateTimeTZRange(at(day, 9, 45), at(day, 9, 50)),
                purpose="ค",
                booked_by=officer,
                booked_at=timezone.now(),
            )
        assert Booking.objects.count() == 1
        assert User.objects.filter(username="shopkeeper").exists()
