"""Signing secrets encrypted at rest (issue 11): the column becomes text holding a Fernet token
(`core.encryption`), and every secret stored in plain text is encrypted in place, in each
schema the migration runs in. Reversible: backwards decrypts them again (with the keys of
`KRUCARE_ENCRYPTION_KEYS`) before the column returns to varchar(100).

Raw SQL, not the model: the field decrypts what it reads, and what is there is plain text until
this migration has run."""

from typing import Any

from django.db import migrations

import core.encryption

TABLE = "webhooks_subscription"


def encrypt_plain_secrets(apps: Any, schema_editor: Any) -> None:
    """Encrypt every secret that is not a token of the current keys yet (idempotent)."""
    from core.encryption import encrypt, is_token

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, secret FROM {TABLE} FOR UPDATE")  # noqa: S608
        for pk, secret in cursor.fetchall():
            if not is_token(secret):
                cursor.execute(
                    f"UPDATE {TABLE} SET secret = %s WHERE id = %s",  # noqa: S608
                    [encrypt(secret), pk],
                )


def decrypt_secrets(apps: Any, schema_editor: Any) -> None:
    from core.encryption import decrypt, is_token

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, secret FROM {TABLE} FOR UPDATE")  # noqa: S608
        for pk, secret in cursor.fetchall():
            if is_token(secret):
                cursor.execute(
                    f"UPDATE {TABLE} SET secret = %s WHERE id = %s",  # noqa: S608
                    [decrypt(secret), pk],
                )


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="subscription",
            name="secret",
            field=core.encryption.EncryptedTextField(verbose_name="signing secret"),
        ),
        migrations.RunPython(encrypt_plain_secrets, decrypt_secrets),
    ]
