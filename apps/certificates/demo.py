"""The certificates' demo: a fiscal year of salary certificates for bank loans served at the One
Stop desk, to teachers of the demo register with the payroll demo's payslips (`apps.payroll.demo`,
built before it: payroll's order is lower).

Phatthalung Area 2 reproduces the 2557 report: Government Savings Bank 11, Krungthai 10,
Government Housing Bank 4 (DOMAIN-wave2 a.6), all teacher civil servants or education personnel,
each received, checked, prepared, signed by the director and handed over through the real
services; all but one within the 15-minute standard (24 of 25, 96 %). The instalment is sized
within the borrower's headroom, so every check passes (the 2557 office ran no such check; the
demo shows what KruCare would have recorded). Other demo offices get smaller volumes.

- Deterministic: `context.random("certificates")`.
- Idempotent: None when the office has certificates, has no volumes, or has no payslips.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from accounts.models import User
from apps.certificates.banking import LoanProgramme, programme_list
from apps.certificates.models import Certificate, CertificateSettings
from apps.certificates.services import (
    BORROWER_CATEGORIES,
    certificate_hand_over,
    certificate_prepare,
    certificate_request,
    certificate_sign,
)
from apps.payroll.models import Payslip
from apps.payroll.netpay import net_pay_check
from apps.people.models import Person, PersonStatus
from audit.services import audit_record
from core.demo import BANGKOK, DEMO_ACTOR_LABEL, HOLIDAYS, OPENS, DemoContext, scaled_count
from core.thai import fiscal_year

# Per office: certificates per bank in the fiscal year, and the letter settings.
VOLUMES: dict[str, dict[str, int]] = {
    "phatthalung2": {"gsb": 11, "ktb": 10, "ghb": 4},
    "phatthalung1": {"gsb": 8, "ktb": 7, "ghb": 3},
    "songkhlasec": {"gsb": 6, "ktb": 5, "ghb": 2},
}
PREFIXES = {"phatthalung2": "ศธ 04123", "phatthalung1": "ศธ 04122", "songkhlasec": "ศธ 04301"}
LATE = {"phatthalung2": 1}  # how many are issued after 15 minutes
PURPOSES = {
    "welfare_deduction": ("ชำระหนี้สินและใช้จ่ายในครอบครัว", "ค่าเล่าเรียนบุตร", "ซ่อมแซมบ้าน"),
    "multipurpose": ("ใช้จ่ายอเนกประสงค์", "ซื้อรถยนต์เพื่อใช้เดินทางไปปฏิบัติราชการ"),
    "housing": ("ซื้อที่ดินพร้อมบ้าน", "ปลูกสร้างบ้านบนที่ดินของตนเอง", "ไถ่ถอนจำนองบ้าน"),
    "other": ("ใช้จ่ายในครอบครัว",),
}


def _working_days(be_year: int) -> list[date]:
    fy = fiscal_year(be_year)
    days, day = [], fy.start
    while day <= fy.end:
        if day.weekday() < 5 and day not in HOLIDAYS:
            days.append(day)
        day += timedelta(days=1)
    return days


def _programme(programmes: list[LoanProgramme], bank: str) -> LoanProgramme | None:
    """The bank's teachers' programme: not a pensioners' one, the fewest guarantors."""
    own = [p for p in programmes if p.bank.code == bank and "บำนาญ" not in p.name_th]
    return min(own, key=lambda p: (p.needs_guarantors, p.pk)) if own else None


