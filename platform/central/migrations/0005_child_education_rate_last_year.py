"""A child-education rate row may end with an academic year (`last_academic_year`).

The demo's invented rates (source "ข้อมูลสาธิต (ไม่ใช่อัตราจริง)", from 2550, unconfirmed) had no
end, so a claim of a current year for a level without a real rate used them silently: they end
with 2557, the demo's last academic year.
"""

import django.core.validators
from django.db import migrations, models

DEMO_RATE_SOURCE = "ข้อมูลสาธิต (ไม่ใช่อัตราจริง)"
DEMO_RATE_LAST_YEAR = 2557


def bound_demo_rates(apps, schema_editor):
    if getattr(schema_editor.connection, "schema_name", "public") != "public":
        return
    rate = apps.get_model("central", "ChildEducationRate")
    rate.objects.filter(
        source_letter=DEMO_RATE_SOURCE,
        is_confirmed=False,
        last_academic_year__isnull=True,
        effective_academic_year__lte=DEMO_RATE_LAST_YEAR,
    ).update(last_academic_year=DEMO_RATE_LAST_YEAR)


class Migration(migrations.Migration):
    dependencies = [("central", "0004_collection_indicatorvalue")]

    operations = [
        migrations.AddField(
            model_name="childeducationrate",
            name="last_academic_year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Empty: until a newer row replaces it. Set for a row that must not "
                "reach later years, e.g. invented demo rates.",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(2500),
                    django.core.validators.MaxValueValidator(2700),
                ],
                verbose_name="in force until academic year (B.E.)",
            ),
        ),
        migrations.AddConstraint(
            model_name="childeducationrate",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("last_academic_year__isnull", True),
                    ("last_academic_year__gte", models.F("effective_academic_year")),
                    _connector="OR",
                ),
                name="child_education_rate_ends_after_it_starts",
            ),
        ),
        migrations.RunPython(bound_demo_rates, migrations.RunPython.noop),
    ]
