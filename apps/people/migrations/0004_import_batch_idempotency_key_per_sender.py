# Issue 14 (11): the stored key names its sender (`client-7:<key>`), room for a 255-char key.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_import_batch_idempotency_key"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importbatch",
            name="idempotency_key",
            field=models.CharField(
                blank=True, default="", max_length=300, verbose_name="idempotency key"
            ),
        ),
    ]
