"""Example bodies for the office endpoints' schema (`OpenApiExample`s): Thai where the values
are Thai, ISO 8601 (C.E.) dates, money as decimal strings, national IDs masked as a viewer
sees them. A list's example is one item: drf-spectacular wraps it in a list, and a paginated
list's in the cursor page (`api.pagination`)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample


def response(name: str, value: Any, status: str = "200") -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[status])


def request(name: str, value: Any) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)


NOT_FOUND_EXAMPLE = response(
    "No such record",
    {"code": "not_found", "message": "ไม่พบข้อมูลที่ขอ"},
    "404",
)
CARD_OUT_OF_ORDER = response(
    "A step out of order",
    {
        "code": "idcards.invalid_transition",
        "message": "คำขอนี้อยู่ในสถานะ “พิมพ์บัตรแล้ว” ทำขั้นตอนนี้ไม่ได้",
    },
    "400",
)
CLAIM_OUT_OF_ORDER = response(
    "A step out of order",
    {
        "code": "reimbursements.invalid_transition",
        "message": "คำขอนี้อยู่ในสถานะ “จ่ายเงินแล้ว” ทำขั้นตอนนี้ไม่ได้",
    },
    "400",
)
TICKET_OUT_OF_ORDER = response(
    "Another officer's ticket",
    {
        "code": "onestop.invalid_transition",
        "message": "บัตรคิว C012 อยู่ในความดูแลของเจ้าหน้าที่ท่านอื่น",
    },
    "400",
)

PERSON_REF = {"id": 88, "national_id": "1-1037-xxxxx-xx-5", "full_name_th": "นายสมชาย ใจดี"}
SCHOOL_REF = {"id": 12, "code": "1012400101", "name_th": "โรงเรียนวัดบางรักใหญ่"}

ME = {
    "username": "somsri.k",
    "full_name": "นางสมศรี แก้วมณี",
    "roles": ["officer", "viewer"],
    "office": "nonthaburi1",
}

OFFICE = {
    "code": "nonthaburi1",
    "name_th": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษานนทบุรี เขต 1",
    "name_en": "Nonthaburi Primary Educational Service Area Office 1",
    "kind": "primary",
    "province": "นนทบุรี",
    "region": "central",
    "area_number": 1,
    "host": "nonthaburi1.krucare.go.th",
    "status": "active",
}

PERSON = {
    "id": 88,
    "national_id": "1-1037-xxxxx-xx-5",
    "title": "นาย",
    "first_name_th": "สมชาย",
    "last_name_th": "ใจดี",
    "first_name_en": "Somchai",
    "last_name_en": "Jaidee",
    "full_name_th": "นายสมชาย ใจดี",
    "birth_date": "1985-03-14",
    "category": "teacher",
    "position": "ครู",
    "academic_standing": "ครูชำนาญการพิเศษ",
    "school": SCHOOL_REF,
    "monthly_salary": "42350.00",
    "status": "active",
    "status_date": "2010-05-17",
    "updated_at": "2026-11-20T14:03:11.204518+07:00",
}
FAMILY_MEMBER = {
    "id": 301,
    "relation": "child",
    "national_id": "1-1299-xxxxx-xx-3",
    "title": "เด็กหญิง",
    "first_name_th": "ปิยะนุช",
    "last_name_th": "ใจดี",
    "birth_date": "2015-08-02",
    "birth_order": 1,
    "child_status": "legitimate",
    "is_twin": False,
    "is_disabled": False,
    "disabled_on": None,
    "is_incompetent": False,
    "incompetent_on": None,
    "is_deceased": False,
    "died_on": None,
}
PERSON_DETAIL = {
    **PERSON,
    "phone": "0812345678",
    "email": "somchai.j@example.ac.th",
    "address": "99/1 หมู่ 3 ตำบลบางรักใหญ่ อำเภอบางบัวทอง จังหวัดนนทบุรี 11110",
    "created_at": "2024-01-09T10:22:40.118230+07:00",
    "family": [FAMILY_MEMBER],
}
FAMILY_MEMBER_INPUT = {
    "relation": "child",
    "title": "เด็กหญิง",
    "first_name_th": "ปิยะนุช",
    "last_name_th": "ใจดี",
    "national_id": "1129900123453",
    "birth_date": "2015-08-02",
    "birth_order": 1,
    "child_status": "legitimate",
}
SCHOOL = {
    "id": 12,
    "code": "1012400101",
    "name_th": "โรงเรียนวัดบางรักใหญ่",
    "district": "บางบัวทอง",
    "is_active": True,
    "people_count": 37,
}

SERVICE_TYPE_REF = {"id": 3, "code": "idcard", "name_th": "ทำบัตรประจำตัวเจ้าหน้าที่ของรัฐ"}
SERVICE_TYPE = {
    **SERVICE_TYPE_REF,
    "name_en": "Government official ID card",
    "ticket_prefix": "C",
    "standard_minutes": 15,
    "is_active": True,
}
OFFICER = {"id": 7, "username": "somsri.k", "display_name": "นางสมศรี แก้วมณี"}
SERVICE_REQUEST = {
    "id": 5120,
    "ticket": "C012",
    "ticket_date": "2026-11-24",
    "service_type": SERVICE_TYPE_REF,
    "person": {"id": 88, "full_name_th": "นายสมชาย ใจดี"},
    "status": "in_service",
    "counter": "3",
    "received_at": "2026-11-24T08:41:05.310112+07:00",
    "called_at": "2026-11-24T08:52:40.019876+07:00",
    "started_at": "2026-11-24T08:53:02.554301+07:00",
    "completed_at": None,
    "cancelled_at": None,
    "handed_over_at": None,
    "officer": OFFICER,
    "handed_over_to": None,
    "outcome": "",
    "standard_minutes": 15,
    "service_seconds": None,
    "within_standard": None,
}
FIGURES = {
    "count": 1284,
    "within_standard": 1190,
    "share_within_standard": "92.68",
    "median_minutes": "9.50",
    "p90_minutes": "17.25",
}
STATISTICS = {
    "fiscal_year": 2557,
    "start": "2013-10-01",
    "end": "2014-09-30",
    "total": FIGURES,
    "by_service_type": [{"service_type": SERVICE_TYPE_REF, "figures": FIGURES}],
    "by_month": [{"month": "2013-10-01", "figures": FIGURES}],
}

CARD_APPLICATION = {
    "id": 311,
    "person": PERSON_REF,
    "service_request": 5120,
    "ticket": "C012",
    "reason": "first",
    "applicant_category": "teacher",
    "police_report_number": "",
    "old_card_number": "",
    "documents": ["appointment_order"],
    "status": "checked",
    "rejection_reason": "",
    "received_at": "2026-11-24T08:55:12.100231+07:00",
    "checked_at": "2026-11-24T09:01:47.882310+07:00",
    "approved_at": None,
    "printed_at": None,
    "handed_over_at": None,
    "closed_at": None,
    "card_number": "",
    "issue_date": None,
    "expiry_date": None,
    "is_lifetime": False,
    "issued_by_name": "",
    "issued_by_position": "",
}

PAYMENT = {
    "id": 905,
    "claim": 1402,
    "kind": "medical",
    "number": "0400001-2570-00031",
    "year": 2570,
    "sequence": 31,
    "fiscal_year": 2570,
    "amount": "1250.50",
    "amount_text": "หนึ่งพันสองร้อยห้าสิบบาทห้าสิบสตางค์",
    "payee_name": "นายสมชาย ใจดี",
    "claimant": PERSON_REF,
    "beneficiary_name": "เด็กหญิงปิยะนุช ใจดี",
    "paid_at": "2026-11-24T13:30:00.000000+07:00",
    "paid_by_name": "นางสมศรี แก้วมณี",
}
CLAIM = {
    "id": 1402,
    "kind": "medical",
    "status": "checked",
    "claimant": PERSON_REF,
    "claimant_category": "teacher",
    "beneficiary": {
        "member": 301,
        "relation": "child",
        "name": "เด็กหญิงปิยะนุช ใจดี",
        "national_id": "1-1299-xxxxx-xx-3",
        "eligibility_note": "",
    },
    "service_request": 5131,
    "ticket": "M004",
    "medical": {
        "hospital_name": "โรงพยาบาลพระนั่งเกล้า",
        "hospital_type": "government",
        "care_type": "outpatient",
        "admitted_on": None,
        "discharged_on": None,
    },
    "child_education": None,
    "claimed_amount": "1250.50",
    "payable_amount": "1250.50",
    "return_reason": "",
    "submitted_at": "2026-11-24T09:40:18.204455+07:00",
    "checked_at": "2026-11-24T10:05:02.918812+07:00",
    "approved_at": None,
    "closed_at": None,
    "payment": None,
}
CLAIM_DETAIL = {
    **CLAIM,
    "rate": {
        "version": 2,
        "source_letter": "กค 0416.2/ว 177",
        "confirmed": True,
        "method": "",
        "share_percent": None,
        "cap": None,
        "special_room_rate": "1500.00",
    },
    "entitlement": None,
    "receipts": [
        {
            "id": 2210,
            "issuer": "โรงพยาบาลพระนั่งเกล้า",
            "number": "OPD-69-004512",
            "issued_on": "2026-11-18",
            "amount": "1250.50",
            "payable_amount": "1250.50",
            "is_claimed": True,
            "items": [
                {
                    "id": 5301,
                    "kind": "medicine",
                    "description": "ค่ายาและเวชภัณฑ์",
                    "days": None,
                    "amount": "1250.50",
                    "payable_amount": "1250.50",
                    "note": "",
                }
            ],
        }
    ],
    "scans": [
        {
            "id": 77,
            "kind": "receipt",
            "original_name": "receipt-2026-11-18.pdf",
            "content_type": "application/pdf",
            "size": 184213,
            "uploaded_at": "2026-11-24T09:41:30.551021+07:00",
        }
    ],
}
ELIGIBILITY = {
    "person": PERSON_REF,
    "kind": "child_education",
    "on": "2026-11-24",
    "academic_year": 2569,
    "semester": 2,
    "verdicts": [
        {
            "member": 301,
            "name": "เด็กหญิงปิยะนุช ใจดี",
            "relation": "child",
            "eligible": True,
            "reason": "",
            "place": 1,
        },
        {
            "member": 305,
            "name": "นายปิยะพงษ์ ใจดี",
            "relation": "child",
            "eligible": False,
            "reason": "อายุครบ 25 ปีแล้ว",
            "place": None,
        },
    ],
}
CHILD_EDUCATION_RATE = {
    "id": 4,
    "effective_academic_year": 2558,
    "last_academic_year": None,
    "school_type": "government",
    "level": "kindergarten",
    "method": "actual",
    "share_percent": "100.00",
    "cap_per_academic_year": "4650.00",
    "source_letter": "กค 0422.3/ว 257",
    "source_date": "2015-07-15",
    "confirmed": True,
    "note": "",
}
MEDICAL_LIMITS = {
    "id": 2,
    "effective_from": "2019-06-01",
    "special_room_rate_per_day": "1500.00",
    "claim_deadline_days": 365,
    "private_outpatient_reimbursable": False,
    "non_reimbursable_items": [{"code": "cosmetic", "label_th": "ค่าศัลยกรรมเพื่อความสวยงาม"}],
    "source_letter": "กค 0416.2/ว 177",
    "source_date": "2019-05-20",
    "confirmed": True,
    "note": "",
}

SUBSCRIPTION = {
    "id": 14,
    "client": 3,
    "client_name": "ระบบบัญชีจ่ายตรง สพท.",
    "url": "https://hr.example.go.th/hooks/krucare",
    "event_types": ["idcards.card", "payments.payment"],
    "is_active": True,
    "max_attempts": 8,
    "previous_secret_expires_at": None,
    "created_at": "2026-10-01T09:00:00.000000+07:00",
}
DELIVERY = {
    "id": 9021,
    "subscription": 14,
    "event_id": 4182,
    "resource": "idcards.card",
    "action": "created",
    "status": "parked",
    "attempts": 8,
    "next_attempt_at": "2026-11-24T11:15:03.002114+07:00",
    "last_status_code": 503,
    "last_error": "HTTP 503 Service Unavailable",
    "created_at": "2026-11-24T09:15:03.002114+07:00",
    "delivered_at": None,
}
