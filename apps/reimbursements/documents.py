"""The claims documents: the cash-payment receipt handed to the claimant at the desk, and the
registers of medical and child-education payments per fiscal year (Thai PDF and XLSX).

Amounts are `Decimal` all the way into the workbook (openpyxl writes a Decimal as it is), and
the totals are exact sums of the payments shown. Labels of choices are taken in Thai whatever
the language of the request: these are official documents.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from apps.reimbursements import entitlements
from apps.reimbursements.models import (
    BeneficiaryRelation,
    CareType,
    Claim,
    ClaimKind,
    HospitalType,
    Payment,
)
from apps.reimbursements.selectors import ChildEducationRow
from central.rates import EducationLevel
from core.documents import FONT, Column, Identifier, Mixed, ThaiDocument
from core.spreadsheets import xlsx_append
from core.thai import (
    BANGKOK,
    FiscalYear,
    format_baht,
    format_be_date,
    format_national_id,
    mask_national_id,
    quantize_baht,
)

ZERO = Decimal("0.00")
MONEY_FORMAT = "#,##0.00"

# What the claimant is paid for, as the receipt names it.
KIND_WORDS = {
    ClaimKind.MEDICAL: "ค่ารักษาพยาบาล",
    ClaimKind.CHILD_EDUCATION: "ค่าการศึกษาบุตร",
}
RECEIPT_SUBTITLES = {
    ClaimKind.MEDICAL: "หลักฐานการจ่ายเงินสวัสดิการเกี่ยวกับการรักษาพยาบาล",
    ClaimKind.CHILD_EDUCATION: "หลักฐานการจ่ายเงินสวัสดิการเกี่ยวกับการศึกษาของบุตร",
}

MEDICAL_TITLE = "ทะเบียนคุมการจ่ายเงินสวัสดิการค่ารักษาพยาบาล"
CHILD_EDUCATION_TITLE = "ทะเบียนคุมการเบิกจ่ายเงินสวัสดิการเกี่ยวกับการศึกษาของบุตร"

# Widths in millimetres of the landscape page's 267 mm, measured so that the widest values
# (Thai digits, a seven-digit total, "๒๘ เม.ย. ๒๕๕๗") stay on one line. The national ID goes
# under the claimant's name, for want of width; the workbook gives it a column.
MEDICAL_COLUMNS = [
    Column("ที่", 8, "CENTER"),
    Column("เลขที่จ่าย", 23, "CENTER"),
    Column("วันที่จ่าย", 26),
    Column("ผู้มีสิทธิ / เลขประจำตัวประชาชน", 38),
    Column("ประเภท", 24),
    Column("ผู้ป่วย", 39),
    Column("สถานพยาบาล", 35),
    Column("ประเภทการรักษา", 18),
    Column("จำนวนเงินตามใบเสร็จ", 28, "RIGHT"),
    Column("จำนวนเงินที่จ่าย", 28, "RIGHT"),
]
MEDICAL_XLSX_HEADINGS = [
    "ที่",
    "เลขที่จ่าย",
    "วันที่จ่าย",
    "ผู้มีสิทธิ",
    "เลขประจำตัวประชาชน",
    "ประเภท",
    "ผู้ป่วย",
    "สถานพยาบาล",
    "ประเภทการรักษา",
    "จำนวนเงินตามใบเสร็จ",
    "จำนวนเงินที่จ่าย",
]
MEDICAL_XLSX_WIDTHS = (6, 12, 14, 28, 20, 24, 34, 30, 14, 18, 18)

# Printed at 9 pt: one column more than the medical register.
CHILD_EDUCATION_COLUMNS = [
    Column("เลขทะเบียน", 21, "CENTER"),
    Column("ผู้มีสิทธิ / เลขประจำตัวประชาชน", 34),
    Column("ชื่อบุตร", 31),
    Column("ปีการศึกษา", 17, "CENTER"),
    Column("ระดับ / สถานศึกษา", 36),
    Column("ภาคเรียนที่ 1", 26, "RIGHT"),
    Column("ภาคเรียนที่ 2", 26, "RIGHT"),
    Column("สิทธิที่ได้รับ", 25, "RIGHT"),
    Column("ใช้ไป", 26, "RIGHT"),
    Column("คงเหลือ", 25, "RIGHT"),
]
CHILD_EDUCATION_XLSX_HEADINGS = [
    "เลขทะเบียน",
    "ผู้มีสิทธิ",
    "เลขประจำตัวประชาชน",
    "ชื่อบุตร",
    "ปีการศึกษา",
    "ระดับ",
    "สถานศึกษา",
    "ภาคเรียนที่ 1 จำนวนเงิน",
    "ภาคเรียนที่ 1 วันที่จ่าย",
    "ภาคเรียนที่ 1 เลขที่จ่าย",
    "ภาคเรียนที่ 2 จำนวนเงิน",
    "ภาคเรียนที่ 2 วันที่จ่าย",
    "ภาคเรียนที่ 2 เลขที่จ่าย",
    "สิทธิที่ได้รับ",
    "ใช้ไป",
    "คงเหลือ",
]
CHILD_EDUCATION_XLSX_WIDTHS = (12, 28, 20, 28, 10, 16, 30, 14, 14, 12, 14, 14, 12, 14, 14, 14)


def _national_id(value: str, *, full: bool) -> str:
    """The national ID in full or masked, printed as written (never in Thai digits)."""
    if not value:
        return ""
    return Identifier(format_national_id(value) if full else mask_national_id(value))


def _name_and_id(name: object, national_id: object) -> str:
    """A name with the national ID (an `Identifier`, from `_national_id`) on the line below."""
    if not national_id:
        return str(name)
    assert isinstance(national_id, str)  # noqa: S101 (rows hold text here)
    return Mixed(f"{name}\n", national_id)


def _total(amounts: Iterable[Decimal]) -> Decimal:
    return quantize_baht(sum(amounts, ZERO))


def _level_label(level: str) -> str:
    """The level's name in Thai; a code no longer among the levels is shown as it is."""
    try:
        return str(EducationLevel(level).label)
    except ValueError:
        return level


