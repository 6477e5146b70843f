"""Issue 13 point 13: each role's home lists what waits for it, with counts, built from the
modules' worklists; after a step the message names the next step and who takes it; the desk's
hand-over list names colleagues."""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import schema_context

from apps.reimbursements import services as claims
from core.modules import WorkItem, module_get, worklist
from tenants.models import Office
from tests.conftest import office_client
from tests.idcards.factories import CardApplicationFactory
from tests.onestop.conftest import user
from tests.reimbursements.conftest import make_medical_claim

pytestmark = pytest.mark.django_db


def _waiting(body: str) -> dict[str, int]:
    """The home page's "waiting for you": label → count."""
    found = re.findall(r'<span class="worklist__count">(\d+)</span> ([^<]+)</a>', body)
    return {label.strip(): int(count) for count, label in found}


@pytest.fixture
def work(office_a: Office) -> Office:
    with schema_context(office_a.schema_name):
        CardApplicationFactory(step="checked")
        CardApplicationFactory(step="issued")
        CardApplicationFactory(step="issued")
        claim = make_medical_claim()
        claim = claims.claim_check(claim=claim, officer=user("welfare_officer"))
        claims.claim_approve(claim=claim, approver=user("approver"))
        make_medical_claim("R-002")
    return office_a


def test_each_role_sees_what_waits_for_it_with_counts(work: Office) -> None:
    approver = _waiting(office_client(work, "approver").get("/").content.decode())
    assert approver["บัตรที่รออนุมัติ"] == 1
    assert approver["คำขอเบิกที่รออนุมัติ"] == 0
    assert "คำขอเบิกที่รอจ่ายเงิน" not in approver

    finance = _waiting(office_client(work, "finance_officer").get("/").content.decode())
    assert finance["คำขอเบิกที่รอจ่ายเงิน"] == 1
    assert "บัตรที่รออนุมัติ" not in finance

    officer = _waiting(office_client(work, "welfare_officer").get("/").content.decode())
    assert officer["บัตรที่รอส่งมอบ"] == 2
    assert officer["คำขอเบิกที่รอตรวจ"] == 1
    assert "บัตรคิวที่รอเรียก" in officer

    assert _waiting(office_client(work, "viewer").get("/").content.decode()) == {}


def test_worklist_items_link_to_where_the_step_is_taken(work: Office) -> None:
    with schema_context(work.schema_name):
        items = worklist(user("finance_officer"))
    assert all(isinstance(item, WorkItem) for item in items)
    to_pay = next(item for item in items if str(item.label) == "คำขอเบิกที่รอจ่ายเงิน")
    assert to_pay.url == "/claims/?status=approved"
    assert office_client(work, "finance_officer").get(to_pay.url).status_code == 200


def test_every_service_module_declares_a_worklist() -> None:
    for code in ("onestop", "idcards", "reimbursements"):
        module = module_get(code)
        assert module is not None and module.worklist


def test_after_approval_the_officer_is_told_the_claim_waits_for_finance(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        claim = claims.claim_check(claim=make_medical_claim(), officer=user("welfare_officer"))
    response = office_client(office_a, "approver").post(f"/claims/{claim.pk}/approve/", follow=True)
    assert "รอเจ้าหน้าที่การเงินจ่ายเงิน" in response.content.decode()


def test_after_a_card_step_the_message_names_the_next_step(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        application = CardApplicationFactory(step="approved")
    response = office_client(office_a, "welfare_officer").post(
        f"/idcards/{application.pk}/print/", follow=True
    )
    assert "รอส่งมอบบัตรให้ผู้ยื่นคำขอ" in response.content.decode()


def test_the_desk_hand_over_list_names_colleagues(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        colleague = user("finance_officer")
        colleague.first_name, colleague.last_name, colleague.position = "มานี", "มีเงิน", "นักบัญชี"
        colleague.save()
        from apps.onestop.services import service_request_start
        from tests.onestop.factories import ServiceRequestFactory

        service_request_start(
            service_request=ServiceRequestFactory(), officer=user("welfare_officer")
        )
    body = office_client(office_a, "welfare_officer").get("/desk/").content.decode()
    assert ">มานี มีเงิน (นักบัญชี)</option>" in body
    assert "---------" not in body
    assert "เลือกเจ้าหน้าที่" in body


def test_disabled_of_an_account_is_not_a_disability() -> None:
    from django.utils import translation

    with translation.override("th"):
        assert translation.gettext("Disabled") == "ปิดใช้งาน"
        assert translation.pgettext("person", "Disabled") == "พิการ"
