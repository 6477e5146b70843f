"""The routing generation: one row in `public`, bumped by a trigger in the transaction of every
change to offices or domains (see tenants.models.RoutingGeneration and tenants.routing)."""

from django.db import migrations, models

BUMP_SQL = """
INSERT INTO public.tenants_routinggeneration (id, value) VALUES (1, 0) ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION public.tenants_routing_generation_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE public.tenants_routinggeneration SET value = value + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER tenants_office_routing_generation
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON public.tenants_office
    FOR EACH STATEMENT EXECUTE FUNCTION public.tenants_routing_generation_bump();
CREATE TRIGGER tenants_domain_routing_generation
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON public.tenants_domain
    FOR EACH STATEMENT EXECUTE FUNCTION public.tenants_routing_generation_bump();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS tenants_office_routing_generation ON public.tenants_office;
DROP TRIGGER IF EXISTS tenants_domain_routing_generation ON public.tenants_domain;
DROP FUNCTION IF EXISTS public.tenants_routing_generation_bump();
"""


class Migration(migrations.Migration):
    dependencies = [("tenants", "0002_office_restore")]

    operations = [
        migrations.CreateModel(
            name="RoutingGeneration",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("value", models.BigIntegerField(default=0, verbose_name="generation")),
            ],
            options={
                "verbose_name": "routing generation",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("id", 1)), name="routing_generation_one_row"
                    )
                ],
            },
        ),
        migrations.RunSQL(BUMP_SQL, DROP_SQL),
    ]
