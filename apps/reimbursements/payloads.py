"""The feed payload of a payment (`payments.payment`)."""

from __future__ import annotations

from typing import Any

from apps.people.payloads import person_brief
from outbox.payloads import fields

PAYMENT_FIELDS = (
    "id",
    "kind",
    "number",
    "year",
    "sequence",
    "fiscal_year",
    "amount",
    "amount_text",
    "payee_name",
    "paid_at",
    "paid_by_name",
)


def payment_payload(payment: Any) -> dict[str, Any]:
    claim = payment.claim
    return {
        **fields(payment, PAYMENT_FIELDS),
        "claim": claim.pk,
        "claimant": person_brief(claim.claimant),
        "beneficiary_name": claim.beneficiary_name,
    }


# The catalogue's example (`/api/v1/events/`): a medical claim paid in cash.
PAYMENT_EXAMPLE: dict[str, Any] = {
    "id": 905,
    "kind": "medical",
    "number": "0400001-2570-00031",
    "year": 2570,
    "sequence": 31,
    "fiscal_year": 2570,
    "amount": "1250.50",
    "amount_text": "หนึ่งพันสองร้อยห้าสิบบาทห้าสิบสตางค์",
    "payee_name": "นายสมชาย ใจดี",
    "paid_at": "2026-11-24T13:30:00+07:00",
    "paid_by_name": "นางสมศรี แก้วมณี",
    "claim": 1402,
    "claimant": {"id": 88, "national_id": "1103700012345", "full_name_th": "นายสมชาย ใจดี"},
    "beneficiary_name": "เด็กหญิงปิยะนุช ใจดี",
}
