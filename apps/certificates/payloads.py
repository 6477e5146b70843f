"""The feed payload of a salary certificate (`certificates.certificate`): the certificate as the
REST resource `/api/v1/certificates/certificates/{id}/` shows it (every field of it; the
national ID in full), plus the verification link's token for HR systems that print it."""

from __future__ import annotations

from typing import Any

from apps.people.payloads import person_brief
from outbox.payloads import fields

CERTIFICATE_FIELDS = (
    "id",
    "number",
    "letter_number",
    "status",
    "validity",
    "applicant_category",
    "position",
    "school_name",
    "bank_code",
    "bank_name",
    "programme_code",
    "programme_name",
    "amount",
    "instalment",
    "term_months",
    "purpose",
    "check_month",
    "check_outcome",
    "net_pay",
    "net_percent",
    "headroom",
    "received_at",
    "prepared_at",
    "signed_at",
    "issue_date",
    "handed_over_at",
    "signed_by_name",
    "signed_by_position",
    "revoked_at",
    "revocation_reason",
    "bank_decision",
    "contract_number",
)


def certificate_payload(certificate: Any) -> dict[str, Any]:
    superseded_by = certificate.superseded_by
    return {
        **fields(certificate, CERTIFICATE_FIELDS),
        "person": person_brief(certificate.person),
        "service_request": certificate.service_request_id,
        "superseded_by": None if superseded_by is None else superseded_by.number,
    }


# The catalogue's example (`/api/v1/events/`): a certificate signed at the desk.
CERTIFICATE_EXAMPLE: dict[str, Any] = {
    "id": 42,
    "person": {"id": 88, "national_id": "1103700012345", "full_name_th": "นายสมชาย ใจดี"},
    "service_request": 5121,
    "number": "0012/2570",
    "letter_number": "ศธ 04143/12",
    "status": "signed",
    "validity": "valid",
    "applicant_category": "teacher",
    "position": "ครู ชำนาญการพิเศษ",
    "school_name": "โรงเรียนบ้านควนขนุน",
    "bank_code": "gsb",
    "bank_name": "ธนาคารออมสิน",
    "programme_code": "welfare",
    "programme_name": "สินเชื่อสวัสดิการหักเงินเดือน",
    "amount": "300000.00",
    "instalment": "4500.00",
    "term_months": 84,
    "purpose": "ชำระหนี้และใช้จ่ายในครอบครัว",
    "check_month": "2026-10-01",
    "check_outcome": "pass",
    "net_pay": "12850.00",
    "net_percent": "36.71",
    "headroom": "7350.00",
    "received_at": "2026-11-24T09:02:10.100231+07:00",
    "prepared_at": "2026-11-24T09:07:47.882310+07:00",
    "signed_at": "2026-11-24T09:12:03.551920+07:00",
    "issue_date": "2026-11-24",
    "handed_over_at": None,
    "signed_by_name": "นายสมศักดิ์ รักงาน",
    "signed_by_position": "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
    "revoked_at": None,
    "revocation_reason": "",
    "bank_decision": "",
    "contract_number": "",
    "superseded_by": None,
}
