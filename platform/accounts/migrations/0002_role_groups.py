"""Create the role groups of the schema being migrated: central roles in `public`, office roles
in every office schema (and so in the template they are cloned from)."""

from django.db import migrations


def create_role_groups(apps, schema_editor):
    from accounts.roles import roles_for_schema

    group_model = apps.get_model("auth", "Group")
    schema_name = getattr(schema_editor.connection, "schema_name", "public")
    for role in roles_for_schema(schema_name):
        group_model.objects.get_or_create(name=role.value)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
