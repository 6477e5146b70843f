"""The ID-card pages: every role against every page, the steps, the documents."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.roles import OfficeRole
from apps.idcards import services
from apps.idcards.models import ApplicationStatus, CardApplication
from core.thai import fiscal_year_of, format_national_id, mask_national_id
from tenants.models import Office
from tests.conftest import office_client
from tests.onestop.conftest import make_person, user

pytestmark = pytest.mark.django_db

ROLES = [role.value for role in OfficeRole]
OFFICERS = {"office_admin", "welfare_officer"}
APPROVERS = {"approver"}
READERS = OFFICERS | {"approver", "finance_officer", "viewer"}


def _received(office: Office, reason: str = "expired") -> CardApplication:
    with schema_context(office.schema_name):
        return services.card_application_create(
            person=make_person(), reason=reason, received_by=user("welfare_officer")
        )


def _status(office: Office, application: CardApplication) -> str:
    with schema_context(office.schema_name):
        return CardApplication.objects.get(pk=application.pk).status


@pytest.mark.parametrize("role", ROLES)
def test_every_role_against_the_register_and_documents(office_a: Office, role: str) -> None:
    application = _received(office_a)
    client = office_client(office_a, role)
    expected = 200 if role in READERS else 403
    assert client.get("/idcards/").status_code == expected
    assert client.get("/idcards/register.pdf").status_code == expected
    assert client.get("/idcards/register.xlsx").status_code == expected
    assert client.get(f"/idcards/{application.pk}/").status_code == expected
    form = client.get(f"/idcards/{application.pk}/form.pdf")
    assert form.status_code == (200 if role in OFFICERS else 403)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_against_every_step_and_nothing_changes_when_refused(
    office_a: Office, role: str
) -> None:
    client = office_client(office_a, role)
    application = _received(office_a)
    response = client.post(
        f"/idcards/{application.pk}/check/", {"documents": ["request_form", "old_card"]}
    )
    allowed = role in OFFICERS
    assert response.status_code == (302 if allowed else 403)
    assert _status(office_a, application) == ("checked" if allowed else "received")

    application = _received(office_a)
    with schema_context(office_a.schema_name):
        services.card_application_check(
            application=application,
            documents=["request_form", "old_card"],
            officer=user("welfare_officer"),
        )
    response = client.post(f"/idcards/{application.pk}/approve/")
    allowed = role in APPROVERS
    assert response.status_code == (302 if allowed else 403)
    assert _status(office_a, application) == ("approved" if allowed else "checked")

    response = client.post(f"/idcards/{application.pk}/reject/", {"reason": "ทดสอบ"})
    if role in OFFICERS:
        assert _status(office_a, application) == "rejected"
    else:
        assert response.status_code == 403
        assert _status(office_a, application) == ("approved" if role in APPROVERS else "checked")

    with schema_context(office_a.schema_name):
        before = CardApplication.objects.count()
        person = make_person()
    response = client.post("/idcards/new/", {"national_id": person.national_id, "reason": "first"})
    with schema_context(office_a.schema_name):
        after = CardApplication.objects.count()
    assert after == before + (1 if role in OFFICERS else 0)


def test_an_officer_takes_an_application_through_to_the_register(office_a: Office) -> None:
    officer = office_client(office_a, "welfare_officer")
    director = office_client(office_a, "approver")
    with schema_context(office_a.schema_name):
        person = make_person(first_name="กิ่งแก้ว", last_name="ศรีสุวรรณ์")
    response = officer.post(
        "/idcards/new/",
        {
            "national_id": person.national_id,
            "reason": "expired",
            "documents": ["request_form", "old_card"],
        },
    )
    assert response.status_code == 302
    with schema_context(office_a.schema_name):
        application = CardApplication.objects.get(person=person)
    officer.post(f"/idcards/{application.pk}/check/", {"documents": ["request_form", "old_card"]})
    director.post(f"/idcards/{application.pk}/approve/")
    officer.post(f"/idcards/{application.pk}/print/")
    officer.post(f"/idcards/{application.pk}/hand-over/")
    with schema_context(office_a.schema_name):
        application.refresh_from_db()
    assert application.status == ApplicationStatus.HANDED_OVER
    assert application.service_request is not None
    register = officer.get("/idcards/").content.decode()
    assert application.card_number in register and "กิ่งแก้ว" in register


def test_unknown_person_and_missing_police_report_are_refused_in_thai(office_a: Office) -> None:
    officer = office_client(office_a, "welfare_officer")
    body = officer.post(
        "/idcards/new/", {"national_id": "1101700207030", "reason": "first"}
    ).content.decode()
    assert "ไม่พบผู้มีเลขประจำตัวประชาชนนี้ในทะเบียนบุคลากร" in body
    with schema_context(office_a.schema_name):
        person = make_person()
    body = officer.post(
        "/idcards/new/", {"national_id": person.national_id, "reason": "lost"}
    ).content.decode()
    assert "บัตรหาย ต้องระบุเลขที่ใบแจ้งความ" in body
    with schema_context(office_a.schema_name):
        assert not CardApplication.objects.filter(person=person).exists()


def test_photo_must_be_a_jpeg_or_png_large_enough_to_print(office_a: Office) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    officer = office_client(office_a, "welfare_officer")
    with schema_context(office_a.schema_name):
        person = make_person()
    fake = SimpleUploadedFile("photo.jpg", b"not an image", content_type="image/jpeg")
    body = officer.post(
        "/idcards/new/", {"national_id": person.national_id, "reason": "first", "photo": fake}
    ).content.decode()
    assert "รูปถ่ายต้องเป็นไฟล์ภาพ JPEG หรือ PNG" in body
    tiny = io.BytesIO()
    Image.new("RGB", (60, 80), "white").save(tiny, "JPEG")
    body = officer.post(
        "/idcards/new/",
        {
            "national_id": person.national_id,
            "reason": "first",
            "photo": SimpleUploadedFile("photo.jpg", tiny.getvalue(), content_type="image/jpeg"),
        },
    ).content.decode()
    assert "รูปถ่ายมีขนาด 60×80 พิกเซล เล็กเกินกว่าจะพิมพ์บนบัตรได้ชัด" in body
    with schema_context(office_a.schema_name):
        assert not CardApplication.objects.filter(person=person).exists()
    buffer = io.BytesIO()
    Image.new("RGB", (300, 360), "white").save(buffer, "JPEG")
    photo = SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = officer.post(
        "/idcards/new/", {"national_id": person.national_id, "reason": "first", "photo": photo}
    )
    assert response.status_code == 302
    with schema_context(office_a.schema_name):
        stored = CardApplication.objects.get(person=person).photo
        assert stored and f"/{office_a.schema_name}/" in stored.path
        stored.delete(save=False)


def test_register_documents_mask_national_ids_for_a_viewer(office_a: Office) -> None:
    application = _received(office_a)
    national_id = application.person.national_id
    year = fiscal_year_of(timezone.localdate()).be_year
    for role, shows in [("welfare_officer", True), ("viewer", False)]:
        client = office_client(office_a, role)
        book = load_workbook(io.BytesIO(client.get(f"/idcards/register.xlsx?fy={year}").content))
        cells = " ".join(str(c.value) for row in book.active.iter_rows() for c in row)
        assert (format_national_id(national_id) in cells) is shows
        assert (mask_national_id(national_id) in cells) is not shows
        pdf = PdfReader(io.BytesIO(client.get(f"/idcards/register.pdf?fy={year}").content))
        text = pdf.pages[0].extract_text().replace("\u200b", "")
        assert "ทะเบียนคุมการขอมีบัตร" in text
        assert ("xxxxx" in text) is not shows


def test_request_form_pdf_is_filled(office_a: Office) -> None:
    application = _received(office_a)
    client = office_client(office_a, "welfare_officer")
    pdf = PdfReader(io.BytesIO(client.get(f"/idcards/{application.pk}/form.pdf").content))
    text = pdf.pages[0].extract_text().replace("\u200b", "")
    assert "บ.จ.1" in text and application.person.last_name_th in text


def test_the_photo_is_shown_to_card_handlers_only_audited_and_printed_on_the_form(
    office_a: Office,
) -> None:
    from django.core.files.base import ContentFile
    from PIL import Image

    from audit.models import AuditEvent

    buffer = io.BytesIO()
    Image.new("RGB", (300, 360), (40, 90, 160)).save(buffer, "JPEG")
    with schema_context(office_a.schema_name):
        application = services.card_application_create(
            person=make_person(),
            reason="first",
            received_by=user("welfare_officer"),
            photo=ContentFile(buffer.getvalue(), name="photo.jpg"),
        )
    url = f"/idcards/{application.pk}/photo/"
    try:
        officer = office_client(office_a, "welfare_officer")
        page = officer.get(f"/idcards/{application.pk}/").content.decode()
        assert f'src="{url}"' in page and "รูปถ่ายผู้ขอ" in page
        response = officer.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        with schema_context(office_a.schema_name):
            assert AuditEvent.objects.filter(
                action="idcards.photo_viewed", target_id=str(application.pk)
            ).exists()
        assert office_client(office_a, "approver").get(url).status_code == 200
        for role in ("finance_officer", "viewer"):
            client = office_client(office_a, role)
            assert client.get(url).status_code == 403
            assert url not in client.get(f"/idcards/{application.pk}/").content.decode()
        form = PdfReader(io.BytesIO(officer.get(f"/idcards/{application.pk}/form.pdf").content))
        assert len(form.pages[0].images) == 1  # the photo, 2.5 × 3 cm
    finally:
        with schema_context(office_a.schema_name):
            CardApplication.objects.get(pk=application.pk).photo.delete(save=False)
