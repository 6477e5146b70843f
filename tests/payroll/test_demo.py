"""The payroll demo, loaded small after the register into a throw-away office, as devdata
runs it: the months Sept 2556 – Sept 2557 for the staff in service, plausible pay,
instructions behind the loans, deterministic, and a second load changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Count, Q, Sum
from django_tenants.utils import schema_context

from apps.payroll.models import DeductionInstruction, Payslip, PayslipLine
from apps.payroll.netpay import net_pay_check
from apps.people.models import Person, PersonCategory
from audit.models import AuditEvent
from core.demo import DemoContext
from devdata.demo import demo_builders, office_demo_build
from tenants.models import Office
from tenants.services import office_create

pytestmark = pytest.mark.django_db

BUILDERS = ("apps.people.demo.build", "apps.payroll.demo.build")


@pytest.fixture
def demo_office() -> Office:
    office = office_create(
        code="paydemo",
        name_th="สำนักงานเขตพื้นที่การศึกษาทดสอบเงินเดือน",
        kind="primary",
        province="พัทลุง",
        region="south",
        area_number=8,
    )
    context = DemoContext(office_code="phatthalung2", fiscal_year=2557, scale=0.05)
    with schema_context(office.schema_name):
        results = office_demo_build(context, builders=BUILDERS)
    assert results["apps.payroll.demo.build"] is not None
    return office


def test_the_payroll_demo_runs_after_the_register(in_alpha: object) -> None:
    builders = demo_builders()
    assert builders.index("apps.payroll.demo.build") > builders.index("apps.people.demo.build")


def test_thirteen_months_of_payslips_for_the_staff_in_service(demo_office: Office) -> None:
    with schema_context(demo_office.schema_name):
        months = sorted(set(Payslip.objects.values_list("month", flat=True)))
        assert months[0] == date(2013, 9, 1) and months[-1] == date(2014, 9, 1)
        assert len(months) == 13
        paid = Person.objects.filter(payslips__isnull=False).distinct()
        assert paid.count() > 50
        assert not paid.filter(
            category__in=[PersonCategory.PENSIONER, PersonCategory.PENSIONED_EMPLOYEE]
        ).exists()
        per_person = set(
            Payslip.objects.values("person").annotate(n=Count("pk")).values_list("n", flat=True)
        )
        assert per_person == {13}
        # Every payslip has a salary; nobody's deductions exceed their income.
        totals = Payslip.objects.annotate(
            income=Sum("lines__amount", filter=Q(lines__side="income")),
            salary=Sum("lines__amount", filter=Q(lines__kind="salary")),
            deductions=Sum("lines__amount", filter=Q(lines__side="deduction"), default=0),
        )
        assert not totals.filter(salary__isnull=True).exists()
        assert all(t.income > t.deductions for t in totals)
        kinds = set(PayslipLine.objects.values_list("kind", flat=True))
        assert {
            "salary",
            "academic_standing",
            "tax",
            "gpf",
            "cooperative",
            "cpk",
            "bank_loan",
        } <= kinds
        assert AuditEvent.objects.filter(action="demo.payroll_loaded").count() == 1


def test_loans_on_the_payslips_have_their_instructions_and_the_check_runs(
    demo_office: Office,
) -> None:
    with schema_context(demo_office.schema_name):
        instruction = DeductionInstruction.objects.filter(
            first_month__lte=date(2014, 9, 1), last_month__gte=date(2014, 9, 1)
        ).first()
        assert instruction is not None
        line = PayslipLine.objects.get(
            payslip__person=instruction.person,
            payslip__month=date(2014, 9, 1),
            reference=instruction.contract_number,
        )
        assert line.amount == instruction.monthly_amount
        check = net_pay_check(
            person=instruction.person,
            month=date(2014, 9, 1),
            new_instalment=Decimal("1000"),
            on=date(2014, 9, 30),
        )
        assert instruction.pk not in [c.instruction_id for c in check.commitments]
        assert check.income_total > 0


def test_a_second_load_changes_nothing_and_the_load_is_deterministic(
    demo_office: Office,
) -> None:
    context = DemoContext(office_code="phatthalung2", fiscal_year=2557, scale=0.05)
    with schema_context(demo_office.schema_name):
        before = list(PayslipLine.objects.order_by("pk").values_list("kind", "amount"))
        again = office_demo_build(context, builders=BUILDERS)
        assert again["apps.payroll.demo.build"] is None
        assert list(PayslipLine.objects.order_by("pk").values_list("kind", "amount")) == before
        # Rebuilt from scratch twice on the same register, the same rows come out.
        from apps.payroll.demo import build

        def rebuilt() -> list[tuple[object, ...]]:
            PayslipLine.objects.all().delete()
            Payslip.objects.all().delete()
            DeductionInstruction.objects.all().delete()
            assert build(context) is not None
            return list(
                PayslipLine.objects.order_by("pk").values_list(
                    "payslip__person_id", "payslip__month", "kind", "creditor", "amount"
                )
            )

        assert rebuilt() == rebuilt()
