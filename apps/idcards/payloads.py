"""The feed payload of an ID card (`idcards.card`)."""

from __future__ import annotations

from typing import Any

from apps.people.payloads import person_brief
from outbox.payloads import fields

CARD_FIELDS = (
    "id",
    "card_number",
    "reason",
    "applicant_category",
    "status",
    "issue_date",
    "expiry_date",
    "is_lifetime",
    "printed_at",
    "handed_over_at",
    "issued_by_name",
    "issued_by_position",
)


def card_payload(application: Any) -> dict[str, Any]:
    return {**fields(application, CARD_FIELDS), "person": person_brief(application.person)}
