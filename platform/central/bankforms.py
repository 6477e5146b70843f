"""Bank forms as data: the fields a template may use, choosing the version in force, checking a
template's body, and printing a filled form as PDF.

A template's body is a list of blocks (JSON), each a dict with a `type`:

    {"type": "heading", "text": "หนังสือรับรองเงินเดือน", "align": "center"}
    {"type": "paragraph", "text": "ขอรับรองว่า {person.name} ตำแหน่ง {person.position} ...",
     "indent": true}
    {"type": "table", "rows": [["เงินเดือน", "{payslip.base_salary} บาท"], ...]}
    {"type": "signature", "closing": "ขอแสดงความนับถือ", "caption": "ผู้รับรอง",
     "name": "{signer.name}", "position": "{signer.position}"}
    {"type": "space", "lines": 1}

`{field}` is replaced by the caller's value for a key of `FIELDS`; a value the caller does not
give prints as a dotted line, to be completed by hand. The caller formats every value (amounts
with `core.thai.format_baht`, dates in B.E. with `core.thai.format_be_date`); in Thai-digit mode
the document turns digits into Thai digits except in identifiers (`IDENTIFIER_FIELDS`, or any
value passed as `core.documents.Identifier`).

Reads run in any schema (the tables are in public, which every office's search path includes).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from typing import Any, cast

from django.db.models import Q, QuerySet

from central.banks import Bank, BankFormTemplate, LoanProgramme
from core.documents import FONT, Identifier, Mixed, ThaiDocument

MAX_GUARANTORS = 5

FIELDS: dict[str, str] = {
    "person.name": "ชื่อ-สกุล",
    "person.national_id": "เลขประจำตัวประชาชน",
    "person.position": "ตำแหน่ง",
    "person.academic_standing": "วิทยฐานะ",
    "person.category": "ประเภทบุคลากร",
    "person.school": "สถานศึกษา/หน่วยงาน",
    "person.phone": "โทรศัพท์ผู้กู้",
    "person.birth_date": "วันเกิด",
    "person.age": "อายุ (ปี)",
    "person.retirement_date": "วันที่เกษียณอายุราชการ",
    "office.name": "ชื่อส่วนราชการ",
    "office.address": "ที่อยู่ส่วนราชการ",
    "office.phone": "โทรศัพท์ส่วนราชการ",
    "payslip.month": "เดือนของข้อมูลเงินเดือน",
    "payslip.base_salary": "เงินเดือน",
    "payslip.allowances": "เงินประจำตำแหน่งและเงินเพิ่มอื่น",
    "payslip.total_income": "รวมรายรับ",
    "payslip.total_deductions": "รวมรายการหัก",
    "payslip.net_pay": "เงินคงเหลือสุทธิ",
    "payslip.net_pay_after": "เงินคงเหลือสุทธิหลังหักงวดใหม่",
    "loan.amount": "วงเงินที่ขอกู้",
    "loan.amount_words": "วงเงินที่ขอกู้ (ตัวอักษร)",
    "loan.instalment": "งวดผ่อนชำระต่อเดือน",
    "loan.instalment_words": "งวดผ่อนชำระต่อเดือน (ตัวอักษร)",
    "loan.term_months": "จำนวนงวด (เดือน)",
    "loan.purpose": "วัตถุประสงค์การกู้",
    "loan.contract_number": "เลขที่สัญญากู้",
    "bank.name": "ชื่อธนาคาร",
    "bank.branch": "สาขาธนาคาร",
    "programme.name": "ชื่อโครงการสินเชื่อ",
    "certificate.number": "เลขที่หนังสือรับรอง",
    "certificate.date": "วันที่ออกหนังสือรับรอง",
    "signer.name": "ชื่อผู้ลงนาม",
    "signer.position": "ตำแหน่งผู้ลงนาม",
    **{
        f"guarantor.{n}.{key}": f"{label} ผู้ค้ำประกันคนที่ {n}"
        for n in range(1, MAX_GUARANTORS + 1)
        for key, label in (
            ("name", "ชื่อ-สกุล"),
            ("national_id", "เลขประจำตัวประชาชน"),
            ("position", "ตำแหน่ง"),
            ("school", "สถานศึกษา/หน่วยงาน"),
            ("base_salary", "เงินเดือน"),
            ("net_pay", "เงินคงเหลือสุทธิ"),
        )
    },
}

# Printed exactly as written, never in Thai digits: numbers that belong to someone else.
IDENTIFIER_FIELDS: frozenset[str] = frozenset(
    {"person.national_id", "loan.contract_number"}
    | {f"guarantor.{n}.national_id" for n in range(1, MAX_GUARANTORS + 1)}
)

BLANK = "." * 32
# A bank form fits one page where it can: a little smaller than a register's 14 pt.
FORM_SIZE = 13
LINE_SPACING = 1.4
UNCONFIRMED_MARK = "ตัวอย่าง ยังไม่ได้ยืนยันกับธนาคาร (unconfirmed sample)"

BLOCK_KINDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    # block type: its keys and their types (the keys after "type"; all optional but the first)
    "heading": {"text": str, "align": str},
    "paragraph": {"text": str, "align": str, "indent": bool},
    "table": {"rows": list},
    "signature": {"closing": str, "caption": str, "name": str, "position": str},
    "space": {"lines": int},
}
REQUIRED_KEYS = {"heading": "text", "paragraph": "text", "table": "rows", "signature": "caption"}
ALIGNS = {"left": "L", "center": "C", "right": "R", "justify": "J"}
MAX_BLOCKS = 120
MAX_TEXT = 2000
MAX_TABLE_ROWS = 60
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# ---------------------------------------------------------------------------------------------
# Reads


def banks(active_only: bool = True) -> QuerySet[Bank]:
    queryset = Bank.objects.all()
    return queryset.filter(is_active=True) if active_only else queryset


def programmes(bank: Bank, active_only: bool = True) -> QuerySet[LoanProgramme]:
    queryset = LoanProgramme.objects.filter(bank=bank).select_related("bank")
    return queryset.filter(is_active=True) if active_only else queryset


def _in_force(on: date) -> Q:
    return Q(effective_from__lte=on) & (Q(effective_to__isnull=True) | Q(effective_to__gte=on))


def form_for(programme: LoanProgramme, on: date) -> BankFormTemplate | None:
    """The form to print for `programme` on `on`: the programme's own version in force that
    day, else the bank-wide one; of several in force, the one that took effect last (then the
    highest version). None if the bank has no form in force."""
    candidates = BankFormTemplate.objects.filter(_in_force(on), bank_id=programme.bank_id)
    ordering = ("-effective_from", "-version")
    own = candidates.filter(programme=programme).order_by(*ordering).first()
    if own is not None:
        return own
    return candidates.filter(programme__isnull=True).order_by(*ordering).first()


def fields_used(body: Any) -> list[str]:
    """The field keys a body's blocks name, in the order they first appear."""
    seen: dict[str, None] = {}
    for text in _texts(body):
        for match in PLACEHOLDER.finditer(text):
            seen.setdefault(match.group(1).strip(), None)
    return list(seen)


