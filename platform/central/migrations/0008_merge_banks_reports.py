"""Joins the banks' forms (issue 16) and the submitted annual reports (issue 15)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("central", "0006_submittedreport"),
        ("central", "0007_seed_banks"),
    ]

    operations = []
