"""Test set-up: one test database, the office template migrated once, and two offices cloned
from it once per session (`alpha` and `beta`), each with committed accounts.

Tests run inside a transaction that is rolled back (pytest-django's `db`). Do not use
`transactional_db` or pytest-django's `live_server`: their flush empties the public tables,
offices included. Browser tests use the `web_server` fixture below, which serves the committed
session data from a thread.
"""

from __future__ import annotations

import os
import shutil
import warnings
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.test import Client
from django_tenants.utils import schema_context

from accounts import two_factor
from accounts.models import User
from accounts.roles import OfficeRole
from accounts.services import totp_device_create_with_key, user_create
from tenants.models import Office
from tenants.services import office_create

PASSWORD = "correct-horse-battery-staple"  # noqa: S105
# The authenticator key of every committed account that must use a second factor (RFC 6238's
# test secret); `totp_code(TEST_TOTP_KEY)` is its code now.
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"

OFFICE_SPECS = {
    "alpha": {
        "code": "alpha",
        "name_th": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบ เขต 1",
        "name_en": "Test Primary Area Office 1",
        "kind": "primary",
        "province": "ทดสอบ",
        "region": "south",
        "area_number": 1,
    },
    "beta": {
        "code": "beta",
        "name_th": "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาทดสอบ",
        "name_en": "Test Secondary Area Office",
        "kind": "secondary",
        "province": "ทดสอบ",
        "region": "north",
        "area_number": 1,
    },
}

# Every office gets one account per role (username = role) and an admin with every role;
# each office also has an account only it has, to tell the schemas apart.
ALL_OFFICE_ROLES = [role.value for role in OfficeRole]


def _seed_office(office: Office) -> None:
    with schema_context(office.schema_name):
        for role in ALL_OFFICE_ROLES:
            user_create(username=role, password=PASSWORD, roles=[role])
        user_create(
            username="everything",
            password=PASSWORD,
            roles=ALL_OFFICE_ROLES,
            is_staff=True,
            is_superuser=True,
        )
        user_create(username=f"only-in-{office.code}", password=PASSWORD, roles=[])
        _enrol_second_factors()


def _enrol_second_factors() -> None:
    """The accounts of the current schema that must use a second factor get an authenticator
    with the published test key (the demo does the same with its own key)."""
    for user in User.objects.all():
        if two_factor.two_factor_required(user):
            totp_device_create_with_key(user=user, key_hex=TEST_TOTP_KEY)


@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest,
    django_test_environment: None,
    django_db_blocker: pytest.FixtureRequest,
) -> Iterator[None]:
    """Create the test database for every run, also when the tests selected only commit
    outside a test transaction (pytest-django would create it only for `db` tests)."""
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        _create_session_offices()
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        teardown_databases(config, verbosity=0)


def _create_session_offices() -> None:
    call_command("migrate_offices", verbosity=0)
    for spec in OFFICE_SPECS.values():
        _seed_office(office_create(**spec))  # type: ignore[arg-type]
    with schema_context("public"):
        user_create(
            username="operator",
            password=PASSWORD,
            roles=["platform_operator"],
            is_staff=True,
            is_superuser=True,
        )
        user_create(username="analyst", password=PASSWORD, roles=["central_analyst"])
        _enrol_second_factors()


@pytest.fixture
def office_a(db: None) -> Office:
    return Office.objects.get(code="alpha")


@pytest.fixture
def office_b(db: None) -> Office:
    return Office.objects.get(code="beta")


def host_of(office: Office) -> str:
    return f"{office.code}.localhost"


def office_client(office: Office, username: str | None = None) -> Client:
    """A test client on the office's host, signed in as `username` (an account of that office),
    with the second factor given if the account uses one."""
    client = Client(HTTP_HOST=host_of(office))
    if username is not None:
        with schema_context(office.schema_name):
            _sign_in(client, User.objects.get(username=username))
    return client


def central_client(username: str | None = None) -> Client:
    client = Client(HTTP_HOST="localhost")
    if username is not None:
        with schema_context("public"):
            _sign_in(client, User.objects.get(username=username))
    return client


def _sign_in(client: Client, user: User) -> None:
    """Both steps of signing in, as the sign-in pages leave them in the session. An account made
    in the test that must use a second factor is enrolled with the test key first."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    device = two_factor.totp_device_get(user)
    if device is None and two_factor.two_factor_required(user):
        device = totp_device_create_with_key(user=user, key_hex=TEST_TOTP_KEY)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def totp_code(key_hex: str = TEST_TOTP_KEY, *, at: float | None = None) -> str:
    """The authenticator's code for `key_hex` now (or at the Unix time `at`)."""
    import time
    from binascii import unhexlify

    from django_otp.oath import TOTP

    generator = TOTP(unhexlify(key_hex))
    generator.time = time.time() if at is None else at
    return f"{generator.token():06d}"


@pytest.fixture
def web_server(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[str]:
    """A real HTTP server in a thread, on the test database; yields its port.

    Its requests use their own connections, so they see the session's committed offices and
    accounts (not a test transaction's rows), and what they write stays: tests using it clean up.
    """
    from django.test.testcases import LiveServerThread, _StaticFilesHandler

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        thread = LiveServerThread("localhost", _StaticFilesHandler, port=0)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        try:
            if thread.error:
                raise thread.error
            yield str(thread.port)
        finally:
            thread.terminate()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium, or a loud skip where the machine has none."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not path:
        message = "BROWSER TESTS SKIPPED: no chromium on this machine (apt-get install chromium)"
        warnings.warn(message, stacklevel=1)
        print(f"\n{'!' * 78}\n!! {message}\n{'!' * 78}")  # noqa: T201
        pytest.skip(message)
    return path


@pytest.fixture(autouse=True)
def _fresh_routing_map() -> Iterator[None]:
    """A test's offices vanish with its rolled-back transaction: never keep them routed."""
    from django.db import connection

    from tenants import routing

    connection.set_schema_to_public()  # a previous test's request may have left an office on
    routing.forget()
    yield
    routing.forget()
    connection.set_schema_to_public()
