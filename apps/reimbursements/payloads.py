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
