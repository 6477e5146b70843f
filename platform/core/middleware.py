from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Seconds a client is told to wait when the database cannot serve a request.
DATABASE_RETRY_AFTER = 30


class ThaiFirstLocaleMiddleware:
    """Thai unless the person chose another language (the language cookie set by the switch).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many office
    computers run English browsers; the offices work in Thai.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class DatabaseUnavailableMiddleware:
    """The first middleware: a request the database could not serve (the server refused or
    dropped the connection, e.g. "too many clients") answers 503 with a Retry-After and a Thai
    page (the API's error body on `/api/`), not a 500 or, in development, a traceback.

    Django turns an exception anywhere below into a 500 response before it reaches this
    middleware; `got_request_exception`, sent while that exception is being handled, marks the
    request so the 500 can be told apart from others. The page is rendered without the request
    (no user, no session): nothing on it may need the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        got_request_exception.connect(_mark_database_failure, dispatch_uid="krucare-db-503")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 500 or not getattr(request, "_database_unavailable", False):
            return response
        unavailable: HttpResponse
        if request.path.startswith("/api/"):
            unavailable = JsonResponse(
                {
                    "code": "service_unavailable",
                    "message": "ฐานข้อมูลรับงานไม่ได้ชั่วคราว กรุณาลองใหม่อีกครั้ง",
                },
                status=503,
            )
        else:
            unavailable = HttpResponse(render_to_string("core/unavailable.html"), status=503)
        unavailable["Retry-After"] = str(DATABASE_RETRY_AFTER)
        unavailable["Cache-Control"] = "no-store"
        return unavailable


def _mark_database_failure(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    if request is not None and isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        request._database_unavailable = True  # type: ignore[attr-defined]
