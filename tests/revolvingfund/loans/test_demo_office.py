"""The loans' demo as devdata runs it, in a throw-away office after the register, payroll and
the fund's approvals."""

from __future__ import annotations

import pytest

from apps.revolvingfund.models import Loan
from core.demo import DemoContext


@pytest.mark.django_db
def test_phatthalung2s_16_fy2557_borrowers_get_their_loans_after_the_approvals() -> None:
    """As devdata runs it, with the demo's three accounts: the fund's demo approves 5 + 11 and
    then calls the loans' builder, which disburses all 16 and runs their repayments."""
    from django_tenants.utils import schema_context

    from accounts.services import user_create
    from devdata.demo import office_demo_build
    from tenants.services import office_create

    office = office_create(
        code="loandemo",
        name_th="สำนักงานเขตพื้นที่การศึกษาทดสอบเงินกู้",
        kind="primary",
        province="พัทลุง",
        region="south",
        area_number=8,
    )
    context = DemoContext(office_code="phatthalung2", fiscal_year=2557, scale=0.05)
    with schema_context(office.schema_name):
        user_create(username="officer", password=None, roles=["welfare_officer"])
        user_create(username="director", password=None, roles=["approver", "fund_committee"])
        user_create(username="finance", password=None, roles=["finance_officer"])
        results = office_demo_build(
            context,
            builders=(
                "apps.people.demo.build",
                "apps.payroll.demo.build",
                "apps.revolvingfund.demo.build",
            ),
        )
        counts = results["apps.revolvingfund.demo.build"]
        assert counts["round1_approved"] == 5 and counts["round2_approved"] == 11
        assert counts["loans"] == 16
        assert Loan.objects.filter(disbursed_on__isnull=False, fiscal_year=2557).count() == 16
        assert 2 <= counts["loans_in_arrears"] <= 4
        assert counts["loans_with_guarantors_deducted"] == 1
        assert counts["loans_settled"] == 1
