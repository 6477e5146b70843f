"""Seed the revolving fund's terms (DOMAIN-wave2 b.2), each version with its source and what is
not confirmed. FY 2557's cap (200,000 baht flat) is seen in a source; its rate, term and number
of guarantors are not: the rows carry FY 2558's MLR−1 over 96 months and 2 guarantors as marked
assumptions, unconfirmed, until a welfare officer checks the letters. Frozen here on purpose:
later corrections are new versions made on the central site, never edits of this file.
"""

from decimal import Decimal

from django.db import migrations

TEACHERS = ["teacher"]
TEACHING = ["ครู"]
ROWS = [
    dict(
        code="fy2556",
        fiscal_year=2556,
        cap_per_borrower=Decimal("200000"),
        rate_kind="mlr_minus",
        rate_value=Decimal("1"),
        reference_rate=Decimal("6.525"),
        term_months=96,
        eligible_categories=TEACHERS,
        eligible_positions=TEACHING,
        guarantors_min=2,
        source="มติคณะกรรมการบริหารเงินทุนหมุนเวียนฯ ครั้งที่ 1/2556 (mgronline 9560000078420)",
        evidence_level="U",
        unconfirmed_items="อัตราดอกเบี้ย จำนวนงวด และจำนวนผู้ค้ำประกัน (สมมติตามปี 2558)",
        note="งบให้กู้ 500 ล้านบาท สำหรับครู 2,500 คน คนละ 200,000 บาท หนี้ต้องมีอยู่ก่อนยื่นคำขอ",
    ),
    dict(
        code="fy2557",
        fiscal_year=2557,
        cap_per_borrower=Decimal("200000"),
        rate_kind="mlr_minus",
        rate_value=Decimal("1"),
        reference_rate=Decimal("6.525"),
        term_months=96,
        eligible_categories=TEACHERS,
        eligible_positions=TEACHING,
        guarantors_min=2,
        waitlist_size=2,
        source="moe.go.th/เงินทุนแก้หนี้สินครู/ (การประชุมครั้งที่ 2/2557 วันที่ 22 ส.ค. 2557); "
        "รายงานผลการดำเนินงานด้านสวัสดิการ สพป.พัทลุง เขต 2 ปี 2557",
        evidence_level="U",
        unconfirmed_items="อัตราดอกเบี้ยและจำนวนงวด (สมมติ MLR−1 96 งวด ตามปี 2558) "
        "และจำนวนผู้ค้ำประกัน (สมมติ 2 คน)",
        note="วงเงินกู้ไม่เกิน 200,000 บาทต่อราย (ยืนยันจากแหล่งข้อมูล) ผู้กู้เป็นครูผู้สอน",
    ),
    dict(
        code="fy2558-r2",
        fiscal_year=2558,
        round_number=2,
        cap_per_borrower=Decimal("200000"),
        rate_kind="mlr_minus",
        rate_value=Decimal("1"),
        reference_rate=Decimal("6.525"),
        term_months=96,
        eligible_categories=TEACHERS,
        eligible_positions=TEACHING,
        guarantors_min=2,
        source="kroobannok.com/75730 (15 ก.ค. 2558); rukkroo.com/2363",
        evidence_level="S",
        unconfirmed_items="จำนวนผู้ค้ำประกัน",
        note="วงเงินจัดสรร 176.4 ล้านบาท หนี้ต้องมีอยู่ก่อนยื่นคำขอและบังคับได้ตามกฎหมาย",
    ),
    dict(
        code="fy2563",
        fiscal_year=2563,
        cap_per_borrower=Decimal("500000"),
        rate_kind="fixed",
        rate_value=Decimal("4"),
        term_months=144,
        eligible_categories=["teacher", "education_personnel"],
        eligible_positions=[],
        min_service_years=3,
        min_debt_age_months=6,
        guarantors_min=2,
        source="katipnews.com/?p=21142; dailyth24h.com/12691; bangkokbiznews 1131694",
        evidence_level="S",
        unconfirmed_items="จำนวนผู้ค้ำประกัน",
        note="หนี้สถาบันการเงินหรือสหกรณ์ที่มีมาแล้วไม่น้อยกว่า 6 เดือน หนี้บัตรเครดิต/บัตรกดเงินสด "
        "และหนี้ในฐานะผู้ค้ำประกันตามคำพิพากษา",
    ),
]


def seed(apps, schema_editor):
    FundTerms = apps.get_model("central", "FundTerms")
    for row in ROWS:
        FundTerms.objects.get_or_create(code=row["code"], defaults=row)


def unseed(apps, schema_editor):
    apps.get_model("central", "FundTerms").objects.filter(
        code__in=[row["code"] for row in ROWS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("central", "0009_fund_terms_and_allocations")]

    operations = [migrations.RunPython(seed, unseed)]
