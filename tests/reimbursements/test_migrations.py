"""An office with claims upgrades through the migrations that move the medical and
child-education details out of the claim's table (0002, 0003): every claim keeps its details,
and a child's semester stays claimed once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from apps.reimbursements.models import ChildEducationClaimDetail, Claim, MedicalClaimDetail
from tests.reimbursements.conftest import add_child, make_claimant

BEFORE = [("reimbursements", "0001_initial")]
AFTER = [("reimbursements", "0003_claim_kind_columns_dropped")]


def _latest() -> list[tuple[str, str]]:
    """The newest migration of the app: the current models are used after the upgrade."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes("reimbursements")


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=False)
def test_claims_made_before_keep_their_details(in_alpha: object) -> None:
    teacher = make_claimant()
    kid = add_child(teacher, 1, date(2006, 1, 1))
    executor = _migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("reimbursements", "Claim")
    now = timezone.now()
    common = {
        "claimant_id": teacher.pk,
        "claimant_category": "teacher",
        "submitted_at": now,
        "rate_version": 7,
        "rate_source": "ว 1",
    }
    medical = old.objects.create(
        kind="medical",
        beneficiary_relation="self",
        beneficiary_name="สมศรี ใจดี",
        beneficiary_national_id=teacher.national_id,
        hospital_name="โรงพยาบาลพัทลุง",
        hospital_type="government",
        care_type="inpatient",
        admitted_on=date(2014, 5, 20),
        discharged_on=date(2014, 5, 22),
        special_room_rate=Decimal("1000.00"),
        claimed_amount=Decimal("3000.00"),
        payable_amount=Decimal("2000.00"),
        status="paid",
        **common,
    )
    school = {
        "kind": "child_education",
        "beneficiary_id": kid.pk,
        "beneficiary_relation": "child",
        "beneficiary_name": str(kid),
        "beneficiary_national_id": kid.national_id,
        "academic_year": 2557,
        "semester": 1,
        "school_name": "โรงเรียนบ้านควนขนุน",
        "school_type": "government",
        "education_level": "primary",
        "fee_notice_received": True,
        "rate_method": "actual",
        "rate_cap": Decimal("4000.00"),
        "entitled_amount": Decimal("4000.00"),
        "claimed_amount": Decimal("2500.00"),
        **common,
    }
    returned = old.objects.create(
        **school,
        used_before=Decimal("0.00"),
        payable_amount=Decimal("2500.00"),
        status="returned",
        return_reason="ใบเสร็จไม่ชัด",
    )
    counting = old.objects.create(
        **school, used_before=Decimal("0.00"), payable_amount=Decimal("2500.00"), status="paid"
    )

    _migrate(AFTER)
    _migrate(_latest())

    details = MedicalClaimDetail.objects.get(claim_id=medical.pk)
    assert (details.hospital_name, details.hospital_type, details.care_type) == (
        "โรงพยาบาลพัทลุง",
        "government",
        "inpatient",
    )
    assert (details.admitted_on, details.discharged_on, details.special_room_rate) == (
        date(2014, 5, 20),
        date(2014, 5, 22),
        Decimal("1000.00"),
    )
    assert Claim.objects.get(pk=medical.pk).rate_source == "ว 1"
    semesters = {d.claim_id: d for d in ChildEducationClaimDetail.objects.all()}
    assert set(semesters) == {returned.pk, counting.pk}
    assert not semesters[returned.pk].is_claimed and semesters[counting.pk].is_claimed
    kept = semesters[counting.pk]
    assert (kept.child_id, kept.child_national_id, kept.academic_year, kept.semester) == (
        kid.pk,
        kid.national_id,
        2557,
        1,
    )
    assert (kept.rate_cap, kept.entitled_amount, kept.used_before) == (
        Decimal("4000.00"),
        Decimal("4000.00"),
        Decimal("0.00"),
    )
    # The semester is still claimed once, now guarded on the details.
    again = Claim.objects.create(
        kind="child_education",
        claimant=teacher,
        claimant_category="teacher",
        beneficiary=kid,
        beneficiary_relation="child",
        beneficiary_name=str(kid),
        beneficiary_national_id=kid.national_id,
        claimed_amount=Decimal("1.00"),
        payable_amount=Decimal("1.00"),
        submitted_at=now,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildEducationClaimDetail.objects.create(
            claim=again,
            child=kid,
            child_national_id=kid.national_id,
            academic_year=2557,
            semester=1,
            rate_cap=Decimal("4000.00"),
        )


@pytest.mark.django_db(transaction=False)
def test_claims_made_before_are_marked_from_the_rate_row_they_applied(in_alpha: object) -> None:
    from central.rates import ChildEducationRate

    teacher = make_claimant()
    kid = add_child(teacher, 1, date(2006, 1, 1))
    unchecked = ChildEducationRate.objects.create(
        effective_academic_year=2550,
        school_type="government",
        level="primary",
        method="actual",
        cap_per_academic_year=Decimal("3200.00"),
        source_letter="ข้อมูลสาธิต (ไม่ใช่อัตราจริง)",
        is_confirmed=False,
    )
    executor = _migrate(AFTER)
    old = executor.loader.project_state(AFTER).apps.get_model("reimbursements", "Claim")
    made = {
        "kind": "child_education",
        "claimant_id": teacher.pk,
        "claimant_category": "teacher",
        "beneficiary_id": kid.pk,
        "beneficiary_relation": "child",
        "beneficiary_name": str(kid),
        "claimed_amount": Decimal("1000.00"),
        "payable_amount": Decimal("1000.00"),
        "submitted_at": timezone.now(),
        "rate_source": unchecked.source_letter,
    }
    under_demo = old.objects.create(rate_version=unchecked.pk, **made)
    without_row = old.objects.create(rate_version=None, **made)
    with connection.cursor() as cursor:  # the test's rows, checked before the table is altered
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    _migrate(_latest())

    assert Claim.objects.get(pk=under_demo.pk).rate_confirmed is False
    assert Claim.objects.get(pk=without_row.pk).rate_confirmed is True
