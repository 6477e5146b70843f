"""A person's address is "ที่อยู่"; only the network address of audit events and sessions is
"ที่อยู่ IP" (the same English word, told apart by its context)."""

from __future__ import annotations

import pytest
from django.utils import translation

from accounts.models import UserSession
from apps.people.models import Person
from audit.models import AuditEvent
from tenants.models import Office
from tests.conftest import office_client

pytestmark = pytest.mark.django_db


def test_a_persons_address_is_not_an_ip_address(office_a: Office) -> None:
    with translation.override("th"):
        assert str(Person._meta.get_field("address").verbose_name) == "ที่อยู่"
        assert str(AuditEvent._meta.get_field("ip_address").verbose_name) == "ที่อยู่ IP"
        assert str(UserSession._meta.get_field("ip_address").verbose_name) == "ที่อยู่ IP"
    form = office_client(office_a, "welfare_officer").get("/people/new/").content.decode()
    assert "ที่อยู่" in form and "ที่อยู่ IP" not in form
    audit = office_client(office_a, "office_admin").get("/audit/").content.decode()
    assert "ที่อยู่ IP" in audit
