"""Sessions: idle timeout, the working-day limit, one's active sessions, sign-out everywhere."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django_tenants.utils import schema_context

from accounts import services
from accounts.models import User, UserSession
from audit.models import AuditEvent
from tenants.models import Office
from tests.conftest import PASSWORD, host_of

pytestmark = pytest.mark.django_db


def _signed_in(office: Office, username: str = "viewer", agent: str = "Firefox/128") -> Client:
    client = Client(HTTP_HOST=host_of(office), HTTP_USER_AGENT=agent)
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _signed_in_as(client: Client) -> str | None:
    user = client.get("/accounts/sessions/").wsgi_request.user
    return user.get_username() if user.is_authenticated else None


def _age_session(office: Office, client: Client, seconds: float) -> None:
    """Make the session look as if its last request was `seconds` ago."""
    with schema_context(office.schema_name):
        session = client.session
        session[services.SEEN_AT_SESSION_KEY] = time.time() - seconds
        session.save()


def _rows(office: Office, username: str) -> list[UserSession]:
    with schema_context(office.schema_name):
        return list(UserSession.objects.filter(user__username=username))


def test_a_session_idle_longer_than_the_setting_ends(office_a: Office, settings: object) -> None:
    settings.KRUCARE_SESSION_IDLE_MINUTES = 30  # type: ignore[attr-defined]
    client = _signed_in(office_a)
    _age_session(office_a, client, 29 * 60)
    assert _signed_in_as(client) == "viewer"
    _age_session(office_a, client, 31 * 60)
    response = client.get("/people/", follow=True)
    assert response.redirect_chain[0][0].startswith("/accounts/login/")
    assert "ไม่มีการใช้งานเป็นเวลานาน" in response.content.decode()
    assert _signed_in_as(client) is None
    with schema_context(office_a.schema_name):
        expired = AuditEvent.objects.filter(action="auth.session_idle_expired")
        assert [e.actor_label for e in expired] == ["viewer"]


def test_the_working_day_limit_is_absolute(office_a: Office, settings: object) -> None:
    client = _signed_in(office_a)
    key = client.cookies["sessionid"].value
    with schema_context(office_a.schema_name):
        first = Session.objects.get(session_key=key).expire_date
    row = _rows(office_a, "viewer")[0]
    assert abs((first - row.signed_in_at) - timedelta(hours=10)) < timedelta(seconds=5)
    _age_session(office_a, client, 120)  # activity is written now: the limit must not move
    assert _signed_in_as(client) == "viewer"
    with schema_context(office_a.schema_name):
        assert Session.objects.get(session_key=key).expire_date == first


def test_last_seen_is_written_at_most_once_a_minute(office_a: Office) -> None:
    client = _signed_in(office_a)
    signed_in = _rows(office_a, "viewer")[0].last_seen_at
    for _ in range(3):
        client.get("/people/")
    assert _rows(office_a, "viewer")[0].last_seen_at == signed_in
    _age_session(office_a, client, 61)
    client.get("/people/")
    assert _rows(office_a, "viewer")[0].last_seen_at > signed_in


def test_the_sessions_page_lists_browser_address_and_times(office_a: Office) -> None:
    laptop = _signed_in(office_a, agent="Mozilla/5.0 (X11) Firefox/128.0")
    _signed_in(office_a, agent="Mozilla/5.0 (iPhone) Safari/604.1")
    body = laptop.get("/accounts/sessions/").content.decode()
    assert "Firefox/128.0" in body and "Safari/604.1" in body
    assert "127.0.0.1" in body
    assert body.count('badge--ok">เซสชันนี้<') == 1  # this browser's own
    assert "ยุติเซสชันนี้" in body and "ออกจากระบบทุกอุปกรณ์" in body


def test_ending_one_session_signs_that_browser_out(office_a: Office) -> None:
    laptop = _signed_in(office_a, agent="Laptop")
    phone = _signed_in(office_a, agent="Phone")
    phone_row = next(r for r in _rows(office_a, "viewer") if r.user_agent == "Phone")
    response = laptop.post(f"/accounts/sessions/{phone_row.pk}/end/")
    assert response.status_code == 302
    assert _signed_in_as(phone) is None
    assert _signed_in_as(laptop) == "viewer"
    assert [r.user_agent for r in _rows(office_a, "viewer")] == ["Laptop"]


def test_a_session_of_another_user_cannot_be_ended(office_a: Office) -> None:
    victim = _signed_in(office_a, "welfare_officer")
    row = _rows(office_a, "welfare_officer")[0]
    attacker = _signed_in(office_a, "viewer")
    assert attacker.post(f"/accounts/sessions/{row.pk}/end/").status_code == 404
    assert attacker.get(f"/accounts/sessions/{row.pk}/end/").status_code == 405
    assert _signed_in_as(victim) == "welfare_officer"


def test_sign_out_everywhere_ends_every_session_of_the_user(office_a: Office) -> None:
    first = _signed_in(office_a)
    second = _signed_in(office_a)
    other_user = _signed_in(office_a, "welfare_officer")
    response = first.post("/accounts/sessions/end-all/", follow=True)
    assert "ออกจากระบบทุกอุปกรณ์แล้ว" in response.content.decode()
    assert _signed_in_as(first) is None
    assert _signed_in_as(second) is None
    assert _signed_in_as(other_user) == "welfare_officer"
    assert _rows(office_a, "viewer") == []
    with schema_context(office_a.schema_name):
        ended = AuditEvent.objects.get(action="auth.sessions_ended")
        assert ended.changes == {"sessions": [None, 2]}


def test_sign_out_everywhere_stays_in_its_office(office_a: Office, office_b: Office) -> None:
    alpha = _signed_in(office_a)
    beta = _signed_in(office_b)  # the same username, another person
    alpha.post("/accounts/sessions/end-all/")
    assert _signed_in_as(beta) == "viewer"
    assert len(_rows(office_b, "viewer")) == 1
    body = beta.get("/accounts/sessions/").content.decode()
    assert body.count("ยุติเซสชันนี้") == 1


def test_a_password_change_ends_the_other_sessions(office_a: Office) -> None:
    here = _signed_in(office_a, agent="Here")
    elsewhere = _signed_in(office_a, agent="Elsewhere")
    response = here.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Another-long-pass-2",
            "new_password2": "Another-long-pass-2",
        },
    )
    assert response.status_code == 302
    assert _signed_in_as(here) == "viewer"
    assert _signed_in_as(elsewhere) is None
    rows = _rows(office_a, "viewer")
    assert [r.user_agent for r in rows] == ["Here"]
    with schema_context(office_a.schema_name):
        alive = {s.session_key for s in Session.objects.all()}
        assert rows[0].session_key in alive


def test_a_password_reset_ends_every_session(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        User.objects.filter(username="viewer").update(email="viewer@example.org")
    signed_in = _signed_in(office_a)
    client = Client(HTTP_HOST=host_of(office_a))
    client.post("/accounts/password/reset/", {"email": "viewer@example.org"})
    link = re.search(r"http://\S+?(/accounts/password/reset/\S+/\S+/)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "A-new-long-password-1", "new_password2": "A-new-long-password-1"},
    )
    assert _signed_in_as(signed_in) is None
    assert _rows(office_a, "viewer") == []
