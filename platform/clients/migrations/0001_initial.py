"""Machine clients move from `api` to their own app (issue 12). Their tables stay where they
are (`api_apiclient`, `api_clientcredential`): only Django's state changes, so an office that
already has them upgrades without touching a row. `api.0003` drops them from `api`'s state."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("api", "0002_api_clients"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ApiClient",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(max_length=100, unique=True, verbose_name="name"),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("scopes", models.JSONField(default=list, verbose_name="scopes")),
                        (
                            "rate_limit_per_minute",
                            models.PositiveIntegerField(
                                default=600, verbose_name="calls per minute"
                            ),
                        ),
                        ("is_active", models.BooleanField(default=True, verbose_name="active")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        (
                            "revoked_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="revoked"),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="created by",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "api_apiclient",
                        "verbose_name": "API client",
                        "verbose_name_plural": "API clients",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="ClientCredential",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "prefix",
                            models.CharField(db_index=True, max_length=12, verbose_name="prefix"),
                        ),
                        ("key_hash", models.CharField(max_length=64, unique=True)),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        (
                            "expires_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="expires"),
                        ),
                        (
                            "revoked_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="revoked"),
                        ),
                        (
                            "last_used_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="last used"),
                        ),
                        (
                            "client",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="credentials",
                                to="clients.apiclient",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "api_clientcredential",
                        "verbose_name": "client credential",
                        "verbose_name_plural": "client credentials",
                        "ordering": ["-created_at"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