def _texts(body: Any) -> list[str]:
    texts: list[str] = []
    if not isinstance(body, list):
        return texts
    for block in body:
        if not isinstance(block, dict):
            continue
        for key, value in block.items():
            if key == "rows" and isinstance(value, list):
                texts.extend(c for row in value if isinstance(row, list) for c in row)
            elif key != "type" and isinstance(value, str):
                texts.append(value)
    return [text for text in texts if isinstance(text, str)]


def body_as_text(body: Any) -> str:
    """The body as indented JSON for people to read and edit, each block's keys in a fixed
    order (`type` first), whatever order the database gave them in (jsonb sorts keys)."""

    def ordered(block: Any) -> Any:
        if not isinstance(block, dict) or block.get("type") not in BLOCK_KINDS:
            return block
        keys = ["type", *BLOCK_KINDS[block["type"]]]
        rank = {key: index for index, key in enumerate(keys)}
        return dict(sorted(block.items(), key=lambda item: rank.get(item[0], len(rank))))

    blocks = [ordered(block) for block in body] if isinstance(body, list) else body
    return json.dumps(blocks, ensure_ascii=False, indent=2)


# ---------------------------------------------------------------------------------------------
# Checking a body


def _text_problems(where: str, text: str) -> list[str]:
    problems = []
    if len(text) > MAX_TEXT:
        problems.append(f"{where}: ข้อความยาวเกิน {MAX_TEXT} ตัวอักษร")
    if CONTROL_CHARACTERS.search(text):
        problems.append(f"{where}: มีอักขระควบคุมที่พิมพ์ไม่ได้")
    for match in PLACEHOLDER.finditer(text):
        if match.group(1).strip() not in FIELDS:
            problems.append(f"{where}: ไม่รู้จักช่องข้อมูล {{{match.group(1)}}}")
    rest = PLACEHOLDER.sub("", text)
    if "{" in rest or "}" in rest:
        problems.append(f"{where}: วงเล็บปีกกา {{ }} ไม่ครบคู่")
    return problems


