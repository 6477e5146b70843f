"""The demo offices' welfare data: a register of schools and people with their families, and a
fiscal year of state-official ID cards served at the One Stop desk.

Phatthalung Area 2 reproduces the office's real figures for fiscal year B.E. 2557
(../shared/reference/README.md): 261 cards issued to teacher civil servants and 32 to
pensioners, each through the desk within (nearly always) the 15-minute standard. The other demo
offices get their own, smaller, plausible volumes. Every name, ID and date is invented.

- Deterministic: one seeded `random.Random` per office, so every machine loads the same rows.
- Idempotent: an office that already has people is left alone (the marker), and each office
  loads in one transaction, so a load is all or nothing.
- Schools, people and family members are demo rows, not user actions: `bulk_create`. Desk
  tickets and cards go through the real services (`apps.onestop`, `apps.idcards`), which number
  tickets per day and cards per year without gaps, and audit every step. The steps are done by
  the office's demo desk officer (the services require one), so the trail reads as the officer's
  year of work (the trail is append-only: nothing rewrites it afterwards), and one
  `demo.welfare_loaded` event says that the demo loaded it and sums the load up.
- `KRUCARE_DEMO_SCALE` (a factor, default 1) shrinks every volume: the test of `make run` uses
  it to start quickly. Only at 1 does Phatthalung Area 2 print the report's 261 and 32.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from accounts.models import User
from apps.idcards.models import REQUIRED_DOCUMENTS, CardReason, CardSettings
from apps.idcards.services import (
    card_application_approve,
    card_application_check,
    card_application_create,
    card_application_reject,
    card_hand_over,
    card_issue,
)
from apps.onestop.models import ServiceRequest
from apps.onestop.services import service_request_complete
from apps.people.models import (
    ChildStatus,
    FamilyMember,
    Person,
    PersonCategory,
    PersonStatus,
    Relation,
    School,
)
from audit.services import audit_record
from core.thai import fiscal_year, to_be_year
from core.thai.national_id import national_id_check_digit
from outbox.payloads import PERSON
from outbox.services import outbox_record_many

BANGKOK = ZoneInfo("Asia/Bangkok")
DEMO_ACTOR_LABEL = "demo"
SCALE_ENV = "KRUCARE_DEMO_SCALE"

# Share of the register by category (the rest of 1.0 is teachers). Area offices' registers
# are mostly teachers; pensioners are the second group.
CATEGORY_SHARES = (
    (PersonCategory.EDUCATION_PERSONNEL, 0.03),
    (PersonCategory.GOVERNMENT_EMPLOYEE, 0.05),
    (PersonCategory.PERMANENT_EMPLOYEE, 0.035),
    (PersonCategory.PENSIONER, 0.19),
    (PersonCategory.PENSIONED_EMPLOYEE, 0.015),
)


@dataclass(frozen=True)
class WelfareSpec:
    """One office's demo volumes for one fiscal year (B.E.)."""

    people: int
    schools: int
    teacher_cards: int
    pensioner_cards: int
    other_cards: int = 0
    rejected: int = 0  # refused at the desk (documents missing): no card
    in_progress: int = 0  # received, waiting for the director's approval or for printing
    # Claims paid in the fiscal year (`apps.reimbursements.demo`), by the claimant's category.
    medical_paid_teacher: int = 0
    medical_paid_pensioner: int = 0
    medical_paid_other: int = 0
    child_education_paid: int = 0
    claims_returned: int = 0  # returned at the desk with a reason: not paid
    claims_waiting: int = 0  # checked, waiting for the director at the year's end
    fiscal_year: int = 2557
    province_code: str = "93"  # the 2nd–3rd digits of a national ID (Phatthalung)
    province: str = "พัทลุง"
    postcode: str = "93000"
    districts: tuple[str, ...] = ()
    secondary: bool = False
    agency_code: str = ""
    issuer_name: str = ""
    issuer_position: str = ""
    seed: str = ""

    def scaled(self, factor: float) -> WelfareSpec:
        if factor == 1:
            return self

        def times(n: int, minimum: int = 0) -> int:
            return max(minimum, round(n * factor))

        def few(n: int) -> int:  # a few refusals and pending ones stay, however small
            return times(n, 1 if n else 0)

        return replace(
            self,
            people=times(self.people, 40),
            schools=times(self.schools, 3),
            teacher_cards=times(self.teacher_cards),
            pensioner_cards=times(self.pensioner_cards),
            other_cards=times(self.other_cards),
            rejected=few(self.rejected),
            in_progress=few(self.in_progress),
            medical_paid_teacher=times(self.medical_paid_teacher),
            medical_paid_pensioner=times(self.medical_paid_pensioner),
            medical_paid_other=times(self.medical_paid_other),
            child_education_paid=times(self.child_education_paid),
            claims_returned=few(self.claims_returned),
            claims_waiting=few(self.claims_waiting),
        )


