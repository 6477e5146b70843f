"""The feed payload of an approval (`revolvingfund.approval`): an approved application as the
REST resource `/api/v1/revolvingfund/approvals/{id}/` shows it (national IDs in full: the Office
of the Permanent Secretary collects repayments by them), with its guarantors."""

from __future__ import annotations

from typing import Any

from apps.people.payloads import person_brief
from outbox.payloads import fields

APPROVAL_FIELDS = (
    "id",
    "number",
    "status",
    "applicant_category",
    "position",
    "school_name",
    "amount_requested",
    "approved_amount",
    "term_months",
    "instalment",
    "rank",
    "score_total",
    "decided_at",
    "terms_code",
    "terms_confirmed",
)


def approval_payload(application: Any) -> dict[str, Any]:
    round_ = application.round
    return {
        **fields(application, APPROVAL_FIELDS),
        # A rate has three places (5.525 %), not money's two.
        "annual_rate": None if application.annual_rate is None else f"{application.annual_rate}",
        "person": person_brief(application.person),
        "round": {"fiscal_year": round_.fiscal_year, "number": round_.number},
        "guarantors": [person_brief(g.person) for g in application.guarantors.all()],
    }


# The catalogue's example (`/api/v1/events/`): an approval confirmed by the subcommittee.
APPROVAL_EXAMPLE: dict[str, Any] = {
    "id": 17,
    "number": "0003/2557",
    "status": "approved",
    "applicant_category": "teacher",
    "position": "ครู ชำนาญการ",
    "school_name": "โรงเรียนบ้านควนขนุน",
    "amount_requested": "200000.00",
    "approved_amount": "200000.00",
    "annual_rate": "5.525",
    "term_months": 96,
    "instalment": "2582.27",
    "rank": 2,
    "score_total": "84.50",
    "decided_at": "2014-08-20T14:05:00+07:00",
    "terms_code": "fy2557",
    "terms_confirmed": False,
    "person": {"id": 88, "national_id": "1103700012345", "full_name_th": "นายสมชาย ใจดี"},
    "round": {"fiscal_year": 2557, "number": 1},
    "guarantors": [
        {"id": 91, "national_id": "3930100456781", "full_name_th": "นางสมศรี มั่นคง"},
        {"id": 95, "national_id": "3930100987652", "full_name_th": "นายประเสริฐ ทองดี"},
    ],
}