def _block_problems(number: int, block: Any) -> list[str]:
    where = f"ส่วนที่ {number}"
    if not isinstance(block, dict):
        return [f"{where}: ต้องเป็นออบเจกต์ JSON ที่มีคีย์ type"]
    kind = block.get("type")
    if kind not in BLOCK_KINDS:
        known = ", ".join(BLOCK_KINDS)
        return [f"{where}: ไม่รู้จักชนิดส่วน {kind!r} (ใช้ได้: {known})"]
    keys = BLOCK_KINDS[kind]
    problems = []
    required = REQUIRED_KEYS.get(kind)
    if required and required not in block:
        problems.append(f"{where} ({kind}): ต้องมีคีย์ {required}")
    for key, value in block.items():
        if key == "type":
            continue
        if key not in keys:
            problems.append(f"{where} ({kind}): ไม่รู้จักคีย์ {key!r}")
            continue
        expected = keys[key]
        # bool is an int in Python; a count must not be true/false.
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            problems.append(f"{where} ({kind}): ค่าของ {key} ผิดชนิด")
            continue
        if key == "align" and value not in ALIGNS:
            problems.append(f"{where} ({kind}): align ต้องเป็น left, center, right หรือ justify")
        elif key == "lines" and isinstance(value, int) and not 1 <= value <= 10:
            problems.append(f"{where} ({kind}): lines ต้องอยู่ระหว่าง 1 ถึง 10")
        elif key == "rows" and isinstance(value, list):
            problems.extend(_rows_problems(where, value))
        elif isinstance(value, str):
            problems.extend(_text_problems(where, value))
    return problems


def _rows_problems(where: str, rows: list[Any]) -> list[str]:
    if not rows:
        return [f"{where} (table): ตารางต้องมีอย่างน้อยหนึ่งแถว"]
    if len(rows) > MAX_TABLE_ROWS:
        return [f"{where} (table): ตารางมีได้ไม่เกิน {MAX_TABLE_ROWS} แถว"]
    problems = []
    for index, row in enumerate(rows, start=1):
        if not (isinstance(row, list) and len(row) == 2 and all(isinstance(c, str) for c in row)):
            problems.append(f'{where} แถวที่ {index}: ต้องเป็น ["หัวข้อ", "ค่า"]')
            continue
        for cell in row:
            problems.extend(_text_problems(f"{where} แถวที่ {index}", cell))
    return problems


def template_problems(body: Any) -> list[str]:
    """What is wrong with a template body, in Thai, one line a problem; empty if it can be
    saved and printed."""
    if not isinstance(body, list):
        return ["เนื้อหาแบบฟอร์มต้องเป็นรายการ (JSON array) ของส่วนต่าง ๆ"]
    if not body:
        return ["แบบฟอร์มต้องมีอย่างน้อยหนึ่งส่วน"]
    if len(body) > MAX_BLOCKS:
        return [f"แบบฟอร์มมีได้ไม่เกิน {MAX_BLOCKS} ส่วน"]
    problems: list[str] = []
    for number, block in enumerate(body, start=1):
        problems.extend(_block_problems(number, block))
    return problems


