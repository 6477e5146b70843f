import django.core.validators
import django.db.models.deletion
import django_tenants.postgresql_backend.base
from django.db import migrations, models

import tenants.models
from tenants.cloning import CLONE_FUNCTION_SQL, DROP_FUNCTION_SQL


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.CreateModel(
            name="Office",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "schema_name",
                    models.CharField(
                        db_index=True,
                        max_length=63,
                        unique=True,
                        validators=[django_tenants.postgresql_backend.base._check_schema_name],
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        max_length=40,
                        unique=True,
                        validators=[tenants.models.OFFICE_CODE_VALIDATOR],
                        verbose_name="office code",
                    ),
                ),
                ("name_th", models.CharField(max_length=200, verbose_name="name (Thai)")),
                (
                    "name_en",
                    models.CharField(blank=True, max_length=200, verbose_name="name (English)"),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("primary", "Primary"), ("secondary", "Secondary")],
                        max_length=16,
                        verbose_name="kind",
                    ),
                ),
                ("province", models.CharField(max_length=100, verbose_name="province")),
                (
                    "region",
                    models.CharField(
                        choices=[
                            ("north", "North"),
                            ("northeast", "Northeast"),
                            ("central", "Central"),
                            ("east", "East"),
                            ("west", "West"),
                            ("south", "South"),
                        ],
                        max_length=16,
                        verbose_name="region",
                    ),
                ),
                (
                    "area_number",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(99),
                        ],
                        verbose_name="area number",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="active")),
                (
                    "ready_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="ready since"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
            ],
            options={
                "verbose_name": "area office",
                "verbose_name_plural": "area offices",
                "ordering": ["province", "kind", "area_number", "code"],
            },
        ),
        migrations.CreateModel(
            name="Domain",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("domain", models.CharField(db_index=True, max_length=253, unique=True)),
                ("is_primary", models.BooleanField(db_index=True, default=True)),
                (
                    "tenant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="domains",
                        to="tenants.office",
                    ),
                ),
            ],
            options={"verbose_name": "domain", "verbose_name_plural": "domains"},
        ),
        migrations.AddConstraint(
            model_name="office",
            constraint=models.UniqueConstraint(
                fields=("kind", "province", "area_number"), name="office_unique_area"
            ),
        ),
        migrations.AddConstraint(
            model_name="office",
            constraint=models.CheckConstraint(
                condition=models.Q(("schema_name__startswith", "esa_")),
                name="office_schema_has_prefix",
            ),
        ),
        migrations.RunSQL(CLONE_FUNCTION_SQL, DROP_FUNCTION_SQL),
    ]
