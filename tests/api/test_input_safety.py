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


@pytest.mark.parametrize(
    "content_type", ["multipart/form-data; boundary=BoUnDaRy", "application/x-www-form-urlencoded"]
)
def test_a_form_body_is_refused_with_415(office_a: Office, content_type: str) -> None:
    """The API takes JSON only (the schema declares JSON bodies only): a form is a clean 415."""
    client = bearer(office_a, "welfare_officer")
    before = client.get("/api/v1/service-requests/").json()["results"]
    body = (
        "service_type=id_card"
        if "urlencoded" in content_type
        else '--BoUnDaRy\r\nContent-Disposition: form-data; name="service_type"\r\n\r\n'
        "id_card\r\n--BoUnDaRy--\r\n"
    )
    response = client.post("/api/v1/service-requests/", body, content_type=content_type)
    assert response.status_code == 415
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "unsupported_media_type"
    assert client.get("/api/v1/service-requests/").json()["results"] == before


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
