"""The loan's life through its services: contract, signature, disbursement, the month's
deductions, arrears and guarantors, settlement and restructuring."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from apps.payroll.models import DeductionInstruction, InstructionSource
from apps.revolvingfund.loans import amortisation as am
from apps.revolvingfund.loans import services
from apps.revolvingfund.loans.importing import (
    deduction_lines,
    repayments_import_apply,
    repayments_import_check,
)
from apps.revolvingfund.models import Loan, LoanEntry, LoanStatus
from audit.models import AuditEvent
from core.errors import ApplicationError
from tests.revolvingfund.loans.factories import (
    FIRST_MONTH,
    PAID_DAY,
    make_approved_application,
    make_loan,
    proof_upload,
    staff,
)

pytestmark = pytest.mark.usefixtures("in_alpha")
D = Decimal


def months(start: date, count: int) -> list[date]:
    return [services.add_months(start, i) for i in range(count)]


def deduction_csv(month: date, paid: dict[str, str] | None = None, default: str = "full") -> bytes:
    """The month's deduction file as finance sends it back: each line deducted in full, or as
    `paid` says per national ID ("" for nothing deducted)."""
    lines = ["เลขประจำตัวประชาชน,เลขที่สัญญา,จำนวนเงินที่หักได้"]
    for line in deduction_lines(month=month):
        amount = (paid or {}).get(
            line.national_id, f"{line.amount:.2f}" if default == "full" else ""
        )
        lines.append(f"{line.national_id},{line.contract},{amount}")
    return ("\n".join(lines) + "\n").encode()


def import_month(month: date, paid: dict[str, str] | None = None, default: str = "full"):
    batch = repayments_import_check(
        month=month,
        file_name="deducted.csv",
        content=deduction_csv(month, paid, default),
        actor=staff("finance_officer"),
    )
    return repayments_import_apply(batch=batch, actor=staff("finance_officer"))


def test_a_contract_takes_the_approved_terms_and_a_gap_free_number():
    first = make_loan(step="prepared")
    second = make_loan(step="prepared")
    assert first.principal == D("200000.00")
    assert first.instalment == D("2582.27")
    assert first.status == LoanStatus.CONTRACTED
    assert first.guarantors.count() == 2
    numbers = sorted(int(loan.number.split("/")[0]) for loan in (first, second))
    assert numbers[1] == numbers[0] + 1
    assert first.number.endswith("/2557")


def test_a_double_submission_makes_one_loan():
    application = make_approved_application()
    kwargs = dict(
        application=application,
        contract_signed_on=date(2014, 6, 2),
        borrower_signed=True,
        guarantees_signed=True,
        witnesses=[],
        actor=staff("welfare_officer"),
    )
    services.loan_contract_prepare(**kwargs)
    with pytest.raises(ApplicationError) as refused:
        services.loan_contract_prepare(**kwargs)
    assert refused.value.code == "revolvingfund.loan_exists"
    assert Loan.objects.filter(application=application).count() == 1


def test_an_unapproved_application_or_missing_signature_makes_no_loan():
    application = make_approved_application()
    with pytest.raises(ApplicationError) as refused:
        services.loan_contract_prepare(
            application=application,
            contract_signed_on=date(2014, 6, 2),
            borrower_signed=True,
            guarantees_signed=False,
            witnesses=[],
            actor=staff("welfare_officer"),
        )
    assert refused.value.code == "revolvingfund.guarantee_unsigned"
    application.status = "waitlisted"
    application.save()
    with pytest.raises(ApplicationError):
        services.loan_contract_prepare(
            application=application,
            contract_signed_on=date(2014, 6, 2),
            borrower_signed=True,
            guarantees_signed=True,
            witnesses=[],
            actor=staff("welfare_officer"),
        )
    assert not Loan.objects.filter(application=application).exists()


@pytest.mark.parametrize(
    "username", ["finance_officer", "approver", "viewer", "fund_committee", "office_admin"]
)
def test_only_a_welfare_officer_prepares_a_contract(username):
    application = make_approved_application()
    with pytest.raises(ApplicationError):
        services.loan_contract_prepare(
            application=application,
            contract_signed_on=date(2014, 6, 2),
            borrower_signed=True,
            guarantees_signed=True,
            witnesses=[],
            actor=staff(username),
        )
    assert not Loan.objects.filter(application=application).exists()


def test_the_one_who_prepared_cannot_sign_for_the_office():
    loan = make_loan(step="prepared")
    everyone = staff("everything")
    loan.created_by = everyone
    loan.save()
    with pytest.raises(ApplicationError) as refused:
        services.loan_contract_sign(loan=loan, signer_name="x", actor=everyone)
    assert refused.value.code == "revolvingfund.same_person"
    loan.refresh_from_db()
    assert loan.office_signed_at is None


def test_disbursement_needs_a_signed_contract_and_never_exceeds_the_loan():
    loan = make_loan(step="prepared")
    with pytest.raises(ApplicationError) as refused:
        services.loan_disburse(
            loan=loan,
            creditor="ธนาคาร",
            amount="1000",
            paid_on=PAID_DAY,
            reference="A1",
            proof=proof_upload(),
            actor=staff("finance_officer"),
        )
    assert refused.value.code == "revolvingfund.unsigned"
    services.loan_contract_sign(loan=loan, signer_name="ผอ.", actor=staff("approver"))
    with pytest.raises(ApplicationError) as refused:
        services.loan_disburse(
            loan=loan,
            creditor="ธนาคาร",
            amount="200000.01",
            paid_on=PAID_DAY,
            reference="A1",
            proof=proof_upload(),
            actor=staff("finance_officer"),
        )
    assert refused.value.code == "revolvingfund.over_principal"
    assert loan.disbursements.count() == 0


def test_paying_every_creditor_starts_the_payroll_deduction():
    loan = make_loan(step="signed")
    finance = staff("finance_officer")
    services.loan_disburse(
        loan=loan,
        creditor="ธนาคารออมสิน",
        amount="120000",
        paid_on=PAID_DAY,
        reference="A1",
        proof=proof_upload(),
        actor=finance,
    )
    loan.refresh_from_db()
    assert loan.status == LoanStatus.CONTRACTED
    with pytest.raises(ApplicationError) as refused:
        services.loan_disburse(
            loan=loan,
            creditor="ธนาคารออมสิน",
            amount="80000",
            paid_on=PAID_DAY,
            reference="A1",
            proof=proof_upload(),
            actor=finance,
        )
    assert refused.value.code == "revolvingfund.duplicate_reference"
    services.loan_disburse(
        loan=loan,
        creditor="สหกรณ์",
        amount="80000",
        paid_on=PAID_DAY,
        reference="A2",
        proof=proof_upload(),
        actor=finance,
    )
    loan.refresh_from_db()
    assert loan.status == LoanStatus.REPAYING
    assert loan.first_month == FIRST_MONTH
    instruction = loan.borrower_instruction
    assert instruction.source == InstructionSource.FUND_LOAN
    assert instruction.monthly_amount == D("2582.27")
    assert instruction.first_month == FIRST_MONTH
    assert instruction.last_month == services.add_months(FIRST_MONTH, 95)
    assert [
        line.amount for line in deduction_lines(month=FIRST_MONTH) if line.contract == loan.number
    ] == [D("2582.27")]


def test_a_month_deducted_in_full_follows_the_schedule():
    loan = make_loan()
    result = import_month(FIRST_MONTH)
    assert result.recorded >= 1
    entry = LoanEntry.objects.get(loan=loan, month=FIRST_MONTH)
    first = am.schedule(D("200000"), D("5.525"), 96)[0]
    assert entry.interest == first.interest == D("920.83")
    assert entry.principal_paid == first.principal
    loan.refresh_from_db()
    assert loan.balance == first.closing_balance
    assert loan.principal_repaid + loan.balance == loan.principal
    assert loan.months_overdue == 0


def test_a_partial_deduction_pays_interest_first():
    loan = make_loan()
    import_month(FIRST_MONTH, {loan.person.national_id: "1000.00"})
    entry = LoanEntry.objects.get(loan=loan, month=FIRST_MONTH)
    assert entry.interest_paid == D("920.83")
    assert entry.principal_paid == D("79.17")
    loan.refresh_from_db()
    assert loan.months_overdue == 1
    assert loan.arrears_amount == D("1582.27")


def test_the_import_is_a_dry_run_until_applied_and_applies_once():
    loan = make_loan()
    batch = repayments_import_check(
        month=FIRST_MONTH,
        file_name="d.csv",
        content=deduction_csv(FIRST_MONTH),
        actor=staff("finance_officer"),
    )
    assert not LoanEntry.objects.filter(loan=loan).exists()
    assert batch.counts["record"] >= 1
    repayments_import_apply(batch=batch, actor=staff("finance_officer"))
    with pytest.raises(ApplicationError) as refused:
        repayments_import_apply(batch=batch, actor=staff("finance_officer"))
    assert refused.value.code == "revolvingfund.import_applied"
    assert LoanEntry.objects.filter(loan=loan).count() == 1


def test_a_file_with_a_stranger_or_bad_amount_is_refused_and_records_nothing():
    loan = make_loan()
    content = (
        "เลขประจำตัวประชาชน,เลขที่สัญญา,จำนวนเงินที่หักได้\n"
        f"{loan.person.national_id},{loan.number},abc\n"
        f"1101700203451,{loan.number},100\n"
    ).encode()
    batch = repayments_import_check(
        month=FIRST_MONTH, file_name="d.csv", content=content, actor=staff("finance_officer")
    )
    actions = [r["action"] for r in batch.report if r["row"]]
    assert actions == ["refused", "refused"]
    with pytest.raises(ApplicationError):
        repayments_import_apply(batch=batch, actor=staff("finance_officer"))
    assert not LoanEntry.objects.filter(loan=loan).exists()


def test_only_finance_imports_deductions():
    make_loan()
    with pytest.raises(ApplicationError):
        repayments_import_check(
            month=FIRST_MONTH,
            file_name="d.csv",
            content=deduction_csv(FIRST_MONTH),
            actor=staff("welfare_officer"),
        )


def test_months_are_recorded_in_order():
    make_loan()
    with pytest.raises(ApplicationError) as refused:
        import_month(services.add_months(FIRST_MONTH, 1))
    assert refused.value.code == "revolvingfund.month_gap"


def test_after_three_missed_months_the_guarantors_are_deducted_with_a_letter_each():
    loan = make_loan()
    nobody = {loan.person.national_id: ""}
    for month in months(FIRST_MONTH, 2):
        import_month(month, nobody)
    loan.refresh_from_db()
    assert loan.months_overdue == 2
    assert loan.status == LoanStatus.REPAYING
    third = services.add_months(FIRST_MONTH, 2)
    result = import_month(third, nobody)
    assert result.guarantors_started == [loan.number]
    loan.refresh_from_db()
    assert loan.status == LoanStatus.GUARANTORS
    guarantors = list(loan.guarantors.order_by("pk"))
    assert [g.share for g in guarantors] == [D("1291.14"), D("1291.13")]
    assert all(g.letter_number.endswith("/2557") for g in guarantors)
    fourth = services.add_months(FIRST_MONTH, 3)
    payers = {
        line.national_id: line.amount
        for line in deduction_lines(month=fourth)
        if line.contract == loan.number
    }
    assert payers == {
        loan.person.national_id: D("2582.27"),
        guarantors[0].national_id: D("1291.14"),
        guarantors[1].national_id: D("1291.13"),
    }
    # the guarantors pay, the borrower does not: the guarantors' money is recorded as theirs
    import_month(fourth, nobody)
    entry = LoanEntry.objects.get(loan=loan, month=fourth)
    assert entry.from_guarantors == D("2582.27") and entry.from_borrower == 0
    loan.refresh_from_db()
    assert loan.principal_repaid + loan.balance == loan.principal


def test_clearing_the_arrears_ends_the_guarantors_deduction():
    loan = make_loan(guarantors=1)
    nobody = {loan.person.national_id: ""}
    for month in months(FIRST_MONTH, 3):
        import_month(month, nobody)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.GUARANTORS
    catch_up = {loan.person.national_id: f"{loan.arrears_amount + loan.instalment * 2:.2f}"}
    import_month(services.add_months(FIRST_MONTH, 3), catch_up)
    loan.refresh_from_db()
    assert loan.months_overdue == 0
    assert loan.status == LoanStatus.REPAYING
    guarantor = loan.guarantors.get()
    assert guarantor.instruction.last_month == services.add_months(FIRST_MONTH, 3)


def test_early_settlement_charges_interest_to_the_day_and_ends_the_deduction():
    loan = make_loan()
    import_month(FIRST_MONTH)
    loan.refresh_from_db()
    on = date(2014, 8, 15)  # 15 days after 31 July
    quote, days = services.settlement_quote(loan=loan, on=on)
    assert days == 15
    assert quote == loan.balance + am.interest_for_days(loan.balance, loan.annual_rate, 15)
    services.loan_settle(
        loan=loan,
        on=on,
        amount=quote,
        source="cash",
        reason="ชำระก่อนกำหนด",
        actor=staff("welfare_officer"),
    )
    loan.refresh_from_db()
    assert loan.status == LoanStatus.SETTLED
    assert loan.balance == 0 and loan.principal_repaid == loan.principal
    assert loan.borrower_instruction.last_month == FIRST_MONTH
    assert not [x for x in deduction_lines(month=date(2014, 8, 1)) if x.contract == loan.number]


def test_a_gratuity_short_of_the_balance_is_applied_and_the_loan_runs_on():
    loan = make_loan()
    services.loan_settle(
        loan=loan,
        on=date(2014, 7, 10),
        amount="50000",
        source="gratuity",
        reason="ถึงแก่กรรม",
        actor=staff("finance_officer"),
    )
    loan.refresh_from_db()
    assert loan.status == LoanStatus.REPAYING
    assert loan.principal_repaid + loan.balance == loan.principal
    assert loan.balance < D("200000") - D("49000")


def test_restructuring_spreads_the_balance_within_the_rule():
    loan = make_loan()
    import_month(FIRST_MONTH)
    loan.refresh_from_db()
    with pytest.raises(ApplicationError) as refused:
        services.loan_restructure(
            loan=loan,
            months=200,
            from_month=date(2014, 8, 1),
            reason="ภาระหนี้",
            actor=staff("welfare_officer"),
        )
    assert refused.value.code == "revolvingfund.term_too_long"
    services.loan_restructure(
        loan=loan,
        months=120,
        from_month=date(2014, 8, 1),
        reason="ภาระหนี้",
        actor=staff("welfare_officer"),
    )
    loan.refresh_from_db()
    assert loan.schedule_instalment == am.level_instalment(loan.balance, loan.annual_rate, 120)
    lines = [x for x in deduction_lines(month=date(2014, 8, 1)) if x.contract == loan.number]
    assert [x.amount for x in lines] == [loan.schedule_instalment]
    assert DeductionInstruction.objects.filter(person=loan.person).count() == 2


def test_every_change_is_in_the_audit_trail():
    loan = make_loan()
    actions = set(
        AuditEvent.objects.filter(target_id=str(loan.pk)).values_list("action", flat=True)
    )
    assert {
        "revolvingfund.loan_prepared",
        "revolvingfund.loan_signed",
        "revolvingfund.loan_disbursed",
        "revolvingfund.loan_started",
    } <= actions


def test_the_months_money_is_remitted_to_the_fund_once_with_the_amount_received():
    from apps.revolvingfund.loans.importing import repayments_remit
    from apps.revolvingfund.models import RepaymentImport

    loan = make_loan()
    other = make_loan(guarantors=1)
    import_month(FIRST_MONTH, {other.person.national_id: "1000.00"})
    batch = RepaymentImport.objects.get(month=FIRST_MONTH, status="applied")
    with pytest.raises(ApplicationError):
        repayments_remit(
            batch=batch, on=date(2014, 8, 5), reference="X", actor=staff("welfare_officer")
        )
    repayments_remit(
        batch=batch, on=date(2014, 8, 5), reference="KTB-0805", actor=staff("finance_officer")
    )
    batch.refresh_from_db()
    assert batch.remitted_amount == loan.instalment + D("1000.00")
    with pytest.raises(ApplicationError) as refused:
        repayments_remit(
            batch=batch, on=date(2014, 8, 6), reference="again", actor=staff("finance_officer")
        )
    assert refused.value.code == "revolvingfund.remit_done"