PHATTHALUNG2_DISTRICTS = ("ควนขนุน", "ปากพะยูน", "ป่าบอน", "บางแก้ว", "ป่าพะยอม", "ศรีนครินทร์")
PHATTHALUNG1_DISTRICTS = ("เมืองพัทลุง", "กงหรา", "ตะโหมด", "เขาชัยสน", "ศรีบรรพต")
SONGKHLA_SATUN_DISTRICTS = (
    "เมืองสงขลา",
    "หาดใหญ่",
    "สทิงพระ",
    "ระโนด",
    "สิงหนคร",
    "รัตภูมิ",
    "เมืองสตูล",
    "ละงู",
    "ควนกาหลง",
)

# Agency codes and the directors' names are invented: real card-number patterns are not
# public (DOMAIN.md marks them [u]), and an office sets its own in CardSettings.
WELFARE_SPECS: dict[str, WelfareSpec] = {
    # The report's real figures: 261 teacher civil servants and 32 pensioners in FY 2557.
    "phatthalung2": WelfareSpec(
        people=2500,
        schools=60,
        teacher_cards=261,
        pensioner_cards=32,
        rejected=4,
        in_progress=3,
        # The report's claims: 199 and 63 medical payments, 398 child-education payments.
        medical_paid_teacher=199,
        medical_paid_pensioner=63,
        child_education_paid=398,
        claims_returned=4,
        claims_waiting=3,
        districts=PHATTHALUNG2_DISTRICTS,
        agency_code="0417",
        issuer_name="นายวิรัตน์ ศรีสุวรรณ",
        issuer_position="ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 2",
        seed="phatthalung2-2557",
    ),
    "phatthalung1": WelfareSpec(
        people=1700,
        schools=48,
        teacher_cards=187,
        pensioner_cards=41,
        other_cards=12,
        rejected=3,
        in_progress=2,
        medical_paid_teacher=96,
        medical_paid_pensioner=31,
        medical_paid_other=9,
        child_education_paid=172,
        claims_returned=3,
        claims_waiting=2,
        districts=PHATTHALUNG1_DISTRICTS,
        agency_code="0416",
        issuer_name="นายประสิทธิ์ แก้วมณี",
        issuer_position="ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาพัทลุง เขต 1",
        seed="phatthalung1-2557",
    ),
    "songkhlasec": WelfareSpec(
        people=1350,
        schools=40,
        teacher_cards=142,
        pensioner_cards=27,
        other_cards=9,
        rejected=2,
        in_progress=2,
        medical_paid_teacher=74,
        medical_paid_pensioner=22,
        medical_paid_other=7,
        child_education_paid=131,
        claims_returned=2,
        claims_waiting=2,
        province_code="90",
        province="สงขลา",
        postcode="90000",
        districts=SONGKHLA_SATUN_DISTRICTS,
        secondary=True,
        agency_code="0432",
        issuer_name="นางสุนีย์ ทองคำ",
        issuer_position="ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษามัธยมศึกษาสงขลา สตูล",
        seed="songkhlasec-2557",
    ),
}

