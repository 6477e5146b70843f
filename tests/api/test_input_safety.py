"""Input PostgreSQL cannot store is refused cleanly, and nested field errors are flat."""

from __future__ import annotations

import json

import pytest

from tenants.models import Office
from tests.api.support import bearer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["a\x00b", "\ud800", "ok\udfff"])
def test_a_nul_or_a_lone_surrogate_in_a_body_is_a_400(office_a: Office, text: str) -> None:
    body = json.dumps({"service_type": "id_card", "note": text}).encode()
    response = bearer(office_a, "welfare_officer").post(
        "/api/v1/service-requests/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "api.invalid_character"


def test_a_nul_in_a_form_body_is_a_400(office_a: Office) -> None:
    response = bearer(office_a, "welfare_officer").post(
        "/api/v1/service-requests/", {"service_type": "id_card", "note": "a\x00b"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "api.invalid_character"


def test_errors_inside_lists_are_named_by_their_path(office_a: Office) -> None:
    body = {
        "kind": "medical",
        "claimant": 1,
        "hospital_name": "โรงพยาบาลพัทลุง",
        "hospital_type": "government",
        "care_type": "outpatient",
        "receipts": [{"number": "A-1", "issued_on": "2026-01-05", "items": [{"kind": "medicine"}]}],
    }
    response = bearer(office_a, "welfare_officer").post(
        "/api/v1/reimbursements/claims/", body, content_type="application/json"
    )
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert "receipts.0.items.0.amount" in fields
    assert all(isinstance(errors, list) for errors in fields.values())
    assert fields["receipts.0.items.0.amount"][0]["code"] == "required"
