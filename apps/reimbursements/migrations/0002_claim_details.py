"""Medical and child-education details leave the claim's table (1/2): their tables are made and
every claim's details copied into them. 0003 drops the claim's old columns and moves its
constraints onto the details; the copy is here, in its own transaction, so a deployed office
upgrades through both with its claims."""

import django.db.models.deletion
from django.db import migrations, models

COPY_MEDICAL = """
INSERT INTO reimbursements_medicalclaimdetail
    (claim_id, hospital_name, hospital_type, care_type, admitted_on, discharged_on,
     special_room_rate)
SELECT id, hospital_name, hospital_type, care_type, admitted_on, discharged_on,
       special_room_rate
FROM reimbursements_claim
WHERE kind = 'medical'
"""

# A child's semester is claimed while its claim is not returned (the old constraints' condition).
COPY_CHILD_EDUCATION = """
INSERT INTO reimbursements_childeducationclaimdetail
    (claim_id, child_id, child_national_id, academic_year, semester, school_name, school_type,
     education_level, fee_notice_received, rate_method, rate_share_percent, rate_cap,
     entitled_amount, used_before, is_claimed)
SELECT id, beneficiary_id, beneficiary_national_id, academic_year, semester, school_name,
       school_type, education_level, fee_notice_received, rate_method, rate_share_percent,
       rate_cap, entitled_amount, used_before, status <> 'returned'
FROM reimbursements_claim
WHERE kind = 'child_education'
"""


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_family_birth_order_import_batch"),
        ("reimbursements", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="MedicalClaimDetail",
            fields=[
                (
                    "claim",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="medical",
                        serialize=False,
                        to="reimbursements.claim",
                        verbose_name="claim",
                    ),
                ),
                ("hospital_name", models.CharField(max_length=200, verbose_name="hospital")),
                (
                    "hospital_type",
                    models.CharField(
                        choices=[
                            ("government", "Government hospital"),
                            ("private", "Private hospital"),
                        ],
                        max_length=12,
                        verbose_name="hospital type",
                    ),
                ),
                (
                    "care_type",
                    models.CharField(
                        choices=[("outpatient", "Outpatient"), ("inpatient", "Inpatient")],
                        max_length=12,
                        verbose_name="care",
                    ),
                ),
                (
                    "admitted_on",
                    models.DateField(blank=True, null=True, verbose_name="admitted on"),
                ),
                (
                    "discharged_on",
                    models.DateField(blank=True, null=True, verbose_name="discharged on"),
                ),
                (
                    "special_room_rate",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=14,
                        null=True,
                        verbose_name="special room rate per day (baht)",
                    ),
                ),
            ],
            options={
                "verbose_name": "medical claim details",
                "verbose_name_plural": "medical claim details",
            },
        ),
        migrations.CreateModel(
            name="ChildEducationClaimDetail",
            fields=[
                (
                    "claim",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="child_education",
                        serialize=False,
                        to="reimbursements.claim",
                        verbose_name="claim",
                    ),
                ),
                (
                    "child",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="people.familymember",
                        verbose_name="child",
                    ),
                ),
                (
                    "child_national_id",
                    models.CharField(blank=True, max_length=13, verbose_name="child's national ID"),
                ),
                (
                    "academic_year",
                    models.PositiveSmallIntegerField(verbose_name="academic year (B.E.)"),
                ),
                (
                    "semester",
                    models.PositiveSmallIntegerField(
                        choices=[(1, "Semester 1"), (2, "Semester 2")], verbose_name="semester"
                    ),
                ),
                (
                    "school_name",
                    models.CharField(blank=True, max_length=200, verbose_name="school"),
                ),
                (
                    "school_type",
                    models.CharField(blank=True, max_length=20, verbose_name="school type"),
                ),
                (
                    "education_level",
                    models.CharField(blank=True, max_length=30, verbose_name="level"),
                ),
                (
                    "fee_notice_received",
                    models.BooleanField(default=False, verbose_name="school's fee notice received"),
                ),
                (
                    "rate_method",
                    models.CharField(blank=True, max_length=10, verbose_name="rate method"),
                ),
                (
                    "rate_share_percent",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=5,
                        null=True,
                        verbose_name="share of actual fees (%)",
                    ),
                ),
                (
                    "rate_cap",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=14,
                        verbose_name="cap per academic year (baht)",
                    ),
                ),
                (
                    "entitled_amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=14,
                        null=True,
                        verbose_name="entitled",
                    ),
                ),
                (
                    "used_before",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=14,
                        null=True,
                        verbose_name="used before this claim",
                    ),
                ),
                ("is_claimed", models.BooleanField(default=True, verbose_name="claimed")),
            ],
            options={
                "verbose_name": "child-education claim details",
                "verbose_name_plural": "child-education claim details",
            },
        ),
        migrations.RunSQL(COPY_MEDICAL, reverse_sql=migrations.RunSQL.noop, elidable=False),
        migrations.RunSQL(COPY_CHILD_EDUCATION, reverse_sql=migrations.RunSQL.noop, elidable=False),
    ]
