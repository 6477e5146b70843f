"""The log of machine clients' calls: one `ApiCallLog` row per request made with a client
credential, written after the response, whatever its status (200, 403, 404, 429 …)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from api.services import api_call_record
from clients.services import CLIENT_PREFIX, client_credential_authenticate


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
