"""The services every area office runs at its One Stop desk (the B.E. 2557 report, section 1),
each with its own ticket letter and the 15-minute standard. Offices may change the standard,
names and order later; codes and letters stay."""

from django.db import migrations

SERVICE_TYPES = [
    # code, name_th, name_en, letter, order
    ("id_card", "บัตรประจำตัวเจ้าหน้าที่ของรัฐ", "State-official ID card", "A", 10),
    ("medical_claim", "เบิกค่ารักษาพยาบาล", "Medical expense claim", "B", 20),
    ("child_education_claim", "เบิกค่าการศึกษาบุตร", "Child education allowance claim", "C", 30),
    ("salary_certificate", "หนังสือรับรองเงินเดือน", "Salary certificate", "D", 40),
    (
        "revolving_fund",
        "เงินทุนหมุนเวียนแก้ไขปัญหาหนี้สินข้าราชการครู",
        "Teachers' debt revolving fund",
        "E",
        50,
    ),
    ("welfare_shop", "ร้านค้าสวัสดิการและห้องพักรับรอง", "Welfare shop and lounges", "F", 60),
    ("other", "บริการอื่น ๆ", "Other services", "Z", 90),
]


def seed(apps, schema_editor):
    ServiceType = apps.get_model("onestop", "ServiceType")
    for code, name_th, name_en, letter, order in SERVICE_TYPES:
        ServiceType.objects.update_or_create(
            code=code,
            defaults={
                "name_th": name_th,
                "name_en": name_en,
                "ticket_prefix": letter,
                "standard_minutes": 15,
                "display_order": order,
            },
        )


def unseed(apps, schema_editor):
    ServiceType = apps.get_model("onestop", "ServiceType")
    ServiceType.objects.filter(code__in=[row[0] for row in SERVICE_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("onestop", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
