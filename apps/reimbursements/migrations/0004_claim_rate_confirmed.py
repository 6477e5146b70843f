"""A claim records whether the rate row it applied was confirmed (`rate_confirmed`).

Claims made before are marked from the rate row they name (`rate_version`, a row of the
central tables in the public schema, on the office schema's search path).
"""

from django.db import migrations, models

MARK_EXISTING = """
UPDATE reimbursements_claim AS claim SET rate_confirmed = rate.is_confirmed
  FROM central_childeducationrate AS rate
 WHERE claim.kind = 'child_education' AND claim.rate_version = rate.id;
UPDATE reimbursements_claim AS claim SET rate_confirmed = limits.is_confirmed
  FROM central_medicallimits AS limits
 WHERE claim.kind = 'medical' AND claim.rate_version = limits.id;
"""


class Migration(migrations.Migration):
    dependencies = [("reimbursements", "0003_claim_kind_columns_dropped")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="rate_confirmed",
            field=models.BooleanField(
                db_default=True,
                default=True,
                help_text="Unticked: the rate row was not yet checked against its letter when "
                "the claim was made; the claim pages and registers say so.",
                verbose_name="rate confirmed",
            ),
        ),
        migrations.RunSQL(MARK_EXISTING, migrations.RunSQL.noop),
    ]
