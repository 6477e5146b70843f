from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.modules import home_cards, public_blocks


@require_GET
def office_home(request: HttpRequest) -> HttpResponse:
    """The office's home: its name, and its modules for signed-in staff."""
    return render(
        request,
        "core/office_home.html",
        {"modules": home_cards(), "public_blocks": public_blocks()},
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers (and, on an office host, routed the request). Nothing
    else: a database or Redis outage must not get every web process restarted. Readiness
    (`/readyz`) checks the dependencies."""
    return JsonResponse({"status": "ok"})
