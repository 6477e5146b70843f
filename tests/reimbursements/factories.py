"""Claims for tests, made through the claims services (factory_boy): `MedicalClaimFactory()`
is a received outpatient claim of a new teacher at a government hospital with one receipt,
taken at the desk by the welfare officer; pass `step="paid"` for one checked, approved and
paid by the roles that may do each step."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import factory

from accounts.models import User
from apps.reimbursements import services
from apps.reimbursements.models import Claim
from apps.reimbursements.services import ItemInput, ReceiptInput
from core.thai import BANGKOK
from tests.people.factories import PersonFactory

STEPS = ["received", "checked", "approved", "paid"]


def staff(username: str) -> User:
    return User.objects.get(username=username)


class MedicalClaimFactory(factory.Factory):
    class Meta:
        model = Claim

    claimant = factory.LazyFunction(
        lambda: PersonFactory(title="นาง", first_name_th="สมศรี", birth_date=date(1975, 5, 1))
    )
    beneficiary = None
    hospital_name = "โรงพยาบาลพัทลุง"
    hospital_type = "government"
    care_type = "outpatient"
    receipts = factory.LazyFunction(
        lambda: [
            ReceiptInput(
                number="R-001",
                issued_on=date(2014, 5, 20),
                items=(ItemInput(kind="medicine", amount=Decimal("1250.50")),),
            )
        ]
    )
    received_by = factory.LazyFunction(lambda: staff("welfare_officer"))
    at = datetime(2014, 6, 2, 9, tzinfo=BANGKOK)
    step = "received"

    @classmethod
    def _create(cls, model_class: type[Claim], **kwargs: Any) -> Claim:
        reached = STEPS.index(kwargs.pop("step"))
        claim = services.medical_claim_create(**kwargs)
        at = kwargs["at"]
        if reached >= 1:
            officer = staff("welfare_officer")
            services.claim_check(claim=claim, officer=officer, at=at + timedelta(minutes=2))
        if reached >= 2:  # a small claim: the desk officer approves up to the threshold
            officer = staff("welfare_officer")
            services.claim_approve(claim=claim, approver=officer, at=at + timedelta(minutes=4))
        if reached >= 3:
            payer = staff("finance_officer")
            services.claim_pay(claim=claim, payer=payer, at=at + timedelta(minutes=8))
        claim.refresh_from_db()
        return claim
