from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.modules import MODULES


@require_GET
def office_home(request: HttpRequest) -> HttpResponse:
    """The office's home: its name, and its modules for signed-in staff."""
    return render(request, "core/office_home.html", {"modules": MODULES})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for the reverse proxy and orchestrator: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
