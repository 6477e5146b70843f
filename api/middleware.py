"""What every `/api/` response carries (`ApiResponseMiddleware`), and the log of machine
clients' calls: one `ApiCallLog` row per request made with a client
credential, written after the response, whatever its status (200, 403, 404, 429 …)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response

from api.errors import status_error
from api.services import api_call_record
from api.throttling import RATE_LIMIT_ATTRIBUTE
from clients.services import CLIENT_PREFIX, client_credential_authenticate
from core.middleware import request_language


class ApiCallLogMiddleware:
    """After the response of an `/api/` request: the credential the API's authentication found
    (`request.api_credential`); for a path no API view served (the API's 404), the credential
    the header names, looked up once. Runs inside the office's schema (after the routing
    middleware), so the row lands in the client's own schema."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        started = time.monotonic()
        response = self.get_response(request)
        credential = getattr(request, "api_credential", None)
        if credential is None:
            header = request.headers.get("Authorization", "").split()
            if len(header) == 2 and header[1].startswith(f"{CLIENT_PREFIX}_"):
                credential = client_credential_authenticate(header[1], touch=False)
        if credential is not None:
            api_call_record(
                credential=credential,
                method=request.method or "",
                path=request.path,
                status_code=response.status_code,
                duration_ms=round((time.monotonic() - started) * 1000),
            )
        return response


class ApiResponseMiddleware:
    """What every `/api/` answer carries, whichever layer produced it (issue 14):

    - an error that never reached an API view (a path the API does not match, Django's CSRF or
      method refusal, a server error with or without the debug page) answers the API's JSON
      error body `{code, message}` in the client's language (`Accept-Language`), never a page;
    - a machine client's rate limit: `RateLimit-Limit`, `RateLimit-Remaining` and
      `RateLimit-Reset` (seconds until the window ends; the IETF httpapi draft's names), set
      by `api.throttling` on every call it counted;
    - a successful GET's `ETag` (a hash of the body as this caller sees it: masking and
      language included); with a matching `If-None-Match`, 304 without the body. The view
      still runs (and its reads are audited): the ETag spares the transfer, not the work.

    The request id (`X-Request-ID`, core.observability) and `Cache-Control: private, no-store`
    (core.middleware.PrivateCacheMiddleware) are added around it on every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        response = self.get_response(request)
        if response.status_code >= 400 and not _is_json(response):
            response = _as_json_error(request, response)
        elif (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.streaming
        ):
            if not response.has_header("ETag"):
                digest = hashlib.sha256(response.content).hexdigest()[:32]
                response["ETag"] = f'"{digest}"'
            response = (
                get_conditional_response(request, etag=response["ETag"], response=response)
                or response
            )
        limit = getattr(request, RATE_LIMIT_ATTRIBUTE, None)
        if limit is not None:
            response["RateLimit-Limit"] = str(limit.limit)
            response["RateLimit-Remaining"] = str(limit.remaining)
            response["RateLimit-Reset"] = str(limit.reset)
        return response


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().endswith("json")


KEPT_HEADERS = ("Allow", "Retry-After", "Vary", "Content-Language", "Cache-Control")


def _as_json_error(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    body = status_error(response.status_code, request_language(request))
    answer = JsonResponse(body, status=response.status_code)
    for header in KEPT_HEADERS:
        if header in response:
            answer[header] = response[header]
    return answer
