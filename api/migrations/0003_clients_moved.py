"""Machine clients and their credentials moved to the `clients` app (issue 12). Their tables
stay (`clients.0001` took them over in Django's state), so this only changes state: the call
log points at `clients.ApiClient`, and `api` forgets the two models. Runs after every
migration that still named `api.apiclient`."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_api_clients"),
        ("clients", "0001_initial"),
        ("webhooks", "0003_subscription_client_in_clients"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="apicalllog",
                    name="client",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="calls",
                        to="clients.apiclient",
                    ),
                ),
                migrations.DeleteModel(name="ClientCredential"),
                migrations.DeleteModel(name="ApiClient"),
            ],
            database_operations=[],
        ),
    ]
