"""The feed payload of a person (`people.person`): the person with the family. A change to a
family member is an `updated` event of the person."""

from __future__ import annotations

from typing import Any

from outbox.payloads import fields

FAMILY_FIELDS = (
    "id",
    "relation",
    "national_id",
    "title",
    "first_name_th",
    "last_name_th",
    "birth_date",
    "birth_order",
    "child_status",
    "is_twin",
    "is_disabled",
    "disabled_on",
    "is_incompetent",
    "incompetent_on",
    "is_deceased",
    "died_on",
)
PERSON_FIELDS = (
    "id",
    "national_id",
    "title",
    "first_name_th",
    "last_name_th",
    "first_name_en",
    "last_name_en",
    "full_name_th",
    "birth_date",
    "category",
    "position",
    "academic_standing",
    "monthly_salary",
    "status",
    "status_date",
    "phone",
    "email",
    "address",
    "created_at",
    "updated_at",
)


def person_brief(person: Any) -> dict[str, Any]:
    """The person as other resources name them."""
    return {"id": person.pk, "national_id": person.national_id, "full_name_th": person.full_name_th}


def person_payload(person: Any) -> dict[str, Any]:
    school = person.school
    return {
        **fields(person, PERSON_FIELDS),
        "school": None
        if school is None
        else {"id": school.pk, "code": school.code, "name_th": school.name_th},
        "family": [
            fields(member, FAMILY_FIELDS) for member in person.family.order_by("relation", "pk")
        ],
    }


# The catalogue's example (`/api/v1/events/`): a teacher with a child.
PERSON_EXAMPLE: dict[str, Any] = {
    "id": 88,
    "national_id": "1103700012345",
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
    "monthly_salary": "42350.00",
    "status": "active",
    "status_date": "2010-05-17",
    "phone": "0812345678",
    "email": "somchai.j@example.ac.th",
    "address": "99/1 หมู่ 3 ตำบลบางรักใหญ่ อำเภอบางบัวทอง จังหวัดนนทบุรี 11110",
    "created_at": "2024-01-09T10:22:40.118230+07:00",
    "updated_at": "2026-11-20T14:03:11.204518+07:00",
    "school": {"id": 12, "code": "1012400101", "name_th": "โรงเรียนวัดบางรักใหญ่"},
    "family": [
        {
            "id": 301,
            "relation": "child",
            "national_id": "1129900123453",
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
    ],
}
