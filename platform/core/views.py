from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.modules import home_cards, public_blocks, public_context, worklist


@require_GET
def office_home(request: HttpRequest) -> HttpResponse:
    """The office's home. Signed-in staff: what waits for them (each module's worklist for
    their roles, with counts) and the modules. Anyone else: the office's public page, its
    services and what the modules publish (`public_blocks`), no sign-in."""
    user = request.user
    if user.is_authenticated:
        context = {
            "modules": home_cards(),
            "work": worklist(user),
            "manages_users": user.has_role("office_admin"),
        }
    else:
        context = {"public_blocks": public_blocks(), **public_context()}
    return render(request, "core/office_home.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers (and, on an office host, routed the request). Nothing
    else: a database or Redis outage must not get every web process restarted. Readiness
    (`/readyz`) checks the dependencies."""
    return JsonResponse({"status": "ok"})
