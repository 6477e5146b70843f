"""The fund's demo, loaded after the register and payroll into a throw-away office, as devdata
runs it: Phatthalung Area 2's FY 2557 rounds approve exactly 5 and 11 teachers from more
applicants than places, through the services; a second load changes nothing."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context

from accounts.services import user_create
from apps.committees.models import ConflictDeclaration, Meeting
from apps.revolvingfund.models import Application, ApplicationStatus, Round
from apps.revolvingfund.report import SECTION
from core.demo import DemoContext
from core.thai import fiscal_year
from devdata.demo import demo_builders, office_demo_build
from tenants.models import Office
from tenants.services import office_create

pytestmark = pytest.mark.django_db

BUILDERS = ("apps.people.demo.build", "apps.payroll.demo.build", "apps.revolvingfund.demo.build")


def _context() -> DemoContext:
    return DemoContext(
        office_code="phatthalung2", fiscal_year=2557, scale=0.05, officer="desk", approver="boss"
    )


@pytest.fixture
def demo_office() -> Office:
    office = office_create(
        code="funddemo",
        name_th="สำนักงานเขตพื้นที่การศึกษาทดสอบกองทุน",
        kind="primary",
        province="พัทลุง",
        region="south",
        area_number=7,
    )
    with schema_context(office.schema_name):
        user_create(username="desk", password=None, roles=["welfare_officer"])
        user_create(username="boss", password=None, roles=["approver", "fund_committee"])
        results = office_demo_build(_context(), builders=BUILDERS)
    assert results["apps.revolvingfund.demo.build"] == {
        "round1_applications": 8,
        "round1_approved": 5,
        "round2_applications": 15,
        "round2_approved": 11,
    }
    return office


def test_the_fund_demo_runs_after_payroll() -> None:
    builders = demo_builders()
    assert builders.index("apps.revolvingfund.demo.build") > builders.index(
        "apps.payroll.demo.build"
    )


def test_phatthalung2_approves_5_then_11_from_more_applicants(demo_office: Office) -> None:
    with schema_context(demo_office.schema_name):
        rounds = {r.number: r for r in Round.objects.all()}
        assert set(rounds) == {1, 2}
        for number, approved in ((1, 5), (2, 11)):
            round_ = rounds[number]
            assert round_.status == "approved" and round_.terms_code == "fy2557"
            rows = round_.applications.all()
            assert rows.filter(status=ApplicationStatus.APPROVED).count() == approved
            assert rows.count() > approved
            assert rows.filter(status=ApplicationStatus.WAITLISTED).count() >= 1
            assert rows.filter(status=ApplicationStatus.INELIGIBLE).count() == 1
            amounts = rows.filter(status="approved").values_list("approved_amount", flat=True)
            assert sum(amounts) <= round_.allocation_amount
            assert all(a <= Decimal("200000") for a in amounts)
        approved = Application.objects.filter(status=ApplicationStatus.APPROVED)
        assert all("ครู" in a.position for a in approved)
        assert all(a.guarantors.count() == 2 for a in approved)
        assert Application.objects.filter(times_returned=1).count() == 1
        assert Meeting.objects.filter(closed_at__isnull=False).count() == 2
        assert ConflictDeclaration.objects.exists()
        results = SECTION.results(fiscal_year(2557))
        assert results.lines == (
            "- อนุมัติเงินกู้เงินทุนหมุนเวียนฯ ให้แก่ข้าราชการครูฯ ประจำปี 2557 "
            "ครั้งที่ 1 จำนวน 5 ราย ครั้งที่ 2 จำนวน 11 ราย",
        )
        assert results.evidence[0].rows == 16


def test_the_indicators_and_a_second_load(demo_office: Office) -> None:
    out = StringIO()
    call_command("indicators", demo_office.code, "--fiscal-year", "2557", stdout=out)
    values = dict(line.split("\t") for line in out.getvalue().splitlines())
    assert values["fund.approved.round1"] == "5"
    assert values["fund.approved.round2"] == "11"
    assert values["fund.approved.total"] == "16"
    assert 90 <= float(values["fund.amount.share_of_allocation"]) <= 100
    assert float(values["fund.days_call_to_approval"]) > 30
    with schema_context(demo_office.schema_name):
        before = Application.objects.count()
        results = office_demo_build(_context(), builders=BUILDERS)
        assert results["apps.revolvingfund.demo.build"] is None
        assert Application.objects.count() == before
