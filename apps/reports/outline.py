"""The report's outline per fiscal year: dated data, kept in code.

Where item 7 sits in the standards for area offices (standard, indicator, item), the opening
sentence and the sections in the reference's order change only when the ministry revises the
standards (they were revised after B.E. 2557). Each revision is one more `Outline` in
`OUTLINES` with the first fiscal year it applies to (`valid_from`); a year takes the latest
revision in force (`outline_for`), a year before the first revision the first one. Nothing is
edited in place: a report of an earlier year keeps its outline.

Kept in code rather than a table: a revision changes the sections the modules fill, so it ships
with code anyway, and it is reviewed like code (tests/reports/test_outline.py checks the B.E.
2557 wording against the reference, typos corrected).

The texts are Thai with Arabic digits (the documents turn them into Thai digits on request).
`{office}` and `{fiscal_year}` in the opening, methods and results are replaced by the office's
name and the B.E. year, so an office's wording carries over from year to year.
"""

from __future__ import annotations

from dataclasses import dataclass

from apps.reports.content import Group, Heading


@dataclass(frozen=True)
class OutlineSection:
    """A section of the outline: the module that fills it (`key`), its number and title, and for
    a service KruCare does not run yet (or an office without it), the default methods and
    results the office starts from, and the evidence the reference cites."""

    key: str
    number: str
    title: str
    default_methods: str
    default_results: str = ""
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outline:
    valid_from: int  # the first B.E. fiscal year this revision applies to
    heading: Heading
    opening: str
    groups: tuple[Group, ...]
    sections: tuple[OutlineSection, ...]

    def section(self, key: str) -> OutlineSection | None:
        return next((s for s in self.sections if s.key == key), None)


OPENING_2557 = (
    "{office} จัดให้มีการกำกับ ดูแลและส่งเสริมสวัสดิการและสวัสดิภาพข้าราชการครูและบุคลากรทางการศึกษาในด้านต่าง ๆ ดังนี้"
)