def _round_down(value: Decimal, step: int) -> Decimal:
    return Decimal(int(value) // step * step)


def build(context: DemoContext) -> dict[str, int] | None:
    volumes = VOLUMES.get(context.office_code)
    if volumes is None or Certificate.objects.exists() or not Payslip.objects.exists():
        return None
    rng = context.random("certificates")
    officer = User.objects.get(username=context.officer)
    approver = User.objects.get(username=context.approver)
    office_settings = CertificateSettings.objects.first() or CertificateSettings()
    office_settings.number_prefix = PREFIXES.get(context.office_code, office_settings.number_prefix)
    office_settings.contact = "กลุ่มบริหารงานบุคคล โทร. 0 7469 3000"
    office_settings.director_position = approver.position or "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา"
    office_settings.director_name = approver.display_name
    office_settings.save()
    programmes = programme_list()
    fy = fiscal_year(context.fiscal_year)
    with_pay = set(
        Payslip.objects.filter(month__gte=fy.start.replace(day=1), month__lte=fy.end)
        .values_list("person_id", flat=True)
        .distinct()
    )
    people = [
        p
        for p in Person.objects.filter(
            category__in=BORROWER_CATEGORIES, status=PersonStatus.ACTIVE, pk__in=with_pay
        ).order_by("pk")
    ]
    rng.shuffle(people)
    days = _working_days(context.fiscal_year)
    visits: list[tuple[str, datetime]] = []
    for bank, count in volumes.items():
        for _ in range(scaled_count(count, context.scale)):
            day = rng.choice(days)
            minute = rng.randrange(0, 6 * 60)
            visits.append((bank, datetime.combine(day, OPENS, BANGKOK) + timedelta(minutes=minute)))
    visits.sort(key=lambda visit: visit[1])
    late = set(rng.sample(range(len(visits)), min(LATE.get(context.office_code, 0), len(visits))))
    issued = 0
    pool = iter(people)
    for index, (bank, received) in enumerate(visits):
        programme = _programme(programmes, bank)
        if programme is None:
            continue
        borrower, instalment = _borrower(pool, received, rng)
        if borrower is None:
            break
        guarantors = [g for g in people if g.pk != borrower.pk][: programme.needs_guarantors]
        rng.shuffle(guarantors)
        term = min(programme.max_term_months, rng.choice((60, 84, 96, 120, 180)))
        amount = _round_down(instalment * term * Decimal("0.72"), 10_000) or Decimal(10_000)
        purposes = PURPOSES.get(programme.kind, PURPOSES["other"])
        certificate = certificate_request(
            person=borrower,
            programme=programme,
            amount=amount,
            instalment=instalment,
            term_months=term,
            purpose=rng.choice(purposes),
            guarantors=guarantors,
            received_by=officer,
            at=received,
        )
        minutes = rng.uniform(16, 24) if index in late else rng.triangular(6, 14, 9)
        certificate = certificate_prepare(
            certificate=certificate, officer=officer, at=received + timedelta(minutes=minutes * 0.6)
        )
        signed_at = received + timedelta(minutes=minutes)
        certificate = certificate_sign(certificate=certificate, signer=approver, at=signed_at)
        certificate_hand_over(
            certificate=certificate, officer=officer, at=signed_at + timedelta(seconds=40)
        )
        issued += 1
    counts = {"certificates_issued": issued}
    audit_record(
        action="demo.certificates_loaded",
        actor_label=DEMO_ACTOR_LABEL,
        target_label=f"ปีงบประมาณ {context.fiscal_year}",
        changes={name: [None, value] for name, value in counts.items()},
    )
    return counts


def _borrower(
    pool: object, received: datetime, rng: random.Random
) -> tuple[Person | None, Decimal]:
    """The next person of `pool` with a payslip before `received` and room for an instalment
    of at least 1,500 baht; the instalment, within 55–90 % of the headroom."""
    for person in pool:  # type: ignore[attr-defined]
        payslip = (
            Payslip.objects.filter(person=person, month__lte=received.date().replace(day=1))
            .order_by("-month")
            .first()
        )
        if payslip is None:
            continue
        check = net_pay_check(person=person, month=payslip.month, on=received.date())
        if check.headroom < 1_500:
            continue
        share = Decimal(str(round(rng.uniform(0.55, 0.9), 2)))
        return person, max(Decimal(1_000), _round_down(check.headroom * share, 100))
    return None, Decimal(0)


__all__ = ["VOLUMES", "build"]
