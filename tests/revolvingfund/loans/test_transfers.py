"""A borrower moves from office alpha to office beta: the loan moves by a signed hand-over,
beta collects from the hand-over month, alpha keeps the history, and neither office reads
the other's schema (the package is the only thing that crosses, and holds only the loan)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import signing
from django_tenants.utils import schema_context

from accounts.models import User
from apps.people.models import Person
from apps.revolvingfund.loans import transfers
from apps.revolvingfund.loans.importing import deduction_lines
from apps.revolvingfund.models import Loan, LoanEntry, LoanOrigin, LoanStatus
from core.errors import ApplicationError
from tests.people.factories import make_person
from tests.revolvingfund.loans.factories import FIRST_MONTH, make_loan
from tests.revolvingfund.loans.test_services import import_month

pytestmark = pytest.mark.django_db
AUGUST = date(2014, 8, 1)
PACKAGE_KEYS = {
    "version",
    "from_office",
    "to_office",
    "from_month",
    "number",
    "borrower",
    "guarantors",
    "fiscal_year",
    "round_number",
    "principal",
    "annual_rate",
    "term_months",
    "instalment",
    "terms_code",
    "terms_confirmed",
    "contract_signed_on",
    "disbursed_on",
    "schedule_start",
    "schedule_months",
    "schedule_instalment",
    "schedule_paid",
    "balance",
    "interest_due",
    "interest_charged",
    "interest_paid",
    "arrears_amount",
    "months_overdue",
}


def officer() -> User:
    return User.objects.get(username="welfare_officer")


def _handed_over(office_a):
    with schema_context(office_a.schema_name):
        loan = make_loan()
        import_month(FIRST_MONTH)
        loan.refresh_from_db()
        handover = transfers.loan_transfer_out(
            loan=loan, to_office="beta", from_month=AUGUST, actor=officer()
        )
    return loan, handover


def test_the_loan_moves_and_the_new_office_collects_from_the_hand_over_month(office_a, office_b):
    loan, handover = _handed_over(office_a)
    with schema_context(office_a.schema_name):
        old = Loan.objects.get(pk=loan.pk)
        assert old.status == LoanStatus.TRANSFERRED
        assert old.transferred_to == "beta"
        assert old.borrower_instruction.last_month == FIRST_MONTH
        assert not [x for x in deduction_lines(month=AUGUST) if x.contract == loan.number]
        assert LoanEntry.objects.filter(loan=old).count() == 2  # July, and the hand-over
        national_id, balance = old.person.national_id, old.balance
    with schema_context(office_b.schema_name):
        make_person(national_id=national_id)  # the teacher joins beta's register first
        moved = transfers.loan_transfer_in(package=handover.package, actor=officer())
        assert moved.origin == LoanOrigin.TRANSFERRED_IN
        assert moved.transferred_from == f"alpha:{loan.number}"
        assert moved.balance == balance
        assert moved.principal_repaid + moved.balance == moved.principal
        assert [x.amount for x in deduction_lines(month=AUGUST)] == [moved.schedule_instalment]
        assert all(g.person is None for g in moved.guarantors.all())  # alpha's staff
        import_month(AUGUST)
        moved.refresh_from_db()
        assert moved.balance < balance and moved.months_overdue == 0
        # beta holds nothing of alpha but the loan: no other person, no other loan
        assert Person.objects.count() == 1
        assert Loan.objects.count() == 1


def test_the_package_holds_only_the_loan_and_names_its_office(office_a):
    _loan, handover = _handed_over(office_a)
    package = signing.loads(handover.package, salt=transfers.SALT)
    assert set(package) == PACKAGE_KEYS
    assert package["to_office"] == "beta" and package["from_office"] == "alpha"
    assert set(package["borrower"]) == {"national_id", "name"}


def test_a_package_for_another_office_tampered_or_received_twice_is_refused(office_a, office_b):
    loan, handover = _handed_over(office_a)
    with schema_context(office_a.schema_name):
        national_id = loan.person.national_id
        with pytest.raises(ApplicationError) as refused:
            transfers.loan_transfer_in(package=handover.package, actor=officer())
        assert refused.value.code == "revolvingfund.transfer_not_ours"
    with schema_context(office_b.schema_name):
        with pytest.raises(ApplicationError) as refused:
            transfers.loan_transfer_in(package=handover.package, actor=officer())
        assert refused.value.code == "revolvingfund.transfer_no_borrower"
        make_person(national_id=national_id)
        forged = handover.package[:-3] + ("AAA" if not handover.package.endswith("AAA") else "BBB")
        with pytest.raises(ApplicationError) as refused:
            transfers.loan_transfer_in(package=forged, actor=officer())
        assert refused.value.code == "revolvingfund.transfer_signature"
        transfers.loan_transfer_in(package=handover.package, actor=officer())
        with pytest.raises(ApplicationError) as refused:
            transfers.loan_transfer_in(package=handover.package, actor=officer())
        assert refused.value.code == "revolvingfund.transfer_received"
        assert Loan.objects.count() == 1


def test_only_a_welfare_officer_hands_over_and_only_a_running_loan(office_a):
    with schema_context(office_a.schema_name):
        loan = make_loan()
        with pytest.raises(ApplicationError):
            transfers.loan_transfer_out(
                loan=loan,
                to_office="beta",
                from_month=FIRST_MONTH,
                actor=User.objects.get(username="finance_officer"),
            )
        with pytest.raises(ApplicationError) as refused:
            transfers.loan_transfer_out(
                loan=loan, to_office="nowhere", from_month=FIRST_MONTH, actor=officer()
            )
        assert refused.value.code == "revolvingfund.unknown_office"
        assert Loan.objects.get(pk=loan.pk).status == LoanStatus.REPAYING


def test_the_hand_over_through_the_pages(office_a, office_b):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.conftest import office_client

    with schema_context(office_a.schema_name):
        loan = make_loan()
        import_month(FIRST_MONTH)
        national_id = loan.person.national_id
    old = office_client(office_a, "welfare_officer")
    response = old.post(
        reverse("revolvingfund:loans:transfer_out", args=[loan.pk]),
        {"to_office": "beta", "from_month": "08/2557"},
    )
    assert response.status_code == 200
    package = response.content
    with schema_context(office_b.schema_name):
        make_person(national_id=national_id)
    new = office_client(office_b, "welfare_officer")
    received = new.post(
        reverse("revolvingfund:loans:transfer_in"),
        {"package": SimpleUploadedFile("handover.krucare", package)},
    )
    assert received.status_code == 302
    with schema_context(office_b.schema_name):
        assert Loan.objects.get().transferred_from == f"alpha:{loan.number}"
