"""Issue 14: what every `/api/` answer does whatever produced it — the JSON error body on every
route and method (the URLconf walked), one money check, one paging behaviour for lists and
feeds, visible rate limits, the client's language, per-sender idempotency keys, signed cursors,
ETags, request ids, no-store and deprecation headers."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_tenants.utils import schema_context
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from api.deprecation import deprecated
from apps.people.models import ImportBatch, Person
from tenants.models import Office
from tests.api.support import bearer
from tests.api.test_clients import _api, _register
from tests.conftest import central_client, host_of, office_client
from tests.people.factories import make_person, national_id

pytestmark = pytest.mark.django_db

METHODS = ["get", "post", "put", "patch", "delete", "options", "head"]


def _api_routes(urlconf: str) -> list[str]:
    """Every `/api/` route of a URLconf as a concrete path (integer ids as 1, other
    parameters as `x`)."""
    routes: list[str] = []

    def walk(patterns: Any, prefix: str) -> None:
        for entry in patterns:
            text = str(entry.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + text)
            elif isinstance(entry, URLPattern):
                routes.append(prefix + text)

    walk(get_resolver(urlconf).url_patterns, "/")
    concrete = []
    for route in routes:
        if not route.startswith("/api/"):
            continue
        path = re.sub(r"<int:[^>]+>", "1", route)
        path = re.sub(r"<[^>]+>", "x", path)
        path = re.sub(r"\(\?P<[^>]+>[^)]*\)", "x", path)
        concrete.append(path)
    return sorted(set(concrete))


def _assert_json_error(response: Any, label: str) -> None:
    assert response["Content-Type"].startswith("application/json"), (label, response.status_code)
    assert response.get("X-Request-ID"), label
    assert "no-store" in response["Cache-Control"], label
    if response.status_code >= 400 and response.request["REQUEST_METHOD"] != "HEAD":
        body = response.json()
        assert body["code"] and body["message"], (label, body)


@pytest.mark.parametrize("host", ["office", "central"])
def test_every_route_and_method_under_the_api_answers_json_never_a_page(
    office_a: Office, host: str
) -> None:
    """Walks the host's URLconf: each route as it is, without its trailing slash and with a
    word for its id, with every method, signed in by session (CSRF applies) and by token."""
    if host == "office":
        urlconf, clients = (
            "config.urls_office",
            [
                office_client(office_a, "office_admin"),
                bearer(office_a, "office_admin"),
                Client(HTTP_HOST=host_of(office_a)),
            ],
        )
    else:
        urlconf, clients = "config.urls_central", [central_client("analyst"), central_client()]
    routes = _api_routes(urlconf)
    assert "/api/v1/me/" in routes
    paths = set(routes) | {r.rstrip("/") for r in routes} | {"/api/", "/api/v2/x/"}
    paths |= {r.replace("/1/", "/abc/") for r in routes if "/1/" in r}
    for client in clients:
        for path in sorted(paths):
            if path.endswith(("/schema/", "/docs/")) or path in ("/api/v1/schema", "/api/v1/docs"):
                continue
            for method in METHODS:
                response = getattr(client, method)(path, HTTP_ACCEPT_LANGUAGE="en")
                assert response.status_code < 500, (method, path, response.status_code)
                _assert_json_error(response, f"{method} {path}")


def test_options_on_a_detail_is_answered(office_a: Office) -> None:
    response = bearer(office_a, "office_admin").options("/api/v1/people/1/")
    assert response.status_code == 200 and response.json()["schema"] == "/api/v1/schema/"


def test_a_csrf_refusal_under_the_api_is_the_error_body(office_a: Office) -> None:
    client = office_client(office_a, "office_admin")
    client.handler.enforce_csrf_checks = True
    response = client.post("/api/v1/people/bulk/", {}, content_type="application/json")
    assert response.status_code == 403 and response.json()["code"]


# --- language ---------------------------------------------------------------------------------


def test_accept_language_chooses_the_api_language_and_pages_ignore_it(office_a: Office) -> None:
    client = bearer(office_a, "office_admin")
    english = client.post(
        "/api/v1/people/",
        {},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
    )
    thai = client.post(
        "/api/v1/people/", {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="th"
    )
    default = client.post("/api/v1/people/", {}, content_type="application/json")
    assert english.json()["message"] == "Invalid input: see `fields`."
    assert english["Content-Language"] == "en"
    assert (
        thai.json()["message"]
        == default.json()["message"]
        == "ข้อมูลที่ส่งมาไม่ถูกต้อง ดูรายละเอียดใน fields"
    )
    assert "Accept-Language" in english["Vary"]
    page = office_client(office_a, "office_admin").get("/people/", HTTP_ACCEPT_LANGUAGE="en")
    assert page["Content-Language"] == "th"


def test_not_found_has_one_code_for_every_resource(office_a: Office) -> None:
    client = bearer(office_a, "office_admin")
    for path in [
        "/api/v1/people/999999/",
        "/api/v1/reimbursements/claims/999999/",
        "/api/v1/reimbursements/payments/999999/",
        "/api/v1/idcards/applications/999999/",
        "/api/v1/service-requests/999999/",
        "/api/v1/nothing/",
    ]:
        response = client.get(path)
        assert (response.status_code, response.json()["code"]) == (404, "api.not_found"), path


# --- money ------------------------------------------------------------------------------------

BAD_MONEY = ["35000.999", "1e3", "NaN", "Infinity", "-1.00", " 35000.00", "35,000.00", 35000]


@pytest.mark.parametrize("value", BAD_MONEY)
def test_money_is_refused_alike_by_create_patch_and_bulk(office_a: Office, value: Any) -> None:
    client = bearer(office_a, "office_admin")
    with schema_context(office_a.schema_name):
        person = make_person()
        before = (Person.objects.count(), person.monthly_salary)
    created = client.post(
        "/api/v1/people/",
        {
            "national_id": national_id(),
            "title": "นาย",
            "first_name_th": "ก",
            "last_name_th": "ข",
            "birth_date": "1980-01-01",
            "category": "teacher",
            "monthly_salary": value,
        },
        content_type="application/json",
    )
    patched = client.patch(
        f"/api/v1/people/{person.pk}/", {"monthly_salary": value}, content_type="application/json"
    )
    bulk = client.post(
        "/api/v1/people/bulk/",
        json.dumps(
            {
                "people": [
                    {
                        "national_id": national_id(),
                        "title": "นาย",
                        "first_name_th": "ก",
                        "last_name_th": "ข",
                        "birth_date": "1980-01-01",
                        "category": "teacher",
                        "monthly_salary": value,
                    }
                ]
            }
        ),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=f"money-{BAD_MONEY.index(value)}",
    )
    expected = "money_not_string" if not isinstance(value, str) else "money_invalid"
    assert created.json()["fields"]["monthly_salary"][0]["code"] == expected
    assert patched.json()["fields"]["monthly_salary"][0]["code"] == expected
    assert bulk.json().get("rows"), bulk.json()
    assert bulk.json()["rows"][0]["errors"][0]["code"] == expected
    with schema_context(office_a.schema_name):
        person.refresh_from_db()
        assert (Person.objects.count(), person.monthly_salary) == before


def test_the_schema_declares_the_money_pattern_the_api_applies(office_a: Office) -> None:
    schema = (
        bearer(office_a, "office_admin")
        .get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        .json()
    )
    schemas = schema["components"]["schemas"]
    salary = next(
        s["properties"]["monthly_salary"]
        for n, s in schemas.items()
        if n.startswith("PersonInput") and "monthly_salary" in s.get("properties", {})
    )
    assert salary["pattern"] == r"^[0-9]{1,12}(\.[0-9]{1,2})?$"


# --- paging -----------------------------------------------------------------------------------


@pytest.mark.parametrize("limit", ["0", "-5", "abc", "100000", "1.5", "๕"])
@pytest.mark.parametrize("path", ["/api/v1/people/", "/api/v1/feed/", "/api/v1/schools/"])
def test_a_bad_limit_is_refused_by_lists_and_feeds_alike(
    office_a: Office, path: str, limit: str
) -> None:
    response = bearer(office_a, "office_admin").get(path, {"limit": limit})
    assert (response.status_code, response.json()["code"]) == (400, "api.invalid_limit")


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/v1/people/", {"status": "AAA"}),
        ("/api/v1/people/", {"category": "AAA"}),
        ("/api/v1/idcards/applications/", {"status": "AAA"}),
        ("/api/v1/feed/", {"resource": "AAA"}),
        ("/api/v1/people/", {"updated_since": "yesterday"}),
    ],
)
def test_an_unknown_filter_value_is_refused(office_a: Office, path: str, query: dict) -> None:
    response = bearer(office_a, "office_admin").get(path, query)
    assert (response.status_code, response.json()["code"]) == (400, "api.invalid_filter")


def test_list_cursors_are_signed_and_bound_to_their_list(office_a: Office) -> None:
    client = bearer(office_a, "office_admin")
    with schema_context(office_a.schema_name):
        for _ in range(3):
            make_person()
    page = client.get("/api/v1/people/?limit=1").json()
    cursor = page["next"].split("cursor=")[1].split("&")[0]
    assert client.get(page["next"]).status_code == 200
    forged = cursor.replace("%3A", ":").split(":")[0] + ":" + "A" * 43
    for bad in [forged, "not-a-cursor", cursor]:
        where = "/api/v1/schools/" if bad == cursor else "/api/v1/people/"
        response = client.get(where, {"cursor": bad.replace("%3A", ":")})
        assert (response.status_code, response.json()["code"]) == (400, "api.invalid_cursor")


def test_a_hand_edited_feed_cursor_is_refused(office_a: Office) -> None:
    client = bearer(office_a, "viewer")
    cursor = client.get("/api/v1/feed/").json()["next"]
    body, signature = cursor.rsplit(".", 1)
    import base64

    raw = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    raw["i"] += 1000
    edited = base64.urlsafe_b64encode(json.dumps(raw).encode()).rstrip(b"=").decode()
    for bad in [f"{edited}.{signature}", edited]:
        response = client.get("/api/v1/feed/", {"after": bad})
        assert (response.status_code, response.json()["code"]) == (400, "feeds.invalid_cursor")
    assert client.get("/api/v1/feed/", {"after": cursor}).status_code == 200


def test_updated_since_lists_only_people_changed_since(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        old, new = make_person(), make_person()
        Person.objects.filter(pk=old.pk).update(updated_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    client = bearer(office_a, "office_admin")
    ids = {
        row["id"]
        for row in client.get(
            "/api/v1/people/", {"updated_since": "2024-01-01T00:00:00+07:00", "limit": 500}
        ).json()["results"]
    }
    assert new.pk in ids and old.pk not in ids


# --- rate limits ------------------------------------------------------------------------------


def test_rate_limit_headers_and_a_429_in_one_language(office_a: Office) -> None:
    _, secret = _register(office_a, ["people:read"], rate=2)
    client = _api(office_a, secret)
    first = client.get("/api/v1/people/")
    assert (first["RateLimit-Limit"], first["RateLimit-Remaining"]) == ("2", "1")
    assert 1 <= int(first["RateLimit-Reset"]) <= 60
    client.get("/api/v1/people/")
    refused = client.get("/api/v1/people/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429 and refused["RateLimit-Remaining"] == "0"
    assert int(refused["Retry-After"]) >= 1
    message = refused.json()["message"]
    assert refused.json()["code"] == "api.rate_limited" and message.isascii()
    thai = client.get("/api/v1/people/").json()["message"]
    assert not thai.isascii() and "seconds" not in thai


def test_the_schema_declares_the_rate_limit_on_client_operations(office_a: Office) -> None:
    """429 with Retry-After is documented (see README); people's sessions are not limited."""
    response = bearer(office_a, "office_admin").get("/api/v1/me/")
    assert "RateLimit-Limit" not in response  # a person's token is not rate limited


