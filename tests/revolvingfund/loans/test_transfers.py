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
from audit.models import AuditEvent
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


def test_the_new_office_links_a_guarantor_who_joins_its_register(office_a, office_b):
    loan, handover = _handed_over(office_a)
    with schema_context(office_a.schema_name):
        borrower_id = loan.person.national_id
        first, second = (g.national_id for g in loan.guarantors.order_by("pk"))
    with schema_context(office_b.schema_name):
        make_person(national_id=borrower_id)
        moved = transfers.loan_transfer_in(package=handover.package, actor=officer())
        g1, g2 = moved.guarantors.order_by("pk")
        # not in beta's register yet: refused, nothing changes
        with pytest.raises(ApplicationError) as refused:
            transfers.loan_guarantor_link(loan=moved, guarantor_id=g1.pk, actor=officer())
        assert refused.value.code == "revolvingfund.not_in_register"
        joined = make_person(national_id=first)  # the guarantor moves to beta too
        with pytest.raises(ApplicationError) as refused:  # only the welfare officer links
            transfers.loan_guarantor_link(
                loan=moved, guarantor_id=g1.pk, actor=User.objects.get(username="finance_officer")
            )
        assert refused.value.code == "revolvingfund.not_allowed"
        assert moved.guarantors.filter(person__isnull=False).count() == 0
        linked = transfers.loan_guarantor_link(loan=moved, guarantor_id=g1.pk, actor=officer())
        assert linked.person == joined
        assert AuditEvent.objects.filter(action="revolvingfund.guarantor_linked").count() == 1
        with pytest.raises(ApplicationError) as refused:  # once
            transfers.loan_guarantor_link(loan=moved, guarantor_id=g1.pk, actor=officer())
        assert refused.value.code == "revolvingfund.already_linked"
        # the guarantor rule now deducts the linked guarantor in beta (the other stays a name)
        for month in (AUGUST, date(2014, 9, 1), date(2014, 10, 1)):
            import_month(month, {borrower_id: ""})
        moved.refresh_from_db()
        assert moved.status == LoanStatus.GUARANTORS
        g1.refresh_from_db()
        g2.refresh_from_db()
        assert g1.instruction is not None and g1.instruction.person == joined
        assert g1.share == moved.schedule_instalment
        assert g2.person is None and g2.instruction is None
        lines = deduction_lines(month=date(2014, 11, 1))
        assert [x.national_id for x in lines if x.national_id == first] == [first]
        # while the guarantors are deducted, no one else is linked (shares are split at start)
        make_person(national_id=second)
        with pytest.raises(ApplicationError) as refused:
            transfers.loan_guarantor_link(loan=moved, guarantor_id=g2.pk, actor=officer())
        assert refused.value.code == "revolvingfund.guarantors_deducted"
        assert moved.guarantors.filter(person__isnull=False).count() == 1


def test_linking_a_guarantor_through_the_loans_page(office_a, office_b):
    from django.urls import reverse

    from tests.conftest import office_client

    loan, handover = _handed_over(office_a)
    with schema_context(office_a.schema_name):
        borrower_id = loan.person.national_id
        first = loan.guarantors.order_by("pk").first().national_id
    with schema_context(office_b.schema_name):
        make_person(national_id=borrower_id)
        moved = transfers.loan_transfer_in(package=handover.package, actor=officer())
        guarantor = moved.guarantors.order_by("pk").first()
    detail = reverse("revolvingfund:loans:detail", args=[moved.pk])
    link = reverse("revolvingfund:loans:guarantor_link", args=[moved.pk, guarantor.pk])
    client = office_client(office_b, "welfare_officer")
    assert link in client.get(detail).content.decode()
    page = client.post(link, follow=True).content.decode()
    assert "ยังไม่พบผู้ค้ำประกันในทะเบียนบุคลากร" in page
    assert office_client(office_b, "finance_officer").post(link).status_code == 403
    assert client.get(link).status_code == 405
    with schema_context(office_b.schema_name):
        make_person(national_id=first)
    page = client.post(link, follow=True).content.decode()
    assert "กับทะเบียนบุคลากรแล้ว" in page
    assert link not in page
    with schema_context(office_b.schema_name):
        guarantor.refresh_from_db()
        assert guarantor.person is not None
