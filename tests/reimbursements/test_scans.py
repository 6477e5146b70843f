"""Scanned receipts: type read from the content, size checked, kept in the office's own files."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django_tenants.utils import schema_context
from PIL import Image

from apps.reimbursements import services
from apps.reimbursements.models import Claim, ClaimScan
from core.errors import ApplicationError
from tenants.models import Office
from tests.reimbursements.conftest import make_medical_claim, user

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def _claim() -> Claim:
    return make_medical_claim("SCAN-1")


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(buffer, format="JPEG")
    return buffer.getvalue()


def _pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


@pytest.mark.parametrize(
    ("build", "content_type"),
    [(_pdf, "application/pdf"), (_jpeg, "image/jpeg"), (_png, "image/png")],
)
def test_a_scan_is_kept_with_the_type_of_its_content(
    office_a: Office, office_b: Office, build: Any, content_type: str
) -> None:
    """A PDF is kept as sent; an image as its pixels saved again (tests/security/test_uploads)."""
    data = build()
    with schema_context(office_a.schema_name):
        scan = services.claim_scan_add(
            claim=_claim(),
            upload=ContentFile(data, name="ใบเสร็จ.bin"),
            kind="receipt",
            uploaded_by=user("welfare_officer"),
        )
        stored = storages["default"]
        path = stored.path(scan.file.name)
        assert f"/{office_a.schema_name}/" in path
        assert scan.content_type == content_type
        with scan.file.open("rb") as handle:
            kept = handle.read()
        assert scan.size == len(kept)
        if content_type == "application/pdf":
            assert kept == data
        else:
            assert Image.open(io.BytesIO(kept)).size == Image.open(io.BytesIO(data)).size
    try:
        with schema_context(office_b.schema_name):
            assert not stored.exists(scan.file.name)
    finally:
        with schema_context(office_a.schema_name):
            stored.delete(scan.file.name)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"just text pretending to be a pdf", "reimbursements.scan_type"),
        (b"GIF89a" + b"\x00" * 20, "reimbursements.scan_type"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64, "upload.image_unreadable"),
        (b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", "upload.pdf_unreadable"),
        (b"", "reimbursements.scan_empty"),
        (b"%PDF-" + b"0" * (services.SCAN_MAX_BYTES), "reimbursements.scan_too_large"),
    ],
)
def test_other_files_are_refused_and_nothing_is_kept(
    office_a: Office, data: bytes, code: str
) -> None:
    with schema_context(office_a.schema_name):
        claim = _claim()
        with pytest.raises(ApplicationError) as caught:
            services.claim_scan_add(
                claim=claim,
                upload=ContentFile(data, name="scan.pdf"),
                kind="receipt",
                uploaded_by=user("welfare_officer"),
            )
        assert caught.value.code == code
        assert not ClaimScan.objects.filter(claim=claim).exists()


def test_only_claim_officers_attach_scans(office_a: Office) -> None:
    with schema_context(office_a.schema_name):
        claim = _claim()
        for username in ("finance_officer", "viewer", "approver"):
            with pytest.raises(ApplicationError):
                services.claim_scan_add(
                    claim=claim,
                    upload=ContentFile(_png(), name="x.png"),
                    kind="receipt",
                    uploaded_by=user(username),
                )
        assert not ClaimScan.objects.filter(claim=claim).exists()
