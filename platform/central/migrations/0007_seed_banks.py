"""Seed the banks of the FY 2557 report (GSB, Krungthai, GHB), their teacher loan programmes and
a form set for each, all unconfirmed: the programme terms and the forms' wording are researched
samples (DOMAIN-wave2 (a)), to be checked against each bank's current paper form before an
office relies on them. Frozen here on purpose: later edits are new versions made on the
central site, never edits of this file.
"""

import datetime

from django.db import migrations

SINCE = datetime.date(2007, 1, 1)  # 1 Jan 2550: before FY 2557, the report's year
SEEDED_BY = "ข้อมูลตั้งต้น"

BANKS = [
    ("gsb", "ธนาคารออมสิน", "ออมสิน", 10),
    ("ktb", "ธนาคารกรุงไทย จำกัด (มหาชน)", "กรุงไทย", 20),
    ("ghb", "ธนาคารอาคารสงเคราะห์", "ธอส.", 30),
]

# bank, code, name, kind, guarantors, pensioners, longest term (months)
PROGRAMMES = [
    ("gsb", "welfare", "สินเชื่อสวัสดิการข้าราชการครู (หักเงินเดือน)", "welfare_deduction", 2, False, 180),
    ("gsb", "academic-standing", "สินเชื่อเพื่อพัฒนาคุณภาพชีวิตครู (วิทยฐานะ)", "multipurpose", 3, False, 240),
    (
        "gsb",
        "pension",
        "สินเชื่อสวัสดิการผู้รับบำนาญ (หลักประกันบำเหน็จตกทอด)",
        "welfare_deduction",
        0,
        True,
        180,
    ),
    (
        "ktb",
        "thanawat",
        "สินเชื่อสวัสดิการข้าราชการ กรุงไทยธนวัฏ (หักเงินเดือน)",
        "welfare_deduction",
        1,
        False,
        240,
    ),
    ("ktb", "multipurpose", "สินเชื่ออเนกประสงค์สวัสดิการภาครัฐ", "multipurpose", 0, False, 240),
    (
        "ghb",
        "welfare-housing",
        "เงินกู้สวัสดิการเพื่อที่อยู่อาศัยสำหรับข้าราชการ (หักเงินเดือน)",
        "housing",
        0,
        False,
        480,
    ),
    ("ghb", "ghb-gpf", "บ้าน ธอส.–กบข.", "housing", 0, False, 480),
]

INCOME_ROWS = [
    ["เงินเดือน", "{payslip.base_salary} บาท"],
    ["เงินประจำตำแหน่ง/เงินวิทยฐานะและเงินเพิ่มอื่น", "{payslip.allowances} บาท"],
    ["รวมรายรับต่อเดือน", "{payslip.total_income} บาท"],
    ["รวมรายการหักต่อเดือน (ปัจจุบัน)", "{payslip.total_deductions} บาท"],
    ["เงินคงเหลือสุทธิ", "{payslip.net_pay} บาท"],
    ["เงินคงเหลือสุทธิหลังหักงวดชำระนี้", "{payslip.net_pay_after} บาท"],
]


def _letter_head():
    return [
        {"type": "paragraph", "text": "ที่ {certificate.number}", "align": "left"},
        {"type": "paragraph", "text": "{office.name}\n{office.address}", "align": "right"},
        {"type": "paragraph", "text": "{certificate.date}", "align": "center"},
    ]