MALE_FIRST_NAMES = (
    "สมชาย", "สมศักดิ์", "วิชัย", "ประเสริฐ", "สุรชัย", "ธีระ", "อนุชา", "ชาตรี", "สุริยา", "ปรีชา",
    "วีระ", "ไพโรจน์", "สมพงษ์", "บุญเลิศ", "จรูญ", "เฉลิม", "ณรงค์", "ประยุทธ", "สุเมธ", "อำนาจ",
    "กิตติ", "ธนากร", "ธนพล", "วรวุฒิ", "ศักดิ์ชัย", "สุทธิพงษ์", "อภิชาติ", "เอกชัย", "ยุทธนา", "ชัยวัฒน์",
    "พงศกร", "ณัฐพล", "ภานุวัฒน์", "จักรพันธ์", "ธวัชชัย", "สมโชค", "มานพ", "วิโรจน์", "สายัณห์", "อุดม",
    "สมเกียรติ", "นิพนธ์", "ประพันธ์", "ดำรง", "บรรจง", "วัชระ", "สุวิทย์", "เกรียงไกร", "ทวีศักดิ์", "ไพศาล",
    "ศุภชัย", "รุ่งโรจน์", "อดิศักดิ์", "ชยพล", "ปิยะพงษ์", "สราวุธ", "กฤษดา", "ธีรวัฒน์", "พิทักษ์", "เสรี",
)  # fmt: skip
FEMALE_FIRST_NAMES = (
    "สมหญิง", "สุภาพร", "วันเพ็ญ", "จันทร์เพ็ญ", "นงลักษณ์", "ปราณี", "มาลี", "สุนีย์", "อรุณี", "พรทิพย์",
    "กาญจนา", "รัตนา", "ศิริพร", "วรรณา", "จินตนา", "บุษบา", "ลัดดา", "อำไพ", "สุมาลี", "เยาวลักษณ์",
    "ขวัญใจ", "ดวงใจ", "นันทนา", "ปิยะนุช", "พัชรินทร์", "เพ็ญศรี", "ยุพิน", "วิไลวรรณ", "ศศิธร", "สุดารัตน์",
    "อัญชลี", "อุไรวรรณ", "กนกวรรณ", "จิราพร", "ชุติมา", "ณัฐธิดา", "ธิดารัตน์", "นิตยา", "เบญจวรรณ", "ปวีณา",
    "พิมพ์ชนก", "ภัทรา", "มณีรัตน์", "รุ่งนภา", "วาสนา", "สายสุนีย์", "หทัยรัตน์", "อรทัย", "อารีรัตน์", "เกศินี",
    "จุฑามาศ", "ฐิติมา", "ทิพวรรณ", "นภัสสร", "ประภาพร", "ผ่องศรี", "ละเอียด", "สุกัญญา", "สุพัตรา", "อนงค์",
)  # fmt: skip
LAST_NAMES = (
    "แก้วมณี", "ทองสุข", "จันทร์แก้ว", "ศรีสุข", "ชูช่วย", "ทองคำ", "เพชรรัตน์", "สุวรรณรัตน์", "บุญญาศิริ",
    "ขุนทอง", "นวลศรี", "พรหมทอง", "รักษ์ทอง", "สงวนทรัพย์", "หนูแก้ว", "อินทร์แก้ว", "ชูแก้ว", "เกื้อกูล",
    "ด้วงทอง", "ทองนวล", "นาคสุวรรณ", "บัวทอง", "ปานแก้ว", "พุ่มพวง", "มณีโชติ", "รัตนพันธ์", "ศรีนวล",
    "สุขสวัสดิ์", "หมื่นหนู", "อ่อนแก้ว", "คงแก้ว", "จันทร์ทอง", "ช่วยชู", "ทองย้อย", "นิลสุวรรณ", "บุญช่วย",
    "เพ็ชรสุข", "มากชู", "เรืองศรี", "ศรีทองกุล", "สมบูรณ์", "หวังดี", "อุไรรัตน์", "กาญจนวงศ์", "ขาวทอง",
    "จิตต์ภักดี", "ชัยสวัสดิ์", "ดำแก้ว", "ทิพย์มณี", "ธรรมรักษ์", "นุ่นแก้ว", "ประดิษฐ์", "พรหมเพ็ชร",
    "ไพรสณฑ์", "เย็นใจ", "ลิ่มสกุล", "วงศ์สวัสดิ์", "ศรีเปารยะ", "สังข์ทอง", "แสงจันทร์", "หนูนุ่น", "เอียดแก้ว",
    "กลับทอง", "คงเพชร", "จุลนวล", "เจริญสุข", "ชุมทอง", "ทองมาก", "นาคประสิทธิ์", "บุญมาก", "ปล้องอ่อน",
    "พันธ์แก้ว", "มีเสน", "รอดเกิด", "ศรีรักษ์", "สุขเกษม", "หมาดหลี", "อาหลี", "สะอิ", "เหมหมัน", "หลงเก",
)  # fmt: skip
# Villages and temples for primary schools' names; towns for secondary schools'.
VILLAGES = (
    "ควนขนุน", "ทะเลน้อย", "พนางตุง", "แหลมโตนด", "ดอนทราย", "ปากพะยูน", "เกาะหมาก", "ป่าบอน",
    "หนองธง", "โคกทราย", "บางแก้ว", "ท่ามะเดื่อ", "นาปะขอ", "ป่าพะยอม", "เกาะเต่า", "บ้านพร้าว",
    "ลานข่อย", "ชะมวง", "โตนดด้วน", "มะกอกเหนือ", "ปันแต", "แพรกหา", "นาขยาด", "โหล๊ะจันกระ", "ควนดินแดง",
    "หนองหว้า", "ทุ่งนารี", "หนองเสม็ด", "คลองใหญ่", "ทุ่งยาว", "ไสเตย", "นาท่อม", "บ่อทราย", "ท่าช้าง",
    "ควนโดน", "ดอนประดู่", "ห้วยลึก", "ลำปำ", "เขาปู่", "สวนจันทร์", "บางดี", "โคกมะม่วง", "เกาะนางคำ",
    "หัวควน", "ทุ่งชุมพล", "ม่วงลูกดำ", "ไร่พรุ", "ควนเคี่ยม", "ปลักปอม", "นาโหนด", "คลองทรายขาว",
)  # fmt: skip
TEMPLES = (
    "ควนแพง", "ภูผาภิมุข", "ท่าแค", "ดอนศาลา", "หัวป่า", "นาเกาะไร", "ทุ่งลาน", "บางแก้วใต้", "เขาอ้อ",
    "ป่าลิไลยก์", "แหลมดิน", "ควนอินนอโม", "ท่าเชี่ยน", "ประดู่หอม", "สุนทราวาส", "โพธิ์ทอง", "โคกแย้ม",
    "ไทรงาม", "อินทรวิหาร", "ปากสระ",
)  # fmt: skip
TOWNS = (
    "สงขลา", "หาดใหญ่", "สทิงพระ", "ระโนด", "สิงหนคร", "รัตภูมิ", "สตูล", "ละงู", "ควนกาหลง", "กำแพง",
    "ทุ่งหว้า", "ท่าแพ", "ควนโดน", "มะนัง", "บ่อยาง", "เกาะยอ", "ชะแล้", "คูเต่า", "พะตง", "คลองแงะ",
    "นาหม่อม", "ควนเนียง", "บางกล่ำ", "กระแสสินธุ์", "จะนะ", "เทพา", "สะบ้าย้อย", "นาทวี", "คลองหอยโข่ง",
)  # fmt: skip
SECONDARY_SUFFIXES = ("วิทยา", "วิทยาคม", "พิทยาคม", "ศึกษา", "วิทยาลัย")

