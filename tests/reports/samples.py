"""Phatthalung Area 2's report of FY 2557 (`../shared/reference/`) as a `ReportContent` built by
hand, without the reference's typos, and its registers drawn from rows in memory (the real
register PDFs of apps.idcards and apps.reimbursements, no database)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import translation

from apps.idcards import documents as idcard_documents
from apps.people.models import Person
from apps.reimbursements import documents as claim_documents
from apps.reimbursements.models import Claim, MedicalClaimDetail, Payment
from apps.reimbursements.selectors import ChildEducationRow
from apps.reports.content import Group, Heading, ReportContent, Section
from core.reporting import Evidence, Figure
from core.thai import fiscal_year
from tests.idcards.test_documents import DIRECTOR_POSITION
from tests.idcards.test_documents import _application as card_application

BANGKOK = ZoneInfo("Asia/Bangkok")
OFFICE = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2"
FY = fiscal_year(2557)
FIRST_NAMES = ["สมศรี", "ประเสริฐ", "กาญจนา", "ธนพล", "วิไลวรรณ", "สุรชัย", "จันทร์เพ็ญ"]
LAST_NAMES = ["ใจดี", "ทองคำ", "ศรีสุวรรณ", "แก้วมณีวงศ์", "บุญมาก", "รักษ์ไทย"]
HOSPITALS = ["โรงพยาบาลพัทลุง", "โรงพยาบาลควนขนุน", "โรงพยาบาลศรีนครินทร์"]
SCHOOLS = ["โรงเรียนพัทลุง", "โรงเรียนบ้านควนขนุน", "โรงเรียนสตรีพัทลุง"]

ID_CARD_REGISTER = "ทะเบียนการขอมีบัตรประจำตัวเจ้าหน้าที่ของรัฐ"
MEDICAL_REGISTER = "ทะเบียนการเบิกจ่ายเงินสวัสดิการค่ารักษาพยาบาล"
EDUCATION_REGISTER = "ทะเบียนการเบิกจ่ายเงินสวัสดิการค่าการศึกษาบุตร"


def _person(n: int, category: str = "teacher") -> Person:
    return Person(
        pk=n,
        national_id=f"3{n:012d}",
        title="นาง" if n % 2 else "นาย",
        first_name_th=FIRST_NAMES[n % len(FIRST_NAMES)],
        last_name_th=LAST_NAMES[n % len(LAST_NAMES)],
        birth_date=date(1970, 5, 1),
        category=category,
        position="ครู",
    )


def _paid_at(n: int) -> datetime:
    return datetime(2014, 9, 26, 10, 0, tzinfo=BANGKOK) - timedelta(days=n % 360)


def _payment(n: int, claim: Claim, amount: Decimal) -> Payment:
    return Payment(
        pk=n,
        claim=claim,
        kind=claim.kind,
        year=2557,
        sequence=n,
        number=f"{n:04d}/2557",
        fiscal_year=2557,
        amount=amount,
        paid_at=_paid_at(n),
    )


def medical_payments(count: int) -> list[Payment]:
    payments = []
    for n in range(1, count + 1):
        claimant = _person(n, "pensioner" if n % 4 == 0 else "teacher")
        amount = Decimal(1200 + (n * 137) % 9000)
        claim = Claim(
            pk=n,
            kind="medical",
            claimant=claimant,
            claimant_category=claimant.category,
            beneficiary_relation="self" if n % 3 else "spouse",
            beneficiary_name=claimant.full_name_th,
            claimed_amount=amount,
            payable_amount=amount,
        )
        claim.medical = MedicalClaimDetail(
            claim=claim,
            hospital_name=HOSPITALS[n % len(HOSPITALS)],
            hospital_type="government",
            care_type="outpatient" if n % 5 else "inpatient",
        )
        payments.append(_payment(n, claim, amount))
    return payments


def education_rows(payments: int) -> list[ChildEducationRow]:
    """Rows of two semesters each (one where `payments` is odd)."""
    rows = []
    for n in range(1, (payments + 1) // 2 + 1):
        claimant = _person(1000 + n)
        row = ChildEducationRow(
            claimant=claimant,
            child_name=f"เด็กหญิง{FIRST_NAMES[n % len(FIRST_NAMES)]} {claimant.last_name_th}",
            child_national_id=f"1{n:012d}",
            academic_year=2557,
            level="primary",
            school_name=SCHOOLS[n % len(SCHOOLS)],
            entitled=Decimal("4000.00"),
        )
        for semester in (1, 2):
            if 2 * (n - 1) + semester > payments:
                break
            claim = Claim(
                pk=10_000 + 2 * n + semester,
                kind="child_education",
                claimant=claimant,
                claimant_category="teacher",
                beneficiary_relation="child",
                beneficiary_name=row.child_name,
                claimed_amount=Decimal("2000.00"),
                payable_amount=Decimal("2000.00"),
            )
            row.semesters[semester] = _payment(10_000 + 2 * n + semester, claim, Decimal(2000))
        rows.append(row)
    return rows


def id_card_register(rows: int) -> Callable[[], bytes]:
    """The register as the office prints it: in Thai (its labels of choices are translated)."""
    applications = [card_application(n, delegated=n % 10 == 0) for n in range(1, rows + 1)]

    def draw() -> bytes:
        with translation.override("th"):
            return idcard_documents.register_pdf(
                applications,
                office_name=OFFICE,
                fiscal_year=FY,
                thai_digits=True,
                full_ids=True,
                issuer=DIRECTOR_POSITION,
            )

    return draw


def medical_register(count: int) -> Callable[[], bytes]:
    payments = medical_payments(count)
    return lambda: claim_documents.medical_register_pdf(
        payments, office_name=OFFICE, fiscal_year=FY, thai_digits=True, full_ids=True
    )


def education_register(count: int) -> Callable[[], bytes]:
    rows = education_rows(count)
    return lambda: claim_documents.child_education_register_pdf(
        rows, office_name=OFFICE, fiscal_year=FY, thai_digits=True, full_ids=True
    )


SHOP_METHODS = """\
- ปีงบประมาณ 2557 จัดหางบประมาณต่อเติมห้องด้านหน้าอาคารสำนักงาน จำนวน 2 ห้อง ระเบียงหน้าอาคาร และจัดทำซุ้มนั่งพักผ่อน
ห้องหม่อมจุ้ย จัดเป็นร้านค้าสวัสดิการ บริการเครื่องดื่มฟรีแก่บุคลากรในสำนักงานและโรงเรียน และใช้เป็นที่รับแขก นั่งพักผ่อน พบปะ หรือประชุมย่อย
ห้องนางแอ่น เป็นห้องนั่งพักที่มีวัสดุอุปกรณ์อำนวยความสะดวก เช่น เครื่องคอมพิวเตอร์ เครื่องเสียง เครื่องโทรทัศน์ บริการบุคลากรจากโรงเรียนที่มาติดต่อราชการ

