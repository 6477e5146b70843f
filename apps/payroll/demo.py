"""The payroll demo: payslips of the demo office's staff in service for the months Sept 2556 –
Sept 2557 (the fiscal year 2557 and the month before it, what salary certificates and the
revolving fund of FY 2557 read), with the standing deductions of their bank and fund loans.

Invented but plausible Thai teacher pay: the salary of the register as of Sept 2557 (one step
lower before each 1 Apr and 1 Oct rise), academic standing pay (ชำนาญการ 3,500, ชำนาญการพิเศษ
5,600, เชี่ยวชาญ 9,900), a director's position allowance, the temporary cost-of-living
allowance below 11,000; tax from a simple bracket computation, GPF 3 %, the savings
cooperative, ช.พ.ค./ช.พ.ส., bank loans (GSB, Krungthai, GHB) with their deduction
instructions, a few revolving-fund loans and กยศ. repayments.

- Deterministic: drawn from `context.random("payroll")`; idempotent: None when the office has
  payslips already or its register is not the demo's.
- Fast: `bulk_create` and one COPY for the lines (demo rows, not user actions), one
  `demo.payroll_loaded` audit event.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection

from apps.payroll.models import (
    BANK_CREDITORS,
    DeductionInstruction,
    DeductionKind,
    IncomeKind,
    InstructionSource,
    LineSide,
    Payslip,
    PayslipLine,
    PayslipSource,
)
from apps.payroll.months import next_month
from apps.people.demo import demo_register
from apps.people.models import Person, PersonCategory, PersonStatus
from audit.services import audit_record
from core.demo import DEMO_ACTOR_LABEL, DemoContext

LOADED = "demo.payroll_loaded"
CENT = Decimal("0.01")
# A line as COPY writes it, after its payslip's id: LINE_COLUMNS[1:].
_Line = tuple[str, str, str, str, str, Decimal, int]
FIRST_MONTH = date(2013, 9, 1)  # ก.ย. 2556
LAST_MONTH = date(2014, 9, 1)  # ก.ย. 2557
RAISES = (date(2013, 10, 1), date(2014, 4, 1))  # salary steps on 1 Oct and 1 Apr
STANDING_PAY = {"ชำนาญการ": 3_500, "ชำนาญการพิเศษ": 5_600, "เชี่ยวชาญ": 9_900}
CIVIL_SERVANTS = (PersonCategory.TEACHER, PersonCategory.EDUCATION_PERSONNEL)
IN_PAYROLL = (
    *CIVIL_SERVANTS,
    PersonCategory.GOVERNMENT_EMPLOYEE,
    PersonCategory.PERMANENT_EMPLOYEE,
)
# Share of staff with a loan at each bank, and the instalment range.
BANK_LOANS = (
    ("gsb", 0.28, (1_500, 9_000)),
    ("ktb", 0.18, (1_500, 8_000)),
    ("ghb", 0.07, (3_500, 12_000)),
)
# FY 2557's revolving-fund borrowers (DOMAIN-wave2 b.5: 16 in all) repay from mid-2557.
FUND_SHARE = 0.008


def _months() -> list[date]:
    months, month = [], FIRST_MONTH
    while month <= LAST_MONTH:
        months.append(month)
        month = next_month(month)
    return months


def _baht(value: float | int) -> Decimal:
    return Decimal(int(round(value)))


def _annual_tax(income: float, gpf: float) -> float:
    annual = income * 12
    taxable = annual - min(annual * 0.4, 60_000) - 60_000 - gpf * 12
    tax, low = 0.0, 0.0
    for high, rate in (
        (150_000, 0),
        (300_000, 0.05),
        (500_000, 0.10),
        (750_000, 0.15),
        (1e12, 0.2),
    ):
        if taxable > low:
            tax += (min(taxable, high) - low) * rate
        low = high
    return max(tax, 0.0)


@dataclass
class _Loan:
    kind: str
    creditor: str
    contract: str
    amount: Decimal
    first: date
    last: date | None


def _loans(rng: random.Random, person: Person, age: int) -> list[_Loan]:
    loans = []
    for code, share, (low, high) in BANK_LOANS:
        if rng.random() < share:
            first = date(rng.randint(2008, 2014), rng.randint(1, 12), 1)
            first = min(first, LAST_MONTH)
            years = rng.choice((5, 8, 10, 15, 20)) if code == "ghb" else rng.choice((3, 5, 7, 10))
            loans.append(
                _Loan(
                    DeductionKind.BANK_LOAN,
                    BANK_CREDITORS[code],
                    f"{code.upper()}{first.year + 543}{rng.randrange(10**6):06d}",
                    _baht(rng.randint(low, high) // 10 * 10),
                    first,
                    date(first.year + years, first.month, 1),
                )
            )
    if rng.random() < FUND_SHARE:
        first = date(2014, rng.choice((3, 8)), 1)
        loans.append(
            _Loan(
                DeductionKind.REVOLVING_FUND,
                "เงินทุนหมุนเวียนเพื่อแก้ไขปัญหาหนี้สินข้าราชการครู",
                f"ทป.{rng.randint(1, 99)}/2557",
                _baht(rng.randint(1_500, 3_000) // 10 * 10),
                first,
                date(first.year + 8, first.month, 1),
            )
        )
    return loans


def _payslip_lines(
    rng: random.Random, person: Person, age: int, loans: list[_Loan]
) -> dict[date, list[_Line]]:
    salary_now = int(person.monthly_salary or 0)
    civil = person.category in CIVIL_SERVANTS
    standing = STANDING_PAY.get(person.academic_standing, 0) if civil else 0
    director = person.position.startswith("ผู้อำนวยการ")
    coop = rng.random() < (0.75 if civil else 0.3)
    coop_amount = rng.randint(10, 150) * 100 if coop else 0
    cpk = civil and rng.random() < 0.92
    cps = cpk and rng.random() < 0.45
    student_loan = age < 36 and rng.random() < 0.25
    student_amount = rng.randint(5, 15) * 100
    by_month: dict[date, list[_Line]] = {}
    for month in _months():
        steps = sum(1 for day in RAISES if month < day)
        salary = round(salary_now / (1.03**steps) / 10) * 10
        income: list[tuple[str, Decimal, str]] = [(IncomeKind.SALARY, _baht(salary), "")]
        if standing:
            income.append((IncomeKind.ACADEMIC_STANDING, _baht(standing), ""))
        if director:
            income.append((IncomeKind.POSITION_ALLOWANCE, _baht(5_600), ""))
        if salary < 11_000:
            income.append((IncomeKind.COST_OF_LIVING, _baht(min(1_500, 11_000 - salary)), ""))
        total = sum(amount for _, amount, _ in income)
        gpf = round(salary * 0.03) if civil else 0
        deductions: list[tuple[str, Decimal, str, str, str]] = []
        tax = round(_annual_tax(float(total), gpf) / 12)
        if tax:
            deductions.append((DeductionKind.TAX, _baht(tax), "", "", ""))
        if civil:
            deductions.append((DeductionKind.GPF, _baht(gpf), "", "", ""))
        elif person.category == PersonCategory.GOVERNMENT_EMPLOYEE:
            social = min(750, round(salary * 0.05))
            deductions.append((DeductionKind.OTHER_DEDUCTION, _baht(social), "", "", "ประกันสังคม"))
        else:
            deductions.append(
                (DeductionKind.OTHER_DEDUCTION, _baht(round(salary * 0.03)), "", "", "กสจ.")
            )
        if coop:
            deductions.append(
                (DeductionKind.COOPERATIVE, _baht(coop_amount), "สหกรณ์ออมทรัพย์ครูพัทลุง", "", "")
            )
        if cpk:
            deductions.append(
                (DeductionKind.CPK, _baht(812 if month.year == 2014 else 798), "", "", "")
            )
        if cps:
            deductions.append((DeductionKind.CPS, _baht(452), "", "", ""))
        if student_loan:
            deductions.append((DeductionKind.STUDENT_LOAN, _baht(student_amount), "", "", ""))
        for loan in loans:
            if loan.first <= month and (loan.last is None or month <= loan.last):
                deductions.append((loan.kind, loan.amount, loan.creditor, loan.contract, ""))
        # Nobody's deductions pass 90 % of income: the cooperative gives way first.
        spent = sum(amount for _, amount, *_ in deductions)
        if spent > total * Decimal("0.9"):
            over = spent - total * Decimal("0.9")
            deductions = [
                (k, max(Decimal(0), a - over) if k == DeductionKind.COOPERATIVE else a, c, r, lbl)
                for k, a, c, r, lbl in deductions
            ]
        lines: list[_Line] = [
            (LineSide.INCOME, kind, "", "", "", amount, i)
            for i, (kind, amount, _) in enumerate(income)
        ]
        lines += [
            (LineSide.DEDUCTION, kind, creditor, reference, label, amount.quantize(CENT), i)
            for i, (kind, amount, creditor, reference, label) in enumerate(deductions)
            if amount > 0
        ]
        by_month[month] = lines
    return by_month


LINE_COLUMNS = (
    "payslip_id",
    "side",
    "kind",
    "creditor",
    "reference",
    "label",
    "amount",
    "position",
)


def _copy_lines(lines: Sequence[tuple[object, ...]]) -> None:
    """The lines in one COPY (about 150,000 for Phatthalung Area 2: `bulk_create` took ten
    seconds, COPY one). psycopg escapes each value (`write_row`); the table is the current
    office schema's (the cursor's search path)."""
    from psycopg import sql

    statement = sql.SQL("COPY {table} ({columns}) FROM STDIN").format(
        table=sql.Identifier(PayslipLine._meta.db_table),
        columns=sql.SQL(", ").join(sql.Identifier(c) for c in LINE_COLUMNS),
    )
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for line in lines:
            copy.write_row(line)


def build(context: DemoContext) -> dict[str, int] | None:
    """Load the payslips of Sept 2556 – Sept 2557 and the loans' deduction instructions for
    the demo register's staff in service; None if the office has payslips or a register the
    demo did not load."""
    if Payslip.objects.exists():
        return None
    register = demo_register()
    if not register:
        return None
    rng = context.random("payroll")
    on = LAST_MONTH
    staff = [
        p
        for p in register
        if p.category in IN_PAYROLL and p.status == PersonStatus.ACTIVE and p.monthly_salary
    ]
    payslips: list[Payslip] = []
    pending: list[list[_Line]] = []
    instructions: list[DeductionInstruction] = []
    for person in staff:
        age = on.year - person.birth_date.year
        loans = _loans(rng, person, age)
        for month, lines in _payslip_lines(rng, person, age, loans).items():
            payslips.append(Payslip(person=person, month=month, source=PayslipSource.DEMO))
            pending.append(lines)
        instructions += [
            DeductionInstruction(
                person=person,
                kind=loan.kind,
                creditor=loan.creditor,
                contract_number=loan.contract,
                monthly_amount=loan.amount,
                first_month=loan.first,
                last_month=loan.last,
                source=(
                    InstructionSource.FUND_LOAN
                    if loan.kind == DeductionKind.REVOLVING_FUND
                    else InstructionSource.OFFICE
                ),
                note="ข้อมูลตัวอย่าง",
            )
            for loan in loans
        ]
    Payslip.objects.bulk_create(payslips, batch_size=5000)
    lines_all = [
        (payslip.pk, *line)
        for payslip, lines in zip(payslips, pending, strict=True)
        for line in lines
    ]
    _copy_lines(lines_all)
    DeductionInstruction.objects.bulk_create(instructions, batch_size=5000)
    counts = {
        "payslips": len(payslips),
        "payslip_lines": len(lines_all),
        "deduction_instructions": len(instructions),
    }
    audit_record(
        action=LOADED,
        actor_label=DEMO_ACTOR_LABEL,
        target_label="ก.ย. 2556 – ก.ย. 2557",
        changes={name: [None, value] for name, value in counts.items()},
    )
    return counts
