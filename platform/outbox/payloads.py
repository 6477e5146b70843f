"""Each resource of the feeds as JSON, as the API shows it to a reader allowed to see
everything: ISO 8601 dates (C.E.), datetimes in Bangkok time with their offset, money as
strings with two decimals, national IDs in full (the feeds are for authorised HR systems).

The builders read attributes only (they import no welfare app: `apps` calls `outbox`, never
the other way round). A person's payload holds the person's family: a change to a family
member is an `updated` event of the person (see `outbox.services`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

PERSON = "people.person"
CARD = "idcards.card"
PAYMENT = "payments.payment"


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def _fields(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: _value(getattr(obj, name)) for name in names}


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


def _person_brief(person: Any) -> dict[str, Any]:
    return {"id": person.pk, "national_id": person.national_id, "full_name_th": person.full_name_th}


def person_payload(person: Any) -> dict[str, Any]:
    school = person.school
    return {
        **_fields(person, PERSON_FIELDS),
        "school": None
        if school is None
        else {"id": school.pk, "code": school.code, "name_th": school.name_th},
        "family": [
            _fields(member, FAMILY_FIELDS) for member in person.family.order_by("relation", "pk")
        ],
    }


def card_payload(application: Any) -> dict[str, Any]:
    return {**_fields(application, CARD_FIELDS), "person": _person_brief(application.person)}


def payment_payload(payment: Any) -> dict[str, Any]:
    claim = payment.claim
    return {
        **_fields(payment, PAYMENT_FIELDS),
        "claim": claim.pk,
        "claimant": _person_brief(claim.claimant),
        "beneficiary_name": claim.beneficiary_name,
    }


# The resources of the feeds: name → (what it is, payload builder).
RESOURCES: dict[str, tuple[str, Callable[[Any], dict[str, Any]]]] = {
    PERSON: ("A person of the register, with the family.", person_payload),
    CARD: ("An identity card issued (printed) and handed over.", card_payload),
    PAYMENT: ("A reimbursement paid.", payment_payload),
}
