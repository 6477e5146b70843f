"""The desk's service types come from the modules' declarations (`core.modules`)."""

from __future__ import annotations

from apps.onestop.models import ServiceType
from apps.onestop.service_types import service_types_sync
from tenants.models import Office


def test_the_desk_gets_a_declared_service_it_lacks_and_keeps_the_office_s_changes(
    in_alpha: Office,
) -> None:
    ServiceType.objects.filter(code="id_card").update(name_th="บัตรเจ้าหน้าที่", standard_minutes=10)
    ServiceType.objects.filter(code="other").delete()

    assert service_types_sync() == ["other"]

    other = ServiceType.objects.get(code="other")
    assert (other.ticket_prefix, other.standard_minutes) == ("Z", 15)
    id_card = ServiceType.objects.get(code="id_card")
    assert (id_card.name_th, id_card.standard_minutes) == ("บัตรเจ้าหน้าที่", 10)
    assert service_types_sync() == []
