"""Two-factor sign-in: enforced by role, a second step after the password, recovery codes."""

from __future__ import annotations

import re

import pytest
from django.test import Client, RequestFactory
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context

from accounts import services, two_factor
from accounts.models import User
from accounts.roles import OfficeRole
from audit.models import AuditEvent
from core.admin_sites import office_admin_site
from tenants.models import Office
from tests.conftest import (
    PASSWORD,
    TEST_TOTP_KEY,
    central_client,
    office_client,
    totp_code,
)

pytestmark = pytest.mark.django_db

VERIFY = "/accounts/two-factor/verify/"
ENROL = "/accounts/two-factor/enrol/"
REQUIRED = {"office_admin", "finance_officer", "approver"}
# Pages of every kind an office serves: each must wait for the second factor.
OFFICE_PAGES = [
    "/",
    "/people/",
    "/people/export.xlsx",
    "/desk/",
    "/idcards/",
    "/claims/",
    "/claims/registers/medical.xlsx",
    "/accounts/users/",
    "/accounts/sessions/",
    "/accounts/two-factor/",
    "/audit/",
    "/admin/",
    "/api-clients/",
    "/benchmarks/",
]


def _password_step(office: Office, username: str, client: Client | None = None) -> Client:
    client = client or Client(HTTP_HOST=f"{office.code}.localhost")
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def _without_devices(office: Office, username: str) -> None:
    with schema_context(office.schema_name):
        user = User.objects.get(username=username)
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def _wrong(code: str) -> str:
    return f"{(int(code) + 500_000) % 1_000_000:06d}"


def _events(office: Office, action: str) -> list[AuditEvent]:
    with schema_context(office.schema_name):
        return list(AuditEvent.objects.filter(action=action))


@pytest.mark.parametrize("role", [role.value for role in OfficeRole])
def test_roles_that_approve_pay_or_administer_must_enrol_before_anything_else(
    office_a: Office, role: str
) -> None:
    _without_devices(office_a, role)
    client = _password_step(office_a, role)
    for path in OFFICE_PAGES:
        response = client.get(path)
        if role in REQUIRED:
            assert response.status_code == 302, path
            assert response["Location"].startswith(f"{ENROL}?next="), path
        else:
            assert not response.get("Location", "").startswith(ENROL), path
    api = client.get("/api/v1/people/")
    if role in REQUIRED:
        assert api.status_code == 403
        assert api.json()["code"] == "auth.second_factor_required"
    assert client.get(ENROL).status_code == (200 if role in REQUIRED else 200)


def test_a_finance_officer_without_a_device_reaches_only_the_enrolment(office_a: Office) -> None:
    _without_devices(office_a, "finance_officer")
    client = _password_step(office_a, "finance_officer")
    body = client.get(ENROL).content.decode()
    assert "ตั้งค่าการยืนยันตัวตนสองขั้นตอน" in body
    assert "<svg" in body  # the QR code, drawn on the server
    assert re.search(r"<script(?![^>]*\bsrc=)|\son[a-z]+=", body) is None  # no inline script
    # A POST elsewhere is refused as well (nothing is written).
    response = client.post("/claims/settings/", {"approval_threshold": "1"})
    assert response.status_code == 302 and response["Location"].startswith(ENROL)