def _certificate(subject, addressee, purpose_line, undertaking, extra=()):
    return [
        *_letter_head(),
        {"type": "paragraph", "text": f"เรื่อง  {subject}"},
        {"type": "paragraph", "text": f"เรียน  {addressee}"},
        {
            "type": "paragraph",
            "indent": True,
            "text": "ด้วย {person.name} เลขประจำตัวประชาชน {person.national_id} ตำแหน่ง "
            "{person.position} วิทยฐานะ {person.academic_standing} สถานศึกษา {person.school} "
            "สังกัด{office.name} " + purpose_line,
        },
        {
            "type": "paragraph",
            "indent": True,
            "text": "{office.name} ขอรับรองว่าผู้กู้เป็นข้าราชการในสังกัด ปัจจุบันยังรับราชการอยู่ "
            "ไม่อยู่ระหว่างถูกดำเนินการทางวินัยหรือถูกฟ้องคดีล้มละลาย "
            "และมีรายได้และรายการหักตามหลักฐานการจ่ายเงินเดือนประจำเดือน {payslip.month} ดังนี้",
        },
        {"type": "table", "rows": INCOME_ROWS},
        *extra,
        {"type": "paragraph", "indent": True, "text": undertaking},
        {"type": "paragraph", "indent": True, "text": "จึงเรียนมาเพื่อโปรดพิจารณา"},
        {
            "type": "signature",
            "closing": "ขอแสดงความนับถือ",
            "caption": "ผู้รับรอง",
            "name": "{signer.name}",
            "position": "{signer.position}",
        },
        {
            "type": "signature",
            "caption": "ผู้กู้ (ผู้ยินยอมให้หักเงินเดือน)",
            "name": "{person.name}",
            "position": "{person.position} {person.school}",
        },
    ]


def _undertaking(bank_phrase):
    return (
        "{office.name} ยินยอมหักเงินเดือนของผู้กู้ ณ ที่จ่าย งวดละ {loan.instalment} บาท "
        "({loan.instalment_words}) จำนวน {loan.term_months} งวด และนำส่ง" + bank_phrase + " "
        "ทุกเดือนจนกว่าจะชำระหนี้เสร็จสิ้น ทั้งนี้ หากผู้กู้ย้าย โอน ลาออก ถูกให้ออก หรือพ้นจากราชการ "
        "จะแจ้งให้ธนาคารทราบเป็นหนังสือโดยเร็ว"
    )


def _guarantor_block(count):
    rows = []
    for n in range(1, count + 1):
        rows.append([f"ผู้ค้ำประกันคนที่ {n}", f"{{guarantor.{n}.name}}"])
        rows.append(["ตำแหน่ง / สถานศึกษา", f"{{guarantor.{n}.position}} {{guarantor.{n}.school}}"])
        rows.append(
            [
                "เงินเดือน / คงเหลือสุทธิ",
                f"{{guarantor.{n}.base_salary}} บาท / {{guarantor.{n}.net_pay}} บาท",
            ]
        )
    return [
        {"type": "paragraph", "indent": True, "text": "ผู้ค้ำประกันซึ่งเป็นข้าราชการในสังกัดเดียวกัน ได้แก่"},
        {"type": "table", "rows": rows},
    ]


BORROWING = (
    "มีความประสงค์ขอกู้เงินจาก{bank.name} {bank.branch} ตามโครงการ{programme.name} "
    "จำนวนเงิน {loan.amount} บาท ({loan.amount_words}) เพื่อ{loan.purpose}"
)