TEACHER_STANDINGS = (
    ("ครูผู้ช่วย", "", 0.08, (24, 30), (15_000, 19_000)),
    ("ครู", "", 0.07, (27, 40), (17_000, 24_000)),
    ("ครู", "ชำนาญการ", 0.30, (30, 50), (22_000, 36_000)),
    ("ครู", "ชำนาญการพิเศษ", 0.47, (40, 59), (33_000, 58_000)),
    ("ครู", "เชี่ยวชาญ", 0.02, (50, 59), (50_000, 66_000)),
    ("ผู้อำนวยการโรงเรียน", "ชำนาญการพิเศษ", 0.045, (45, 59), (40_000, 62_000)),
    ("รองผู้อำนวยการโรงเรียน", "ชำนาญการ", 0.015, (38, 59), (30_000, 50_000)),
)
OFFICE_POSITIONS = (
    ("ศึกษานิเทศก์", "ชำนาญการพิเศษ"),
    ("นักวิชาการศึกษา", "ชำนาญการ"),
    ("นักทรัพยากรบุคคล", "ชำนาญการ"),
    ("นักวิชาการเงินและบัญชี", "ชำนาญการ"),
    ("นักจัดการงานทั่วไป", "ปฏิบัติการ"),
    ("นักวิเคราะห์นโยบายและแผน", "ชำนาญการ"),
    ("เจ้าพนักงานธุรการ", "ชำนาญงาน"),
)
GOVERNMENT_EMPLOYEE_POSITIONS = ("ครูอัตราจ้าง (พนักงานราชการ)", "นักวิชาการคอมพิวเตอร์", "เจ้าหน้าที่ธุรการ")
PERMANENT_EMPLOYEE_POSITIONS = ("นักการภารโรง", "พนักงานขับรถยนต์", "พนักงานพิมพ์", "ยาม")

# Thai public holidays of FY 2557 (offices are closed; substitution days included).
HOLIDAYS = frozenset(
    date.fromisoformat(day)
    for day in (
        "2013-10-23", "2013-12-05", "2013-12-10", "2013-12-31", "2014-01-01", "2014-02-14",
        "2014-04-07", "2014-04-14", "2014-04-15", "2014-04-16", "2014-05-01", "2014-05-05",
        "2014-05-13", "2014-07-11", "2014-08-11", "2014-08-12",
    )
)  # fmt: skip

OPENS = time(8, 30)
LAST_TICKET = time(15, 45)


def demo_scale() -> float:
    """The volume factor from `KRUCARE_DEMO_SCALE` (default 1; between 0 and 1)."""
    raw = os.environ.get(SCALE_ENV, "").strip()
    if not raw:
        return 1.0
    value = float(raw)
    if not 0 < value <= 1:
        raise ValueError(f"{SCALE_ENV} must be in (0, 1], not {raw!r}")
    return value


class _NationalIds:
    """Unique, valid national IDs: first digit 3 for people registered before 1984 (born
    earlier), 1 for later births; then the province code, a district, and random digits."""

    def __init__(self, rng: random.Random, province_code: str) -> None:
        self.rng, self.province, self.used = rng, province_code, set[str]()

    def new(self, birth_date: date) -> str:
        kind = "3" if birth_date.year < 1984 else "1"
        while True:
            district, serial = self.rng.randint(1, 11), self.rng.randrange(10**7)
            first = f"{kind}{self.province}{district:02d}{serial:07d}"
            number = f"{first}{national_id_check_digit(first)}"
            if number not in self.used:
                self.used.add(number)
                return number


