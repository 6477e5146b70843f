"""A subscription's client is `clients.ApiClient` now (issue 12): the same table, so only
Django's state changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0001_initial"),
        ("webhooks", "0002_encrypt_signing_secrets"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="subscription",
                    name="client",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="webhook_subscriptions",
                        to="clients.apiclient",
                        verbose_name="client",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
