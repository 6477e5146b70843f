"""`POST /api/v1/people/bulk/`: upsert by national ID with per-row errors, the Idempotency-Key
(replay, reuse with another body, two requests at once on real threads), roles, other offices."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import User
from api.models import ApiToken
from apps.people.importing import applying
from apps.people.models import FamilyMember, ImportBatch, Person
from apps.people.permissions import EDITOR_ROLES
from audit.models import AuditEvent
from tenants.models import Office
from tests.api.support import ROLES, bearer
from tests.conftest import central_client, host_of
from tests.people.factories import national_id

JSON = "application/json"
URL = "/api/v1/people/bulk/"


def _person(nid: str, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "national_id": nid,
        "title": "นาง",
        "first_name_th": "สมศรี",
        "last_name_th": "มีสุข",
        "birth_date": "1980-02-29",
        "category": "teacher",
        "position": "ครู",
        "monthly_salary": "41250.50",
    }
    values.update(overrides)
    return values


def _child(person_nid: str, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "person_national_id": person_nid,
        "relation": "child",
        "title": "ด.ญ.",
        "first_name_th": "สมใจ",
        "last_name_th": "มีสุข",
        "birth_date": "2012-06-01",
        "birth_order": 1,
        "child_status": "legitimate",
    }
    values.update(overrides)
    return values


def _post(client: Client, body: Any, key: str | None = "k") -> Any:
    headers = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": key}
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL, data=data, content_type=JSON, **headers)


def _state(office: Office) -> dict[str, Any]:
    with schema_context(office.schema_name):
        return {
            "people": list(Person.objects.order_by("pk").values()),
            "family": list(FamilyMember.objects.order_by("pk").values()),
            "audit": AuditEvent.objects.count(),
            "batches": ImportBatch.objects.count(),
        }


@pytest.mark.django_db
def test_rows_are_created_updated_unchanged_or_refused_one_by_one(office_a: Office) -> None:
    client = bearer(office_a, "welfare_officer")
    same, changed, new = national_id(), national_id(), national_id()
    first = _post(client, {"people": [_person(same), _person(changed)]}, key="first")
    assert first.status_code == 201, first.json()
    assert first.json()["created"] == 2

    bad_id = changed[:-1] + str((int(changed[-1]) + 1) % 10)
    body = {
        "people": [
            _person(same),
            _person(changed, position="ครูผู้ช่วย", monthly_salary="42000.00"),
            _person(new),
            _person(bad_id),
            _person(national_id(), birth_date="2520-09-26"),  # B.E. typed as ISO
            _person(national_id(), monthly_salary=41000),  # money must be a string
        ],
        "family": [
            _child(new),
            _child(same, birth_date="2012-13-01"),
            _child(bad_id),  # its person is refused
        ],
    }
    response = _post(client, body, key="second")
    assert response.status_code == 201, response.json()
    summary = response.json()
    assert {k: summary[k] for k in ("created", "updated", "unchanged", "refused")} == {
        "created": 2,
        "updated": 1,
        "unchanged": 1,
        "refused": 5,
    }
    rows = {(r["table"], r["index"]): r for r in summary["rows"]}
    assert rows["people", 0]["action"] == "unchanged"
    assert rows["people", 1]["action"] == "updated"
    assert rows["people", 1]["changed"] == ["monthly_salary", "position"]
    assert rows["people", 2]["action"] == "created"
    assert rows["people", 3]["action"] == "refused"
    assert rows["people", 3]["errors"][0]["field"] == "national_id"
    assert rows["people", 3]["errors"][0]["code"] == "people.invalid_national_id"
    assert rows["people", 3]["errors"][0]["message"]
    assert rows["people", 4]["errors"][0]["code"] == "people.date_not_common_era"
    assert rows["people", 5]["errors"][0] | {"message": ""} == {
        "field": "monthly_salary",
        "code": "money_not_string",
        "message": "",
    }
    assert rows["family", 0]["action"] == "created"
    assert rows["family", 1]["errors"][0]["field"] == "birth_date"
    assert rows["family", 1]["errors"][0]["code"] == "people.invalid_date"
    assert rows["family", 2]["errors"][0]["field"] == "person_national_id"

    with schema_context(office_a.schema_name):
        updated = Person.objects.get(national_id=changed)
        assert (updated.position, str(updated.monthly_salary)) == ("ครูผู้ช่วย", "42000.00")
        assert Person.objects.get(national_id=new).family.get().birth_order == 1
        assert not Person.objects.filter(national_id=bad_id).exists()
        assert not FamilyMember.objects.filter(person__national_id=same).exists()
        batch = ImportBatch.objects.get(idempotency_key__endswith=":second")
        assert batch.applied_counts == {"created": 2, "updated": 1, "unchanged": 1, "refused": 5}
        assert AuditEvent.objects.filter(action="people.imported").count() == 2


@pytest.mark.django_db
def test_the_same_key_and_body_again_replays_and_changes_nothing(office_a: Office) -> None:
    client = bearer(office_a, "office_admin")
    nid = national_id()
    body = {"people": [_person(nid)], "family": [_child(nid)]}
    first = _post(client, body, key="replay-1")
    assert first.status_code == 201
    assert first.json()["created"] == 2
    assert "Idempotent-Replayed" not in first
    before = _state(office_a)

    again = _post(client, json.dumps(body, indent=2, sort_keys=True), key="replay-1")
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert _state(office_a) == before


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_a_conflict(office_a: Office) -> None:
    client = bearer(office_a, "office_admin")
    nid = national_id()
    assert _post(client, {"people": [_person(nid)]}, key="reuse").status_code == 201
    before = _state(office_a)
    response = _post(client, {"people": [_person(nid, position="ครูผู้ช่วย")]}, key="reuse")
    assert response.status_code == 409
    assert response.json()["code"] == "api.idempotency_key_reused"
    assert _state(office_a) == before


@pytest.mark.django_db
def test_a_request_without_a_key_or_with_a_bad_body_is_refused_whole(office_a: Office) -> None:
    client = bearer(office_a, "office_admin")
    before = _state(office_a)
    body = {"people": [_person(national_id())]}

    response = _post(client, body, key=None)
    assert response.status_code == 400
    assert response.json()["code"] == "api.idempotency_key_required"
    assert response.json()["fields"]["Idempotency-Key"][0]["code"] == (
        "api.idempotency_key_required"
    )
    assert _post(client, body, key="é" * 3).json()["code"] == "api.idempotency_key_invalid"

    broken = _post(client, '{"people": [', key="bad")
    assert broken.status_code == 400
    assert broken.json()["code"] == "parse_error" and broken.json()["message"]
    for shape in ([], {"people": {}}, {"persons": []}, {"people": []}, "null"):
        response = _post(client, shape, key="bad")
        assert response.status_code == 400, shape
        assert response.json()["code"] in ("api.bulk_invalid", "api.bulk_size"), shape
    assert _state(office_a) == before

    # None of these used up the key.
    response = _post(client, body, key="bad")
    assert response.status_code == 201 and "Idempotent-Replayed" not in response


@pytest.mark.django_db
def test_rows_of_the_wrong_type_or_with_unknown_fields_are_refused_alone(
    office_a: Office,
) -> None:
    client = bearer(office_a, "office_admin")
    good = national_id()
    body = {
        "people": [
            _person(good),
            _person(int(national_id())),
            {**_person(national_id()), "salary": "1"},
            "not an object",
        ],
        "family": [_child(good, is_twin="yes", birth_order="1")],
    }
    summary = _post(client, body).json()
    assert (summary["created"], summary["refused"]) == (1, 4)
    codes = [[e["code"] for e in r["errors"]] for r in summary["rows"]]
    assert codes == [
        [],
        ["api.not_a_string"],
        ["api.unknown_field"],
        ["api.not_an_object"],
        ["api.not_an_integer", "api.not_a_boolean"],
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_the_register_editors_may_import(office_a: Office, role: str) -> None:
    client = bearer(office_a, role)
    before = _state(office_a)
    response = _post(client, {"people": [_person(national_id())]}, key=f"role-{role}")
    if role in EDITOR_ROLES:
        assert response.status_code == 201
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
        assert _state(office_a) == before


@pytest.mark.django_db
def test_another_offices_token_and_the_central_host_are_refused(
    office_a: Office, office_b: Office
) -> None:
    before = _state(office_a)
    foreign = bearer(office_b, "office_admin")
    on_a = Client(
        HTTP_HOST=host_of(office_a), HTTP_AUTHORIZATION=foreign.defaults["HTTP_AUTHORIZATION"]
    )
    body = {"people": [_person(national_id())]}
    assert _post(on_a, body).status_code == 401
    assert _post(Client(HTTP_HOST=host_of(office_a)), body).status_code == 401
    assert _post(central_client("operator"), body).status_code == 404
    assert _state(office_a) == before


@pytest.mark.django_db
def test_the_same_key_in_two_offices_is_two_batches(office_a: Office, office_b: Office) -> None:
    body = {"people": [_person(national_id())]}
    for office in (office_a, office_b):
        response = _post(bearer(office, "office_admin"), body, key="shared")
        assert response.status_code == 201 and "Idempotent-Replayed" not in response


# ---------------------------------------------------------------------------------------------
# Two requests with one key at once: real threads and connections, committed rows (removed)

SCHEMA = "esa_alpha"


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    with django_db_blocker.unblock():
        key = f"concurrent-{uuid.uuid4()}"
        nids = [national_id(first="8") for _ in range(3)]
        with schema_context(SCHEMA):
            from api.services import api_token_create

            token, secret = api_token_create(
                user=User.objects.get(username="office_admin"), name="concurrency"
            )
        try:
            yield {"key": key, "nids": nids, "secret": secret}
        finally:
            with schema_context(SCHEMA):
                batches = list(ImportBatch.objects.filter(idempotency_key__endswith=f":{key}"))
                people = list(Person.objects.filter(national_id__in=nids))
                AuditEvent.objects.filter(
                    target_type="people.importbatch", target_id__in=[str(b.pk) for b in batches]
                ).delete()
                AuditEvent.objects.filter(
                    target_type__in=["people.person", "people.familymember"],
                    changes__import_batch__1__in=[b.pk for b in batches],
                ).delete()
                FamilyMember.objects.filter(person__in=people).delete()
                Person.objects.filter(pk__in=[p.pk for p in people]).delete()
                ImportBatch.objects.filter(pk__in=[b.pk for b in batches]).delete()
                AuditEvent.objects.filter(
                    target_type=ApiToken._meta.label_lower, target_id=str(token.pk)
                ).delete()
                ApiToken.objects.filter(pk=token.pk).delete()


def test_two_requests_with_one_key_at_once_apply_once_and_the_other_replays(
    committed: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    office = Office.objects.get(schema_name=SCHEMA)
    nids = committed["nids"]
    body = json.dumps({"people": [_person(n) for n in nids], "family": [_child(nids[0])]})
    apply = applying.import_batch_apply

    def slow_apply(**kwargs: Any) -> Any:
        time.sleep(0.5)  # the key's row stays uncommitted: the other request must wait on it
        return apply(**kwargs)

    monkeypatch.setattr(applying, "import_batch_apply", slow_apply)
    count = 3
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        client = Client(
            HTTP_HOST=host_of(office), HTTP_AUTHORIZATION=f"Bearer {committed['secret']}"
        )
        try:
            barrier.wait()
            results[index] = _post(client, body, key=committed["key"])
        except Exception as exc:  # noqa: BLE001 (the assertions report it)
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert [r.status_code for r in results] == [201] * count
    replayed = sorted(r.get("Idempotent-Replayed", "") for r in results)
    assert replayed == [""] + ["true"] * (count - 1)
    assert all(r.json() == results[0].json() for r in results)
    assert results[0].json()["created"] == 4
    with schema_context(SCHEMA):
        assert (
            ImportBatch.objects.filter(idempotency_key__endswith=f":{committed['key']}").count()
            == 1
        )
        assert Person.objects.filter(national_id__in=nids).count() == 3
        assert FamilyMember.objects.filter(person__national_id=nids[0]).count() == 1
        batch = ImportBatch.objects.get(idempotency_key__endswith=f":{committed['key']}")
        assert (
            AuditEvent.objects.filter(action="people.imported", target_id=str(batch.pk)).count()
            == 1
        )


@pytest.mark.django_db
def test_a_machine_client_imports_with_the_people_write_scope_only(office_a: Office) -> None:
    from clients.services import client_create

    with schema_context(office_a.schema_name):
        admin = User.objects.get(username="office_admin")
        _, writer = client_create(name="HR writer", scopes=["people:write"], actor=admin)
        _, reader = client_create(name="HR reader", scopes=["people:read"], actor=admin)
    host = host_of(office_a)
    nid = national_id()
    body = {"people": [_person(nid)]}

    before = _state(office_a)
    refused = _post(Client(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Bearer {reader}"), body)
    assert refused.status_code == 403
    assert refused.json()["code"] == "api.scope_missing"
    assert _state(office_a) == before

    response = _post(Client(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Bearer {writer}"), body)
    assert response.status_code == 201, response.json()
    assert response.json()["rows"][0]["national_id"] == nid
    with schema_context(office_a.schema_name):
        batch = ImportBatch.objects.get(idempotency_key__endswith=":k")
        assert batch.uploaded_by is None and batch.applied_by is None
        event = AuditEvent.objects.get(action="people.imported", target_id=str(batch.pk))
        assert event.actor is None and event.actor_label == "client:HR writer"


def test_imported_people_reach_the_change_feed(office_a: Office) -> None:
    from outbox.models import OutboxEvent

    body = {
        "people": [
            {
                "national_id": "1103700012346",
                "title": "นาย",
                "first_name_th": "ฟีด",
                "last_name_th": "นำเข้า",
                "birth_date": "1985-02-14",
                "category": "teacher",
            }
        ],
        "family": [],
    }
    client = bearer(office_a, "office_admin")
    response = client.post(
        "/api/v1/people/bulk/",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="feed-check-0001",
    )
    assert response.status_code == 201, response.content
    with schema_context(office_a.schema_name):
        events = OutboxEvent.objects.filter(resource="people.person", action="created")
        assert [e.payload["national_id"] for e in events] == ["1103700012346"]
    body["people"][0]["first_name_th"] = "ฟีดใหม่"
    client.post(
        "/api/v1/people/bulk/",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="feed-check-0002",
    )
    with schema_context(office_a.schema_name):
        updated = OutboxEvent.objects.filter(resource="people.person", action="updated")
        assert [e.payload["first_name_th"] for e in updated] == ["ฟีดใหม่"]


@pytest.mark.django_db
def test_a_batch_whose_every_row_is_refused_is_422_and_writes_nothing(office_a: Office) -> None:
    client = bearer(office_a, "welfare_officer")
    body = {
        "people": [_person("1103700012345"), _person(national_id(), birth_date="1980-13-01")],
        "family": [_child("1103700012345")],
    }
    people_before = _state(office_a)["people"]
    first = _post(client, body, key="all-refused")
    assert first.status_code == 422, first.json()
    summary = first.json()
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, 0)
    assert summary["refused"] == 3
    assert all(row["action"] == "refused" and row["errors"] for row in summary["rows"])
    assert _state(office_a)["people"] == people_before
    again = _post(client, body, key="all-refused")
    assert again.status_code == 422 and again["Idempotent-Replayed"] == "true"
    assert again.json() == summary
    # One row applied is enough for a 201 (the refused ones listed beside it).
    mixed = _post(client, {"people": [_person(national_id()), _person("1103700012345")]}, key="m")
    assert mixed.status_code == 201 and mixed.json()["refused"] == 1


@pytest.mark.django_db
def test_the_schemas_bulk_example_imports_on_the_demo_register(office_a: Office) -> None:
    """The request example of the schema is valid as it stands: its national IDs pass their
    checksum, and its school code is one of the demo office's schools (here: made first)."""
    from api.v1.people.bulk import REQUEST_EXAMPLE
    from apps.people.demo import REGISTERS
    from tests.people.factories import SchoolFactory

    example = json.loads(json.dumps(REQUEST_EXAMPLE.value))
    code = example["people"][0]["school_code"]
    assert code == f"10{REGISTERS['phatthalung2'].province_code}0001"  # the demo's first school
    with schema_context(office_a.schema_name):
        SchoolFactory(code=code)
    response = _post(bearer(office_a, "welfare_officer"), example, key="example")
    assert response.status_code == 201, response.json()
    assert response.json()["refused"] == 0 and response.json()["created"] == 2