def test_enrolment_with_the_app_code_opens_the_site_and_shows_recovery_codes_once(
    office_a: Office,
) -> None:
    _without_devices(office_a, "finance_officer")
    client = _password_step(office_a, "finance_officer")
    page = client.get(f"{ENROL}?next=/claims/").content.decode()
    key = client.session[two_factor.PENDING_KEY_SESSION_KEY]
    assert two_factor.key_as_base32(key) in page  # for typing in by hand
    assert client.post(ENROL, {"token": _wrong(totp_code(key))}).status_code == 200
    response = client.post(ENROL, {"token": totp_code(key), "next": "/claims/"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == 10
    assert client.get("/claims/").status_code == 200
    overview = client.get("/accounts/two-factor/").content.decode()
    assert "เหลือรหัสสำรอง 10 ชุด" in overview
    assert not any(code in overview for code in codes)  # never shown again
    assert [e.actor_label for e in _events(office_a, "auth.two_factor_enrolled")] == [
        "finance_officer"
    ]


def test_the_second_step_asks_for_the_code_and_a_wrong_code_is_refused_and_audited(
    office_a: Office,
) -> None:
    client = _password_step(office_a, "office_admin")
    response = client.get("/audit/")
    assert response["Location"] == f"{VERIFY}?next=%2Faudit%2F"
    page = client.get(response["Location"]).content.decode()
    assert "การยืนยันตัวตนสองขั้นตอน" in page
    refused = client.post(VERIFY, {"token": _wrong(totp_code()), "next": "/audit/"})
    assert refused.status_code == 200
    assert "รหัสไม่ถูกต้อง" in refused.content.decode()
    assert client.get("/audit/")["Location"].startswith(VERIFY)
    failed = _events(office_a, "auth.second_factor_failed")
    assert [(e.actor_label, e.ip_address) for e in failed] == [("office_admin", "127.0.0.1")]


def test_a_wrong_code_makes_the_next_try_wait(office_a: Office) -> None:
    client = _password_step(office_a, "office_admin")
    client.post(VERIFY, {"token": _wrong(totp_code())})
    # Even the right code is refused at once after a failure (django-otp's throttling).
    assert client.post(VERIFY, {"token": totp_code()}).status_code == 200
    assert client.get("/")["Location"].startswith(VERIFY)


def test_the_right_code_signs_in_and_cannot_be_used_twice(office_a: Office) -> None:
    code = totp_code()
    first = _password_step(office_a, "approver")
    response = first.post(VERIFY, {"token": code, "next": "/claims/"})
    assert response.status_code == 302 and response["Location"] == "/claims/"
    assert first.get("/claims/").status_code == 200
    second = _password_step(office_a, "approver")
    assert second.post(VERIFY, {"token": code}).status_code == 200  # replayed: refused
    assert second.get("/claims/")["Location"].startswith(VERIFY)
    verified = _events(office_a, "auth.second_factor_verified")
    assert [e.changes["method"] for e in verified] == [[None, "totp"]]


def test_the_second_step_never_redirects_to_another_host(office_a: Office) -> None:
    client = _password_step(office_a, "approver")
    response = client.post(VERIFY, {"token": totp_code(), "next": "http://evil.example/"})
    assert response["Location"] == "/"


def test_a_recovery_code_works_once(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        codes = services.recovery_codes_regenerate(user=User.objects.get(username="office_admin"))
    client = _password_step(office_a, "office_admin")
    response = client.post(VERIFY, {"token": codes[0].upper(), "next": "/audit/"})
    assert response["Location"] == "/audit/"
    assert client.get("/audit/").status_code == 200
    again = _password_step(office_a, "office_admin")
    assert again.post(VERIFY, {"token": codes[0]}).status_code == 200
    assert again.get("/audit/")["Location"].startswith(VERIFY)
    with schema_context(office_a.schema_name):
        assert two_factor.recovery_codes_left(User.objects.get(username="office_admin")) == 9
    methods = [e.changes["method"] for e in _events(office_a, "auth.second_factor_verified")]
    assert methods == [[None, "recovery_code"]]


def test_new_recovery_codes_replace_the_old_ones(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        old = services.recovery_codes_regenerate(user=User.objects.get(username="office_admin"))
    client = office_client(office_a, "office_admin")
    response = client.post("/accounts/two-factor/recovery-codes/")
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    fresh = _password_step(office_a, "office_admin")
    assert fresh.post(VERIFY, {"token": new[1]}).status_code == 302
    stale = _password_step(office_a, "office_admin")
    assert stale.post(VERIFY, {"token": old[1]}).status_code == 200  # refused


def test_a_password_alone_cannot_replace_an_enrolled_authenticator(office_a: Office) -> None:
    client = _password_step(office_a, "office_admin")
    assert client.get(ENROL)["Location"] == VERIFY
    assert client.post(ENROL, {"token": "123456"})["Location"] == VERIFY
    with schema_context(office_a.schema_name):
        device = two_factor.totp_device_get(User.objects.get(username="office_admin"))
        assert device is not None and device.key == TEST_TOTP_KEY


def test_a_viewer_may_enrol_and_is_then_asked_for_the_code(office_a: Office) -> None:
    client = _password_step(office_a, "viewer")
    assert client.get("/people/").status_code == 200  # no second factor needed
    client.get(ENROL)
    key = client.session[two_factor.PENDING_KEY_SESSION_KEY]
    assert client.post(ENROL, {"token": totp_code(key)}).status_code == 200
    later = _password_step(office_a, "viewer")
    assert later.get("/people/")["Location"].startswith(VERIFY)
    # ...and may turn it off again, once signed in with it.
    client.post("/accounts/two-factor/off/")
    with schema_context(office_a.schema_name):
        assert two_factor.totp_device_get(User.objects.get(username="viewer")) is None


def test_a_role_that_requires_it_cannot_turn_it_off(office_a: Office) -> None:
    client = office_client(office_a, "finance_officer")
    response = client.post("/accounts/two-factor/off/", follow=True)
    assert "จึงปิดไม่ได้" in response.content.decode()
    with schema_context(office_a.schema_name):
        assert two_factor.totp_device_get(User.objects.get(username="finance_officer"))


def test_the_admin_sites_require_the_second_factor(office_a: Office) -> None:
    client = _password_step(office_a, "everything")
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    central = Client(HTTP_HOST="localhost")
    central.post("/accounts/login/", {"username": "operator", "password": PASSWORD})
    assert central.get("/admin/")["Location"].startswith(VERIFY)
    # The admin site refuses on its own too, whatever the middleware did.
    request = RequestFactory().get("/admin/")
    with schema_context(office_a.schema_name):
        request.user = User.objects.get(username="everything")
    request.user.is_verified = lambda: False  # type: ignore[attr-defined]
    assert office_admin_site.has_permission(request) is False
    request.user.is_verified = lambda: True  # type: ignore[attr-defined]
    assert office_admin_site.has_permission(request) is True


def test_a_platform_operator_gives_the_second_factor_on_the_central_site() -> None:
    client = Client(HTTP_HOST="localhost")
    client.post("/accounts/login/", {"username": "operator", "password": PASSWORD})
    assert client.get("/offices/new/")["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"token": totp_code(), "next": "/offices/new/"}).status_code == 302
    assert client.get("/offices/new/").status_code == 200
    assert central_client("analyst").get("/benchmarks/").status_code == 200  # not required


def test_an_office_admin_resets_a_lost_phone(office_a: Office) -> None:
    finance = office_client(office_a, "finance_officer")
    assert finance.get("/claims/").status_code == 200
    with schema_context(office_a.schema_name):
        target = User.objects.get(username="finance_officer")
    admin = office_client(office_a, "office_admin")
    page = admin.get(f"/accounts/users/{target.pk}/").content.decode()
    assert "รีเซ็ตการยืนยันตัวตนสองขั้นตอน" in page
    admin.post(f"/accounts/users/{target.pk}/two-factor/reset/")
    assert finance.get("/claims/")["Location"].startswith("/accounts/login/")  # signed out
    with schema_context(office_a.schema_name):
        assert two_factor.totp_device_get(target) is None
    again = _password_step(office_a, "finance_officer")
    assert again.get("/claims/")["Location"].startswith(ENROL)
    # Only an administrator may reset, and only by POST.
    assert (
        office_client(office_a, "viewer")
        .post(f"/accounts/users/{target.pk}/two-factor/reset/")
        .status_code
        == 403
    )
    assert admin.get(f"/accounts/users/{target.pk}/two-factor/reset/").status_code == 405


def test_devices_are_per_office(office_a: Office, office_b: Office) -> None:
    _without_devices(office_a, "finance_officer")
    client = _password_step(office_b, "finance_officer")  # still enrolled in beta
    assert client.get("/claims/")["Location"].startswith(VERIFY)
    with schema_context(office_b.schema_name):
        assert TOTPDevice.objects.filter(user__username="finance_officer").exists()
    with schema_context(office_a.schema_name):
        assert not TOTPDevice.objects.filter(user__username="finance_officer").exists()


def test_demo_logins_that_need_it_get_the_published_key_and_the_code_command(
    office_a: Office,
) -> None:
    import io
    from binascii import unhexlify

    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django_otp.oath import TOTP

    from devdata.demo import DEMO_PASSWORD, DEMO_TOTP_KEY, OFFICE_ACCOUNTS, _ensure_accounts

    with schema_context(office_a.schema_name):
        _ensure_accounts(OFFICE_ACCOUNTS)
        _ensure_accounts(OFFICE_ACCOUNTS)  # idempotent
        keys = {
            account.username: getattr(
                two_factor.totp_device_get(User.objects.get(username=account.username)),
                "key",
                None,
            )
            for account in OFFICE_ACCOUNTS
        }
    assert keys == {
        "admin": DEMO_TOTP_KEY,
        "officer": None,
        "finance": DEMO_TOTP_KEY,
        "director": DEMO_TOTP_KEY,
    }
    generator = TOTP(unhexlify(DEMO_TOTP_KEY))
    before = f"{generator.token():06d}"
    out = io.StringIO()
    call_command("totp_code", "alpha", "finance", stdout=out)
    assert out.getvalue().strip() in {before, f"{generator.token():06d}"}
    client = Client(HTTP_HOST="alpha.localhost")
    client.post("/accounts/login/", {"username": "finance", "password": DEMO_PASSWORD})
    response = client.post(VERIFY, {"token": out.getvalue().strip(), "next": "/claims/"})
    assert response["Location"] == "/claims/"
    for username in ("approver", "officer", "nobody"):  # the test key, no device, no account
        with pytest.raises(CommandError):
            call_command("totp_code", "alpha", username)