def _birth_date(rng: random.Random, on: date, age_from: int, age_to: int) -> date:
    oldest = date(on.year - age_to - 1, on.month, min(on.day, 28)) + timedelta(days=1)
    youngest = date(on.year - age_from, on.month, min(on.day, 28))
    return oldest + timedelta(days=rng.randrange((youngest - oldest).days))


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _schools(rng: random.Random, spec: WelfareSpec) -> list[School]:
    names: list[str] = []
    districts = spec.districts or ("เมือง",)
    while len(names) < spec.schools:
        if spec.secondary:
            name = f"โรงเรียน{rng.choice(TOWNS)}{rng.choice(SECONDARY_SUFFIXES)}"
        else:
            roll = rng.random()
            if roll < 0.55:
                name = f"โรงเรียนบ้าน{rng.choice(VILLAGES)}"
            elif roll < 0.9:
                name = f"โรงเรียนวัด{rng.choice(TEMPLES)}"
            else:
                name = f"โรงเรียนชุมชน{rng.choice(VILLAGES)}"
        if name not in names:
            names.append(name)
    return [
        School(
            code=f"10{spec.province_code}{index + 1:04d}",
            name_th=name,
            district=districts[index % len(districts)],
        )
        for index, name in enumerate(names)
    ]


def _phone(rng: random.Random) -> str:
    prefix, middle, last = (
        f"0{rng.choice('689')}{rng.randint(0, 9)}",
        rng.randrange(1000),
        rng.randrange(10000),
    )
    return f"{prefix}-{middle:03d}-{last:04d}"


def _categories(rng: random.Random, total: int) -> list[str]:
    counts = {category: round(total * share) for category, share in CATEGORY_SHARES}
    teachers = total - sum(counts.values())
    categories = [PersonCategory.TEACHER] * teachers
    for category, count in counts.items():
        categories += [category] * count
    rng.shuffle(categories)
    return [str(c) for c in categories]


def _person(
    rng: random.Random, ids: _NationalIds, spec: WelfareSpec, category: str, schools: list[School]
) -> tuple[Person, bool]:
    """One person (not saved) and whether they are female."""
    fy_start = fiscal_year(spec.fiscal_year).start
    female = rng.random() < (0.62 if category == PersonCategory.TEACHER else 0.5)
    school: School | None = rng.choice(schools)
    status, status_date = PersonStatus.ACTIVE, None
    position, standing, salary = "", "", 0
    if category == PersonCategory.TEACHER:
        roll, chosen = rng.random(), TEACHER_STANDINGS[-1]
        for option in TEACHER_STANDINGS:
            roll -= option[2]
            if roll < 0:
                chosen = option
                break
        position, standing, _share, ages, pay = chosen
        born = _birth_date(rng, fy_start, *ages)
        salary = rng.randint(*pay)
    elif category == PersonCategory.EDUCATION_PERSONNEL:
        position, standing = rng.choice(OFFICE_POSITIONS)
        school, born, salary = None, _birth_date(rng, fy_start, 25, 59), rng.randint(16_000, 48_000)
    elif category == PersonCategory.GOVERNMENT_EMPLOYEE:
        position = rng.choice(GOVERNMENT_EMPLOYEE_POSITIONS)
        born, salary = _birth_date(rng, fy_start, 23, 45), rng.randint(9_400, 18_000)
    elif category == PersonCategory.PERMANENT_EMPLOYEE:
        position = rng.choice(PERMANENT_EMPLOYEE_POSITIONS)
        born, salary = _birth_date(rng, fy_start, 35, 59), rng.randint(9_000, 22_000)
    else:  # pensioners: retired at 60 at the end of a fiscal year; the pension as pay
        born = _birth_date(rng, fy_start, 60, 86)
        retired_fy_end = date(born.year + 60 + (born.month >= 10), 9, 30)
        status, status_date = PersonStatus.RETIRED, retired_fy_end + timedelta(days=1)
        employee = category == PersonCategory.PENSIONED_EMPLOYEE
        position = rng.choice(PERMANENT_EMPLOYEE_POSITIONS) if employee else "ครู"
        standing = "" if employee else rng.choice(("ชำนาญการ", "ชำนาญการพิเศษ", "ชำนาญการพิเศษ"))
        salary = rng.randint(8_000, 15_000) if employee else rng.randint(18_000, 45_000)
    if category not in (PersonCategory.PENSIONER, PersonCategory.PENSIONED_EMPLOYEE):
        roll = rng.random()
        if roll < 0.006:
            status, status_date = PersonStatus.DECEASED, fy_start - timedelta(rng.randint(1, 900))
        elif roll < 0.02:
            status = PersonStatus.TRANSFERRED_OUT
            status_date = fy_start - timedelta(rng.randint(1, 900))
    elif rng.random() < 0.03:
        status, status_date = PersonStatus.DECEASED, fy_start - timedelta(rng.randint(1, 700))
    married_name = female and rng.random() < 0.6
    title = "นาง" if married_name else ("นางสาว" if female else "นาย")
    if not female and rng.random() < 0.04 and category != PersonCategory.PENSIONER:
        title = "ว่าที่ร้อยตรี"
    district = school.district if school is not None else (spec.districts or ("เมือง",))[0]
    person = Person(
        national_id=ids.new(born),
        title=title,
        first_name_th=rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES),
        last_name_th=rng.choice(LAST_NAMES),
        birth_date=born,
        category=category,
        position=position,
        academic_standing=standing,
        school=school,
        monthly_salary=Decimal(salary // 10 * 10),
        status=status,
        status_date=status_date,
        phone=_phone(rng) if rng.random() < 0.85 else "",
        address=(
            f"{rng.randint(1, 250)} หมู่ {rng.randint(1, 14)} อำเภอ{district} "
            f"จังหวัด{spec.province} {spec.postcode[:3]}{rng.randint(10, 99)}"
        ),
    )
    return person, female


