from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import split_domain_port
from django.middleware.csrf import (  # type: ignore[attr-defined]  # private, not in the stubs
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CSRF_TOKEN_LENGTH,
    InvalidTokenFormat,
    _check_token_format,
    _unmask_cipher_token,
)
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.translation.trans_real import parse_accept_lang_header

# Seconds a client is told to wait when the database cannot serve a request.
DATABASE_RETRY_AFTER = 30


class ThaiFirstLocaleMiddleware:
    """Thai unless the person chose another language (the language cookie set by the switch).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many office
    computers run English browsers; the offices work in Thai. The API is the exception: its
    clients choose with `Accept-Language` (`request_language`).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(
            response,
            ("Accept-Language", "Cookie") if request.path.startswith("/api/") else ("Cookie",),
        )
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


def request_language(request: HttpRequest) -> str:
    """The language of the answer: pages follow the language cookie only (Thai without it);
    the API (`/api/`) follows the client's `Accept-Language` first (the first of `th` and
    `en` it names, by its q-values), then the cookie, then Thai. Machines cannot choose a
    language by cookie, and an HR system abroad asks in English."""
    supported = {code for code, _ in settings.LANGUAGES}
    if request.path.startswith("/api/"):
        header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")[:500]
        for tag, _quality in parse_accept_lang_header(header):
            primary = tag.split("-")[0].lower()
            if primary in supported:
                return primary
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return str(chosen) if chosen in supported else str(settings.LANGUAGE_CODE)


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


class CsrfHostBindingMiddleware:
    """Binds Django's CSRF secret to the host that issued it; sits right above Django's
    CsrfViewMiddleware. A cookie and token minted on one office (or the central site) are
    refused on every other host, whatever the cookie's name and wherever a browser or a script
    carries them.

    The cookie holds the secret shifted by a pad only the server can compute for that host
    (HMAC of the host name with SECRET_KEY, in Django's own cipher alphabet). On the way in,
    this middleware unshifts the cookie in `request.COOKIES`, so Django's CSRF middleware,
    `csrf_protect` views, templates' tokens and DRF's session check all see the plain secret
    and work unchanged; on the way out it shifts the cookie Django wrote. On another host the
    unshifted value is another secret, so the token does not match (403). The port is not part
    of the binding: browsers share cookies across ports.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = settings.CSRF_COOKIE_NAME
        stored = request.COOKIES.get(name)
        if stored is not None:
            try:
                _check_token_format(stored)
            except InvalidTokenFormat:
                pass  # Django replaces a malformed cookie with a new secret
            else:
                if len(stored) == CSRF_TOKEN_LENGTH:  # masked, as before Django 4.0
                    stored = _unmask_cipher_token(stored)
                request.COOKIES[name] = _shift(stored, _host_pad(request), -1)
        response = self.get_response(request)
        written = response.cookies.get(name)
        if written is not None and written.value == request.META.get("CSRF_COOKIE"):
            bound = _shift(written.value, _host_pad(request), 1)
            written.set(name, bound, bound)  # the value only; max-age, flags and path stay
        return response


def _host_pad(request: HttpRequest) -> str:
    host, _ = split_domain_port(request.get_host())
    digest = salted_hmac("krucare.csrf.host", host.lower(), algorithm="sha256").digest()
    return "".join(CSRF_ALLOWED_CHARS[byte % len(CSRF_ALLOWED_CHARS)] for byte in digest)[
        :CSRF_SECRET_LENGTH
    ]


def _shift(secret: str, pad: str, direction: int) -> str:
    """Add (1) or subtract (-1) the pad character by character, as Django masks tokens."""
    chars = CSRF_ALLOWED_CHARS
    return "".join(
        chars[(chars.index(s) + direction * chars.index(p)) % len(chars)]
        for s, p in zip(secret, pad, strict=True)
    )


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in person or a machine
    client, and on every `/api/` response: pages and API bodies carry national IDs and other
    personal data that no shared cache, proxy or browser history may keep. A response its view
    marked `public` keeps that; static files never reach this middleware (it sits below
    WhiteNoise)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "public" in response.get("Cache-Control", ""):
            return response
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
        return response
