"""The national rates the domain notes give (../shared/reference/DOMAIN.md, 2a and 2b).

Only values seen in a source are shipped; what the notes mark as uncertain is shipped
unconfirmed, with the doubt in the note. Levels without a known rate have no row: a claim for
them is refused until the central agency enters the rate from its letter.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

NON_REIMBURSABLE = [
    {"code": "record_fee", "label_th": "ค่าทำประวัติผู้ป่วย"},
    {"code": "deposit", "label_th": "เงินมัดจำ"},
    {"code": "card_fee", "label_th": "ค่าทำบัตร"},
    {"code": "excess_room_charge", "label_th": "ค่าห้องส่วนที่เกินสิทธิ"},
    {"code": "medical_certificate", "label_th": "ค่าใบรับรองแพทย์"},
    {"code": "family_planning", "label_th": "ค่าวางแผนครอบครัว"},
]


def seed(apps, schema_editor):
    if getattr(schema_editor.connection, "schema_name", "public") != "public":
        return
    rate = apps.get_model("central", "ChildEducationRate")
    limits = apps.get_model("central", "MedicalLimits")
    rate.objects.get_or_create(
        effective_academic_year=2559,
        school_type="government",
        level="kindergarten",
        defaults={
            "method": "actual",
            "share_percent": Decimal("100"),
            "cap_per_academic_year": Decimal("5800.00"),
            "source_letter": "กค 0422.3/ว 257",
            "source_date": date(2016, 7, 15),
            "is_confirmed": True,
            "note": "Seen in the letter (DOMAIN.md 2b). Check the letter's date.",
        },
    )
    rate.objects.get_or_create(
        effective_academic_year=2559,
        school_type="government",
        level="bachelor",
        defaults={
            "method": "actual",
            "share_percent": Decimal("100"),
            "cap_per_academic_year": Decimal("25000.00"),
            "source_letter": "กค 0422.3/ว 257",
            "is_confirmed": False,
            "note": "Unconfirmed: the source does not say if 25,000 is per term or per year, "
            "nor the school type. Check before offices pay by it.",
        },
    )
    limits.objects.get_or_create(
        effective_from=date(2010, 1, 1),
        defaults={
            "special_room_rate_per_day": Decimal("1000.00"),
            "claim_deadline_days": 365,
            "non_reimbursable_items": NON_REIMBURSABLE,
            "source_letter": "พระราชกฤษฎีกาเงินสวัสดิการเกี่ยวกับการรักษาพยาบาล พ.ศ. 2553",
            "is_confirmed": False,
            "note": "The amounts and the one-year deadline are seen in sources (DOMAIN.md 2a); "
            "the date they took effect and the Comptroller General's letter are to be checked.",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("central", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
