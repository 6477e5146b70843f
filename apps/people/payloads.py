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
