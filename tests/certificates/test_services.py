"""The salary-certificate service: the net-pay check, signing, numbering, revocation, the
bank's decision, and the figures of the indicators and the report section."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from apps.certificates import services
from apps.certificates.models import Certificate, CertificateStatus
from apps.certificates.report import SECTION
from apps.onestop.models import RequestStatus
from apps.payroll.models import DeductionInstruction
from apps.payroll.services import net_pay_rule_create
from audit.models import AuditEvent
from core.errors import ApplicationError, PermissionDeniedError
from core.indicators import compute_all
from core.thai import fiscal_year
from tenants.models import Office
from tests.certificates.factories import RECEIVED, make_certificate, programme, staff, teacher

pytestmark = pytest.mark.django_db


def test_a_passing_check_is_stored_with_its_figures_and_headroom(in_alpha: Office) -> None:
    # salary 30,000; deductions 15,000; new instalment 4,000 → net 11,000 = 36.66 % ≥ 30 %
    # (the share is cut, not rounded, as apps.payroll shows it)
    certificate = make_certificate(instalment="4000")
    assert certificate.check_outcome == "pass"
    assert certificate.net_pay == Decimal("11000.00")
    assert certificate.net_percent == Decimal("36.66")
    assert certificate.headroom == Decimal("6000.00")  # 30,000 − 15,000 − 9,000
    assert certificate.check_figures["floor_amount"] == "9000.00"
    assert certificate.check_figures["new_instalment"] == "4000.00"
    assert certificate.service_request is not None  # a desk ticket was opened
    assert AuditEvent.objects.filter(action="payroll.net_pay_checked").exists()


def test_a_failing_check_warns_by_default_and_may_go_on(in_alpha: Office) -> None:
    certificate = make_certificate(instalment="7000")
    assert certificate.check_outcome == "warn"
    assert certificate.net_pay == Decimal("8000.00")
    prepared = services.certificate_prepare(
        certificate=certificate, officer=staff("welfare_officer")
    )
    assert prepared.status == CertificateStatus.PREPARED


def test_a_blocking_rule_refuses_until_the_instalment_fits(in_alpha: Office) -> None:
    net_pay_rule_create(
        valid_from=date(2014, 1, 1),
        floor_percent="30",
        base="salary",
        mode="block",
        source="คำสั่งสำนักงาน",
        actor=staff("finance_officer"),
    )
    certificate = make_certificate(instalment="7000")
    assert certificate.check_outcome == "block"
    with pytest.raises(ApplicationError) as refused:
        services.certificate_prepare(certificate=certificate, officer=staff("welfare_officer"))
    assert refused.value.code == "certificates.check_blocks"
    assert Certificate.objects.get(pk=certificate.pk).status == CertificateStatus.RECEIVED
    certificate = services.certificate_recheck(
        certificate=certificate, officer=staff("welfare_officer"), instalment="6000", at=RECEIVED
    )
    assert certificate.check_outcome == "pass"  # exactly at the floor passes
    services.certificate_prepare(certificate=certificate, officer=staff("welfare_officer"))


def test_signing_numbers_dates_and_tokens_the_certificate(in_alpha: Office) -> None:
    first = make_certificate(step="signed")
    second = make_certificate(step="signed", at=RECEIVED + timedelta(hours=1))
    assert (first.number, second.number) == ("0001/2557", "0002/2557")
    assert first.letter_number.endswith("/1")
    assert first.issue_date == date(2014, 9, 15)
    assert len(first.public_token or "") >= 32 and first.public_token != second.public_token
    assert first.number not in (first.public_token or "")
    assert first.signed_by_name
    assert first.validity == "valid"
    again = services.certificate_sign(certificate=first, signer=staff("approver"))
    assert again.number == "0001/2557"  # a second click numbers nothing


def test_the_preparer_never_signs(in_alpha: Office) -> None:
    person = teacher()
    everything = staff("everything")
    certificate = services.certificate_request(
        person=person, programme=programme("ktb", 0), amount="100000", instalment="3000",
        term_months=36, purpose="ซ่อมบ้าน", received_by=everything, at=RECEIVED,
    )  # fmt: skip
    services.certificate_prepare(certificate=certificate, officer=everything)
    with pytest.raises(ApplicationError) as refused:
        services.certificate_sign(certificate=certificate, signer=everything)
    assert refused.value.code == "certificates.separation_of_duties"
    with pytest.raises(PermissionDeniedError):
        services.certificate_sign(certificate=certificate, signer=staff("welfare_officer"))
    assert Certificate.objects.get(pk=certificate.pk).number is None
    signed = services.certificate_sign(certificate=certificate, signer=staff("approver"))
    assert signed.status == CertificateStatus.SIGNED


def test_hand_over_completes_the_desk_ticket(in_alpha: Office) -> None:
    certificate = make_certificate(step="handed_over")
    assert certificate.service_request is not None
    certificate.service_request.refresh_from_db()
    assert certificate.service_request.status == RequestStatus.COMPLETED
    assert certificate.number in certificate.service_request.outcome


def test_revocation_needs_a_reason_and_happens_once(in_alpha: Office) -> None:
    certificate = make_certificate(step="signed")
    with pytest.raises(ApplicationError):
        services.certificate_revoke(certificate=certificate, actor=staff("approver"), reason=" ")
    revoked = services.certificate_revoke(
        certificate=certificate, actor=staff("approver"), reason="ผู้กู้ขอยกเลิก"
    )
    assert revoked.validity == "revoked"
    with pytest.raises(ApplicationError):
        services.certificate_revoke(certificate=revoked, actor=staff("approver"), reason="อีกครั้ง")


def test_a_replacement_supersedes_the_old_certificate(in_alpha: Office) -> None:
    old = make_certificate(step="signed")
    new = make_certificate(
        person=old.person, step="signed", replaces=old, at=RECEIVED + timedelta(days=1)
    )
    old.refresh_from_db()
    assert old.validity == "superseded" and old.superseded_by_id == new.pk


def test_an_approved_loan_becomes_a_deduction_the_next_check_sees(in_alpha: Office) -> None:
    certificate = make_certificate(step="handed_over", instalment="4000")
    services.certificate_bank_decision(
        certificate=certificate,
        officer=staff("welfare_officer"),
        decision="approved",
        contract_number="KTB-2557-001",
        first_month=date(2014, 10, 1),
    )
    instruction = DeductionInstruction.objects.get(contract_number="KTB-2557-001")
    assert instruction.monthly_amount == Decimal("4000.00")
    assert instruction.last_month == date(2019, 9, 1)  # 60 months
    assert instruction.source_reference == f"certificates.certificate:{certificate.pk}"
    later = make_certificate(
        person=certificate.person, instalment="1000", at=RECEIVED + timedelta(days=30)
    )
    assert later.headroom == Decimal("2000.00")  # 6,000 − the new 4,000 loan
    with pytest.raises(ApplicationError):
        services.certificate_bank_decision(
            certificate=certificate, officer=staff("welfare_officer"), decision="declined"
        )


def test_bad_requests_are_refused_and_write_nothing(in_alpha: Office) -> None:
    person = teacher()
    cases = [
        {"instalment": "0"},
        {"instalment": "abc"},
        {"instalment": "300000"},  # above the amount
        {"term_months": 9999},
        {"purpose": ""},
    ]
    for case in cases:
        values = {"amount": "200000", "instalment": "3000", "term_months": 60, "purpose": "x"}
        values.update(case)  # type: ignore[arg-type]
        with pytest.raises(ApplicationError):
            services.certificate_request(
                person=person, programme=programme("ktb", 0), received_by=staff("welfare_officer"),
                at=RECEIVED, **values,  # type: ignore[arg-type]
            )  # fmt: skip
    pensioner = teacher(category="pensioner") if False else None
    assert pensioner is None
    with pytest.raises(PermissionDeniedError):
        services.certificate_request(
            person=person, programme=programme("ktb", 0), amount="1000", instalment="100",
            term_months=10, purpose="x", received_by=staff("viewer"), at=RECEIVED,
        )  # fmt: skip
    assert not Certificate.objects.exists()


def test_guarantors_are_required_and_checked(in_alpha: Office) -> None:
    with_guarantor = programme("gsb")
    needed = with_guarantor.needs_guarantors
    assert needed >= 1
    person = teacher()
    with pytest.raises(ApplicationError) as refused:
        services.certificate_request(
            person=person, programme=with_guarantor, amount="100000", instalment="3000",
            term_months=36, purpose="x", received_by=staff("welfare_officer"), at=RECEIVED,
        )  # fmt: skip
    assert refused.value.code == "certificates.guarantors_required"
    guarantors = [teacher(salary="20000", deductions="15000") for _ in range(needed)]
    certificate = services.certificate_request(
        person=person, programme=with_guarantor, amount="100000", instalment="3000",
        term_months=36, purpose="x", received_by=staff("welfare_officer"), at=RECEIVED,
        guarantors=guarantors,
    )  # fmt: skip
    rows = list(certificate.guarantors.all())
    assert len(rows) == needed
    assert all(row.check_outcome == "warn" for row in rows)  # 5,000 < 6,000 floor


def test_indicators_and_the_report_section_count_by_bank(in_alpha: Office) -> None:
    at = RECEIVED
    for index, bank in enumerate(["gsb", "gsb", "ktb", "ghb"]):
        guarantors = None
        if bank == "gsb":
            guarantors = [teacher() for _ in range(programme("gsb").needs_guarantors)]
        make_certificate(
            bank=bank, step="handed_over", at=at + timedelta(hours=index), guarantors=guarantors
        )
    make_certificate(step="received", at=at + timedelta(hours=5))  # not issued: not counted
    values = compute_all(fiscal_year(2557))
    assert values["certificates.issued.gsb"] == 2
    assert values["certificates.issued.ktb"] == 1
    assert values["certificates.issued.ghb"] == 1
    assert values["certificates.issued.other"] == 0
    assert values["certificates.issued.total"] == 4
    assert values["certificates.share_within_standard"] == Decimal("100.0")
    assert values["certificates.share_check_passed"] == Decimal("100.0")
    assert (
        values["certificates.issued.gsb"] == 2
        and compute_all(fiscal_year(2558))["certificates.issued.gsb"] == 0
    )
    results = SECTION.results(fiscal_year(2557))
    assert results.lines == (  # as the 2557 report writes them
        "- ปี 2557 มีผู้มาขอหนังสือรับรองเงินเดือนเพื่อกู้เงินธนาคาร",
        "ธนาคารออมสิน จำนวน 2 ราย",
        "ธนาคารกรุงไทย จำนวน 1 ราย",
        "ธนาคารอาคารสงเคราะห์ จำนวน 1 ราย",
    )
    figures = {f.code: (f.value, f.unit) for f in results.figures}
    assert "certificates.issued.other" not in figures  # only when another bank lent
    assert figures["certificates.issued.gsb"] == (2, "ราย")
    assert figures["certificates.issued.ghb"] == (1, "ราย")
    assert SECTION.key == "certificates"
    (evidence,) = results.evidence
    assert evidence.rows == 4 and evidence.pdf is not None
    assert evidence.pdf().startswith(b"%PDF")
    empty = SECTION.results(fiscal_year(2556))
    assert empty.lines == ("- ปี 2556 ไม่มีผู้มาขอหนังสือรับรองเงินเดือนเพื่อกู้เงินธนาคาร",)
    assert [f.value for f in empty.figures] == [0, 0, 0]


def test_the_shares_count_late_signatures_warnings_and_other_banks(in_alpha: Office) -> None:
    """Of four issued certificates: one signed 20 minutes after it was received, one whose
    check warned, one for a bank the report does not name; a corrected letter is not counted
    again."""
    on_time = make_certificate(step="handed_over")
    late = make_certificate(step="prepared", at=RECEIVED + timedelta(hours=1))
    services.certificate_sign(
        certificate=late, signer=staff("approver"), at=late.received_at + timedelta(minutes=20)
    )
    make_certificate(instalment="7000", step="signed", at=RECEIVED + timedelta(hours=2))
    other = make_certificate(step="signed", at=RECEIVED + timedelta(hours=3))
    # No programme of another bank is seeded: the certificate keeps the bank it was asked for.
    Certificate.objects.filter(pk=other.pk).update(bank_code="bay")
    make_certificate(
        person=on_time.person, step="signed", replaces=on_time, at=RECEIVED + timedelta(days=1)
    )
    values = compute_all(fiscal_year(2557))
    assert values["certificates.issued.total"] == 4
    banks = [values[f"certificates.issued.{bank}"] for bank in ("gsb", "ktb", "ghb", "other")]
    assert banks == [0, 3, 0, 1]
    assert values["certificates.share_within_standard"] == Decimal("75.0")
    assert values["certificates.share_check_passed"] == Decimal("75.0")
    results = SECTION.results(fiscal_year(2557))
    assert results.lines[-1] == "ธนาคารอื่น จำนวน 1 ราย"
    assert [e.rows for e in results.evidence] == [4]