def _beneficiary(claim: Claim) -> str:
    """'นางสมศรี ใจดี (คู่สมรส)': the beneficiary and what they are to the claimant."""
    relation = BeneficiaryRelation(claim.beneficiary_relation).label
    return f"{claim.beneficiary_name} ({relation})"


def _care(claim: Claim) -> str:
    care_type = claim.medical.care_type
    return str(CareType(care_type).label) if care_type else ""


# --- the receipt --------------------------------------------------------------------------------


def payment_receipt_pdf(payment: Payment, *, office_name: str, thai_digits: bool) -> bytes:
    """The receipt (ใบสำคัญรับเงิน) for a cash payment, to be signed by the claimant who receives
    the money and the officer who pays it. It is handed to the claimant, so it shows their
    national ID in full. Reads the claim and, for a medical claim, its receipts."""
    with translation.override("th"):
        return _payment_receipt(payment, office_name=office_name, thai_digits=thai_digits)


def _payment_receipt(payment: Payment, *, office_name: str, thai_digits: bool) -> bytes:
    claim = payment.claim
    doc = ThaiDocument(
        title="ใบสำคัญรับเงิน",
        office_name=office_name,
        subtitle=RECEIPT_SUBTITLES[ClaimKind(claim.kind)],
        thai_digits=thai_digits,
    )
    doc.add_page()
    line = 8
    paid_at = timezone.localtime(payment.paid_at, BANGKOK)

    def right(text: str) -> None:
        doc.cell(0, line, doc.th(text), align="R", new_x="LMARGIN", new_y="NEXT")

    def field(label: str, value: object) -> None:
        doc.set_font(FONT, "B", 14)
        doc.cell(55, line, doc.th(label))
        doc.set_font(FONT, "", 14)
        doc.multi_cell(0, line, doc.th(value or "-"), align="L", new_x="LMARGIN", new_y="NEXT")

    doc.set_font(FONT, "", 14)
    right(f"เลขที่ {payment.number}")
    right(f"วันที่ {doc.be_date(paid_at)} เวลา {paid_at:%H.%M} น.")
    doc.ln(2)
    field("ผู้รับเงิน", payment.payee_name)
    field("เลขประจำตัวประชาชน", _national_id(claim.claimant.national_id, full=True))
    field("ประเภทผู้มีสิทธิ", claim.get_claimant_category_display())
    field("รับเงินค่า", KIND_WORDS[ClaimKind(claim.kind)])
    if claim.kind == ClaimKind.MEDICAL:
        field("ผู้ป่วย", _beneficiary(claim))
        medical = claim.medical
        hospital_type = HospitalType(medical.hospital_type).label if medical.hospital_type else ""
        field("สถานพยาบาล", f"{medical.hospital_name} ({hospital_type})")
        care = _care(claim)
        if medical.admitted_on:
            stay = (
                f"{doc.be_date(medical.admitted_on)} – {doc.be_date(medical.discharged_on) or '-'}"
            )
            care = f"{care} ({stay})"
        field("ประเภทการรักษา", care)
        doc.ln(2)
        _receipts_table(doc, claim)
    else:
        field("บุตร", claim.beneficiary_name)
        school = claim.child_education
        field("สถานศึกษา", school.school_name)
        field("ระดับชั้น", _level_label(school.education_level))
        field("ปีการศึกษา", f"{school.academic_year} ภาคเรียนที่ {school.semester}")
        doc.ln(2)
        _entitlement_table(doc, claim, payment)
    doc.ln(4)
    doc.set_font(FONT, "B", 15)
    doc.cell(
        0,
        line + 1,
        doc.th(f"จำนวนเงิน {format_baht(payment.amount)} บาท"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.set_font(FONT, "", 14)
    doc.multi_cell(
        0, line, doc.th(f"({payment.amount_text})"), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    doc.ln(4)
    doc.multi_cell(
        0,
        line,
        doc.th(
            f"ข้าพเจ้า {payment.payee_name} ได้รับเงินจำนวนข้างต้นเป็นเงินสดจาก {office_name} ไว้ถูกต้องแล้ว"
        ),
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    _signatures(
        doc,
        line,
        [("ผู้รับเงิน", payment.payee_name), ("ผู้จ่ายเงิน", payment.paid_by_name)],
    )
    return doc.output_bytes()


def _receipts_table(doc: ThaiDocument, claim: Claim) -> None:
    receipts = list(claim.receipts.all())
    rows: list[list[object]] = [
        [
            str(n),
            Identifier(receipt.number),  # the hospital's number, as it printed it
            doc.be_date(receipt.issued_on, style="abbr"),
            format_baht(receipt.amount),
            format_baht(receipt.payable_amount),
        ]
        for n, receipt in enumerate(receipts, start=1)
    ]
    rows.append(
        [
            "",
            "รวม",
            "",
            format_baht(_total(r.amount for r in receipts)),
            format_baht(_total(r.payable_amount for r in receipts)),
        ]
    )
    doc.register_table(
        [
            Column("ที่", 0.5, "CENTER"),
            Column("ใบเสร็จรับเงินเลขที่", 2.2),
            Column("ลงวันที่", 1.6),
            Column("จำนวนเงิน (บาท)", 1.6, "RIGHT"),
            Column("เบิกได้ (บาท)", 1.6, "RIGHT"),
        ],
        rows,
    )


def _entitlement_table(doc: ThaiDocument, claim: Claim, payment: Payment) -> None:
    detail = claim.child_education
    entitled = detail.entitled_amount or ZERO
    used_before = detail.used_before or ZERO
    remaining = entitlements.remaining_after(claim) or ZERO
    doc.register_table(
        [
            Column("สิทธิในปีการศึกษา (บาท)", 1, "RIGHT"),
            Column("เบิกไปแล้ว (บาท)", 1, "RIGHT"),
            Column("เบิกครั้งนี้ (บาท)", 1, "RIGHT"),
            Column("คงเหลือ (บาท)", 1, "RIGHT"),
        ],
        [[format_baht(v) for v in (entitled, used_before, payment.amount, remaining)]],
    )


def _signatures(doc: ThaiDocument, line: float, signers: Sequence[tuple[str, str]]) -> None:
    """Signature blocks side by side: a dotted line, the role, and the name in brackets."""
    doc.ln(16)
    if doc.will_page_break(3 * line):
        doc.add_page()
    width = doc.epw / len(signers)
    top = doc.get_y()
    for n, (role, name) in enumerate(signers):
        x = doc.l_margin + n * width
        for row, text in enumerate(
            (f"ลงชื่อ ........................................ {role}", f"({name or ' ' * 30})")
        ):
            doc.set_xy(x, top + row * line)
            doc.cell(width, line, doc.th(text), align="C")
    doc.set_xy(doc.l_margin, top + 2 * line)


# --- the medical register -----------------------------------------------------------------------


def _medical_rows(payments: Sequence[Payment], *, full_ids: bool) -> list[list[object]]:
    """One row per payment: numbers and dates as text, amounts as Decimal."""
    rows: list[list[object]] = []
    for n, payment in enumerate(payments, start=1):
        claim = payment.claim
        rows.append(
            [
                n,
                payment.number,
                format_be_date(payment.paid_at, style="abbr"),
                claim.claimant.full_name_th,
                _national_id(claim.claimant.national_id, full=full_ids),
                claim.get_claimant_category_display(),
                _beneficiary(claim),
                claim.medical.hospital_name,
                _care(claim),
                claim.claimed_amount,
                payment.amount,
            ]
        )
    return rows


def _medical_total(payments: Sequence[Payment]) -> list[object]:
    return [
        "",
        "",
        "",
        f"รวม {len(payments)} รายการ",
        "",
        "",
        "",
        "",
        "",
        _total(p.claim.claimed_amount for p in payments),
        _total(p.amount for p in payments),
    ]


def medical_register_pdf(
    payments: Iterable[Payment],
    *,
    office_name: str,
    fiscal_year: FiscalYear,
    thai_digits: bool,
    full_ids: bool,
) -> bytes:
    """The register of medical payments of the fiscal year, in the order given, with totals."""
    payments = list(payments)
    with translation.override("th"):
        rows = [*_medical_rows(payments, full_ids=full_ids), _medical_total(payments)]
        # The claimant's name and national ID share a cell on paper.
        shown = [[*row[:3], _name_and_id(row[3], row[4]), *row[5:]] for row in rows]
        title = f"{MEDICAL_TITLE} {fiscal_year}"
        return _register_pdf(
            title, office_name, MEDICAL_COLUMNS, shown, thai_digits=thai_digits, font_size=10
        )


def medical_register_xlsx(
    payments: Iterable[Payment],
    *,
    office_name: str,
    fiscal_year: FiscalYear,
    full_ids: bool,
) -> bytes:
    payments = list(payments)
    with translation.override("th"):
        return _register_xlsx(
            title=f"{MEDICAL_TITLE} {fiscal_year}",
            sheet_title=f"ค่ารักษาพยาบาล {fiscal_year.be_year}",
            office_name=office_name,
            headings=MEDICAL_XLSX_HEADINGS,
            rows=_medical_rows(payments, full_ids=full_ids),
            total=_medical_total(payments),
            widths=MEDICAL_XLSX_WIDTHS,
        )


# --- the child-education register ---------------------------------------------------------------


# Beside a payment whose claim applied a rate row not yet checked against its letter.
RATE_UNCONFIRMED = "อัตรายังไม่ยืนยัน"


def _rate_mark(payment: Payment, *, before: str = "\n") -> str:
    return "" if payment.claim.rate_confirmed else f"{before}{RATE_UNCONFIRMED}"


def _semester_cell(payment: Payment | None) -> str:
    if payment is None:
        return "-"
    paid = f"{format_baht(payment.amount)}\n{format_be_date(payment.paid_at, style='abbr')}"
    return paid + _rate_mark(payment)


def _child_education_pdf_rows(
    rows: Sequence[ChildEducationRow], *, full_ids: bool
) -> list[list[object]]:
    lines: list[list[object]] = []
    for row in rows:
        lines.append(
            [
                row.number,
                _name_and_id(
                    row.claimant.full_name_th, _national_id(row.claimant.national_id, full=full_ids)
                ),
                row.child_name,
                row.academic_year,
                f"{_level_label(row.level)}\n{row.school_name}",
                _semester_cell(row.semesters.get(1)),
                _semester_cell(row.semesters.get(2)),
                format_baht(row.entitled),
                format_baht(row.used),
                format_baht(row.remaining),
            ]
        )
    totals = _child_education_totals(rows)
    lines.append(
        [
            "",
            f"รวม {len(rows)} รายการ",
            "",
            "",
            "",
            *(format_baht(amount) for amount in totals),
        ]
    )
    return lines


def _child_education_totals(rows: Sequence[ChildEducationRow]) -> list[Decimal]:
    """Totals of semester 1, semester 2, entitled, used and remaining."""
    return [
        _total(row.semesters[1].amount for row in rows if 1 in row.semesters),
        _total(row.semesters[2].amount for row in rows if 2 in row.semesters),
        _total(row.entitled for row in rows),
        _total(row.used for row in rows),
        _total(row.remaining for row in rows),
    ]


def child_education_register_pdf(
    rows: list[ChildEducationRow],
    *,
    office_name: str,
    fiscal_year: FiscalYear,
    thai_digits: bool,
    full_ids: bool,
) -> bytes:
    """The register of child-education payments: a row per child and academic year with both
    semesters, what the child is entitled to, used and has left, and the totals."""
    with translation.override("th"):
        return _register_pdf(
            f"{CHILD_EDUCATION_TITLE} {fiscal_year}",
            office_name,
            CHILD_EDUCATION_COLUMNS,
            _child_education_pdf_rows(rows, full_ids=full_ids),
            thai_digits=thai_digits,
            font_size=9,
        )


def child_education_register_xlsx(
    rows: list[ChildEducationRow],
    *,
    office_name: str,
    fiscal_year: FiscalYear,
    full_ids: bool,
) -> bytes:
    with translation.override("th"):
        lines: list[list[object]] = []
        for row in rows:
            semesters: list[object] = []
            for semester in (1, 2):
                payment = row.semesters.get(semester)
                semesters += (
                    [
                        payment.amount,
                        format_be_date(payment.paid_at, style="abbr"),
                        payment.number + _rate_mark(payment, before=" "),
                    ]
                    if payment
                    else [None, "", ""]
                )
            lines.append(
                [
                    row.number,
                    row.claimant.full_name_th,
                    _national_id(row.claimant.national_id, full=full_ids),
                    row.child_name,
                    row.academic_year,
                    _level_label(row.level),
                    row.school_name,
                    *semesters,
                    row.entitled,
                    row.used,
                    row.remaining,
                ]
            )
        first, second, entitled, used, remaining = _child_education_totals(rows)
        total: list[object] = [
            "",
            f"รวม {len(rows)} รายการ",
            *[""] * 5,
            first,
            "",
            "",
            second,
            "",
            "",
            entitled,
            used,
            remaining,
        ]
        return _register_xlsx(
            title=f"{CHILD_EDUCATION_TITLE} {fiscal_year}",
            sheet_title=f"การศึกษาบุตร {fiscal_year.be_year}",
            office_name=office_name,
            headings=CHILD_EDUCATION_XLSX_HEADINGS,
            rows=lines,
            total=total,
            widths=CHILD_EDUCATION_XLSX_WIDTHS,
        )


# --- both registers -----------------------------------------------------------------------------


def _register_pdf(
    title: str,
    office_name: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[object]],
    *,
    thai_digits: bool,
    font_size: int,
) -> bytes:
    doc = ThaiDocument(
        title=title, office_name=office_name, thai_digits=thai_digits, landscape=True
    )
    doc.add_page()
    shown = [
        [format_baht(value) if isinstance(value, Decimal) else value for value in row]
        for row in rows
    ]
    # Drawn directly (core.documents.ruled_table): a year's register of hundreds of payments
    # draws several times faster than through fpdf2's table.
    doc.ruled_table(columns, shown, font_size=font_size, line_spacing=1.5)
    return doc.output_bytes()


def _register_xlsx(
    *,
    title: str,
    sheet_title: str,
    office_name: str,
    headings: Sequence[str],
    rows: Sequence[Sequence[object]],
    total: Sequence[object],
    widths: Sequence[int],
) -> bytes:
    """A sheet with the title, the office, a bold heading row frozen above the rows, the rows,
    and a bold total row. Decimal amounts are numbers shown with two places."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 (a new workbook has a sheet)
    sheet.title = sheet_title
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    xlsx_append(sheet, [office_name])
    sheet.append(list(headings))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        _append(sheet, row)
    _append(sheet, total)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _append(sheet: Worksheet, values: Sequence[object]) -> None:
    xlsx_append(sheet, values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, Decimal):
            cell.number_format = MONEY_FORMAT
