"""The people register's demo: each demo office's schools, and its people with their families
(`build`, run first of the demo builders: the other modules' demo data are about these people).

Every name, ID and date is invented. Phatthalung Area 2 has about the office's 2,500 people
(../shared/reference/README.md); the other demo offices get smaller, plausible registers.

- Deterministic: drawn from the office's seeded random stream (`DemoContext.rng`), so every
  machine loads the same rows.
- Idempotent: an office that already has people is left alone (the demo's or a real register),
  and an office loads in one transaction (`devdata.demo`), so a load is all or nothing.
- Schools, people and family members are demo rows, not user actions: `bulk_create`, with the
  register's arrival in the change feed as if each person had been registered, and one
  `demo.people_loaded` event that says the demo loaded it and sums it up. The other modules'
  builders put their demo data only on a register the demo loaded (`demo_register`).
- `KRUCARE_DEMO_SCALE` (`DemoContext.scale`) shrinks every volume: the test of `make run` uses
  it to start quickly.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from apps.people.models import (
    ChildStatus,
    FamilyMember,
    Person,
    PersonCategory,
    PersonStatus,
    Relation,
    School,
)
from apps.people.module import PERSON
from audit.models import AuditEvent
from audit.services import audit_record
from core.demo import DEMO_ACTOR_LABEL, DemoContext, scaled_count
from core.thai import fiscal_year
from core.thai.national_id import national_id_check_digit
from outbox.services import outbox_record_many

LOADED = "demo.people_loaded"
RETIRED = "demo.people_retired"

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
class RegisterSpec:
    """One demo office's register: its size and where it is."""

    people: int
    schools: int
    province_code: str = "93"  # the 2nd–3rd digits of a national ID (Phatthalung)
    province: str = "พัทลุง"
    postcode: str = "93000"
    districts: tuple[str, ...] = ()
    secondary: bool = False

    def scaled(self, factor: float) -> RegisterSpec:
        if factor == 1:
            return self
        return replace(
            self,
            people=scaled_count(self.people, factor, minimum=40),
            schools=scaled_count(self.schools, factor, minimum=3),
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

# The demo offices' registers, by office code.
REGISTERS: dict[str, RegisterSpec] = {
    "phatthalung2": RegisterSpec(people=2500, schools=60, districts=PHATTHALUNG2_DISTRICTS),
    "phatthalung1": RegisterSpec(people=1700, schools=48, districts=PHATTHALUNG1_DISTRICTS),
    "songkhlasec": RegisterSpec(
        people=1350,
        schools=40,
        province_code="90",
        province="สงขลา",
        postcode="90000",
        districts=SONGKHLA_SATUN_DISTRICTS,
        secondary=True,
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


def _schools(rng: random.Random, spec: RegisterSpec) -> list[School]:
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
    rng: random.Random,
    ids: _NationalIds,
    spec: RegisterSpec,
    category: str,
    schools: list[School],
    fy_start: date,
) -> tuple[Person, bool]:
    """One person (not saved) and whether they are female."""
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
        status, status_date = PersonStatus.RETIRED, _retirement_day(born)
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
    rng: random.Random, ids: _NationalIds, person: Person, female: bool, on: date, today: date
) -> Iterator[FamilyMember]:
    """The person's family as of `on` (the demo's fiscal year); a child's title is that of
    their age `today` (the register's titles are current: เด็กหญิง/เด็กชาย under 15 only)."""
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
            if _age(born, today) < 15:
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


def build(context: DemoContext) -> dict[str, int] | None:
    """Load the office's demo register (scaled) into the current office schema; None if the
    office has no register in the demo or already has people (nothing is touched). Returns the
    counts loaded. Draws from `context.rng`, first of the builders."""
    spec = REGISTERS.get(context.office_code)
    if spec is None or Person.objects.exists():
        return None
    spec = spec.scaled(context.scale)
    rng = context.rng
    ids = _NationalIds(rng, spec.province_code)
    fy_start = fiscal_year(context.fiscal_year).start
    schools = School.objects.bulk_create(_schools(rng, spec))
    people: list[tuple[Person, bool]] = []
    family: list[FamilyMember] = []
    for category in _categories(rng, spec.people):
        person, female = _person(rng, ids, spec, category, schools, fy_start)
        people.append((person, female))
    Person.objects.bulk_create([p for p, _ in people], batch_size=1000)
    for person, female in people:
        family.extend(_family(rng, ids, person, female, fy_start, context.today))
    FamilyMember.objects.bulk_create(family, batch_size=2000)
    # The register's arrival is in the change feed, as if each person had been registered.
    outbox_record_many(resource=PERSON, action="created", objs=[p for p, _ in people])
    counts = {"schools": len(schools), "people": len(people), "family_members": len(family)}
    audit_record(
        action=LOADED,
        actor_label=DEMO_ACTOR_LABEL,
        target_label=f"ปีงบประมาณ {context.fiscal_year}",
        changes={name: [None, value] for name, value in counts.items()},
    )
    return counts


def _retirement_day(born: date) -> date:
    """The day after the fiscal year in which a civil servant born on `born` turns 60 ends."""
    return date(born.year + 60 + (born.month >= 10), 9, 30) + timedelta(days=1)


def retire_by_today(context: DemoContext) -> dict[str, int] | None:
    """The register is today's, the demo's year is long past: whoever the demo made active in
    its fiscal year and has reached 60 since is retired, on the day after the fiscal year they
    turned 60 (so the demo year's figures, which count people as at the year's end through
    `status_date`, are unchanged). Run after every module's builder (devdata), whose year's
    work they did while in service. None if nobody had to retire."""
    if not demo_register_loaded():
        return None
    retired = []
    for person in Person.objects.filter(status=PersonStatus.ACTIVE):
        day = _retirement_day(person.birth_date)
        if day <= context.today:
            person.status, person.status_date = PersonStatus.RETIRED, day
            retired.append(person)
    if not retired:
        return None
    Person.objects.bulk_update(retired, ["status", "status_date"], batch_size=1000)
    outbox_record_many(resource=PERSON, action="updated", objs=retired)
    audit_record(
        action=RETIRED,
        actor_label=DEMO_ACTOR_LABEL,
        target_label=f"ณ วันที่ {context.today.isoformat()}",
        changes={"retired": [None, len(retired)]},
    )
    return {"retired": len(retired)}


def demo_register_loaded() -> bool:
    """Whether the demo loaded the current office's register: no demo data may touch a real one.
    (`demo.welfare_loaded` is the event of the demo before the modules built their own.)"""
    return AuditEvent.objects.filter(action__in=(LOADED, "demo.welfare_loaded")).exists()


def demo_register() -> list[Person] | None:
    """The current office's register in the order the demo made it, if the demo loaded it;
    None for a register the demo did not load."""
    if not demo_register_loaded():
        return None
    return list(Person.objects.select_related("school").order_by("pk"))


__all__ = [
    "CATEGORY_SHARES",
    "REGISTERS",
    "RegisterSpec",
    "build",
    "demo_register",
    "demo_register_loaded",
]
