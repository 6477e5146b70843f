"""Secrets the platform must be able to read back (webhook signing secrets), encrypted at rest
with keys kept outside the database.

`KRUCARE_ENCRYPTION_KEYS` (settings, from the environment variable of that name in production)
is a list of Fernet keys, newest first: values are encrypted with the first and decrypted with
any of them (`cryptography`'s MultiFernet: AES-128-CBC with an HMAC-SHA256, and a timestamp).
A copy of the database, a backup or a read-only SQL injection therefore yields no usable
secret without the key. Secrets that only need checking (API client secrets, tokens,
passwords) are hashed instead and do not belong here.

Rotation: put a new key in front (`new,old`) and restart every process, so that new values use
it; run `manage.py rotate_encryption_keys`, which re-encrypts every stored value of every
schema with the new key; then drop the old key. A value encrypted with a key no longer listed
cannot be read (`ImproperlyConfigured` names the setting).

`EncryptedTextField` is the model field: it stores the token and gives back the text. Its
values cannot be looked up (each encryption differs) and must be short enough to live in
memory (secrets, not documents).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

SETTING = "KRUCARE_ENCRYPTION_KEYS"


def key_problem(key: str) -> str | None:
    """Why `key` is not a Fernet key (None when it is one: 32 bytes, URL-safe base64)."""
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return "not URL-safe base64"
    return None if len(raw) == 32 else f"{len(raw)} bytes instead of 32"


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(f"{SETTING} is empty: no key to encrypt secrets with.")
    for key in keys:
        problem = key_problem(key)
        if problem is not None:
            raise ImproperlyConfigured(f"{SETTING}: a key is unusable ({problem}).")
    return MultiFernet([Fernet(key) for key in keys])


def _keys() -> tuple[str, ...]:
    keys: Sequence[str] = getattr(settings, SETTING, ())
    return tuple(keys)


def encrypt(text: str) -> str:
    """A token of `text` under the newest key."""
    return _fernet(_keys()).encrypt(text.encode("utf-8")).decode("ascii")


UNREADABLE = (
    f"A stored secret cannot be decrypted with the keys of {SETTING}: was a key removed "
    "before `manage.py rotate_encryption_keys` ran, or the value never encrypted?"
)


def decrypt(token: str) -> str:
    """The text of a token made with any of the keys."""
    try:
        return _fernet(_keys()).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError):
        raise ImproperlyConfigured(UNREADABLE) from None


def is_token(value: str) -> bool:
    """Whether `value` decrypts with the current keys."""
    try:
        _fernet(_keys()).decrypt(value.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True


def reencrypt(token: str) -> str:
    """The same text encrypted with the newest key (MultiFernet.rotate)."""
    try:
        return _fernet(_keys()).rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeEncodeError):
        raise ImproperlyConfigured(UNREADABLE) from None


class EncryptedTextField(models.TextField[str, str]):
    """Text encrypted in the database (see the module); read and written as plain text."""

    description = "Text encrypted at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return None if value is None else decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return None if value is None else encrypt(str(value))


def encrypted_columns() -> list[tuple[str, str]]:
    """(table, column) of every `EncryptedTextField` of the installed models."""
    from django.apps import apps

    return sorted(
        (model._meta.db_table, str(field.column))
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    )


def stored_secrets_reencrypt() -> int:
    """Re-encrypt every encrypted value of the current schema with the newest key, in one
    transaction (rows locked meanwhile); the number of values. Tables the schema does not have
    are skipped. Idempotent: a value already under the newest key is encrypted again."""
    from django.db import connection, transaction
    from psycopg import sql

    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
        for table, column in encrypted_columns():
            if table not in present:
                continue
            names = {"table": sql.Identifier(table), "column": sql.Identifier(column)}
            cursor.execute(
                sql.SQL(
                    "SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL FOR UPDATE"
                ).format(**names)
            )
            for pk, token in cursor.fetchall():
                cursor.execute(
                    sql.SQL("UPDATE {table} SET {column} = %s WHERE id = %s").format(**names),
                    [reencrypt(token), pk],
                )
                count += 1
    return count
