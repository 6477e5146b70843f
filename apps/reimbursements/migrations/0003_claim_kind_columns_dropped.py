"""Medical and child-education details leave the claim's table (2/2): the claim's constraints
on them move to the details tables (copied in 0002), and the claim's kind-specific columns go.

A child's semester is claimed once: the unique constraints keep their names and meaning, now on
the child-education details, where `is_claimed` stands for "the claim is not returned"."""

from django.db import migrations, models

MOVED = [
    "hospital_name",
    "hospital_type",
    "care_type",
    "admitted_on",
    "discharged_on",
    "special_room_rate",
    "academic_year",
    "semester",
    "school_name",
    "school_type",
    "education_level",
    "fee_notice_received",
    "rate_method",
    "rate_share_percent",
    "rate_cap",
    "entitled_amount",
    "used_before",
]


class Migration(migrations.Migration):
    dependencies = [
        ("reimbursements", "0002_claim_details"),
    ]

    operations = [
        # Rows written earlier in the same transaction (a test, or a run of several migrations
        # in one) leave deferred foreign-key checks pending, and PostgreSQL alters no table
        # with pending trigger events: run them now.
        migrations.RunSQL("SET CONSTRAINTS ALL IMMEDIATE", migrations.RunSQL.noop),
        migrations.RemoveConstraint(model_name="claim", name="claim_medical_has_hospital"),
        migrations.RemoveConstraint(model_name="claim", name="claim_child_education_complete"),
        migrations.RemoveConstraint(model_name="claim", name="claim_child_semester_once"),
        migrations.RemoveConstraint(model_name="claim", name="claim_child_member_semester_once"),
        migrations.RemoveIndex(model_name="claim", name="claim_child_year_idx"),
        *(migrations.RemoveField(model_name="claim", name=name) for name in MOVED),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "child_education"), _negated=True),
                    ("beneficiary_relation", "child"),
                    _connector="OR",
                ),
                name="claim_child_education_for_child",
            ),
        ),
        migrations.AddConstraint(
            model_name="medicalclaimdetail",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("hospital_name", ""), _negated=True),
                    models.Q(("hospital_type", ""), _negated=True),
                    models.Q(("care_type", ""), _negated=True),
                ),
                name="claim_medical_has_hospital",
            ),
        ),
        migrations.AddIndex(
            model_name="childeducationclaimdetail",
            index=models.Index(
                fields=["child_national_id", "academic_year"], name="claim_child_year_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="childeducationclaimdetail",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("is_claimed", True), models.Q(("child_national_id", ""), _negated=True)
                ),
                fields=("child_national_id", "academic_year", "semester"),
                name="claim_child_semester_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="childeducationclaimdetail",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_claimed", True)),
                fields=("child", "academic_year", "semester"),
                name="claim_child_member_semester_once",
            ),
        ),
        migrations.RunSQL("SET CONSTRAINTS ALL DEFERRED", migrations.RunSQL.noop),
    ]
