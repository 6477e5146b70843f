"""Files people upload (scans of claims, ID-card photos): what is kept and how it is served.

- Images are decoded and saved again (Pillow): only the pixels survive, so HTML or script
  hidden in comments, metadata or after the image's end (a JPEG+HTML polyglot) is gone, and so
  is EXIF (GPS position, camera serial).
- PDFs are kept as sent only if nothing in them can act: no JavaScript, launch, form-submit or
  embedded-file objects (read with pypdf, compressed object streams included), no encryption,
  no HTML markup and nothing after the final `%%EOF` (a PDF+HTML polyglot).
- A request larger than its view allows is refused from its `Content-Length`, before its body
  is read (`upload_limit` and `UploadLimitMiddleware`).
- Files go back as attachments under a name the server makes, with `nosniff` and a sandbox
  policy: a browser never renders one as a page of the site (`attachment_response`).
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable
from typing import IO, Any, TypeVar

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from PIL import Image, ImageOps, UnidentifiedImageError

from core.errors import ApplicationError

MEGABYTE = 1024 * 1024
# Room for the form's other fields and the multipart framing around the file.
FORM_OVERHEAD_BYTES = 64 * 1024
# Any request body at all, for views that set no limit of their own.
DEFAULT_REQUEST_MAX_BYTES = getattr(settings, "KRUCARE_REQUEST_MAX_BYTES", 11 * MEGABYTE)
# A scan of an A4 page at 600 dpi is about 35 million pixels.
MAX_IMAGE_PIXELS = 60_000_000
IMAGE_TYPES = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png")}

# PDF names and actions that run something, fetch something or carry files.
_PDF_ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA"}
_PDF_ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/ImportData",
    "/SubmitForm",
    "/RichMediaExecute",
    "/Rendition",
    "/GoToE",
}
_PDF_MAX_OBJECTS = 200_000
# Markup that makes a browser or a sniffer take the bytes for a page. Five characters or more,
# so that compressed streams do not hit them by chance.
_HTML_MARKERS = re.compile(rb"<\s*(?:html|script|body|iframe|!doctype|object|embed)\b", re.I)

F = TypeVar("F", bound=Callable[..., Any])


class UploadError(ApplicationError):
    code = "upload.refused"


def _refuse(code: str, message_th: str, message_en: str, field: str | None) -> UploadError:
    return UploadError(message_th, message_en, code=f"upload.{code}", field=field)


# --- Images -------------------------------------------------------------------------------


def image_reencoded(
    data: bytes, *, formats: set[str], field: str | None = "file"
) -> tuple[bytes, str, str]:
    """The image decoded and saved again in its own format (JPEG or PNG), turned upright by its
    EXIF orientation, without any metadata. Returns (bytes, content type, extension)."""
    allowed = " หรือ ".join(sorted(formats))
    unreadable = _refuse(
        "image_unreadable",
        f"ไฟล์ภาพเสียหรือไม่ใช่ภาพ {allowed}",
        f"The image is damaged or not a {' or '.join(sorted(formats))} image.",
        field,
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                kind = opened.format or ""
                if kind not in formats or kind not in IMAGE_TYPES:
                    raise unreadable
                if opened.width * opened.height > MAX_IMAGE_PIXELS:
                    raise _refuse(
                        "image_too_large",
                        "ภาพมีขนาดพิกเซลใหญ่เกินไป",
                        "The image has too many pixels.",
                        field,
                    )
                opened.load()
                image = ImageOps.exif_transpose(opened)
    except UploadError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise unreadable from None
    transparency = image.info.get("transparency")
    image.info = {} if transparency is None or kind != "PNG" else {"transparency": transparency}
    out = io.BytesIO()
    if kind == "JPEG":
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, optimize=True)
    else:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    content_type, extension = IMAGE_TYPES[kind]
    return out.getvalue(), content_type, extension


# --- PDF ----------------------------------------------------------------------------------


def pdf_checked(data: bytes, *, field: str | None = "file") -> None:
    """Refuse a PDF that could act when opened, or that is also something else."""
    if _HTML_MARKERS.search(data) or not data.rstrip(b"\x00\t\n\r\f ").endswith(b"%%EOF"):
        raise _refuse(
            "pdf_not_plain",
            "ไฟล์ PDF มีข้อมูลอื่นแฝงอยู่ (เช่น HTML) กรุณาสแกนหรือบันทึกเป็น PDF ใหม่",
            "The PDF carries other content (such as HTML); scan or save it as a new PDF.",
            field,
        )
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _refuse(
                "pdf_encrypted",
                "ไฟล์ PDF ตั้งรหัสผ่านไว้ กรุณาแนบไฟล์ที่ไม่ได้ตั้งรหัสผ่าน",
                "The PDF is encrypted; attach one without a password.",
                field,
            )
        active = _pdf_active_content(reader)
    except UploadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise _refuse(
            "pdf_unreadable", "ไฟล์ PDF เสียหรืออ่านไม่ได้", "The PDF cannot be read.", field
        ) from None
    if active is not None:
        raise _refuse(
            "pdf_active_content",
            "ไฟล์ PDF มีสคริปต์หรือคำสั่งที่ทำงานเองได้ จึงรับไม่ได้ กรุณาสแกนเอกสารเป็น PDF ใหม่",
            f"The PDF contains active content ({active}); scan the document as a new PDF.",
            field,
        )


def _pdf_active_content(reader: Any) -> str | None:
    """The first active name or action reachable from the trailer, or None."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > _PDF_MAX_OBJECTS:
            raise ValueError("too many objects")
        if isinstance(item, DictionaryObject):
            for name, value in dict.items(item):  # raw values: references stay references
                if name in _PDF_ACTIVE_KEYS:
                    return str(name)
                if name == "/S" and value in _PDF_ACTIVE_ACTIONS:
                    return str(value)
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))
    return None


# --- Serving ------------------------------------------------------------------------------


def attachment_response(file: IO[bytes], *, content_type: str, filename: str) -> FileResponse:
    """An uploaded file as a download under `filename` (made by the server, never the
    uploader's): not sniffed, sandboxed if a browser opens it anyway, kept by no cache."""
    response = FileResponse(file, content_type=content_type, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Early size limit ---------------------------------------------------------------------


def upload_limit(max_bytes: int) -> Callable[[F], F]:
    """The largest file the view takes: bigger requests are refused from their
    Content-Length before any of the body is read (`UploadLimitMiddleware`). Put it above
    the view's other decorators."""

    def decorate(view: F) -> F:
        view.upload_max_bytes = max_bytes  # type: ignore[attr-defined]
        return view

    return decorate


class UploadLimitMiddleware:
    """Refuse a request whose declared body is larger than its view allows (`upload_limit`,
    else KRUCARE_REQUEST_MAX_BYTES), with 413 and a Thai message, before anything reads the
    body: it comes before the CSRF middleware, which would read the whole form to find the
    token (Django stores an uploaded file on disk as it reads it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        limit = getattr(view, "upload_max_bytes", DEFAULT_REQUEST_MAX_BYTES)
        if declared <= limit + FORM_OVERHEAD_BYTES:
            return None
        megabytes = f"{limit / MEGABYTE:g}"
        message = f"ไฟล์ใหญ่เกินกำหนด: รับได้ไม่เกิน {megabytes} MB ต่อครั้ง"
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"code": "upload.too_large", "message": message, "max_bytes": limit}, status=413
            )
        else:
            back = request.headers.get("Referer", "")
            if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
                back = ""
            body = render_to_string(
                "core/upload_too_large.html", {"message": message, "back": back}
            )
            response = HttpResponse(body, status=413)
        return response