def _family(
    rng: random.Random, ids: _NationalIds, person: Person, female: bool, on: date
) -> Iterator[FamilyMember]:
    age = _age(person.birth_date, on)
    married = rng.random() < (0.78 if age >= 30 else 0.35)
    if married:
        spouse_born = person.birth_date + timedelta(days=rng.randint(-6 * 365, 4 * 365))
        yield FamilyMember(
            person=person,
            relation=Relation.SPOUSE,
            national_id=ids.new(spouse_born),
            title="นาย" if female else "นาง",
            first_name_th=rng.choice(MALE_FIRST_NAMES if female else FEMALE_FIRST_NAMES),
            last_name_th=person.last_name_th,
            birth_date=spouse_born,
            is_deceased=age > 65 and rng.random() < 0.15,
        )
    # Parents: the register keeps them while the rights they give are claimed.
    father_name = person.last_name_th
    for relation, title, names, gap in (
        (Relation.FATHER, "นาย", MALE_FIRST_NAMES, (24, 38)),
        (Relation.MOTHER, "นาง", FEMALE_FIRST_NAMES, (20, 36)),
    ):
        if rng.random() > (0.85 if age < 45 else 0.45):
            continue
        parent_born = person.birth_date - timedelta(days=rng.randint(gap[0] * 365, gap[1] * 365))
        parent_age = _age(parent_born, on)
        deceased = parent_age > 70 and rng.random() < min(0.9, (parent_age - 65) / 25)
        yield FamilyMember(
            person=person,
            relation=relation,
            national_id=ids.new(parent_born) if rng.random() < 0.9 else "",
            title=title,
            first_name_th=rng.choice(names),
            last_name_th=father_name if relation == Relation.FATHER else rng.choice(LAST_NAMES),
            birth_date=parent_born,
            is_deceased=deceased,
            died_on=on - timedelta(days=rng.randint(30, 3000)) if deceased else None,
        )
    if not married or age < 24:
        return
    count = rng.choices((0, 1, 2, 3, 4), weights=(14, 30, 38, 14, 4))[0]
    order, born = 0, person.birth_date + timedelta(days=rng.randint(23 * 365, 32 * 365))
    while order < count and born < on:
        twins = rng.random() < 0.015 and count - order >= 2
        status = ChildStatus.LEGITIMATE
        roll = rng.random()
        if roll < 0.02:
            status = ChildStatus.ADOPTED
        elif roll < 0.025:
            status = ChildStatus.GIVEN_FOR_ADOPTION
        for _twin in range(2 if twins else 1):
            order += 1
            child_female = rng.random() < 0.5
            child_age = _age(born, on)
            if child_age < 15:
                title = "เด็กหญิง" if child_female else "เด็กชาย"
            else:
                title = "นางสาว" if child_female else "นาย"
            disabled = rng.random() < 0.012
            incompetent = disabled and child_age >= 20 and rng.random() < 0.5
            deceased = rng.random() < 0.006
            yield FamilyMember(
                person=person,
                relation=Relation.CHILD,
                national_id=ids.new(born),
                title=title,
                first_name_th=rng.choice(FEMALE_FIRST_NAMES if child_female else MALE_FIRST_NAMES),
                last_name_th=person.last_name_th,
                birth_date=born,
                birth_order=order,
                child_status=status,
                is_twin=twins,
                is_disabled=disabled,
                disabled_on=born + timedelta(days=rng.randint(0, 3000)) if disabled else None,
                is_incompetent=incompetent,
                incompetent_on=on - timedelta(days=rng.randint(100, 2000)) if incompetent else None,
                is_deceased=deceased,
                died_on=on - timedelta(days=rng.randint(30, 2000)) if deceased else None,
            )
        born += timedelta(days=rng.randint(int(1.5 * 365), 6 * 365))


