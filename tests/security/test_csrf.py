"""CSRF pairs are bound to the host that issued them (issue 11, point 4): a cookie and token
minted on one office are refused on another office and on the central site, with the test
settings' plain cookie names and with the production settings' `__Host-` cookies over HTTPS;
on their own host they keep working, through forms, htmx's header and a login."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tenants.models import Office
from tests.conftest import PASSWORD, host_of
from tests.test_production_settings import _env as production_env

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# The production settings' cookie and CSRF values, read in a process of their own.
PROBE = """
import json
import django
from django.conf import settings as s
django.setup()
names = ["CSRF_COOKIE_NAME", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY", "CSRF_COOKIE_SAMESITE",
         "CSRF_TRUSTED_ORIGINS", "CSRF_USE_SESSIONS", "SESSION_COOKIE_NAME",
         "SESSION_COOKIE_SECURE", "MIDDLEWARE"]
print(json.dumps({name: getattr(s, name) for name in names}))
"""


@pytest.fixture(scope="module")
def production_values(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("production")
    env = production_env(9, tmp)  # the discard port: nothing connects while settings load
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    values: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return values


class Browser:
    """A test client on one host that enforces CSRF as a browser-facing server must."""

    def __init__(self, host: str, *, secure: bool = False) -> None:
        self.host = host
        self.secure = secure
        self.client = Client(enforce_csrf_checks=True, HTTP_HOST=host)

    @property
    def origin(self) -> str:
        return f"{'https' if self.secure else 'http'}://{self.host}"

    def pair(self) -> tuple[str, str]:
        """The CSRF cookie and the form token of the login page."""
        response = self.client.get("/accounts/login/", secure=self.secure)
        match = TOKEN.search(response.content.decode())
        assert match, "no CSRF token on the login page"
        return self.client.cookies[settings.CSRF_COOKIE_NAME].value, match.group(1)

    def sign_in(self, pair: tuple[str, str], *, header: bool = False) -> int:
        """POST the login form with `pair` as this browser's cookie and token; the status."""
        cookie, token = pair
        self.client.cookies[settings.CSRF_COOKIE_NAME] = cookie
        data = {"username": "welfare_officer", "password": PASSWORD}
        extra: dict[str, str] = {
            "HTTP_ORIGIN": self.origin,  # same-origin: only the pair can be wrong
            "HTTP_REFERER": f"{self.origin}/accounts/login/",
        }
        if header:
            extra["HTTP_X_CSRFTOKEN"] = token
        else:
            data["csrfmiddlewaretoken"] = token
        response = self.client.post("/accounts/login/", data, secure=self.secure, **extra)
        return response.status_code


def _assert_pairs_stay_on_their_host(office_a: Office, office_b: Office, secure: bool) -> None:
    alpha = Browser(host_of(office_a), secure=secure)
    beta = Browser(host_of(office_b), secure=secure)
    central = Browser("localhost", secure=secure)
    from_alpha = alpha.pair()

    assert beta.sign_in(from_alpha) == 403
    assert Browser(host_of(office_b), secure=secure).sign_in(from_alpha, header=True) == 403
    assert central.sign_in(from_alpha) == 403
    assert beta.client.session.get("_auth_user_id") is None  # nobody was signed in
    # The same pair on its own host, and each host's own pair, still work.
    assert alpha.sign_in(from_alpha) == 302
    fresh_beta = Browser(host_of(office_b), secure=secure)
    assert fresh_beta.sign_in(fresh_beta.pair(), header=True) == 302
    # The port is not part of the binding (cookies are shared across ports); the host is.
    other_port = Browser(f"{host_of(office_a)}:8123", secure=secure)
    assert other_port.sign_in(from_alpha) == 302


def test_a_pair_from_one_office_is_refused_on_another_with_the_test_settings(
    office_a: Office, office_b: Office
) -> None:
    assert settings.CSRF_COOKIE_NAME == "csrftoken"  # plain names, as in development
    _assert_pairs_stay_on_their_host(office_a, office_b, secure=False)


def test_a_pair_from_one_office_is_refused_on_another_with_the_production_settings(
    office_a: Office, office_b: Office, production_values: dict[str, Any]
) -> None:
    assert production_values["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    with override_settings(**production_values):  # the production middleware chain included
        _assert_pairs_stay_on_their_host(office_a, office_b, secure=True)


def test_the_cookie_never_holds_the_plain_secret(office_a: Office) -> None:
    """What a page's token unmasks to is not what the cookie says: the cookie alone, read on
    another host, gives a different secret."""
    from django.middleware.csrf import _unmask_cipher_token

    cookie, token = Browser(host_of(office_a)).pair()
    assert len(cookie) == 32
    assert _unmask_cipher_token(token) != cookie
