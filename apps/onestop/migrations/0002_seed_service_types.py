"""The desk services of the report's sections not yet built as modules, each with its ticket
letter and the 15-minute standard. Offices may change the standard, names and order later;
codes and letters stay.

A module's own services (ID cards: A, medical claims: B, child education: C) are declared in
its `module.py` and added after every migrate by `apps.onestop.service_types` (issue 12); an
office migrated before that already has them from this migration, with the same letters."""

from django.db import migrations

SERVICE_TYPES = [
    # code, name_th, name_en, letter, order
    ("salary_certificate", "หนังสือรับรองเงินเดือน", "Salary certificate", "D", 40),
    (
        "revolving_fund",
        "เงินทุนหมุนเวียนแก้ไขปัญหาหนี้สินข้าราชการครู",
        "Teachers' debt revolving fund",
        "E",
        50,
    ),
    ("welfare_shop", "ร้านค้าสวัสดิการและห้องพักรับรอง", "Welfare shop and lounges", "F", 60),
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
