"""The payroll pages: who may open them, what they show, that each view of someone's pay is
audited, entry with the month before prefilled, the check, the rule and the import."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from accounts.roles import OfficeRole
from apps.payroll.models import NetPayRule, Payslip
from audit.models import AuditEvent
from tenants.models import Office
from tests.conftest import office_client
from tests.payroll.factories import AUG_2557, make_instruction, make_payslip
from tests.payroll.test_import import csv_file, row
from tests.people.factories import make_person

pytestmark = pytest.mark.django_db

ROLES = [role.value for role in OfficeRole]
PAY_ROLES = {"finance_officer", "welfare_officer"}


@pytest.fixture
def pay(office_a: Office) -> dict[str, Any]:
    with schema_context(office_a.schema_name):
        person = make_person(monthly_salary=None)
        make_payslip(person, month=AUG_2557, salary="30000", tax="500", cooperative="14000")
        instruction = make_instruction(person)
        return {
            "person": person.pk,
            "national_id": person.national_id,
            "instruction": instruction.pk,
        }


def _pages(pay: dict[str, Any]) -> list[str]:
    p = pay["person"]
    return [
        f"/payroll/people/{p}/",
        f"/payroll/people/{p}/payslip/?month=2557-09",
        f"/payroll/people/{p}/instructions/new/",
        f"/payroll/people/{p}/instructions/{pay['instruction']}/end/",
        "/payroll/import/",
        "/payroll/import/template.xlsx",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_only_finance_and_welfare_officers_open_pay_pages(
    office_a: Office, pay: dict[str, Any], role: str
) -> None:
    client = office_client(office_a, role)
    for page in _pages(pay):
        status = client.get(page).status_code
        assert status == (200 if role in PAY_ROLES else 403), (role, page)
    home = client.get("/payroll/").status_code
    assert home == (200 if role in PAY_ROLES | {"office_admin"} else 403)
    rules = client.get("/payroll/rules/").status_code
    assert rules == (200 if role in {"office_admin", "finance_officer"} else 403)
    with schema_context(office_a.schema_name):
        seen = AuditEvent.objects.filter(action__startswith="payroll.", action__endswith="viewed")
        assert seen.exists() == (role in PAY_ROLES)


def test_the_person_page_shows_the_months_and_records_who_looked(
    office_a: Office, pay: dict[str, Any]
) -> None:
    client = office_client(office_a, "finance_officer")
    body = client.get(f"/payroll/people/{pay['person']}/").content.decode()
    assert "สิงหาคม 2557" in body and "15,500.00" in body  # net pay of Aug 2557
    assert "GSB-001" in body
    with schema_context(office_a.schema_name):
        event = AuditEvent.objects.get(action="payroll.pay_history_viewed")
        assert event.actor_label == "finance_officer"
        assert event.target_id == str(pay["person"])


def test_a_new_month_opens_prefilled_and_saves(office_a: Office, pay: dict[str, Any]) -> None:
    client = office_client(office_a, "welfare_officer")
    page = client.get(f"/payroll/people/{pay['person']}/payslip/?month=2557-09").content.decode()
    assert "สิงหาคม 2557" in page  # copied from
    assert 'value="30000.00"' in page and 'value="14000.00"' in page
    assert 'value="GSB-001"' not in page  # the loan starts in Oct 2557
    response = client.post(
        f"/payroll/people/{pay['person']}/payslip/?month=2557-09",
        {
            "month": "09/2557",
            "salary": "30,500",
            "tax": "520",
            "cooperative": "14000",
            "bank_1_creditor": "ธนาคารกรุงไทย",
            "bank_1_reference": "K-1",
            "bank_1_amount": "2000",
        },
    )
    assert response.status_code == 302
    with schema_context(office_a.schema_name):
        payslip = Payslip.objects.get(person_id=pay["person"], month=date(2014, 9, 1))
        assert sorted(payslip.lines.values_list("amount", flat=True)) == [
            Decimal("520.00"),
            Decimal("2000.00"),
            Decimal("14000.00"),
            Decimal("30500.00"),
        ]


def test_a_refused_entry_shows_thai_and_writes_nothing(
    office_a: Office, pay: dict[str, Any]
) -> None:
    client = office_client(office_a, "finance_officer")
    response = client.post(
        f"/payroll/people/{pay['person']}/payslip/",
        {"month": "09/2557", "salary": "", "tax": "500", "bank_1_amount": "100"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "รายรับ" in body and "กรุณาระบุธนาคาร" in body
    with schema_context(office_a.schema_name):
        assert Payslip.objects.count() == 1


def test_the_check_shows_the_headroom_and_the_outcome(
    office_a: Office, pay: dict[str, Any]
) -> None:
    client = office_client(office_a, "welfare_officer")
    url = f"/payroll/people/{pay['person']}/"
    passing = client.get(url, {"month": "08/2557", "new_instalment": "3000"}).content.decode()
    # 30,000 − 14,500 − 3,000 (GSB-001 from Oct 2557) = 12,500; floor 9,000 → headroom 3,500
    assert "ผ่านเกณฑ์" in passing and "3,500.00" in passing
    failing = client.get(url, {"month": "08/2557", "new_instalment": "3600"}).content.decode()
    assert "ต่ำกว่าเกณฑ์ (เตือน)" in failing
    missing = client.get(url, {"month": "07/2557", "new_instalment": "1"}).content.decode()
    assert "ไม่มีข้อมูลเงินเดือนเดือนกรกฎาคม 2557" in missing
    with schema_context(office_a.schema_name):
        assert AuditEvent.objects.filter(action="payroll.net_pay_checked").count() == 2


def test_the_office_adds_a_rule_version(office_a: Office) -> None:
    client = office_client(office_a, "office_admin")
    response = client.post(
        "/payroll/rules/",
        {
            "valid_from": "01/11/2562",
            "floor_percent": "30",
            "base": "income",
            "mode": "block",
            "source": "หนังสือ สพป. ที่ ศธ 04xxx/ว 1234",
        },
    )
    assert response.status_code == 302
    with schema_context(office_a.schema_name):
        assert NetPayRule.objects.filter(valid_from=date(2019, 11, 1), mode="block").exists()
    page = client.get("/payroll/rules/").content.decode()
    assert "อร.92/2567" in page


def test_upload_check_confirm(office_a: Office, pay: dict[str, Any]) -> None:
    client = office_client(office_a, "finance_officer")
    content = csv_file(
        [
            row(
                pay["national_id"], salary="30000", tax="500", cooperative="14000", month="08/2557"
            ),
            row(pay["national_id"], salary="30100", month="09/2557"),
        ]
    )
    response = client.post(
        "/payroll/import/", {"file": SimpleUploadedFile("sept.csv", content, "text/csv")}
    )
    assert response.status_code == 302
    batch_url = response["Location"]
    page = client.get(batch_url + "?show=all").content.decode()
    assert "ไม่เปลี่ยนแปลง" in page and "ใหม่" in page
    with schema_context(office_a.schema_name):
        assert Payslip.objects.count() == 1
        viewed = AuditEvent.objects.get(action="payroll.import_viewed")
        assert viewed.row_count == 2 and viewed.actor_label == "finance_officer"
    client.post(batch_url + "confirm/")
    with schema_context(office_a.schema_name):
        assert Payslip.objects.count() == 2


def _queries(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the session and the user are cached after the first request
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_person_page_query_count_does_not_grow_with_months(
    office_a: Office, pay: dict[str, Any]
) -> None:
    client = office_client(office_a, "finance_officer")
    url = f"/payroll/people/{pay['person']}/"
    few = _queries(client, url)
    with schema_context(office_a.schema_name):
        from apps.people.models import Person

        person = Person.objects.get(pk=pay["person"])
        for month in range(1, 8):
            make_payslip(person, month=date(2014, month, 1), tax=str(100 + month))
        for n in range(3):
            make_instruction(person, contract_number=f"X-{n}")
    assert _queries(client, url) == few


def test_pay_of_one_office_is_not_found_on_another(
    office_a: Office, office_b: Office, pay: dict[str, Any]
) -> None:
    client = office_client(office_b, "finance_officer")
    for page in _pages(pay)[:4]:
        assert client.get(page).status_code == 404, page
    assert "15,500.00" not in client.get("/payroll/").content.decode()
