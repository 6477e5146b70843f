"""The feed payload of an ID card (`idcards.card`): the application as the REST resource
`/api/v1/idcards/applications/{id}/` shows it (every field of it; the national ID in full)."""

from __future__ import annotations

from typing import Any

from apps.people.payloads import person_brief
from outbox.payloads import fields

CARD_FIELDS = (
    "id",
    "reason",
    "applicant_category",
    "police_report_number",
    "old_card_number",
    "documents",
    "status",
    "rejection_reason",
    "received_at",
    "checked_at",
    "approved_at",
    "printed_at",
    "handed_over_at",
    "closed_at",
    "card_number",
    "issue_date",
    "expiry_date",
    "is_lifetime",
    "issued_by_name",
    "issued_by_position",
)


def card_payload(application: Any) -> dict[str, Any]:
    ticket = application.service_request
    return {
        **fields(application, CARD_FIELDS),
        "person": person_brief(application.person),
        "service_request": application.service_request_id,
        "ticket": None if ticket is None else ticket.ticket,
    }


# The catalogue's example (`/api/v1/events/`): a card printed at the desk.
CARD_EXAMPLE: dict[str, Any] = {
    "id": 311,
    "person": {"id": 88, "national_id": "1103700012345", "full_name_th": "นายสมชาย ใจดี"},
    "service_request": 5120,
    "ticket": "A012",
    "reason": "first",
    "applicant_category": "teacher",
    "police_report_number": "",
    "old_card_number": "",
    "documents": ["appointment_order"],
    "status": "printed",
    "rejection_reason": "",
    "received_at": "2026-11-24T08:55:12.100231+07:00",
    "checked_at": "2026-11-24T09:01:47.882310+07:00",
    "approved_at": "2026-11-24T09:10:03.551920+07:00",
    "printed_at": "2026-11-24T09:15:02.401000+07:00",
    "handed_over_at": None,
    "closed_at": None,
    "card_number": "0400001-2569-00042",
    "issue_date": "2026-11-24",
    "expiry_date": "2032-11-23",
    "is_lifetime": False,
    "issued_by_name": "นายสมศักดิ์ รักงาน",
    "issued_by_position": "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
}