# ---------------------------------------------------------------------------------------------
# Printing


class BankFormDocument(ThaiDocument):
    """A bank form: its title and the bank on every page, and, until the template is confirmed,
    the unconfirmed-sample mark across every page."""

    def __init__(self, *, unconfirmed: bool, **kwargs: Any) -> None:
        self.unconfirmed = unconfirmed
        super().__init__(**kwargs)

    def header(self) -> None:
        if self.unconfirmed:
            self._unconfirmed_mark()
        super().header()

    def _unconfirmed_mark(self) -> None:
        x, y = self.get_x(), self.get_y()
        self.set_text_color(215, 215, 215)
        self.set_font(FONT, "B", 44)
        with self.rotation(35, self.w / 2, self.h / 2):
            self.set_xy(0, self.h / 2 - 12)
            self.cell(self.w, 24, self.th("ตัวอย่าง ยังไม่ได้ยืนยัน"), align="C")
        self.set_text_color(180, 0, 0)
        self.set_font(FONT, "B", FORM_SIZE - 1)
        self.set_xy(self.l_margin, 6)
        self.cell(0, 6, self.th(UNCONFIRMED_MARK), align="C")
        self.set_text_color(0, 0, 0)
        self.set_xy(x, y)


def _filled(text: str, values: Mapping[str, str]) -> Mixed:
    """`text` with its placeholders replaced: identifiers stay identifiers (never in Thai
    digits), a missing or empty value is a dotted line."""
    parts: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        parts.append(text[position : match.start()])
        key = match.group(1).strip()
        value = values.get(key)
        if value is None or str(value).strip() == "":
            parts.append(BLANK)
        elif key in IDENTIFIER_FIELDS or isinstance(value, Identifier):
            parts.append(Identifier(str(value)))
        else:
            parts.append(str(value))
        position = match.end()
    parts.append(text[position:])
    return Mixed(*[part for part in parts if part])


def _line_height(doc: ThaiDocument) -> float:
    return doc.font_size * LINE_SPACING


def render_form(
    template: BankFormTemplate,
    values: Mapping[str, str],
    *,
    thai_digits: bool = False,
    confirmed: bool | None = None,
) -> bytes:
    """The template filled with `values` (keys of `FIELDS`, formatted by the caller) as a PDF.

    `confirmed` overrides the template's own flag: an office that has checked this version
    with its bank branch prints it without the unconfirmed-sample mark (True), or keeps the
    mark on a version the central agency confirmed but the office has not (False).

    Raises ValueError if the body has problems (`template_problems`); the services never save
    such a body."""
    problems = template_problems(template.body)
    if problems:
        raise ValueError("; ".join(problems))
    scope = template.bank.name_th
    if template.programme:
        scope += f" · {template.programme.name_th}"
    doc = BankFormDocument(
        unconfirmed=not (template.confirmed if confirmed is None else confirmed),
        title=template.title_th,
        office_name=scope,
        thai_digits=thai_digits,
    )
    doc.add_page()
    for block in template.body:
        _draw_block(doc, block, values)
    return doc.output_bytes()


def _draw_block(doc: ThaiDocument, block: dict[str, Any], values: Mapping[str, str]) -> None:
    kind = block["type"]
    align = ALIGNS[block.get("align", "center" if kind == "heading" else "left")]
    if kind == "heading":
        doc.set_font(FONT, "B", FORM_SIZE + 1)
        text = doc.th(_filled(block["text"], values))
        doc.multi_cell(0, _line_height(doc), text, align=align, new_x="LMARGIN", new_y="NEXT")
        doc.ln(1)
    elif kind == "paragraph":
        doc.set_font(FONT, "", FORM_SIZE)
        indent = "\u00a0" * 12 if block.get("indent") else ""
        text = indent + doc.th(_filled(block["text"], values))
        doc.multi_cell(0, _line_height(doc), text, align=align, new_x="LMARGIN", new_y="NEXT")
        doc.ln(1)
    elif kind == "table":
        doc.set_font(FONT, "", FORM_SIZE)
        with doc.table(
            col_widths=(42, 58),
            first_row_as_headings=False,
            line_height=doc.font_size * 1.25,
            borders_layout="HORIZONTAL_LINES",
        ) as table:
            for label, value in block["rows"]:
                row = table.row()
                row.cell(doc.th(_filled(label, values)))
                row.cell(doc.th(_filled(value, values)))
        doc.ln(2)
    elif kind == "signature":
        _draw_signature(doc, block, values)
    elif kind == "space":
        doc.ln(_line_height(doc) * block.get("lines", 1))


