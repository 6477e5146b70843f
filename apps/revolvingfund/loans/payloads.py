"""The feed payloads of the loans: a loan (`revolvingfund.loan`) as the REST resource
`/api/v1/revolvingfund/loans/{id}/` shows it, and a repayment, i.e. one ledger line
(`revolvingfund.repayment`, `/api/v1/revolvingfund/repayments/{id}/`). National IDs in full:
the Office of the Permanent Secretary and HR systems collect by them. Money as strings."""

from __future__ import annotations

from typing import Any

from apps.people.payloads import person_brief
from outbox.payloads import fields

LOAN_FIELDS = (
    "id",
    "number",
    "origin",
    "status",
    "fiscal_year",
    "round_number",
    "principal",
    "annual_rate",
    "term_months",
    "instalment",
    "terms_code",
    "terms_confirmed",
    "contract_signed_on",
    "disbursed_on",
    "first_month",
    "schedule_instalment",
    "balance",
    "interest_due",
    "principal_repaid",
    "interest_paid",
    "last_month",
    "arrears_amount",
    "months_overdue",
    "transferred_from",
    "transferred_to",
    "closed_on",
    "closed_reason",
)
REPAYMENT_FIELDS = (
    "id",
    "kind",
    "month",
    "on",
    "opening_balance",
    "interest",
    "due",
    "from_borrower",
    "from_guarantors",
    "interest_paid",
    "principal_paid",
    "excess",
    "closing_balance",
    "interest_due",
    "arrears",
    "months_overdue",
)


def loan_payload(loan: Any) -> dict[str, Any]:
    return {
        **fields(loan, LOAN_FIELDS),
        "annual_rate": f"{loan.annual_rate}",  # three places, not money's two
        "person": person_brief(loan.person),
        "application": loan.application_id,
        "guarantors": [
            {"name": g.name, "national_id": g.national_id, "share": fields(g, ("share",))["share"]}
            for g in loan.guarantors.all()
        ],
        "disbursements": [
            fields(d, ("creditor", "amount", "paid_on", "reference"))
            for d in loan.disbursements.all()
        ],
    }


def repayment_payload(entry: Any) -> dict[str, Any]:
    loan = entry.loan
    return {
        **fields(entry, REPAYMENT_FIELDS),
        "paid_by": entry.source,
        "loan": {"id": loan.pk, "number": loan.number},
        "person": person_brief(loan.person),
    }


LOAN_EXAMPLE: dict[str, Any] = {
    "id": 7,
    "number": "0003/2557",
    "origin": "approved",
    "status": "repaying",
    "fiscal_year": 2557,
    "round_number": 1,
    "principal": "200000.00",
    "annual_rate": "5.525",
    "term_months": 96,
    "instalment": "2582.27",
    "terms_code": "fy2557",
    "terms_confirmed": False,
    "contract_signed_on": "2014-06-02",
    "disbursed_on": "2014-06-10",
    "first_month": "2014-07-01",
    "schedule_instalment": "2582.27",
    "balance": "198338.56",
    "interest_due": "0.00",
    "principal_repaid": "1661.44",
    "interest_paid": "920.83",
    "last_month": "2014-07-01",
    "arrears_amount": "0.00",
    "months_overdue": 0,
    "transferred_from": "",
    "transferred_to": "",
    "closed_on": None,
    "closed_reason": "",
    "person": {"id": 12, "national_id": "3930100012345", "full_name_th": "นายสมชาย ใจดี"},
    "application": 31,
    "guarantors": [{"name": "นางสมศรี ใจงาม", "national_id": "3930100054321", "share": None}],
    "disbursements": [
        {
            "creditor": "สหกรณ์ออมทรัพย์ครูพัทลุง จำกัด",
            "amount": "200000.00",
            "paid_on": "2014-06-10",
            "reference": "KTB-0610-0042",
        }
    ],
}
REPAYMENT_EXAMPLE: dict[str, Any] = {
    "id": 1201,
    "kind": "month",
    "month": "2014-07-01",
    "on": "2014-07-31",
    "paid_by": "payroll",
    "opening_balance": "200000.00",
    "interest": "920.83",
    "due": "2582.27",
    "from_borrower": "2582.27",
    "from_guarantors": "0.00",
    "interest_paid": "920.83",
    "principal_paid": "1661.44",
    "excess": "0.00",
    "closing_balance": "198338.56",
    "interest_due": "0.00",
    "arrears": "0.00",
    "months_overdue": 0,
    "loan": {"id": 7, "number": "0003/2557"},
    "person": {"id": 12, "national_id": "3930100012345", "full_name_th": "นายสมชาย ใจดี"},
}