TEMPLATES = [
    # bank, programme code or None, title, body
    (
        "gsb",
        None,
        "หนังสือรับรองเงินเดือนและยินยอมหักเงินเดือน (ธนาคารออมสิน)",
        _certificate(
            "รับรองเงินเดือนและยินยอมหักเงินเดือนชำระหนี้เงินกู้ธนาคารออมสิน",
            "ผู้จัดการธนาคารออมสิน {bank.branch}",
            BORROWING,
            _undertaking("ธนาคารออมสิน"),
        ),
    ),
    (
        "gsb",
        "welfare",
        "หนังสือรับรองและยินยอมหักเงินเดือน สินเชื่อสวัสดิการข้าราชการครู (ธนาคารออมสิน)",
        _certificate(
            "รับรองเงินเดือนและยินยอมหักเงินเดือนชำระหนี้สินเชื่อสวัสดิการข้าราชการครู",
            "ผู้จัดการธนาคารออมสิน {bank.branch}",
            BORROWING,
            _undertaking("ธนาคารออมสิน"),
            extra=_guarantor_block(2),
        ),
    ),
    (
        "ktb",
        None,
        "หนังสือรับรองเงินเดือนและยินยอมให้หักเงินเดือน (ธนาคารกรุงไทย)",
        _certificate(
            "รับรองเงินเดือนและยินยอมหักเงินเดือนชำระหนี้เงินกู้ธนาคารกรุงไทย",
            "ผู้จัดการธนาคารกรุงไทย จำกัด (มหาชน) {bank.branch}",
            BORROWING,
            _undertaking("ธนาคารกรุงไทย จำกัด (มหาชน)"),
        ),
    ),
    (
        "ktb",
        "thanawat",
        "หนังสือรับรองและยินยอมหักเงินเดือน สินเชื่อกรุงไทยธนวัฏ (ธนาคารกรุงไทย)",
        _certificate(
            "รับรองเงินเดือนและยินยอมหักเงินเดือนชำระหนี้สินเชื่อสวัสดิการกรุงไทยธนวัฏ",
            "ผู้จัดการธนาคารกรุงไทย จำกัด (มหาชน) {bank.branch}",
            BORROWING,
            _undertaking("ธนาคารกรุงไทย จำกัด (มหาชน)"),
            extra=_guarantor_block(1),
        ),
    ),
    (
        "ghb",
        None,
        "หนังสือรับรองเงินเดือนและยินยอมหักเงินเดือน (ธนาคารอาคารสงเคราะห์)",
        _certificate(
            "รับรองเงินเดือนและยินยอมหักเงินเดือนชำระหนี้เงินกู้เพื่อที่อยู่อาศัย",
            "ผู้จัดการธนาคารอาคารสงเคราะห์ {bank.branch}",
            "มีความประสงค์ขอกู้เงินจากธนาคารอาคารสงเคราะห์ {bank.branch} ตาม{programme.name} "
            "จำนวนเงิน {loan.amount} บาท ({loan.amount_words}) เพื่อ{loan.purpose} "
            "โดยผ่อนชำระเป็นรายเดือนด้วยวิธีหักเงินเดือน ณ ที่จ่าย",
            _undertaking("ธนาคารอาคารสงเคราะห์"),
        ),
    ),
]


def seed(apps, schema_editor):
    if getattr(schema_editor.connection, "schema_name", "public") != "public":
        return
    bank_model = apps.get_model("central", "Bank")
    programme_model = apps.get_model("central", "LoanProgramme")
    template_model = apps.get_model("central", "BankFormTemplate")
    banks = {}
    for code, name, short, order in BANKS:
        banks[code], _ = bank_model.objects.get_or_create(
            code=code, defaults={"name_th": name, "short_th": short, "display_order": order}
        )
    programmes = {}
    for bank, code, name, kind, guarantors, pensioners, term in PROGRAMMES:
        programmes[bank, code], _ = programme_model.objects.get_or_create(
            bank=banks[bank],
            code=code,
            defaults={
                "name_th": name,
                "kind": kind,
                "needs_guarantors": guarantors,
                "pensioners_allowed": pensioners,
                "max_term_months": term,
            },
        )
    for bank, programme, title, body in TEMPLATES:
        template_model.objects.get_or_create(
            bank=banks[bank],
            programme=programmes[bank, programme] if programme else None,
            version=1,
            defaults={
                "effective_from": SINCE,
                "title_th": title,
                "body": body,
                "confirmed": False,
                "created_by": SEEDED_BY,
                "note": "ตัวอย่างจากการค้นคว้า ต้องตรวจกับแบบฟอร์มปัจจุบันของธนาคารก่อนใช้จริง",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("central", "0006_banks_and_forms")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