def _draw_signature(doc: ThaiDocument, block: dict[str, Any], values: Mapping[str, str]) -> None:
    """The closing (if any), the signature line, the name in brackets and the position, centred
    in the right half of the page and kept together on one page."""
    doc.set_font(FONT, "", FORM_SIZE)
    height = _line_height(doc)
    lines: list[str] = []
    if block.get("closing"):
        lines += [_filled(block["closing"], values), ""]
    lines.append(f"ลงชื่อ {BLANK} {block['caption']}".strip())
    lines.append(Mixed("(", _filled(block.get("name") or "", values) or BLANK, ")"))
    if block.get("position"):
        lines.append(_filled(block["position"], values))
    left = doc.l_margin + doc.epw * 0.4
    width = doc.epw * 0.6
    needed = sum(
        len(
            cast(
                list[str], doc.multi_cell(width, height, doc.th(line), dry_run=True, output="LINES")
            )
        )
        for line in lines
    )
    if doc.get_y() + (needed + 1) * height > doc.h - doc.b_margin:
        doc.add_page()  # a signature is never split from its name
    doc.ln(height / 3)
    for line in lines:
        doc.set_x(left)
        doc.multi_cell(width, height, doc.th(line), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.ln(height / 3)


def sample_values() -> dict[str, str]:
    """Values to preview a template with (invented; guarantors left blank to show the dotted
    lines an officer completes by hand)."""
    return {
        "person.name": "นางสาวสมใจ ใจดี",
        "person.national_id": "3-9301-00123-45-1",
        "person.position": "ครู",
        "person.academic_standing": "ชำนาญการพิเศษ",
        "person.category": "ข้าราชการครู",
        "person.school": "โรงเรียนบ้านตัวอย่าง",
        "person.phone": "08 1234 5678",
        "person.birth_date": "12 มีนาคม 2515",
        "person.age": "42",
        "person.retirement_date": "30 กันยายน 2575",
        "office.name": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2",
        "office.address": "ถนนราเมศวร์ ตำบลคูหาสวรรค์ อำเภอเมือง จังหวัดพัทลุง 93000",
        "office.phone": "0 7461 2345",
        "payslip.month": "มิถุนายน 2557",
        "payslip.base_salary": "32,450.00",
        "payslip.allowances": "5,600.00",
        "payslip.total_income": "38,050.00",
        "payslip.total_deductions": "18,230.00",
        "payslip.net_pay": "19,820.00",
        "payslip.net_pay_after": "15,320.00",
        "loan.amount": "300,000.00",
        "loan.amount_words": "สามแสนบาทถ้วน",
        "loan.instalment": "4,500.00",
        "loan.instalment_words": "สี่พันห้าร้อยบาทถ้วน",
        "loan.term_months": "84",
        "loan.purpose": "ชำระหนี้และใช้จ่ายในครอบครัว",
        "loan.contract_number": "",
        "bank.name": "ธนาคารตัวอย่าง",
        "bank.branch": "สาขาพัทลุง",
        "programme.name": "สินเชื่อตัวอย่าง",
        "certificate.number": "ศธ 04123/1234",
        "certificate.date": "20 มิถุนายน 2557",
        "signer.name": "นายสมชาย รักการศึกษา",
        "signer.position": "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2",
    }


def preview_values(template: BankFormTemplate) -> dict[str, str]:
    values = sample_values()
    values["bank.name"] = template.bank.name_th
    if template.programme:
        values["programme.name"] = template.programme.name_th
    return values
