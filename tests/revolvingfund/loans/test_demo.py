"""The loans' demo on approved applications: every approval gets a disbursed loan, months are
imported through FY 2559, a few borrowers fall behind (one deducted from the guarantors), one
settles early; a second run builds nothing."""

from __future__ import annotations

import pytest

from apps.revolvingfund.loans import demo
from apps.revolvingfund.models import Loan, LoanEntry, LoanStatus
from core.demo import DemoContext
from tests.revolvingfund.loans.factories import make_approved_application

pytestmark = pytest.mark.usefixtures("in_alpha")


def test_the_demo_disburses_every_approval_and_runs_the_repayments():
    for amount in ("200000", "150000", "180000", "120000", "200000", "90000", "160000", "200000"):
        make_approved_application(amount=amount)
    context = DemoContext(
        office_code="alpha",
        fiscal_year=2557,
        officer="welfare_officer",
        approver="approver",
        payer="finance_officer",
    )
    counts = demo.build(context)
    assert counts is not None
    assert counts["loans"] == 8
    assert Loan.objects.filter(disbursed_on__isnull=False).count() == 8
    assert counts["loans_in_arrears"] >= 2
    assert counts["loans_with_guarantors_deducted"] == 1
    assert counts["loans_settled"] == 1
    late = Loan.objects.get(status=LoanStatus.GUARANTORS)
    assert all(g.letter_number for g in late.guarantors.all())
    assert LoanEntry.objects.filter(loan=late, from_guarantors__gt=0).exists()
    for loan in Loan.objects.all():
        assert loan.principal_repaid + loan.balance == loan.principal
        assert loan.last_month is None or loan.last_month <= demo.HORIZON
    assert demo.build(context) is None
    assert Loan.objects.count() == 8