def _working_days(be_year: int) -> list[date]:
    fy = fiscal_year(be_year)
    days, day = [], fy.start
    while day <= fy.end:
        if day.weekday() < 5 and day not in HOLIDAYS:
            days.append(day)
        day += timedelta(days=1)
    return days


@dataclass
class _Visit:
    person: Person
    reason: str
    outcome: str  # "issued", "rejected" or "waiting"
    received_at: datetime = datetime.min.replace(tzinfo=BANGKOK)
    minutes: float = 0.0


def _schedule(rng: random.Random, visits: list[_Visit], days: list[date]) -> None:
    """Give every visit a receipt time on a working day (Bangkok office hours, one desk
    officer: a visit starts after the previous one of the day is served) and a service time:
    5–14 minutes for nearly all, a few over the 15-minute standard."""
    by_day: dict[date, list[_Visit]] = {}
    # Later in the fiscal year for applications still in progress.
    for visit in visits:
        pool = days[-5:] if visit.outcome == "waiting" else days
        by_day.setdefault(rng.choice(pool), []).append(visit)
    for day, todays in by_day.items():
        free_at = datetime.combine(day, OPENS, BANGKOK)
        closes = datetime.combine(day, LAST_TICKET, BANGKOK)
        span = max(1, int((closes - free_at).total_seconds() // 60))
        starts = sorted(rng.randrange(span) for _ in todays)
        for visit, start in zip(todays, starts, strict=True):
            received = datetime.combine(day, OPENS, BANGKOK) + timedelta(
                minutes=start, seconds=rng.randrange(60)
            )
            received = max(received, free_at + timedelta(seconds=rng.randint(30, 240)))
            # Nearly all within 5–14 minutes; a few over (a printer jam, a document fetched).
            late = rng.random() < 0.03
            minutes = rng.uniform(15.5, 28) if late else rng.triangular(5, 14, 8.5)
            visit.received_at, visit.minutes = received, minutes
            free_at = received + timedelta(minutes=minutes)


def _pick(rng: random.Random, pool: list[Person], count: int, what: str) -> list[Person]:
    if count > len(pool):
        raise ValueError(f"The demo register has {len(pool)} {what}: too few for {count} cards")
    return rng.sample(pool, count)


def _visits(rng: random.Random, spec: WelfareSpec, people: list[Person]) -> list[_Visit]:
    served = [p for p in people if p.status in (PersonStatus.ACTIVE, PersonStatus.RETIRED)]
    teachers = [p for p in served if p.category == PersonCategory.TEACHER]
    pensioners = [p for p in served if p.category == PersonCategory.PENSIONER]
    others = [
        p
        for p in served
        if p.category not in (PersonCategory.TEACHER, PersonCategory.PENSIONER)
        and p.category != PersonCategory.GOVERNMENT_EMPLOYEE  # no state-official card for them
    ]
    fy_start = fiscal_year(spec.fiscal_year).start
    visits: list[_Visit] = []
    chosen_teachers = _pick(rng, teachers, spec.teacher_cards + spec.rejected, "teachers")
    for person in chosen_teachers[: spec.teacher_cards]:
        if person.position == "ครูผู้ช่วย" and rng.random() < 0.6:
            reason = CardReason.FIRST
        else:
            reason = rng.choices(
                (
                    CardReason.EXPIRED,
                    CardReason.POSITION_CHANGE,
                    CardReason.LOST,
                    CardReason.DAMAGED,
                    CardReason.NAME_CHANGE,
                ),
                weights=(70, 12, 8, 5, 5),
            )[0]
        visits.append(_Visit(person, reason, "issued"))
    for person in chosen_teachers[spec.teacher_cards :]:
        visits.append(_Visit(person, CardReason.EXPIRED, "rejected"))
    # Those who retired at the end of FY 2556 come for their pensioner card first.
    recent = [p for p in pensioners if p.status_date == fy_start]
    earlier = [p for p in pensioners if p.status_date != fy_start]
    newly = rng.sample(recent, min(len(recent), spec.pensioner_cards * 3 // 5))
    for person in newly:
        visits.append(_Visit(person, CardReason.RETIREMENT, "issued"))
    for person in _pick(rng, earlier, spec.pensioner_cards - len(newly), "pensioners"):
        reason = rng.choices((CardReason.EXPIRED, CardReason.LOST), weights=(80, 20))[0]
        visits.append(_Visit(person, reason, "issued"))
    rest = [p for p in others if p.status == PersonStatus.ACTIVE]
    chosen = _pick(rng, rest, spec.other_cards + spec.in_progress, "other staff")
    for person in chosen[: spec.other_cards]:
        visits.append(_Visit(person, CardReason.EXPIRED, "issued"))
    for person in chosen[spec.other_cards :]:
        visits.append(_Visit(person, CardReason.POSITION_CHANGE, "waiting"))
    return visits


def _serve(rng: random.Random, visit: _Visit, officer: User, approver: User, be_year: int) -> str:
    """One visit at the desk, through the real services; returns the outcome."""
    at = visit.received_at
    person = visit.person
    police = ""
    if visit.reason == CardReason.LOST:
        police = f"ปจว. ข้อ {rng.randint(1, 60)} ลงวันที่ {at.day}/{at.month}/{to_be_year(at.year)}"
    old_card = ""
    if visit.reason != CardReason.FIRST:
        old_card = f"{rng.randint(0, 9999):04d}-{be_year - 6}-{rng.randint(1, 400):05d}"
    required = REQUIRED_DOCUMENTS[visit.reason]
    application = card_application_create(
        person=person,
        reason=visit.reason,
        received_by=officer,
        documents=() if visit.outcome == "rejected" else required,
        police_report_number=police,
        old_card_number=old_card,
        at=at,
    )
    total = timedelta(minutes=visit.minutes)
    if visit.outcome == "rejected":
        card_application_reject(
            application=application,
            officer=officer,
            reason="เอกสารไม่ครบ (ไม่มีบัตรเดิมหรือใบแจ้งความ) ให้ยื่นคำขอใหม่พร้อมเอกสาร",
            at=at + total,
        )
        return "rejected"
    application = card_application_check(
        application=application, documents=required, officer=officer, at=at + total * 0.25
    )
    if visit.outcome == "waiting":
        # Received and checked; the director signs tomorrow. The person was served at the desk.
        assert application.service_request is not None  # noqa: S101 (the create opened it)
        service_request_complete(
            service_request=application.service_request,
            officer=officer,
            outcome="รับคำขอและตรวจเอกสารแล้ว รอผู้อำนวยการอนุมัติ",
            at=at + total,
        )
        return "waiting"
    application = card_application_approve(
        application=application, approver=approver, at=at + total * 0.45
    )
    application = card_issue(application=application, officer=officer, at=at + total * 0.8)
    card_hand_over(application=application, officer=officer, at=at + total)
    return "issued"


def welfare_load(
    spec: WelfareSpec, *, officer: User, approver: User | None = None, scale: float = 1.0
) -> dict[str, int] | None:
    """Load `spec` (scaled) into the current office schema; None if the office already has
    people (the demo or a real register: nothing is touched). Returns the counts loaded.

    `officer` serves at the desk (a desk role is required by the services); `approver` (the
    director) approves cards, `officer` if None.
    """
    if Person.objects.exists():
        return None
    spec = spec.scaled(scale)
    with transaction.atomic():
        rng = random.Random(spec.seed or "krucare-demo")  # noqa: S311 (demo data, not secrets)
        ids = _NationalIds(rng, spec.province_code)
        fy = fiscal_year(spec.fiscal_year)
        card_settings = CardSettings.objects.first() or CardSettings()
        card_settings.agency_code = spec.agency_code
        card_settings.issuer_name = spec.issuer_name
        card_settings.issuer_position = spec.issuer_position
        card_settings.save()
        schools = School.objects.bulk_create(_schools(rng, spec))
        people: list[tuple[Person, bool]] = []
        family: list[FamilyMember] = []
        for category in _categories(rng, spec.people):
            person, female = _person(rng, ids, spec, category, schools)
            people.append((person, female))
        Person.objects.bulk_create([p for p, _ in people], batch_size=1000)
        for person, female in people:
            family.extend(_family(rng, ids, person, female, fy.start))
        FamilyMember.objects.bulk_create(family, batch_size=2000)
        # The register's arrival is in the change feed, as if each person had been registered.
        outbox_record_many(resource=PERSON, action="created", objs=[p for p, _ in people])

        register = [p for p, _ in people]
        visits = _visits(rng, spec, register)
        _schedule(rng, visits, _working_days(spec.fiscal_year))
        visits.sort(key=lambda visit: visit.received_at)
        outcomes = {"issued": 0, "rejected": 0, "waiting": 0}
        for visit in visits:
            be_year = to_be_year(visit.received_at.year)
            outcomes[_serve(rng, visit, officer, approver or officer, be_year)] += 1
        counts = {
            "schools": len(schools),
            "people": len(register),
            "family_members": len(family),
            "requests": ServiceRequest.objects.count(),
            "cards_issued": outcomes["issued"],
            "rejected": outcomes["rejected"],
            "in_progress": outcomes["waiting"],
        }
        audit_record(
            action="demo.welfare_loaded",
            actor_label=DEMO_ACTOR_LABEL,
            target_label=f"ปีงบประมาณ {spec.fiscal_year}",
            changes={name: [None, value] for name, value in counts.items()},
        )
    return counts


__all__ = ["WELFARE_SPECS", "WelfareSpec", "demo_scale", "welfare_load"]
