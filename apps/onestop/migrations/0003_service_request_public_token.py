"""A random public token on every ticket, for its status page (the slip's QR code): added empty,
filled for the tickets there are, then unique and required."""

from typing import Any

from django.db import migrations, models

import apps.onestop.models


def fill_tokens(registry: Any, schema_editor: Any) -> None:
    ServiceRequest = registry.get_model("onestop", "ServiceRequest")
    for pk in ServiceRequest.objects.filter(public_token__isnull=True).values_list("pk", flat=True):
        ServiceRequest.objects.filter(pk=pk).update(
            public_token=apps.onestop.models.new_public_token()
        )


class Migration(migrations.Migration):
    dependencies = [("onestop", "0002_seed_service_types")]

    operations = [
        migrations.AddField(
            model_name="servicerequest",
            name="public_token",
            field=models.CharField(max_length=32, null=True, editable=False),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="servicerequest",
            name="public_token",
            field=models.CharField(
                default=apps.onestop.models.new_public_token,
                editable=False,
                max_length=32,
                unique=True,
                verbose_name="public token",
            ),
        ),
    ]
