"""The public verification page and its JSON twin: no sign-in, a masked name, the status,
404 for anything else, rate-limited; the letter and the register as PDF."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django_tenants.utils import schema_context

from apps.certificates import services
from tenants.models import Office
from tests.certificates.factories import make_certificate, staff
from tests.conftest import office_client

pytestmark = pytest.mark.django_db


def test_the_page_confirms_a_certificate_without_personal_data(office_a: Office) -> None:
    cache.clear()
    with schema_context(office_a.schema_name):
        certificate = make_certificate(step="handed_over")
        person = certificate.person
    client = office_client(office_a)
    body = client.get(f"/v/{certificate.public_token}/").content.decode()
    assert certificate.number in body and "ใช้ได้" in body
    assert person.first_name_th in body and person.last_name_th not in body
    assert person.national_id not in body
    data = client.get(f"/v/{certificate.public_token}/json").json()
    assert data["status"] == "valid" and data["number"] == certificate.number
    api = client.get(f"/api/v1/certificates/verify/{certificate.public_token}/")
    assert api.status_code == 200 and api.json()["status"] == "valid"


def test_a_revoked_certificate_shows_revoked(office_a: Office) -> None:
    cache.clear()
    with schema_context(office_a.schema_name):
        certificate = make_certificate(step="signed")
        services.certificate_revoke(
            certificate=certificate, actor=staff("approver"), reason="ผู้กู้ขอยกเลิก"
        )
    client = office_client(office_a)
    assert "ถูกเพิกถอน" in client.get(f"/v/{certificate.public_token}/").content.decode()
    assert client.get(f"/v/{certificate.public_token}/json").json()["status"] == "revoked"


def test_unknown_tokens_numbers_and_other_offices_are_404(
    office_a: Office, office_b: Office
) -> None:
    cache.clear()
    with schema_context(office_a.schema_name):
        certificate = make_certificate(step="signed")
        pending = make_certificate(step="prepared")
    client = office_client(office_a)
    answers = [
        client.get(f"/v/{token}/")
        for token in ("x" * 32, str(certificate.pk), (certificate.number or "").replace("/", "-"))
    ]
    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1  # the same answer whatever was guessed
    assert pending.public_token is None
    assert office_client(office_b).get(f"/v/{certificate.public_token}/").status_code == 404


def test_the_page_is_rate_limited_per_address(office_a: Office) -> None:
    cache.clear()
    client = office_client(office_a)
    codes = [client.get(f"/v/guess{n}/").status_code for n in range(31)]
    assert codes[:30] == [404] * 30
    assert codes[30] == 429
    assert client.get("/v/another/json").status_code == 429
    cache.clear()


def test_the_letter_and_the_register_render(office_a: Office) -> None:
    cache.clear()
    with schema_context(office_a.schema_name):
        certificate = make_certificate(step="signed")
    officer = office_client(office_a, "welfare_officer")
    letter = officer.get(f"/certificates/{certificate.pk}/letter.pdf")
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    form = officer.get(f"/certificates/{certificate.pk}/bank-form.pdf")
    assert form.status_code == 200 and form.content.startswith(b"%PDF")
    register = officer.get("/certificates/register.pdf?fy=2557")
    assert register.status_code == 200 and register.content.startswith(b"%PDF")
    xlsx = officer.get("/certificates/register.xlsx?fy=2557")
    assert xlsx.status_code == 200
    page = officer.get("/certificates/?fy=2557").content.decode()
    assert certificate.number in page
    assert office_client(office_a, "viewer").get(
        f"/certificates/{certificate.pk}/letter.pdf"
    ).status_code in (302, 403)


def test_the_office_public_page_says_how_a_bank_verifies_a_certificate(office_a: Office) -> None:
    body = office_client(office_a).get("/").content.decode()
    assert "การตรวจสอบหนังสือรับรองเงินเดือน" in body
    assert "คิวอาร์โค้ด" in body
