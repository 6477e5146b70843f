"""The fund's rounds and applications: the round from the centre's allocation and terms, the
call, the desk, the completeness check that returns a file, eligibility rule by rule and the
net-pay checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from apps.onestop.models import RequestStatus
from apps.revolvingfund import services
from apps.revolvingfund.models import Application, ApplicationStatus, Round, RoundStatus
from audit.models import AuditEvent
from central.fund import FundTerms
from core.errors import ApplicationError, PermissionDeniedError
from tenants.models import Office
from tests.revolvingfund.factories import (
    CHECKED,
    CLOSES,
    OPENS,
    allocate,
    complete_file,
    eligible,
    officer,
    open_round,
    receive,
    staff,
    teacher,
)

pytestmark = pytest.mark.django_db


def test_the_instalment_is_the_reducing_balance_one() -> None:
    assert services.monthly_instalment(Decimal("200000"), Decimal("5.525"), 96) == Decimal(
        "2582.27"
    )
    assert services.monthly_instalment(Decimal("200000"), Decimal("4"), 144) == Decimal("1751.06")
    assert services.monthly_instalment(Decimal("500000"), Decimal("4"), 144) == Decimal("4377.64")
    assert services.monthly_instalment(Decimal("1200"), Decimal("0"), 12) == Decimal("100.00")


def test_a_round_copies_the_allocation_and_the_unconfirmed_terms(in_alpha: Office) -> None:
    round_ = open_round(in_alpha, publish=False)
    assert round_.allocation_amount == Decimal("600000.00")
    assert round_.terms_code == "fy2557"
    assert round_.terms_confirmed is False
    assert round_.terms["cap_per_borrower"] == "200000.00"
    assert round_.terms["annual_rate"] == "5.525"
    assert "อัตราดอกเบี้ย" in round_.terms["unconfirmed_items"]
    # a later correction of the central version does not rewrite the opened round
    FundTerms.objects.filter(code="fy2557").update(term_months=120)
    round_.refresh_from_db()
    assert round_.terms["term_months"] == 96


def test_no_round_without_the_centres_allocation(in_alpha: Office) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.round_open(fiscal_year_be=2557, number=2, officer=officer())
    assert refused.value.code == "revolvingfund.no_allocation"
    assert not Round.objects.exists()


def test_only_the_welfare_officer_opens_a_round(in_alpha: Office) -> None:
    allocate(in_alpha)
    for username in ("viewer", "fund_committee", "finance_officer", "approver", "office_admin"):
        with pytest.raises(PermissionDeniedError):
            services.round_open(fiscal_year_be=2557, number=1, officer=staff(username))
    assert not Round.objects.exists()


def test_publishing_the_call_numbers_its_letter_once(in_alpha: Office) -> None:
    round_ = open_round(in_alpha)
    assert round_.status == RoundStatus.CALL_PUBLISHED
    assert round_.call_letter_number.endswith("/ว 0001")
    again = services.round_call_publish(
        round=round_, opens_on=OPENS, closes_on=CLOSES, officer=officer()
    )
    assert again.call_letter_number == round_.call_letter_number
    assert AuditEvent.objects.filter(action="revolvingfund.call_published").count() == 1


def test_the_call_refuses_dates_in_the_wrong_order(in_alpha: Office) -> None:
    round_ = open_round(in_alpha, publish=False)
    with pytest.raises(ApplicationError) as refused:
        services.round_call_publish(
            round=round_, opens_on=CLOSES, closes_on=OPENS, officer=officer()
        )
    assert refused.value.code == "revolvingfund.invalid_dates"
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DRAFT


def test_an_application_opens_a_desk_ticket_and_a_number(in_alpha: Office) -> None:
    round_ = open_round(in_alpha)
    application = receive(round_)
    assert application.number == "0001/2557"
    assert application.service_request is not None
    assert application.service_request.service_type.code == "revolving_fund"
    assert application.service_request.standard_minutes == 480
    assert application.debts.count() == 2
    assert application.guarantors.count() == 2


def test_no_application_outside_the_call(in_alpha: Office) -> None:
    round_ = open_round(in_alpha)
    from tests.onestop.conftest import bangkok

    with pytest.raises(ApplicationError) as refused:
        receive(round_, at=bangkok(date(2014, 8, 5), 9))
    assert refused.value.code == "revolvingfund.call_not_open"
    assert not Application.objects.exists()


def test_an_incomplete_file_is_returned_with_what_is_missing(in_alpha: Office) -> None:
    round_ = open_round(in_alpha)
    application = receive(round_, director_endorsed=False, director_name="")
    complete_file(application, skip=("house_registration",))
    checked = services.application_check(application=application, officer=officer(), at=CHECKED)
    assert checked.status == ApplicationStatus.RETURNED
    codes = [item["code"] for item in checked.missing]
    assert codes == ["house_registration", "director_endorsement"]
    assert checked.service_request is not None
    assert checked.service_request.status != RequestStatus.COMPLETED  # the teacher comes back
    services.application_document_add(
        application=checked, kind="house_registration", officer=officer(), at=CHECKED
    )
    services.application_document_add(
        application=checked, kind="director_endorsement", officer=officer(), at=CHECKED
    )
    again = services.application_check(application=checked, officer=officer(), at=CHECKED)
    assert again.status == ApplicationStatus.ELIGIBLE
    assert again.times_returned == 1
    assert again.service_request is not None
    assert again.service_request.status == RequestStatus.COMPLETED


def test_a_debt_statement_must_be_a_scan(in_alpha: Office) -> None:
    round_ = open_round(in_alpha)
    application = receive(round_)
    debt = application.debts.first()
    with pytest.raises(ApplicationError) as refused:
        services.application_document_add(
            application=application, kind="debt_statement", debt=debt, officer=officer()
        )
    assert refused.value.code == "revolvingfund.statement_scan_required"
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ApplicationError) as refused:
        services.application_document_add(
            application=application,
            kind="debt_statement",
            debt=debt,
            upload=SimpleUploadedFile("x.pdf", b"not a pdf at all"),
            officer=officer(),
        )
    assert refused.value.code == "revolvingfund.scan_type"
    assert not application.documents.exists()


def test_eligibility_is_explained_rule_by_rule(in_alpha: Office) -> None:
    round_ = open_round(in_alpha)
    application = eligible(round_)
    assert application.status == ApplicationStatus.ELIGIBLE
    rules = {rule["rule"]: rule for rule in application.eligibility}
    assert {"category", "position", "service_years", "cap", "term", "debt_covers_loan",
            "debt_age", "net_pay"} <= set(rules)  # fmt: skip
    assert all(rule["passed"] for rule in application.eligibility)
    assert "200,000.00" in rules["cap"]["detail"]
    # the instalment on 200,000 at MLR−1 (5.525 %) over 96 months
    assert application.planned_instalment == Decimal("2582.27")
    assert application.check_figures["new_instalment"] == "2582.27"
    assert application.terms_code == "fy2557" and application.terms_confirmed is False


def test_a_request_above_the_cap_and_the_debt_is_ineligible(in_alpha: Office) -> None:
    round_ = open_round(in_alpha)
    application = eligible(round_, amount="300000")
    assert application.status == ApplicationStatus.INELIGIBLE
    failed = {rule["rule"] for rule in application.eligibility if not rule["passed"]}
    assert failed == {"cap", "debt_covers_loan"}
    assert "200,000.00" in application.decision_reason


def test_a_non_teaching_position_is_ineligible_under_the_2557_terms(in_alpha: Office) -> None:
    round_ = open_round(in_alpha)
    person = teacher()
    person.position = "นักวิชาการศึกษา"
    person.category = "education_personnel"
    person.save()
    application = eligible(round_, person=person)
    failed = {rule["rule"] for rule in application.eligibility if not rule["passed"]}
    assert failed == {"category", "position"}


def test_a_guarantor_without_pay_data_fails_their_rule(in_alpha: Office) -> None:
    from tests.people.factories import make_person

    round_ = open_round(in_alpha)
    no_pay = make_person(category="teacher", position="ครู")
    application = eligible(round_, guarantor_people=[(teacher(), True), (no_pay, True)])
    failed = [rule for rule in application.eligibility if not rule["passed"]]
    assert [rule["rule"] for rule in failed] == [f"guarantor:{no_pay.pk}"]
    assert "ไม่มีข้อมูลเงินเดือน" in failed[0]["detail"]


def test_the_net_pay_check_uses_the_payslip_with_the_planned_instalment(in_alpha: Office) -> None:
    round_ = open_round(in_alpha)
    # 30,000 − 19,000 − 2,582.27 = 8,417.73 < 9,000 (30 %): a warning by default, not a block
    application = eligible(round_, person=teacher(deductions="19000"))
    assert application.check_outcome == "warn"
    assert application.status == ApplicationStatus.ELIGIBLE
    assert application.net_pay == Decimal("8417.73")


def test_checking_twice_acts_once(in_alpha: Office) -> None:
    round_ = open_round(in_alpha)
    application = eligible(round_)
    events = AuditEvent.objects.filter(action="revolvingfund.application_checked").count()
    services.application_check(application=application, officer=officer(), at=CHECKED)
    assert AuditEvent.objects.filter(action="revolvingfund.application_checked").count() == events


def test_one_application_per_person_and_round(in_alpha: Office) -> None:
    round_ = open_round(in_alpha)
    person = teacher()
    receive(round_, person=person)
    with pytest.raises(ApplicationError) as refused:
        receive(round_, person=person)
    assert refused.value.code == "revolvingfund.already_applied"
    assert Application.objects.count() == 1


def test_the_terms_in_force_are_the_newest_version_by_then() -> None:
    from central.fund import fund_terms_for

    assert fund_terms_for(fiscal_year=2557, round_number=2).code == "fy2557"  # type: ignore[union-attr]
    assert fund_terms_for(fiscal_year=2558, round_number=2).code == "fy2558-r2"  # type: ignore[union-attr]
    # Round 1 of 2558 has no version of its own: 2557's is still in force.
    assert fund_terms_for(fiscal_year=2558, round_number=1).code == "fy2557"  # type: ignore[union-attr]
    assert fund_terms_for(fiscal_year=2570, round_number=1).code == "fy2563"  # type: ignore[union-attr]
    assert fund_terms_for(fiscal_year=2550, round_number=1) is None
