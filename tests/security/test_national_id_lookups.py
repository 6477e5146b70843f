"""A national ID typed to find a person is checked first: a wrong check digit is told as a
typing mistake, never as "not in the register" (the desk, the ID-card form, a claim)."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from apps.idcards.models import CardApplication
from apps.onestop.models import ServiceRequest, ServiceType
from tenants.models import Office
from tests.conftest import office_client
from tests.onestop.conftest import make_person

pytestmark = pytest.mark.django_db

CHECK_DIGIT = "เลขหลักสุดท้ายไม่ตรงกับเลขตรวจสอบ"
NOT_FOUND = ("ไม่พบผู้มีเลขประจำตัวประชาชน", "ไม่พบบุคคล")


def _mistyped(office: Office) -> str:
    """A registered person's ID with its last digit changed: the likeliest typing mistake."""
    with schema_context(office.schema_name):
        national_id = make_person().national_id
    return national_id[:12] + str((int(national_id[12]) + 1) % 10)


def _says_check_digit(body: str) -> None:
    assert CHECK_DIGIT in body
    assert not any(text in body for text in NOT_FOUND)


def test_the_desk_says_the_check_digit_is_wrong(office_a: Office) -> None:
    typed = _mistyped(office_a)
    with schema_context(office_a.schema_name):
        id_card = ServiceType.objects.get(code="id_card")
        tickets = ServiceRequest.objects.count()
    response = office_client(office_a, "welfare_officer").post(
        "/desk/tickets/", {"service_type": id_card.pk, "national_id": typed}, follow=True
    )
    _says_check_digit(response.content.decode())
    with schema_context(office_a.schema_name):
        assert ServiceRequest.objects.count() == tickets


def test_the_id_card_form_says_the_check_digit_is_wrong(office_a: Office) -> None:
    typed = _mistyped(office_a)
    body = (
        office_client(office_a, "welfare_officer")
        .post("/idcards/new/", {"national_id": typed, "reason": "first"})
        .content.decode()
    )
    _says_check_digit(body)
    with schema_context(office_a.schema_name):
        assert not CardApplication.objects.exists()


def test_the_claim_form_says_the_check_digit_is_wrong(office_a: Office) -> None:
    typed = _mistyped(office_a)
    client = office_client(office_a, "welfare_officer")
    for kind in ("medical", "child-education"):
        body = client.get(f"/claims/{kind}/new/?national_id={typed}").content.decode()
        _says_check_digit(body)


def test_a_valid_id_typed_with_dashes_and_thai_digits_finds_the_person(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        person = make_person()
    digits = person.national_id
    typed = f"{digits[0]}-{digits[1:5]}-{digits[5:10]}-{digits[10:12]}-{digits[12]}"
    typed = typed.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    response = office_client(office_a, "welfare_officer").get(
        f"/claims/medical/new/?national_id={typed}"
    )
    assert response.status_code == 302 and f"person={person.pk}" in response["Location"]
