"""Webhook signing secrets are encrypted at rest with a key outside the database (issue 11,
"Secrets at rest"): the column never holds the secret, the keys rotate, and the data migration
encrypts what was stored before."""

from __future__ import annotations

import importlib
import os
from types import SimpleNamespace
from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context

from accounts.models import User
from clients.models import ApiClient
from clients.services import client_create
from core import encryption
from tenants.models import Office
from webhooks.models import Subscription
from webhooks.services import subscription_create
from webhooks.signing import signature_header, signature_verify

pytestmark = pytest.mark.django_db

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()
MIGRATION = importlib.import_module("webhooks.migrations.0002_encrypt_signing_secrets")


def _client() -> ApiClient:
    client, _ = client_create(
        name="secrets test",
        scopes=["idcards:read", "webhooks:manage"],
        actor=User.objects.get(username="office_admin"),
    )
    return client


def _stored(subscription: Subscription) -> str:
    """The column's value as the database holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM webhooks_subscription WHERE id = %s", [subscription.pk])
        return str(cursor.fetchone()[0])


def _subscribe(office: Office) -> tuple[Subscription, str]:
    return subscription_create(
        client=_client(), url="https://hr.example.org/hook", event_types=["idcards.card"]
    )


def test_the_column_never_holds_the_secret_and_signing_still_uses_it(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        subscription, secret = _subscribe(office_a)
        stored = _stored(subscription)
        assert secret.startswith("whsec_") and secret not in stored
        assert secret[len("whsec_") :] not in stored
        assert encryption.decrypt(stored) == secret
        read = Subscription.objects.get(pk=subscription.pk)
    assert read.secret == secret  # the model gives the text back
    body = b'{"id":1}'
    assert signature_verify(secret, body, signature_header(read.secret, body))


def test_rotation_re_encrypts_every_office_with_the_newest_key(
    office_a: Office, office_b: Office, settings: Any
) -> None:
    settings.KRUCARE_ENCRYPTION_KEYS = [OLD]
    made = {}
    for office in (office_a, office_b):
        with schema_context(office.schema_name):
            subscription, secret = _subscribe(office)
            made[office.schema_name] = (subscription, secret, _stored(subscription))

    settings.KRUCARE_ENCRYPTION_KEYS = [NEW, OLD]  # a new key in front, the old one still read
    call_command("rotate_encryption_keys", verbosity=0)

    settings.KRUCARE_ENCRYPTION_KEYS = [NEW]  # the old key gone
    for schema, (subscription, secret, before) in made.items():
        with schema_context(schema):
            after = _stored(subscription)
            assert after != before and secret not in after
            assert Fernet(NEW).decrypt(after.encode()).decode() == secret
            with pytest.raises(InvalidToken):
                Fernet(OLD).decrypt(after.encode())
            assert Subscription.objects.get(pk=subscription.pk).secret == secret


def test_a_value_under_a_key_no_longer_listed_says_which_setting(
    office_a: Office, settings: Any
) -> None:
    settings.KRUCARE_ENCRYPTION_KEYS = [OLD]
    with schema_context(office_a.schema_name):
        subscription, _ = _subscribe(office_a)
        settings.KRUCARE_ENCRYPTION_KEYS = [NEW]  # removed before rotating
        with pytest.raises(ImproperlyConfigured, match="KRUCARE_ENCRYPTION_KEYS"):
            Subscription.objects.get(pk=subscription.pk)


def test_the_migration_encrypts_secrets_stored_in_plain_text_and_back(office_a: Office) -> None:
    editor = SimpleNamespace(connection=connection)
    with schema_context(office_a.schema_name):
        subscription, _ = _subscribe(office_a)
        with connection.cursor() as cursor:  # as stored before the migration
            cursor.execute(
                "UPDATE webhooks_subscription SET secret = %s WHERE id = %s",
                ["whsec_plain", subscription.pk],
            )
        MIGRATION.encrypt_plain_secrets(None, editor)
        once = _stored(subscription)
        assert "whsec_plain" not in once and encryption.decrypt(once) == "whsec_plain"
        MIGRATION.encrypt_plain_secrets(None, editor)  # again: nothing encrypted twice
        assert _stored(subscription) == once
        MIGRATION.decrypt_secrets(None, editor)
        assert _stored(subscription) == "whsec_plain"


def test_a_key_that_is_not_a_fernet_key_is_named(settings: Any) -> None:
    settings.KRUCARE_ENCRYPTION_KEYS = ["not-a-key"]
    with pytest.raises(ImproperlyConfigured, match="KRUCARE_ENCRYPTION_KEYS"):
        encryption.encrypt("x")


@pytest.mark.skipif(
    bool(os.environ.get("KRUCARE_ENCRYPTION_KEYS")), reason="keys given by the environment"
)
def test_development_gets_a_key_of_its_own_checkout(settings: Any) -> None:
    from config import embedded

    key_file = embedded.VAR_DIR / "encryption.key"
    assert [key_file.read_text().strip()] == settings.KRUCARE_ENCRYPTION_KEYS
    assert encryption.key_problem(settings.KRUCARE_ENCRYPTION_KEYS[0]) is None