# --- idempotency per sender -------------------------------------------------------------------


def test_idempotency_keys_are_per_sender_not_per_office(office_a: Office) -> None:
    _, first_secret = _register(office_a, ["people:read", "people:write"], name="HR one")
    _, second_secret = _register(office_a, ["people:read", "people:write"], name="HR two")
    row = {
        "national_id": national_id(),
        "title": "นาย",
        "first_name_th": "ก",
        "last_name_th": "ข",
        "birth_date": "1980-01-01",
        "category": "teacher",
    }
    other = {**row, "national_id": national_id()}
    send = lambda secret, body: _api(office_a, secret).post(  # noqa: E731
        "/api/v1/people/bulk/",
        json.dumps({"people": [body]}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="batch-1",
    )
    assert send(first_secret, row).status_code == 201
    second = send(second_secret, other)  # the same key, another client: its own batch
    assert second.status_code == 201 and "Idempotent-Replayed" not in second
    assert second.json()["created"] == 1
    replay = send(first_secret, row)
    assert replay["Idempotent-Replayed"] == "true"
    assert send(first_secret, other).status_code == 409
    with schema_context(office_a.schema_name):
        assert ImportBatch.objects.filter(idempotency_key__endswith=":batch-1").count() == 2


# --- ETag, request id, no-store, deprecation --------------------------------------------------


def test_detail_gets_carry_an_etag_and_answer_304_when_unchanged(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        person = make_person()
    client = bearer(office_a, "office_admin")
    first = client.get(f"/api/v1/people/{person.pk}/")
    etag = first["ETag"]
    again = client.get(f"/api/v1/people/{person.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and not again.content
    client.patch(
        f"/api/v1/people/{person.pk}/", {"phone": "02-111-2222"}, content_type="application/json"
    )
    changed = client.get(f"/api/v1/people/{person.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_every_api_answer_has_a_request_id_and_no_store(office_a: Office) -> None:
    client = bearer(office_a, "office_admin")
    for response in [
        client.get("/api/v1/me/"),
        client.get("/api/v1/nothing"),
        client.post("/api/v1/people/", {}, content_type="application/json"),
    ]:
        assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
        assert "no-store" in response["Cache-Control"]
    echoed = client.get("/api/v1/me/", HTTP_X_REQUEST_ID="hr-system-trace-0001")
    assert echoed["X-Request-ID"] == "hr-system-trace-0001"


class _OldView(APIView):
    permission_classes: list[Any] = []
    authentication_classes: list[Any] = []

    @deprecated(
        since=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
        sunset=dt.datetime(2027, 6, 1, tzinfo=dt.UTC),
        replacement="/api/v1/new/",
    )
    def get(self, request: Any) -> Response:
        return Response({"ok": True})


def test_a_deprecated_operation_says_so_in_headers_and_schema() -> None:
    response = _OldView.as_view()(APIRequestFactory().get("/api/v1/old/"))
    assert response["Deprecation"] == f"@{int(dt.datetime(2026, 12, 1, tzinfo=dt.UTC).timestamp())}"
    assert response["Sunset"] == "Tue, 01 Jun 2027 00:00:00 GMT"
    assert response["Link"] == '</api/v1/new/>; rel="successor-version"'
    from django.urls import path
    from drf_spectacular.generators import SchemaGenerator

    generator = SchemaGenerator(patterns=[path("api/v1/old/", _OldView.as_view())])
    operation = generator.get_schema(public=True)["paths"]["/api/v1/old/"]["get"]
    assert operation["deprecated"] is True
    with pytest.raises(ValueError):
        deprecated(
            since=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
            sunset=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
        )
