"""Machine clients: scopes, refusal on every other office, rotation with overlap, revocation
at once, per-client rate limits, the call log, and the pages that manage them."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from api.authentication import ApiClientPrincipal
from api.models import ApiCallLog
from audit.models import AuditEvent
from audit.services import audit_record
from clients.models import ApiClient, ClientCredential
from clients.services import (
    client_create,
    client_credential_rotate,
    client_revoke,
    credential_revoke,
)
from tenants.models import Office
from tests.conftest import central_client, host_of, office_client

pytestmark = pytest.mark.django_db

# Every endpoint a client with all the office read scopes may use on its own office.
CLIENT_ENDPOINTS = [
    "/api/v1/me/",
    "/api/v1/people/",
    "/api/v1/people/999999/",
    "/api/v1/people/999999/family/",
    "/api/v1/schools/",
    "/api/v1/idcards/applications/",
    "/api/v1/idcards/applications/999999/",
    "/api/v1/reimbursements/claims/",
    "/api/v1/reimbursements/claims/999999/",
    "/api/v1/reimbursements/payments/",
    "/api/v1/reimbursements/payments/999999/",
]
OFFICE_READ_SCOPES = ["people:read", "idcards:read", "claims:read", "payments:read"]


def _register(
    office: Office | None, scopes: list[str], *, rate: int = 600, name: str = "HR system"
) -> tuple[ApiClient, str]:
    schema = office.schema_name if office is not None else "public"
    admin = "office_admin" if office is not None else "operator"
    with schema_context(schema):
        return client_create(
            name=name,
            scopes=scopes,
            rate_limit_per_minute=rate,
            actor=User.objects.get(username=admin),
        )


def _api(office: Office | None, secret: str) -> Client:
    host = host_of(office) if office is not None else "localhost"
    return Client(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Bearer {secret}")


def _admin(office: Office) -> User:
    with schema_context(office.schema_name):
        return User.objects.get(username="office_admin")


# --- scopes ---------------------------------------------------------------------------------


def test_client_with_people_read_reads_people_and_is_refused_cards(office_a: Office) -> None:
    _, secret = _register(office_a, ["people:read"])
    api = _api(office_a, secret)
    assert api.get("/api/v1/people/").status_code == 200
    assert api.get("/api/v1/schools/").status_code == 200
    refused = api.get("/api/v1/idcards/applications/")
    assert refused.status_code == 403
    assert refused.json()["code"] == "api.scope_missing"
    # A write needs people:write.
    write = api.post("/api/v1/people/", {}, content_type="application/json")
    assert write.status_code == 403
    assert write.json()["code"] == "api.scope_missing"


def test_view_without_a_scope_refuses_every_client(office_a: Office) -> None:
    _, secret = _register(office_a, OFFICE_READ_SCOPES + ["people:write"])
    # The desk's queue declares no scope: no client may use it, whatever it holds.
    api = _api(office_a, secret)
    for path in ("/api/v1/service-requests/", "/api/v1/service-types/"):
        response = api.get(path)
        assert response.status_code == 403, path
        assert response.json()["code"] == "api.scope_missing"
    # Nor the card officers' steps.
    step = api.post("/api/v1/idcards/applications/999999/check/")
    assert step.status_code == 403
    assert step.json()["code"] == "api.scope_missing"


def test_client_with_people_write_gets_the_services_validation(office_a: Office) -> None:
    _, secret = _register(office_a, ["people:write"])
    response = _api(office_a, secret).post("/api/v1/people/", {}, content_type="application/json")
    assert response.status_code == 400


def test_client_with_people_write_registers_a_person_audited_under_its_name(
    office_a: Office,
) -> None:
    from api.v1.people.views import PERSON_EXAMPLE
    from tests.people.factories import make_school, national_id

    _, secret = _register(office_a, ["people:write"], name="HR push")
    with schema_context(office_a.schema_name):
        school = make_school()
    body = {**PERSON_EXAMPLE.value, "school": school.pk, "national_id": national_id()}
    response = _api(office_a, secret).post("/api/v1/people/", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    with schema_context(office_a.schema_name):
        event = AuditEvent.objects.get(
            action="person.created", target_id=str(response.json()["id"])
        )
    assert event.actor_id is None and event.actor_label == "client:HR push"


def test_me_names_the_client(office_a: Office) -> None:
    _, secret = _register(office_a, ["people:read"], name="Teacher records")
    body = _api(office_a, secret).get("/api/v1/me/").json()
    assert body == {
        "username": "client:Teacher records",
        "full_name": "Teacher records",
        "roles": [],
        "office": "alpha",
    }


def test_audit_records_a_client_by_its_label(office_a: Office) -> None:
    client, _ = _register(office_a, ["people:read"], name="Teacher records")
    with schema_context(office_a.schema_name):
        event = audit_record(action="person.viewed", actor=ApiClientPrincipal(client))
        event.refresh_from_db()
        assert event.actor is None
        assert event.actor_label == "client:Teacher records"


def test_client_reads_a_full_record_and_the_read_is_audited_under_its_name(
    office_a: Office,
) -> None:
    from tests.people.factories import make_person

    _, secret = _register(office_a, ["people:read"], name="Teacher records")
    with schema_context(office_a.schema_name):
        person = make_person()
    response = _api(office_a, secret).get(f"/api/v1/people/{person.pk}/")
    assert response.status_code == 200
    assert response.json()["national_id"] == person.national_id  # a full reader, not masked
    with schema_context(office_a.schema_name):
        event = AuditEvent.objects.get(action="person.viewed", target_id=str(person.pk))
    assert event.actor_id is None and event.actor_label == "client:Teacher records"


def test_the_call_log_costs_one_insert(office_a: Office) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _, secret = _register(office_a, ["people:read"])
    api = _api(office_a, secret)
    api.get("/api/v1/me/")  # the credential's last use is written once, now
    with CaptureQueriesContext(connection) as captured:
        assert api.get("/api/v1/me/").status_code == 200
    writes = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith("SELECT")]
    writes = [sql for sql in writes if not sql.startswith("SET search_path")]
    assert len(writes) == 1 and writes[0].startswith('INSERT INTO "api_apicalllog"')


def test_national_client_reads_benchmarks_only_with_its_scope() -> None:
    _, with_scope = _register(None, ["benchmarks:read"], name="National A")
    _, without = _register(None, ["feeds:read"], name="National B")
    assert _api(None, with_scope).get("/api/v1/benchmarks/indicators/").status_code == 200
    refused = _api(None, without).get("/api/v1/benchmarks/indicators/")
    assert refused.status_code == 403
    assert refused.json()["code"] == "api.scope_missing"


def test_office_client_may_not_hold_the_central_scopes(office_a: Office) -> None:
    from core.errors import ApplicationError

    for scope in ("benchmarks:read", "offices:read"):
        with pytest.raises(ApplicationError) as refused:
            _register(office_a, ["people:read", scope])
        assert refused.value.code == "api.scope_other_host", scope
        assert scope in str(refused.value) and "central host" in str(refused.value)
    with pytest.raises(ApplicationError) as unknown:
        _register(office_a, ["people:read", "nothing:here"])
    assert unknown.value.code == "api.unknown_scope"
    with schema_context(office_a.schema_name):
        assert not ApiClient.objects.exists()


def test_national_client_may_hold_only_what_the_central_host_serves() -> None:
    from core.errors import ApplicationError

    for scope in ("people:write", "claims:read", "onestop:read"):
        with pytest.raises(ApplicationError) as refused:
            _register(None, ["benchmarks:read", scope], name=f"National {scope}")
        assert refused.value.code == "api.scope_other_host", scope
    # The read scopes of the feed resources: for the national feed.
    national = ["benchmarks:read", "feeds:read", "idcards:read", "offices:read", "payments:read"]
    client, _ = _register(None, [*national, "people:read"], name="National")
    assert client.scopes == sorted([*national, "people:read"])


# --- other offices --------------------------------------------------------------------------


def test_client_of_one_office_is_refused_on_every_other(office_a: Office, office_b: Office) -> None:
    _, secret = _register(office_a, OFFICE_READ_SCOPES)
    own, other, central = _api(office_a, secret), _api(office_b, secret), _api(None, secret)
    for path in CLIENT_ENDPOINTS:
        assert own.get(path).status_code in {200, 404}, path
        response = other.get(path)
        assert response.status_code == 401, (path, response.status_code)
        assert response.json()["code"] == "authentication_failed"
        # The central host has only /me/ of these; the others are not there at all.
        assert central.get(path).status_code == (401 if path == "/api/v1/me/" else 404), path
    with schema_context(office_b.schema_name):
        assert not ApiCallLog.objects.exists()


# --- rotation and revocation ----------------------------------------------------------------


def test_rotation_keeps_both_secrets_during_the_overlap_then_only_the_new(
    office_a: Office,
) -> None:
    client, old = _register(office_a, ["people:read"])
    t0 = timezone.now()
    with schema_context(office_a.schema_name):
        _, new = client_credential_rotate(
            client=client, actor=_admin(office_a), overlap=timedelta(hours=24), now=t0
        )
    assert new != old and new.startswith("kcc_")
    with mock.patch("django.utils.timezone.now", return_value=t0 + timedelta(hours=23)):
        assert _api(office_a, old).get("/api/v1/people/").status_code == 200
        assert _api(office_a, new).get("/api/v1/people/").status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=t0 + timedelta(hours=24, seconds=1)):
        assert _api(office_a, old).get("/api/v1/people/").status_code == 401
        assert _api(office_a, new).get("/api/v1/people/").status_code == 200


def test_revoked_client_is_refused_at_once(office_a: Office) -> None:
    client, secret = _register(office_a, ["people:read"])
    api = _api(office_a, secret)
    assert api.get("/api/v1/people/").status_code == 200
    with schema_context(office_a.schema_name):
        client_revoke(client=client, actor=_admin(office_a))
    assert api.get("/api/v1/people/").status_code == 401


def test_revoked_credential_is_refused_at_once_and_the_other_still_works(
    office_a: Office,
) -> None:
    client, old = _register(office_a, ["people:read"])
    with schema_context(office_a.schema_name):
        _, new = client_credential_rotate(client=client, actor=_admin(office_a))
        credential_revoke(
            credential=ClientCredential.objects.get(client=client, expires_at__isnull=False),
            actor=_admin(office_a),
        )
    assert _api(office_a, old).get("/api/v1/people/").status_code == 401
    assert _api(office_a, new).get("/api/v1/people/").status_code == 200


def test_only_a_hash_of_the_secret_is_stored(office_a: Office) -> None:
    client, secret = _register(office_a, ["people:read"])
    with schema_context(office_a.schema_name):
        stored = ClientCredential.objects.get(client=client)
    assert secret.startswith(f"kcc_{stored.prefix}_")
    assert secret not in (stored.key_hash, stored.prefix) and len(stored.key_hash) == 64


def test_user_tokens_are_unaffected(office_a: Office) -> None:
    from tests.api.support import bearer

    assert bearer(office_a, "viewer").get("/api/v1/people/").status_code == 200


# --- rate limits and the call log -----------------------------------------------------------


def test_call_beyond_the_clients_rate_gets_429_with_retry_after(office_a: Office) -> None:
    _, secret = _register(office_a, ["people:read"], rate=3)
    api = _api(office_a, secret)
    with mock.patch("api.throttling.time") as clock:
        clock.time.return_value = 1_800_000_010.0  # 10 s into a minute
        for _ in range(3):
            assert api.get("/api/v1/people/").status_code == 200
        refused = api.get("/api/v1/people/")
        assert refused.status_code == 429
        assert refused.json()["code"] == "api.rate_limited"
        assert refused["Retry-After"] == "50"
        clock.time.return_value = 1_800_000_061.0  # the next minute
        assert api.get("/api/v1/people/").status_code == 200


def test_every_call_leaves_one_log_row(office_a: Office) -> None:
    # Counted against the rate: calls the view admits (the 200 and the record 404).
    client, secret = _register(office_a, ["people:read"], rate=2)
    api = _api(office_a, secret)
    expected = [
        ("/api/v1/people/", 200),
        ("/api/v1/idcards/applications/", 403),
        ("/api/v1/people/999999/", 404),
        ("/api/v1/no-such-endpoint/", 404),
    ]
    with mock.patch("api.throttling.time") as clock:
        clock.time.return_value = 1_800_000_010.0
        for path, status in expected:
            assert api.get(path).status_code == status, path
        expected.append(("/api/v1/people/", 429))
        assert api.get("/api/v1/people/").status_code == 429
    with schema_context(office_a.schema_name):
        rows = list(ApiCallLog.objects.filter(client=client).order_by("id"))
    assert [(row.path, row.status_code) for row in rows] == expected
    assert {row.method for row in rows} == {"GET"}
    assert all(row.credential_prefix == secret.split("_")[1] for row in rows)


def test_people_calls_are_not_logged(office_a: Office) -> None:
    from tests.api.support import bearer

    bearer(office_a, "viewer").get("/api/v1/people/")
    with schema_context(office_a.schema_name):
        assert not ApiCallLog.objects.exists()


# --- the pages ------------------------------------------------------------------------------


def test_office_admin_creates_a_client_and_sees_the_secret_once(office_a: Office) -> None:
    web = office_client(office_a, "office_admin")
    assert web.get("/api-clients/new/").status_code == 200
    response = web.post(
        "/api-clients/new/",
        {"name": "Teacher records", "scopes": ["people:read"], "rate_limit_per_minute": "120"},
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("kcc_") and secret in response.content.decode()
    assert "no-store" in response["Cache-Control"].split(", ")
    listing = web.get("/api-clients/")
    assert listing.status_code == 200
    assert "Teacher records" in listing.content.decode()
    assert secret not in listing.content.decode()
    assert _api(office_a, secret).get("/api/v1/people/").status_code == 200
    with schema_context(office_a.schema_name):
        client = ApiClient.objects.get(name="Teacher records")
        assert client.scopes == ["people:read"] and client.rate_limit_per_minute == 120
        assert AuditEvent.objects.filter(
            action="api_client.created", target_id=str(client.pk)
        ).exists()


def test_office_admin_rotates_and_revokes(office_a: Office) -> None:
    client, old = _register(office_a, ["people:read"])
    web = office_client(office_a, "office_admin")
    rotated = web.post(f"/api-clients/{client.pk}/rotate/")
    assert rotated.status_code == 200
    new = rotated.context["secret"]
    assert new != old and new in rotated.content.decode()
    assert new not in web.get("/api-clients/").content.decode()
    assert _api(office_a, old).get("/api/v1/people/").status_code == 200
    with schema_context(office_a.schema_name):
        old_credential = ClientCredential.objects.get(client=client, expires_at__isnull=False)
    revoked = web.post(f"/api-clients/{client.pk}/credentials/{old_credential.pk}/revoke/")
    assert revoked.status_code == 302
    assert _api(office_a, old).get("/api/v1/people/").status_code == 401
    assert web.post(f"/api-clients/{client.pk}/revoke/").status_code == 302
    assert _api(office_a, new).get("/api/v1/people/").status_code == 401
    with schema_context(office_a.schema_name):
        actions = set(
            AuditEvent.objects.filter(target_id=str(client.pk)).values_list("action", flat=True)
        )
    assert {
        "api_client.rotated",
        "api_client.credential_revoked",
        "api_client.revoked",
    } <= actions


@pytest.mark.parametrize(
    "role", ["welfare_officer", "finance_officer", "approver", "fund_committee", "viewer"]
)
def test_other_office_roles_may_not_manage_clients(office_a: Office, role: str) -> None:
    client, _ = _register(office_a, ["people:read"])
    web = office_client(office_a, role)
    assert web.get("/api-clients/").status_code == 403
    assert web.get("/api-clients/new/").status_code == 403
    assert (
        web.post(
            "/api-clients/new/",
            {"name": "X", "scopes": ["people:read"], "rate_limit_per_minute": "1"},
        ).status_code
        == 403
    )
    assert web.post(f"/api-clients/{client.pk}/rotate/").status_code == 403
    assert web.post(f"/api-clients/{client.pk}/revoke/").status_code == 403
    with schema_context(office_a.schema_name):
        assert list(ApiClient.objects.values_list("name", flat=True)) == ["HR system"]
        assert ClientCredential.objects.filter(client=client).count() == 1
        assert ApiClient.objects.get().revoked_at is None


def test_anonymous_is_sent_to_sign_in(office_a: Office) -> None:
    response = office_client(office_a).get("/api-clients/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_office_admin_does_not_see_another_offices_clients(
    office_a: Office, office_b: Office
) -> None:
    client, _ = _register(office_b, ["people:read"], name="Beta only")
    web = office_client(office_a, "office_admin")
    assert "Beta only" not in web.get("/api-clients/").content.decode()
    assert web.post(f"/api-clients/{client.pk}/revoke/").status_code == 404


def test_platform_operator_manages_national_clients() -> None:
    web = central_client("operator")
    form = web.get("/api-clients/new/")
    assert form.status_code == 200 and "benchmarks:read" in form.content.decode()
    assert "offices:read" in form.content.decode()
    assert "people:write" not in form.content.decode()  # the central host serves no people
    response = web.post(
        "/api-clients/new/",
        {"name": "Comptroller", "scopes": ["benchmarks:read"], "rate_limit_per_minute": "60"},
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret not in web.get("/api-clients/").content.decode()
    assert _api(None, secret).get("/api/v1/benchmarks/indicators/").status_code == 200
    assert central_client("analyst").get("/api-clients/").status_code == 403


def test_office_form_offers_no_central_scope(office_a: Office) -> None:
    page = office_client(office_a, "office_admin").get("/api-clients/new/").content.decode()
    assert "people:read" in page and "benchmarks:read" not in page


# --- change feeds ---------------------------------------------------------------------------


def test_a_client_reads_the_feed_of_each_resource_it_may_read(office_a: Office) -> None:
    _, secret = _register(office_a, ["feeds:read", "people:read"])
    client = _api(office_a, secret)
    assert client.get("/api/v1/feed/?resource=people.person").status_code == 200
    assert client.get("/api/v1/feed/resources/").status_code == 200
    cards = client.get("/api/v1/feed/?resource=idcards.card")
    assert cards.status_code == 403 and cards.json()["code"] == "api.scope_missing"
    every = client.get("/api/v1/feed/")
    assert every.status_code == 400 and every.json()["code"] == "feeds.resource_required"


def test_a_client_without_feeds_read_reads_no_feed(office_a: Office) -> None:
    _, secret = _register(office_a, ["people:read"])
    response = _api(office_a, secret).get("/api/v1/feed/?resource=people.person")
    assert response.status_code == 403 and response.json()["code"] == "api.scope_missing"


def test_a_national_client_reads_the_national_feed_of_its_resources() -> None:
    _, secret = _register(None, ["feeds:read", "payments:read"], name="Comptroller General")
    client = _api(None, secret)
    assert client.get("/api/v1/national/feed/?resource=payments.payment").status_code == 200
    assert client.get("/api/v1/national/feed/?resource=people.person").status_code == 403


def test_create_api_client_command_prints_a_working_secret(office_a: Office) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("create_api_client", "alpha", "CMSS", "--scope", "people:read", stdout=out)
    secret = out.getvalue().strip()
    assert secret.startswith("kcc_")
    assert _api(office_a, secret).get("/api/v1/people/").status_code == 200