- ต่อเติมระเบียงหน้าสำนักงาน และจัดทำซุ้มนั่งพักผ่อนด้านหลังอาคารสำนักงาน เป็นซุ้มไม้เลื้อยเพื่อรองรับผู้มาติดต่อราชการ ผู้มาประชุม และบุคลากรในสำนักงาน ให้มีที่นั่งสำหรับพักผ่อน จัดกิจกรรม และพบปะอย่างเพียงพอ ผ่อนคลายจากการทำงาน"""  # noqa: E501

LOAN_LETTER_METHODS = (
    "- จัดเตรียมแบบฟอร์มใบคำขอหนังสือรับรอง และแบบฟอร์มต่าง ๆ ตามที่ธนาคารกำหนด โดยจัดเป็นชุด "
    "เพื่อความรวดเร็วในการกรอกข้อมูล พิมพ์ข้อมูล และเสนอผู้บังคับบัญชา ให้รอรับได้ภายใน 15 นาที"
)

FUND_METHODS = """\
- แต่งตั้งคณะอนุกรรมการบริหารเงินทุนหมุนเวียนฯ ทำหน้าที่พิจารณาการให้กู้เงินให้เป็นไปอย่างรอบคอบและยุติธรรม
- ประชาสัมพันธ์ทางเว็บไซต์ให้โรงเรียนทราบเรื่องการให้กู้เงินทุนหมุนเวียนเพื่อแก้ไขปัญหาหนี้สินแก่ข้าราชการครู ประจำปี 2557 ครั้งที่ 1 และครั้งที่ 2 ให้ข้าราชการครูฯ (ครูผู้สอน) ทราบอย่างทั่วถึง
- จัดเตรียมเอกสารให้ครบถ้วน เพื่อให้คณะอนุกรรมการพิจารณาอนุมัติเงินกู้ให้แก่ผู้ขอกู้ (ครูผู้สอน) อย่างรอบคอบและเป็นธรรม"""  # noqa: E501

HEALTH_METHODS = """\
- ประสานงานกับสำนักงานคณะกรรมการ สกสค. ในการกำหนดจุดตรวจสุขภาพประจำปี
- ประชาสัมพันธ์ แจ้งให้ผู้ประสงค์ตรวจสุขภาพประจำปีไปตรวจสุขภาพ ณ จุดที่กำหนด"""


def phatthalung_2557(
    *,
    status: str = "submitted",
    id_cards: Callable[[], bytes] | None = None,
    medical: Callable[[], bytes] | None = None,
    education: Callable[[], bytes] | None = None,
    rows: tuple[int, int, int] = (293, 262, 199),
) -> ReportContent:
    """The reference's report as KruCare writes it: 1.1 and 1.2 from the registers (their
    figures 261 + 32 ID cards, 199 + 63 medical and 398 child-education payments), 2–5 the
    office's own text."""
    cards, payments, children = rows
    return ReportContent(
        office_code="phatthalung2",
        office_name=OFFICE,
        fiscal_year=2557,
        heading=Heading(
            standard="มาตรฐานที่ 2 การบริหารและการจัดการศึกษาที่มีประสิทธิภาพ",
            indicator="ตัวบ่งชี้ที่ 4",
            item="ข้อ 7 การจัดสวัสดิการ สวัสดิภาพครูและบุคลากรทางการศึกษา",
        ),
        opening=(
            f"{OFFICE} จัดให้มีการกำกับ ดูแล และส่งเสริมสวัสดิการและสวัสดิภาพข้าราชการครูและ"
            "บุคลากรทางการศึกษาในด้านต่าง ๆ ดังนี้"
        ),
        groups=(Group("1", "จัดบริการ One Stop Service ในเรื่องดังนี้"),),
        sections=(
            Section(
                key="idcards",
                number="1.1",
                title="การขอมีบัตรประจำตัวเจ้าหน้าที่ของรัฐ",
                methods=(
                    "- เมื่อมีข้าราชการยื่นความประสงค์ขอบัตรประจำตัวเจ้าหน้าที่ของรัฐ "
                    "เจ้าหน้าที่ผู้รับผิดชอบจัดทำบัตรให้ภายในเวลา 15 นาที"
                ),
                results=(
                    "ปีงบประมาณ 2557 มีผู้มารับบริการ ข้าราชการครู จำนวน 261 ราย "
                    "และข้าราชการบำนาญ จำนวน 32 ราย",
                    "ข้อมูล ณ วันที่ 30 กันยายน 2557",
                ),
                figures=(
                    Figure("idcards.issued.teacher", "ข้าราชการครู", 261, "ราย"),
                    Figure("idcards.issued.pensioner", "ข้าราชการบำนาญ", 32, "ราย"),
                ),
                evidence=(Evidence("idcards.register", ID_CARD_REGISTER, cards, id_cards),),
            ),
            Section(
                key="reimbursements",
                number="1.2",
                title="การจัดสวัสดิการค่ารักษาพยาบาลและค่าการศึกษาบุตร",
                methods=(
                    "- ในปีงบประมาณ 2557 สำนักงานเขตพื้นที่การศึกษาจัดให้มีเจ้าหน้าที่"
                    "รับผิดชอบจ่ายเงินสดให้กับข้าราชการและบุคลากรทางการศึกษา ลูกจ้างประจำ และ"
                    "ข้าราชการบำนาญที่ยื่นคำขอเบิกเงินค่ารักษาพยาบาลและค่าการศึกษาบุตร "
                    "ภายใน 15 นาที"
                ),
                results=(
                    "ปีงบประมาณ 2557 บริการค่ารักษาพยาบาลแก่ข้าราชการครูฯ จำนวน 199 ครั้ง "
                    "ข้าราชการบำนาญ จำนวน 63 ครั้ง และค่าการศึกษาบุตร จำนวน 398 ครั้ง",
                ),
                figures=(
                    Figure("claims.medical.teacher", "ค่ารักษาพยาบาล ข้าราชการครู", 199, "ครั้ง"),
                    Figure("claims.medical.pensioner", "ค่ารักษาพยาบาล บำนาญ", 63, "ครั้ง"),
                    Figure("claims.education", "ค่าการศึกษาบุตร", 398, "ครั้ง"),
                ),
                evidence=(
                    Evidence("reimbursements.medical", MEDICAL_REGISTER, payments, medical),
                    Evidence("reimbursements.education", EDUCATION_REGISTER, children, education),
                ),
            ),
            Section(
                key="welfare_shop",
                number="2",
                title="มีร้านค้าสวัสดิการบริการเครื่องดื่ม ห้องนั่งพักผ่อน และซุ้มนั่งพักผ่อน",
                methods=SHOP_METHODS,
                results=("มีสมาชิกร้านค้าสวัสดิการ จำนวน 132 คน", "มีผู้มาใช้บริการตามวัตถุประสงค์"),
                evidence=(Evidence("office.shop", "บัญชีรายชื่อสมาชิกร้านค้าสวัสดิการ ภาพถ่ายผู้ใช้บริการ", 0),),
                recorded=False,
            ),
            Section(
                key="salary_letters",
                number="3",
                title=(
                    "ให้บริการออกหนังสือรับรองเงินเดือนเพื่อขอกู้เงินกับธนาคารตามโครงการต่าง ๆ "
                    "ของธนาคาร ให้แก่ข้าราชการครูและบุคลากรทางการศึกษา"
                ),
                methods=LOAN_LETTER_METHODS,
                results=(
                    "ปี 2557 มีผู้มาขอหนังสือรับรองเงินเดือนเพื่อกู้เงินธนาคาร\n"
                    "    ธนาคารออมสิน จำนวน 11 ราย\n"
                    "    ธนาคารกรุงไทย จำนวน 10 ราย\n"
                    "    ธนาคารอาคารสงเคราะห์ จำนวน 4 ราย",
                ),
                evidence=(
                    Evidence(
                        "office.salary_letters",
                        "ทะเบียนการออกหนังสือรับรองการขอกู้เงินจากสถาบันการเงิน ปี 2557",
                        0,
                    ),
                ),
                recorded=False,
            ),
            Section(
                key="debt_fund",
                number="4",
                title="การดำเนินงานเงินทุนหมุนเวียนแก้ไขปัญหาหนี้สินข้าราชการครู",
                methods=FUND_METHODS,
                results=(
                    "อนุมัติเงินกู้เงินทุนหมุนเวียนฯ ให้แก่ข้าราชการครูฯ ประจำปี 2557 "
                    "ครั้งที่ 1 จำนวน 5 ราย ครั้งที่ 2 จำนวน 11 ราย",
                ),
                evidence=(
                    Evidence(
                        "office.debt_fund",
                        "ทะเบียนรายชื่อผู้ได้รับการอนุมัติให้กู้ยืมเงินทุนหมุนเวียนเพื่อแก้ไข"
                        "ปัญหาหนี้สินข้าราชการครู ประจำปี 2557",
                        0,
                    ),
                ),
                recorded=False,
            ),
            Section(
                key="health_check",
                number="5",
                title=(
                    "ดำเนินการตรวจสุขภาพประจำปีร่วมกับโครงการตรวจสุขภาพประจำปีของสำนักงาน"
                    "คณะกรรมการ สกสค. ประจำปี 2557"
                ),
                methods=HEALTH_METHODS,
                results=(
                    "หน่วยแพทย์เคลื่อนที่ของสำนักงาน สกสค. มาบริการตรวจสุขภาพประจำปีแก่ข้าราชการครูฯ"
                    " ในเขตพื้นที่ ระหว่างวันที่ 26–30 กันยายน 2557",
                ),
                evidence=(Evidence("office.health", "กำหนดการตรวจสุขภาพประจำปี 2557", 0),),
                recorded=False,
            ),
        ),
        status=status,
        submitted_on=date(2014, 9, 30) if status == "submitted" else None,
        reviewed_by=(
            "(นายวิรัตน์ ศรีสุวรรณ)\nผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2"
            if status in ("reviewed", "submitted")
            else ""
        ),
    )
