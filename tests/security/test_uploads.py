"""Uploads (issue 11, point 6): polyglot files built here lose their payload or are refused,
files go back as sandboxed attachments under a name the server made, and an upload over the
limit is refused from its Content-Length before a byte of the body is read."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader, PdfWriter

from apps.idcards.models import CardApplication
from apps.reimbursements.models import Claim, ClaimScan
from tenants.models import Office
from tests.conftest import office_client
from tests.reimbursements.conftest import make_medical_claim

pytestmark = pytest.mark.django_db

HTML = b"<html><body><script>fetch('/people/').then(r=>r.text()).then(alert)</script></body></html>"
HOSTILE_NAME = '"><img src=x onerror=alert(1)>.html'


# --- Files built here -----------------------------------------------------------------------


def jpeg_polyglot(size: tuple[int, int] = (64, 48)) -> bytes:
    """A real JPEG with HTML in a comment segment, in EXIF, and after the end of the image."""
    exif = Image.Exif()
    exif[0x010F] = "<script>alert(1)</script>"  # Make
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, "JPEG", comment=HTML, exif=exif)
    return buffer.getvalue() + HTML


def png_polyglot() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", HTML.decode())
    buffer = io.BytesIO()
    Image.new("RGBA", (32, 32), (0, 120, 120, 255)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue() + HTML


def plain_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Receipt 42")
    return bytes(pdf.output())


def _pdf_opening_with(action: dict[str, str]) -> bytes:
    """A plain PDF whose catalog runs `action` when it is opened."""
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=io.BytesIO(plain_pdf()))
    entries = {
        NameObject(key): NameObject(value) if value.startswith("/") else TextStringObject(value)
        for key, value in action.items()
    }
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(DictionaryObject(entries))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_javascript() -> bytes:
    return _pdf_opening_with({"/S": "/JavaScript", "/JS": "app.alert('hello');"})


def pdf_with_launch_action() -> bytes:
    return _pdf_opening_with({"/S": "/Launch", "/F": "cmd.exe"})


def pdf_html_polyglot() -> bytes:
    return plain_pdf() + b"\n" + HTML


def pdf_with_html_inside() -> bytes:
    data = plain_pdf()
    return data.replace(b"%PDF-1.3\n", b"%PDF-1.3\n%" + HTML + b"\n", 1)


# --- Helpers --------------------------------------------------------------------------------


def _claim(office: Office) -> Claim:
    with schema_context(office.schema_name):
        return make_medical_claim("UPL-1")


def _upload(office: Office, claim: Claim, data: bytes, name: str) -> tuple[Any, str]:
    client = office_client(office, "welfare_officer")
    response = client.post(
        f"/claims/{claim.pk}/scans/",
        {"kind": "receipt", "file": SimpleUploadedFile(name, data)},
        follow=True,
    )
    return client, response.content.decode()


def _stored(office: Office, claim: Claim) -> list[ClaimScan]:
    with schema_context(office.schema_name):
        return list(ClaimScan.objects.filter(claim=claim))


def _read(office: Office, scan: ClaimScan) -> bytes:
    with schema_context(office.schema_name), scan.file.open("rb") as handle:
        return handle.read()


# --- Images ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("build", "kind"), [(jpeg_polyglot, "JPEG"), (png_polyglot, "PNG")])
def test_an_image_polyglot_is_kept_as_pixels_only(office_a: Office, build: Any, kind: str) -> None:
    data = build()
    assert b"<script" in data and Image.open(io.BytesIO(data)).format == kind  # a real image
    claim = _claim(office_a)
    client, body = _upload(office_a, claim, data, HOSTILE_NAME + ".jpg")
    assert "แนบเอกสารแล้ว" in body or "The document is attached." in body
    (scan,) = _stored(office_a, claim)
    kept = _read(office_a, scan)
    assert b"<script" not in kept and b"<html" not in kept.lower()
    with Image.open(io.BytesIO(kept)) as image:
        assert image.format == kind
        assert image.size == Image.open(io.BytesIO(data)).size
        assert not image.getexif()
    assert HOSTILE_NAME not in scan.file.name and "onerror" not in scan.file.name
    assert scan.size == len(kept)

    response = client.get(f"/claims/{claim.pk}/scans/{scan.pk}/")
    assert response.status_code == 200
    extension = ".jpg" if kind == "JPEG" else ".png"
    assert response["Content-Disposition"] == (
        f'attachment; filename="claim-{claim.pk}-scan-{scan.pk}{extension}"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == kept  # type: ignore[attr-defined]
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert HOSTILE_NAME not in page  # shown escaped, never raw
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page


def test_an_id_card_photo_polyglot_is_kept_as_pixels_only_under_a_made_name(
    office_a: Office,
) -> None:
    from tests.onestop.conftest import make_person

    with schema_context(office_a.schema_name):
        person = make_person()
    client = office_client(office_a, "welfare_officer")
    # Large enough to print on a card (apps.idcards.services.PHOTO_MIN_WIDTH/HEIGHT).
    polyglot = jpeg_polyglot((300, 360))
    photo = SimpleUploadedFile(HOSTILE_NAME + ".jpg", polyglot, content_type="image/jpeg")
    response = client.post(
        "/idcards/new/", {"national_id": person.national_id, "reason": "first", "photo": photo}
    )
    assert response.status_code == 302
    with schema_context(office_a.schema_name):
        application = CardApplication.objects.get(person=person)
        stored = application.photo
        try:
            assert stored.name.endswith(f"/{application.pk}.jpg")
            with stored.open("rb") as handle:
                kept = handle.read()
            assert b"<script" not in kept and b"<html" not in kept
            assert Image.open(io.BytesIO(kept)).format == "JPEG"
        finally:
            stored.delete(save=False)


# --- PDFs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (pdf_html_polyglot, "มีข้อมูลอื่นแฝงอยู่"),
        (pdf_with_html_inside, "มีข้อมูลอื่นแฝงอยู่"),
        (pdf_with_javascript, "มีสคริปต์หรือคำสั่งที่ทำงานเองได้"),
        (pdf_with_launch_action, "มีสคริปต์หรือคำสั่งที่ทำงานเองได้"),
    ],
)
def test_a_pdf_that_can_act_or_is_also_html_is_refused_and_nothing_kept(
    office_a: Office, build: Any, message: str
) -> None:
    data = build()
    assert len(PdfReader(io.BytesIO(data)).pages) == 1  # a PDF a viewer opens
    claim = _claim(office_a)
    _, body = _upload(office_a, claim, data, "receipt.pdf")
    assert message in body
    assert _stored(office_a, claim) == []


def test_a_plain_pdf_is_kept_as_sent_and_served_as_an_attachment(office_a: Office) -> None:
    data = plain_pdf()
    claim = _claim(office_a)
    client, _ = _upload(office_a, claim, data, HOSTILE_NAME + ".pdf")
    (scan,) = _stored(office_a, claim)
    assert _read(office_a, scan) == data
    response = client.get(f"/claims/{claim.pk}/scans/{scan.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="claim-{claim.pk}-scan-{scan.pk}.pdf"'
    )
    assert response["Content-Security-Policy"].startswith("sandbox")


# --- Early size limit -----------------------------------------------------------------------


class CountingInput:
    """A request body that counts what the server reads of it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        wanted = self.size - self.read_bytes if size is None or size < 0 else size
        chunk = b"x" * max(0, min(wanted, self.size - self.read_bytes))
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


@pytest.mark.parametrize(
    ("path", "limit_mb"),
    [("/claims/{claim}/scans/", 10), ("/idcards/new/", 2), ("/people/import/", 10)],
)
def test_an_upload_over_the_limit_is_refused_before_its_body_is_read(
    office_a: Office, path: str, limit_mb: int
) -> None:
    claim = _claim(office_a)
    body = CountingInput((limit_mb + 1) * 1024 * 1024)
    client = office_client(office_a, "everything")
    client.handler.enforce_csrf_checks = True  # as in a browser: the CSRF check reads forms
    response = client.generic(
        "POST",
        path.format(claim=claim.pk),
        b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(body.size),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert f"รับได้ไม่เกิน {limit_mb} MB" in response.content.decode()
    assert body.read_bytes == 0
    assert _stored(office_a, claim) == []


def test_an_upload_within_the_limit_is_read_as_before(office_a: Office) -> None:
    claim = _claim(office_a)
    data = plain_pdf() + b" " * (9 * 1024 * 1024)  # 9 MB, padding after %%EOF is whitespace
    _upload(office_a, claim, data, "big.pdf")
    assert len(_stored(office_a, claim)) == 1
