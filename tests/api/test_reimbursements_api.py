"""`/api/v1/reimbursements/`: claims from the desk to cash, money as strings, refusals with
their reasons, roles, other offices, audited reads, query counts, and the rate tables."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from apps.onestop.models import ServiceRequest
from apps.onestop.services import service_request_open
from apps.people.models import FamilyMember, Person
from apps.reimbursements import services
from apps.reimbursements.models import (
    Claim,
    Payment,
    PaymentCounter,
    Receipt,
    ReceiptItem,
)
from apps.reimbursements.permissions import (
    APPROVER_ROLES,
    CLAIM_OFFICER_ROLES,
    PAYER_ROLES,
    READER_ROLES,
)
from apps.reimbursements.services import ItemInput, ReceiptInput
from audit.models import AuditEvent
from central.rates import ChildEducationRate
from core.thai import academic_year_of, fiscal_year_of, local_date
from tenants.models import Office
from tests.api.support import ROLES, bearer, error_codes, queries_of
from tests.conftest import central_client
from tests.reimbursements.conftest import add_child, make_claimant, user

pytestmark = pytest.mark.django_db
JSON = "application/json"
BASE = "/api/v1/reimbursements"
HOSPITAL = "โรงพยาบาลพัทลุง"
SCHOOL = "โรงเรียนบ้านควนขนุน"
# The API takes no clock of its own: receipts are dated shortly before today (the one-year
# deadline and "not in the future" are the service's), and child education is claimed for
# semester 1 of the academic year now running.
TODAY = local_date(timezone.now())
RECEIPT_DAY = TODAY - timedelta(days=10)
SCHOOL_YEAR = academic_year_of(TODAY).be_year


def _years_ago(years: int) -> date:
    return date(TODAY.year - years, 1, 15)


@pytest.fixture
def rates(db: None) -> Iterator[ChildEducationRate]:
    """A rate for government primary schools in force (public schema; rolled back)."""
    yield ChildEducationRate.objects.create(
        effective_academic_year=2550,
        school_type="government",
        level="primary",
        method="actual",
        cap_per_academic_year=Decimal("4000.00"),
        source_letter="หนังสือทดสอบ ที่ กค 0422.3/ว 1",
        is_confirmed=True,
    )


def _medical_body(claimant: Person, /, **overrides: Any) -> dict[str, Any]:
    return {
        "kind": "medical",
        "claimant": claimant.pk,
        "beneficiary": None,
        "hospital_name": HOSPITAL,
        "hospital_type": "government",
        "care_type": "outpatient",
        "receipts": [
            {
                "number": "R-001",
                "issued_on": RECEIPT_DAY.isoformat(),
                "items": [{"kind": "medicine", "amount": "1250.50"}],
            }
        ],
        **overrides,
    }


def _education_body(claimant: Person, child: FamilyMember, **overrides: Any) -> dict[str, Any]:
    return {
        "kind": "child_education",
        "claimant": claimant.pk,
        "beneficiary": child.pk,
        "academic_year": SCHOOL_YEAR,
        "semester": 1,
        "school_name": SCHOOL,
        "school_type": "government",
        "level": "primary",
        "fee_notice_received": True,
        "receipts": [
            {"number": f"S-{child.pk}", "issued_on": RECEIPT_DAY.isoformat(), "amount": "3000.00"}
        ],
        **overrides,
    }


def _claimant(office: Office) -> Person:
    with schema_context(office.schema_name):
        return make_claimant()


def _claim(office: Office, number: str = "R-001", amount: str = "1250.50") -> Claim:
    """A submitted medical claim of a new teacher, through the service."""
    with schema_context(office.schema_name):
        return services.medical_claim_create(
            claimant=make_claimant(),
            beneficiary=None,
            hospital_name=HOSPITAL,
            hospital_type="government",
            care_type="outpatient",
            receipts=[
                ReceiptInput(
                    number=number,
                    issued_on=RECEIPT_DAY,
                    items=[ItemInput(kind="medicine", amount=Decimal(amount))],
                )
            ],
            received_by=user("welfare_officer"),
        )


def _advanced(office: Office, to: str, number: str) -> Claim:
    """A claim taken through the steps up to `to` (checked, approved or paid)."""
    claim = _claim(office, number)
    with schema_context(office.schema_name):
        claim = services.claim_check(claim=claim, officer=user("welfare_officer"))
        if to in ("approved", "paid"):
            claim = services.claim_approve(claim=claim, approver=user("approver"))
        if to == "paid":
            services.claim_pay(claim=claim, payer=user("finance_officer"))
    return claim


def _state(office: Office) -> list[Any]:
    with schema_context(office.schema_name):
        return [
            list(Claim.objects.order_by("pk").values()),
            list(Receipt.objects.order_by("pk").values()),
            list(ReceiptItem.objects.order_by("pk").values()),
            list(Payment.objects.order_by("pk").values()),
            list(PaymentCounter.objects.order_by("pk").values()),
            list(ServiceRequest.objects.order_by("pk").values()),
        ]


def _post(client: Client, path: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(path, json.dumps(body or {}), content_type=JSON)


# --- receiving claims -----------------------------------------------------------------------


def test_a_medical_claim_adds_money_exactly_as_strings(office_a: Office) -> None:
    claimant = _claimant(office_a)
    items = [{"kind": "medicine", "amount": "0.10"} for _ in range(3)]
    body = _medical_body(
        claimant,
        receipts=[{"number": "R-7", "issued_on": RECEIPT_DAY.isoformat(), "items": items}],
    )
    response = _post(bearer(office_a, "welfare_officer"), f"{BASE}/claims/", body)
    assert response.status_code == 201, response.content
    claim = response.json()
    assert claim["kind"] == "medical" and claim["status"] == "submitted"
    assert claim["claimed_amount"] == claim["payable_amount"] == "0.30"
    assert claim["ticket"].startswith("B")  # the desk's medical-claim letter
    assert claim["medical"]["hospital_name"] == HOSPITAL and claim["child_education"] is None
    assert claim["entitlement"] is None and claim["payment"] is None
    assert claim["beneficiary"]["relation"] == "self"
    assert claim["beneficiary"]["member"] is None
    (receipt,) = claim["receipts"]
    assert (receipt["amount"], receipt["payable_amount"]) == ("0.30", "0.30")
    assert [item["amount"] for item in receipt["items"]] == ["0.10", "0.10", "0.10"]
    assert claim["rate"]["special_room_rate"] == "1000.00"
    with schema_context(office_a.schema_name):
        assert Claim.objects.get(pk=claim["id"]).payable_amount == Decimal("0.30")


def test_lines_never_reimbursed_pay_nothing_and_say_why(office_a: Office) -> None:
    claimant = _claimant(office_a)
    items = [
        {"kind": "medicine", "amount": "1250.50"},
        {"kind": "card_fee", "amount": "50.00", "description": "ค่าทำบัตร"},
    ]
    body = _medical_body(
        claimant,
        receipts=[{"number": "R-8", "issued_on": RECEIPT_DAY.isoformat(), "items": items}],
    )
    claim = _post(bearer(office_a, "welfare_officer"), f"{BASE}/claims/", body).json()
    assert (claim["claimed_amount"], claim["payable_amount"]) == ("1300.50", "1250.50")
    card_fee = claim["receipts"][0]["items"][1]
    assert card_fee["payable_amount"] == "0.00" and "เบิกไม่ได้" in card_fee["note"]


def test_a_child_education_claim_shows_rate_and_entitlement(office_a: Office, rates: Any) -> None:
    with schema_context(office_a.schema_name):
        claimant = make_claimant()
        child = add_child(claimant, 1, _years_ago(10))
    client = bearer(office_a, "welfare_officer")
    response = _post(client, f"{BASE}/claims/", _education_body(claimant, child))
    assert response.status_code == 201, response.content
    claim = response.json()
    assert claim["ticket"].startswith("C") and claim["medical"] is None
    assert claim["child_education"] == {
        "academic_year": SCHOOL_YEAR,
        "semester": 1,
        "school_name": SCHOOL,
        "school_type": "government",
        "level": "primary",
        "fee_notice_received": True,
    }
    assert claim["entitlement"] == {
        "entitled": "4000.00",
        "used_before": "0.00",
        "payable": "3000.00",
        "remaining": "1000.00",
    }
    assert claim["rate"]["cap"] == "4000.00" and claim["rate"]["method"] == "actual"
    assert claim["rate"]["source_letter"] == rates.source_letter
    assert claim["rate"]["confirmed"] is rates.is_confirmed
    beneficiary = claim["beneficiary"]
    assert (beneficiary["member"], beneficiary["relation"]) == (child.pk, "child")
    assert beneficiary["name"] == str(child) and beneficiary["national_id"] == child.national_id
    assert beneficiary["eligibility_note"].startswith("บุตรคนที่ 1")
    second = _education_body(
        claimant,
        child,
        semester=2,
        receipts=[{"number": "S-2", "issued_on": TODAY.isoformat(), "amount": "3000.00"}],
    )
    claim = _post(client, f"{BASE}/claims/", second).json()
    assert claim["entitlement"] == {
        "entitled": "4000.00",
        "used_before": "3000.00",
        "payable": "1000.00",
        "remaining": "0.00",
    }


def test_a_fourth_child_is_refused_with_the_reason_in_thai(office_a: Office, rates: Any) -> None:
    with schema_context(office_a.schema_name):
        claimant = make_claimant()
        kids = [add_child(claimant, n, _years_ago(18 - 2 * n)) for n in (1, 2, 3, 4)]
    client = bearer(office_a, "welfare_officer")
    before = _state(office_a)
    response = _post(client, f"{BASE}/claims/", _education_body(claimant, kids[3]))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "reimbursements.not_eligible"
    assert "บุตรคนที่ 4 ไม่มีสิทธิ" in body["message"]
    assert error_codes(body, "beneficiary") == ["reimbursements.not_eligible"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _post(client, f"{BASE}/claims/", _education_body(claimant, kids[3])).json()
    assert "Child 4 is not covered" in english["message"]
    medical = _post(client, f"{BASE}/claims/", _medical_body(claimant, beneficiary=kids[3].pk))
    assert medical.json()["code"] == "reimbursements.not_eligible"
    assert _state(office_a) == before


def test_a_receipt_already_claimed_is_refused(office_a: Office) -> None:
    client = bearer(office_a, "welfare_officer")
    first = _post(client, f"{BASE}/claims/", _medical_body(_claimant(office_a)))
    assert first.status_code == 201
    before = _state(office_a)
    # Another teacher, the same hospital's receipt (number and date; spaces do not matter).
    again = _medical_body(_claimant(office_a), hospital_name=f" {HOSPITAL} ")
    response = _post(client, f"{BASE}/claims/", again)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "reimbursements.duplicate_receipt"
    assert error_codes(body, "receipts") == ["reimbursements.duplicate_receipt"]
    assert f"คำขอเลขที่ {first.json()['id']}" in body["message"]
    assert _state(office_a) == before


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        (1250.5, "money_not_string"),  # a float never carries money
        (0.1, "money_not_string"),
        (100, "money_not_string"),  # nor a number at all: one rule for every amount
        (True, "money_not_string"),
        ("12.345", "money_invalid"),  # never rounded silently
        ("1,250.50", "money_invalid"),
        ("abc", "money_invalid"),
        ("NaN", "money_invalid"),
        ("Infinity", "money_invalid"),
        ("1e3", "money_invalid"),
        ("0.00", "min_value"),
        ("-5.00", "money_invalid"),
        ("1000000000000.00", "money_invalid"),
    ],
)
def test_money_that_is_not_a_two_decimal_string_is_refused(
    office_a: Office, amount: Any, code: str
) -> None:
    claimant = _claimant(office_a)
    items = [{"kind": "medicine", "amount": amount}]
    body = _medical_body(
        claimant, receipts=[{"number": "F-1", "issued_on": RECEIPT_DAY.isoformat(), "items": items}]
    )
    before = _state(office_a)
    response = _post(bearer(office_a, "welfare_officer"), f"{BASE}/claims/", body)
    assert response.status_code == 400
    errors = response.json()["fields"]["receipts.0.items.0.amount"]
    assert [error["code"] for error in errors] == [code]
    assert _state(office_a) == before


def test_a_school_fee_sent_as_a_float_is_refused(office_a: Office, rates: Any) -> None:
    with schema_context(office_a.schema_name):
        claimant = make_claimant()
        child = add_child(claimant, 1, _years_ago(10))
    receipts = [{"number": "S-1", "issued_on": RECEIPT_DAY.isoformat(), "amount": 3000.0}]
    response = _post(
        bearer(office_a, "welfare_officer"),
        f"{BASE}/claims/",
        _education_body(claimant, child, receipts=receipts),
    )
    assert response.status_code == 400
    assert [e["code"] for e in response.json()["fields"]["receipts.0.amount"]] == [
        "money_not_string"
    ]


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"kind": "dental"}, "kind", "invalid_choice"),
        ({"kind": None}, "kind", "null"),
        ({"claimant": 999999}, "claimant", "does_not_exist"),
        ({"hospital_type": "clinic"}, "hospital_type", "invalid_choice"),
        ({"receipts": []}, "receipts", "empty"),
        ({"care_type": "inpatient"}, "admitted_on", "reimbursements.admission_required"),
        ({"service_request": 999999}, "service_request", "does_not_exist"),
    ],
)
def test_bad_medical_claims_get_coded_errors_and_nothing_is_written(
    office_a: Office, changes: dict[str, Any], field: str, code: str
) -> None:
    body = _medical_body(_claimant(office_a), **changes)
    before = _state(office_a)
    response = _post(bearer(office_a, "welfare_officer"), f"{BASE}/claims/", body)
    assert response.status_code == 400, response.content
    assert f"'code': '{code}'" in str(response.json()["fields"][field])
    assert _state(office_a) == before


def test_a_claim_at_a_desk_ticket_uses_that_ticket_of_its_service_once(office_a: Office) -> None:
    claimant = _claimant(office_a)
    with schema_context(office_a.schema_name):
        ticket = service_request_open(service_type_code="medical_claim", person=claimant)
        other = service_request_open(service_type_code="id_card", person=claimant)
    client = bearer(office_a, "welfare_officer")
    wrong = _post(client, f"{BASE}/claims/", _medical_body(claimant, service_request=other.pk))
    assert error_codes(wrong.json(), "service_request") == ["does_not_exist"]
    body = _medical_body(claimant, service_request=ticket.pk)
    created = _post(client, f"{BASE}/claims/", body)
    assert created.status_code == 201
    assert created.json()["service_request"] == ticket.pk
    body["receipts"][0]["number"] = "R-002"
    again = _post(client, f"{BASE}/claims/", body)
    assert error_codes(again.json(), "service_request") == ["does_not_exist"]


# --- steps and payment ----------------------------------------------------------------------


def test_from_receipt_to_cash_paying_twice_pays_once(office_a: Office) -> None:
    officer = bearer(office_a, "welfare_officer")
    created = _post(officer, f"{BASE}/claims/", _medical_body(_claimant(office_a)))
    claim_id = created.json()["id"]
    path = f"{BASE}/claims/{claim_id}"
    assert _post(officer, f"{path}/check/").json()["status"] == "checked"
    assert _post(officer, f"{path}/approve/").json()["status"] == "approved"
    finance = bearer(office_a, "finance_officer")
    first = _post(finance, f"{path}/pay/")
    assert first.status_code == 201, first.content
    payment = first.json()
    assert payment["amount"] == "1250.50"
    assert payment["amount_text"] == "หนึ่งพันสองร้อยห้าสิบบาทห้าสิบสตางค์"
    assert payment["number"] == f"0001/{fiscal_year_of(TODAY).be_year}"
    assert payment["claim"] == claim_id and payment["kind"] == "medical"
    second = _post(finance, f"{path}/pay/")
    assert second.status_code == 200
    assert second.json() == payment
    with schema_context(office_a.schema_name):
        assert Payment.objects.filter(claim_id=claim_id).count() == 1
        assert PaymentCounter.objects.get().last_number == 1
        assert ServiceRequest.objects.get(claim__pk=claim_id).status == "completed"
    detail = finance.get(f"{path}/").json()
    assert detail["status"] == "paid" and detail["payment"]["number"] == payment["number"]
    assert finance.get(f"{BASE}/payments/{payment['id']}/").json() == payment
    listed = finance.get(f"{BASE}/payments/?kind=medical").json()["results"]
    assert listed == [payment]


def test_a_returned_claim_releases_its_receipts(office_a: Office) -> None:
    claim = _claim(office_a)
    client = bearer(office_a, "welfare_officer")
    path = f"{BASE}/claims/{claim.pk}/return/"
    before = _state(office_a)
    blank = _post(client, path, {"reason": ""})
    assert error_codes(blank.json(), "reason") == ["blank"]
    assert _state(office_a) == before
    returned = _post(client, path, {"reason": "ใบเสร็จไม่ใช่ต้นฉบับ"}).json()
    assert returned["status"] == "returned" and returned["return_reason"] == "ใบเสร็จไม่ใช่ต้นฉบับ"
    assert [receipt["is_claimed"] for receipt in returned["receipts"]] == [False]
    refused = _post(client, f"{BASE}/claims/{claim.pk}/check/")
    assert refused.status_code == 400
    assert refused.json()["code"] == "reimbursements.invalid_transition"


def test_above_the_threshold_only_the_director_approves(office_a: Office) -> None:
    claim = _claim(office_a, amount="15000.00")
    with schema_context(office_a.schema_name):
        services.claim_check(claim=claim, officer=user("welfare_officer"))
    path = f"{BASE}/claims/{claim.pk}/approve/"
    before = _state(office_a)
    refused = _post(bearer(office_a, "welfare_officer"), path)
    assert refused.status_code == 400
    assert refused.json()["code"] == "reimbursements.director_required"
    assert _state(office_a) == before
    assert _post(bearer(office_a, "approver"), path).json()["status"] == "approved"


def test_paying_an_unapproved_claim_is_refused(office_a: Office) -> None:
    claim = _claim(office_a)
    before = _state(office_a)
    response = _post(bearer(office_a, "finance_officer"), f"{BASE}/claims/{claim.pk}/pay/")
    assert response.status_code == 400
    assert response.json()["code"] == "reimbursements.invalid_transition"
    assert _state(office_a) == before


# --- roles ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_claims_only_if_it_handles_them(
    office_a: Office, role: str, rates: Any
) -> None:
    claim = _advanced(office_a, "paid", "R-READ")
    with schema_context(office_a.schema_name):
        payment = Payment.objects.get(claim=claim)
    client = bearer(office_a, role)
    expected = 200 if role in READER_ROLES else 403
    for path in (
        f"{BASE}/claims/",
        f"{BASE}/claims/{claim.pk}/",
        f"{BASE}/payments/",
        f"{BASE}/payments/{payment.pk}/",
        f"{BASE}/eligibility/{claim.claimant_id}/?kind=medical",
    ):
        response = client.get(path)
        assert response.status_code == expected, (path, response.content)
    for path in (f"{BASE}/rates/child-education/", f"{BASE}/rates/medical-limits/"):
        assert client.get(path).status_code == 200, path  # national and public: every role


@pytest.mark.parametrize("role", ROLES)
def test_every_role_against_every_write_and_nothing_changes_when_refused(
    office_a: Office, role: str
) -> None:
    submitted = _claim(office_a, "R-S")
    to_return = _claim(office_a, "R-T")
    checked = _advanced(office_a, "checked", "R-C")
    approved = _advanced(office_a, "approved", "R-A")
    claimant = _claimant(office_a)
    client = bearer(office_a, role)
    claims = f"{BASE}/claims"
    calls = [
        (
            f"{claims}/",
            _medical_body(claimant, receipts=_receipts("R-NEW")),
            201,
            CLAIM_OFFICER_ROLES,
        ),
        (f"{claims}/{submitted.pk}/check/", {}, 200, CLAIM_OFFICER_ROLES),
        (f"{claims}/{checked.pk}/approve/", {}, 200, APPROVER_ROLES),
        (f"{claims}/{to_return.pk}/return/", {"reason": "ไม่ครบ"}, 200, APPROVER_ROLES),
        (f"{claims}/{approved.pk}/pay/", {}, 201, PAYER_ROLES),
    ]
    for path, body, allowed_status, roles in calls:
        before = _state(office_a)
        response = _post(client, path, body)
        expected = allowed_status if role in roles else 403
        assert response.status_code == expected, (path, response.content)
        if expected == 403:
            assert response.json()["code"] == "permission_denied"
            assert _state(office_a) == before, path


def _receipts(number: str) -> list[dict[str, Any]]:
    return [
        {
            "number": number,
            "issued_on": RECEIPT_DAY.isoformat(),
            "items": [{"kind": "medicine", "amount": "100.00"}],
        }
    ]


# --- other offices, audit ----------------------------------------------------------------------


def test_a_claim_of_another_office_is_not_found_and_untouched(
    office_a: Office, office_b: Office
) -> None:
    theirs = _advanced(office_a, "approved", "R-X")
    with schema_context(office_a.schema_name):
        payment_claim = _advanced(office_a, "paid", "R-Y")
        payment = Payment.objects.get(claim=payment_claim)
    with schema_context(office_b.schema_name):
        assert not Claim.objects.filter(pk__in=[theirs.pk, payment_claim.pk]).exists()
        assert not Payment.objects.filter(pk=payment.pk).exists()
    before = _state(office_a)
    path = f"{BASE}/claims/{theirs.pk}"
    steps = {
        "check": CLAIM_OFFICER_ROLES,
        "approve": APPROVER_ROLES,
        "return": APPROVER_ROLES,
        "pay": PAYER_ROLES,
    }
    for role in ("office_admin", "welfare_officer", "approver", "finance_officer"):
        client = bearer(office_b, role)
        assert client.get(f"{path}/").json()["code"] == "api.not_found"
        assert client.get(f"{BASE}/payments/{payment.pk}/").status_code == 404
        assert client.get(f"{BASE}/claims/").json()["results"] == []
        for step, roles in steps.items():
            response = _post(client, f"{path}/{step}/", {"reason": "x"})
            assert response.status_code == (404 if role in roles else 403), (role, step)
    assert _state(office_a) == before


def test_a_token_of_one_office_is_refused_on_another(office_a: Office, office_b: Office) -> None:
    claim = _advanced(office_a, "approved", "R-Z")
    client = bearer(office_a, "viewer")
    client.defaults["HTTP_AUTHORIZATION"] = bearer(office_b, "office_admin").defaults[
        "HTTP_AUTHORIZATION"
    ]
    before = _state(office_a)
    assert client.get(f"{BASE}/claims/").status_code == 401
    assert client.get(f"{BASE}/claims/{claim.pk}/").status_code == 401
    for step in ("check", "approve", "return", "pay"):
        assert _post(client, f"{BASE}/claims/{claim.pk}/{step}/").status_code == 401
    assert _state(office_a) == before


def test_reading_a_claim_is_audited_and_its_steps_are_not_read_twice(office_a: Office) -> None:
    claim = _claim(office_a)

    def viewed() -> int:
        with schema_context(office_a.schema_name):
            return AuditEvent.objects.filter(
                action="reimbursements.viewed", target_id=str(claim.pk)
            ).count()

    client = bearer(office_a, "approver")
    client.get(f"{BASE}/claims/")
    assert viewed() == 0  # a list is not a reading of one claim
    client.get(f"{BASE}/claims/{claim.pk}/")
    assert viewed() == 1
    with schema_context(office_a.schema_name):
        event = AuditEvent.objects.get(action="reimbursements.viewed", target_id=str(claim.pk))
        assert event.actor is not None and event.actor.username == "approver"
    _post(bearer(office_a, "welfare_officer"), f"{BASE}/claims/{claim.pk}/check/")
    assert viewed() == 1  # the step is audited as a step


# --- lists ------------------------------------------------------------------------------------


def test_the_claim_list_filters_by_kind_status_fiscal_year_and_claimant(
    office_a: Office, rates: Any
) -> None:
    medical = _claim(office_a, "R-L1")
    checked = _advanced(office_a, "checked", "R-L2")
    with schema_context(office_a.schema_name):
        parent = make_claimant()
        child = add_child(parent, 1, _years_ago(10))
    client = bearer(office_a, "finance_officer")
    education = _post(
        bearer(office_a, "welfare_officer"), f"{BASE}/claims/", _education_body(parent, child)
    ).json()
    year = fiscal_year_of(TODAY).be_year

    def ids(query: str) -> list[int]:
        response = client.get(f"{BASE}/claims/?{query}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids("") == [education["id"], checked.pk, medical.pk]  # newest first
    assert ids("kind=child_education") == [education["id"]]
    assert ids("status=checked") == [checked.pk]
    assert ids(f"fiscal_year={year}") == [education["id"], checked.pk, medical.pk]
    assert ids(f"fiscal_year={year + 1}") == []
    assert ids(f"claimant={parent.pk}") == [education["id"]]
    assert error_codes(client.get(f"{BASE}/claims/?status=lost").json(), "status") == [
        "invalid_choice"
    ]
    refused = client.get(f"{BASE}/claims/?fiscal_year={TODAY.year}")
    assert error_codes(refused.json(), "fiscal_year") == ["api.not_buddhist_era"]


def test_the_list_endpoints_run_a_fixed_number_of_queries(office_a: Office) -> None:
    client = bearer(office_a, "finance_officer")
    _advanced(office_a, "paid", "Q-0")
    _claim(office_a, "Q-00")
    claims = lambda: client.get(f"{BASE}/claims/")  # noqa: E731
    payments = lambda: client.get(f"{BASE}/payments/")  # noqa: E731
    claims()
    payments()
    few_claims, few_payments = queries_of(claims), queries_of(payments)
    for n in range(1, 5):
        _advanced(office_a, "paid", f"Q-{n}")
        _claim(office_a, f"Q-{n}{n}")
    assert len(claims().json()["results"]) == 10
    assert len(payments().json()["results"]) == 5
    assert queries_of(claims) == few_claims <= 6
    assert queries_of(payments) == few_payments <= 6


def test_a_claim_reads_in_a_fixed_number_of_queries_however_many_receipts(
    office_a: Office,
) -> None:
    client = bearer(office_a, "approver")
    officer = bearer(office_a, "welfare_officer")
    one = _post(officer, f"{BASE}/claims/", _medical_body(_claimant(office_a))).json()
    lines = [{"kind": "medicine", "amount": "10.00"}, {"kind": "treatment", "amount": "20.00"}]
    receipts = [
        {"number": f"M-{n}", "issued_on": RECEIPT_DAY.isoformat(), "items": lines} for n in range(4)
    ]
    many = _post(
        officer, f"{BASE}/claims/", _medical_body(_claimant(office_a), receipts=receipts)
    ).json()
    assert many["claimed_amount"] == "120.00"
    client.get(f"{BASE}/claims/{one['id']}/")  # the token's first use is recorded once
    single = queries_of(lambda: client.get(f"{BASE}/claims/{one['id']}/"))
    assert queries_of(lambda: client.get(f"{BASE}/claims/{many['id']}/")) == single <= 10


# --- eligibility ------------------------------------------------------------------------------


def test_eligibility_explains_each_family_member(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        claimant = make_claimant()
        kids = [add_child(claimant, n, _years_ago(18 - 2 * n)) for n in (1, 2, 3, 4)]
    client = bearer(office_a, "welfare_officer")
    path = f"{BASE}/eligibility/{claimant.pk}/"
    query = f"?kind=child_education&academic_year={SCHOOL_YEAR}&semester=1"
    response = client.get(path + query)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["person"]["id"] == claimant.pk
    assert (body["academic_year"], body["semester"], body["on"]) == (SCHOOL_YEAR, 1, None)
    verdicts = {verdict["member"]: verdict for verdict in body["verdicts"]}
    assert verdicts[None]["eligible"] and verdicts[None]["relation"] == "self"
    assert [verdicts[kid.pk]["eligible"] for kid in kids] == [True, True, True, False]
    assert [verdicts[kid.pk]["place"] for kid in kids] == [1, 2, 3, 4]
    assert "บุตรคนที่ 4 ไม่มีสิทธิ" in verdicts[kids[3].pk]["reason"]
    assert verdicts[kids[3].pk]["name"] == str(kids[3])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(path + query).json()["verdicts"]
    assert "Child 4 is not covered" in english[-1]["reason"]
    medical = client.get(path + f"?kind=medical&on={RECEIPT_DAY.isoformat()}").json()
    assert medical["on"] == RECEIPT_DAY.isoformat() and medical["academic_year"] is None
    with schema_context(office_a.schema_name):
        assert (
            AuditEvent.objects.filter(action="person.viewed", target_id=str(claimant.pk)).count()
            == 3
        )


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ("", "kind", "required"),
        ("?kind=child_education&semester=1", "academic_year", "required"),
        ("?kind=child_education&academic_year=2557", "semester", "required"),
        ("?kind=child_education&academic_year=2014&semester=1", "academic_year", None),
        ("?kind=medical&on=20-05-2557", "on", "invalid"),
    ],
)
def test_eligibility_questions_that_do_not_parse_are_refused_unread(
    office_a: Office, query: str, field: str, code: str | None
) -> None:
    claimant = _claimant(office_a)
    response = bearer(office_a, "welfare_officer").get(f"{BASE}/eligibility/{claimant.pk}/{query}")
    assert response.status_code == 400
    assert error_codes(response.json(), field) == [code or "api.not_buddhist_era"]
    with schema_context(office_a.schema_name):
        assert not AuditEvent.objects.filter(action="person.viewed").exists()


def test_eligibility_of_someone_not_in_the_register_is_not_found(office_a: Office) -> None:
    response = bearer(office_a, "welfare_officer").get(f"{BASE}/eligibility/999999/?kind=medical")
    assert response.status_code == 404 and response.json()["code"] == "api.not_found"


# --- rate tables ------------------------------------------------------------------------------


def test_the_rate_tables_say_where_each_rate_comes_from(office_a: Office, rates: Any) -> None:
    client = bearer(office_a, "viewer")
    rows = client.get(f"{BASE}/rates/child-education/").json()
    ours = next(row for row in rows if row["id"] == rates.pk)
    assert ours == {
        "id": rates.pk,
        "effective_academic_year": 2550,
        "last_academic_year": None,
        "school_type": "government",
        "level": "primary",
        "method": "actual",
        "share_percent": "100.00",
        "cap_per_academic_year": "4000.00",
        "source_letter": rates.source_letter,
        "source_date": None,
        "confirmed": True,
        "note": "",
    }
    in_force = client.get(f"{BASE}/rates/child-education/?academic_year=2558&level=primary")
    assert [row["id"] for row in in_force.json()] == [rates.pk]
    kindergarten = client.get(
        f"{BASE}/rates/child-education/?academic_year=2560&level=kindergarten&school_type=government"
    )
    (seeded,) = kindergarten.json()
    assert seeded["cap_per_academic_year"] == "5800.00"
    refused = client.get(f"{BASE}/rates/child-education/?academic_year=2014")
    assert error_codes(refused.json(), "academic_year") == ["api.not_buddhist_era"]
    (limits,) = client.get(f"{BASE}/rates/medical-limits/?on=2014-05-20").json()
    assert limits["effective_from"] == "2010-01-01"
    assert limits["special_room_rate_per_day"] == "1000.00"
    assert limits["claim_deadline_days"] == 365
    assert "card_fee" in {item["code"] for item in limits["non_reimbursable_items"]}
    assert client.get(f"{BASE}/rates/medical-limits/?on=1999-01-01").json() == []


@pytest.mark.parametrize("username", ["analyst", "operator"])
def test_the_central_site_serves_the_rate_tables_to_its_staff(
    office_a: Office, username: str
) -> None:
    client = central_client(username)
    for path in (f"{BASE}/rates/child-education/", f"{BASE}/rates/medical-limits/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.json()
    assert client.get(f"{BASE}/claims/").status_code == 404  # claims live in the offices
    assert central_client().get(f"{BASE}/rates/medical-limits/").status_code in {401, 403}


# --- schema -----------------------------------------------------------------------------------

CLAIM_PATHS = {
    "/api/v1/reimbursements/claims/",
    "/api/v1/reimbursements/claims/{claim_id}/",
    "/api/v1/reimbursements/claims/{claim_id}/check/",
    "/api/v1/reimbursements/claims/{claim_id}/approve/",
    "/api/v1/reimbursements/claims/{claim_id}/return/",
    "/api/v1/reimbursements/claims/{claim_id}/pay/",
    "/api/v1/reimbursements/payments/",
    "/api/v1/reimbursements/payments/{payment_id}/",
    "/api/v1/reimbursements/eligibility/{person_id}/",
    "/api/v1/reimbursements/rates/child-education/",
    "/api/v1/reimbursements/rates/medical-limits/",
}


def test_the_schema_describes_claims_honestly(office_a: Office) -> None:
    response = bearer(office_a, "viewer").get(
        "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    schema = json.loads(response.content)
    assert set(schema["paths"]) >= CLAIM_PATHS
    for path in CLAIM_PATHS:
        for method, operation in schema["paths"][path].items():
            assert operation["operationId"].startswith("reimbursements_"), path
            assert "#/components/schemas/Error" in json.dumps(operation["responses"]["403"])
            assert any(code.startswith("2") for code in operation["responses"]), (path, method)
    create = schema["paths"]["/api/v1/reimbursements/claims/"]["post"]
    body = create["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/ClaimInput"}
    assert len(body["examples"]) == 3
    assert create["responses"]["400"]["content"]["application/json"]["examples"]
    components = schema["components"]["schemas"]
    assert components["ClaimInput"]["discriminator"]["mapping"] == {
        "medical": "#/components/schemas/MedicalClaimInput",
        "child_education": "#/components/schemas/ChildEducationClaimInput",
    }
    for component, field in [
        ("ClaimDetail", "payable_amount"),
        ("Payment", "amount"),
        ("SchoolReceiptInput", "amount"),
        ("MedicalItemInput", "amount"),
        ("ChildEducationRate", "cap_per_academic_year"),
    ]:
        money = components[component]["properties"][field]
        assert (money["type"], money["format"]) == ("string", "decimal"), component
    pay = schema["paths"]["/api/v1/reimbursements/claims/{claim_id}/pay/"]["post"]
    assert {"200", "201"} <= set(pay["responses"]) and "Idempotent" in pay["description"]


def test_the_central_schema_lists_the_rate_tables_and_no_claims() -> None:
    response = central_client("analyst").get(
        "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    paths = set(json.loads(response.content)["paths"])
    assert {p for p in CLAIM_PATHS if "/rates/" in p} <= paths
    assert not {p for p in CLAIM_PATHS if "/rates/" not in p} & paths