OUTLINE_2557 = Outline(
    valid_from=2557,
    heading=Heading(
        standard="มาตรฐานที่ 2 การบริหารและการจัดการศึกษาที่มีประสิทธิภาพ",
        indicator="ตัวบ่งชี้ที่ 4",
        item="ข้อ 7 การจัดสวัสดิการ สวัสดิภาพครูและบุคลากรทางการศึกษา",
    ),
    opening=OPENING_2557,
    groups=(Group("1", "จัดบริการ One Stop Service ในเรื่องดังนี้"),),
    sections=(
        OutlineSection(
            key="idcards",
            number="1.1",
            title="การขอมีบัตรประจำตัวของข้าราชการ",
            default_methods=(
                "- เมื่อมีข้าราชการที่ยื่นความประสงค์ขอบัตรประจำตัวเจ้าหน้าที่ของรัฐ "
                "เจ้าหน้าที่ผู้รับผิดชอบบริการจัดทำบัตรให้ ภายในเวลา 15 นาที"
            ),
            evidence=("ทะเบียนการขอมีบัตรประจำตัวข้าราชการ",),
        ),
        OutlineSection(
            key="reimbursements",
            number="1.2",
            title="การจัดสวัสดิการค่ารักษาพยาบาลและค่าการศึกษาบุตร",
            default_methods=(
                "- ในปีงบประมาณ {fiscal_year} สำนักงานเขตพื้นที่จัดให้มีเจ้าหน้าที่รับผิดชอบ "
                "จ่ายเงินสดให้กับข้าราชการและบุคลากรทางการศึกษา ลูกจ้างประจำ "
                "และข้าราชการบำนาญที่ยื่นคำขอเบิกเงินค่ารักษาพยาบาลและค่าการศึกษาบุตร "
                "ภายใน 15 นาที"
            ),
            evidence=("ทะเบียนการเบิกจ่ายเงินสวัสดิการค่ารักษาพยาบาลและค่าการศึกษาบุตร",),
        ),
        OutlineSection(
            key="welfareshop",
            number="2",
            title="มีร้านค้าสวัสดิการบริการเครื่องดื่ม ห้องนั่งพักผ่อน และซุ้มนั่งพักผ่อน",
            default_methods=(
                "- ปี {fiscal_year} จัดหางบประมาณต่อเติมห้องด้านหน้าอาคารสำนักงานจำนวน 2 ห้อง "
                "ระเบียงหน้าอาคาร และจัดทำซุ้มนั่งพักผ่อน\n"
                "- ห้องหม่อมจุ้ย จัดเป็นร้านค้าสวัสดิการ จัดบริการเครื่องดื่มฟรีแก่บุคลากร"
                "ในสำนักงานและโรงเรียน และใช้เป็นที่รับแขก นั่งพักผ่อน พบปะ หรือประชุมย่อย "
                "สำหรับบุคลากรในสำนักงานและโรงเรียน\n"
                "- ห้องนางแอ่น เป็นห้องนั่งพักมีวัสดุอุปกรณ์อำนวยความสะดวก เช่น "
                "เครื่องคอมพิวเตอร์ เครื่องเสียง เครื่องโทรทัศน์ บริการบุคลากรจากโรงเรียน"
                "ที่มาติดต่อราชการ\n"
                "- ต่อเติมระเบียงหน้าสำนักงาน และจัดทำซุ้มนั่งพักผ่อนด้านหลังอาคารสำนักงาน "
                "เป็นซุ้มไม้เลื้อยเพื่อรองรับผู้มาติดต่อราชการ ผู้มาประชุม และบุคลากร"
                "ในสำนักงาน ให้มีที่นั่งสำหรับพักผ่อน จัดกิจกรรม พบปะ อย่างเพียงพอ "
                "และผ่อนคลายจากการทำงาน"
            ),
            default_results=("- มีสมาชิกร้านค้าสวัสดิการจำนวน … คน\n- มีผู้มาใช้บริการตามวัตถุประสงค์"),
            evidence=("บัญชีรายชื่อสมาชิกร้านค้าสวัสดิการ ภาพถ่ายผู้ใช้บริการ",),
        ),
        OutlineSection(
            key="certificates",
            number="3",
            title=(
                "ให้บริการออกหนังสือรับรองเงินเดือนเพื่อขอกู้เงินกับธนาคารตามโครงการต่าง ๆ "
                "ของธนาคารให้แก่ข้าราชการครูและบุคลากรทางการศึกษา"
            ),
            default_methods=(
                "- จัดเตรียมแบบฟอร์มใบคำขอหนังสือรับรอง และแบบฟอร์มต่าง ๆ ตามที่ธนาคารกำหนด "
                "โดยจัดเป็นชุด เพื่อความรวดเร็วในการกรอกข้อมูล พิมพ์ข้อมูล "
                "และเสนอผู้บังคับบัญชา โดยให้สามารถรอรับได้ภายใน 15 นาที"
            ),
            default_results=(
                "- ปี {fiscal_year} มีผู้มาขอหนังสือรับรองเงินเดือนเพื่อกู้เงินธนาคาร\n"
                "ธนาคารออมสิน จำนวน … ราย\n"
                "ธนาคารกรุงไทย จำนวน … ราย\n"
                "ธนาคารอาคารสงเคราะห์ จำนวน … ราย"
            ),
            evidence=("ทะเบียนการออกหนังสือรับรองการขอกู้เงินสถาบันการเงิน ปี {fiscal_year}",),
        ),
        OutlineSection(
            key="revolvingfund",
            number="4",
            title="การดำเนินงานเงินทุนหมุนเวียนแก้ไขปัญหาหนี้สินข้าราชการครู",
            default_methods=(
                "- แต่งตั้งคณะอนุกรรมการบริหารเงินทุนหมุนเวียนฯ ทำหน้าที่พิจารณาการให้กู้เงิน"
                "เป็นไปอย่างรอบคอบและยุติธรรม\n"
                "- ประชาสัมพันธ์ทางเว็บไซต์ให้โรงเรียนทราบเรื่องการให้กู้เงินทุนหมุนเวียน"
                "เพื่อแก้ไขปัญหาหนี้สินแก่ข้าราชการครู ประจำปี {fiscal_year} "
                "ให้ข้าราชการครูฯ (ครูผู้สอน) ทราบอย่างทั่วถึง\n"
                "- จัดเตรียมเอกสารให้ครบถ้วน เพื่อให้คณะอนุกรรมการพิจารณาอนุมัติเงินกู้"
                "ให้แก่ผู้ขอกู้ (ครูผู้สอน) อย่างรอบคอบและเป็นธรรม"
            ),
            default_results=(
                "- อนุมัติเงินกู้เงินทุนหมุนเวียนฯ ให้แก่ข้าราชการครูฯ ประจำปี {fiscal_year} "
                "ครั้งที่ 1 จำนวน … ราย ครั้งที่ 2 จำนวน … ราย"
            ),
            evidence=(
                "ทะเบียนรายชื่อผู้ได้รับการอนุมัติให้กู้ยืมเงินทุนหมุนเวียนเพื่อแก้ไขปัญหา"
                "หนี้สินข้าราชการครู ประจำปี {fiscal_year}",
            ),
        ),
        OutlineSection(
            key="healthchecks",
            number="5",
            title=(
                "ดำเนินการตรวจสุขภาพประจำปีร่วมกับโครงการตรวจสุขภาพประจำปีของสำนักงาน"
                "คณะกรรมการ สกสค. ประจำปี {fiscal_year}"
            ),
            default_methods=(
                "- ประสานงานกับสำนักงานคณะกรรมการ สกสค. ในการกำหนดจุดตรวจสุขภาพประจำปี\n"
                "- ประชาสัมพันธ์ แจ้งให้ผู้ประสงค์ตรวจสุขภาพประจำปี ไปตรวจสุขภาพ ณ จุดที่กำหนด"
            ),
            default_results=(
                "- หน่วยแพทย์เคลื่อนที่ของสำนักงาน สกสค. มาบริการตรวจสุขภาพประจำปี "
                "แก่ข้าราชการครูฯ ในเขตพื้นที่ระหว่างวันที่ …"
            ),
            evidence=("กำหนดการตรวจสุขภาพประจำปี {fiscal_year}",),
        ),
    ),
)

OUTLINES: tuple[Outline, ...] = (OUTLINE_2557,)


def outline_for(be_year: int, outlines: tuple[Outline, ...] = OUTLINES) -> Outline:
    """The revision in force in fiscal year `be_year`: the latest whose `valid_from` is not
    after it; for a year before every revision, the first."""
    ordered = sorted(outlines, key=lambda outline: outline.valid_from)
    in_force = [outline for outline in ordered if outline.valid_from <= be_year]
    return in_force[-1] if in_force else ordered[0]


def fill(text: str, *, office: str, be_year: int) -> str:
    """`text` with `{office}` and `{fiscal_year}` replaced (plain replacement: an office's
    braces elsewhere are text, never a format error)."""
    return text.replace("{office}", office).replace("{fiscal_year}", str(be_year))
