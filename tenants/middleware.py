"""Host → office routing: the first middleware of every request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import set_urlconf

from core.schemas import PUBLIC_SCHEMA, tenant_connection
from tenants import routing


class OfficeRoutingMiddleware:
    """Map the request's Host to the central site or to one office, and switch schemas.

    - A central host (`KRUCARE_CENTRAL_HOSTS`) gets the public schema and the central URLconf.
    - An office host gets `search_path = esa_<code>, public` and the office URLconf; an
      inactive office gets the Thai "service suspended" page (503).
    - Before the process has ever loaded its host map, with the database unreachable, an
      office host gets the Thai "temporarily unavailable" page (503, Retry-After 30).
    - Any other host is a 404. There is no fallback to the central site.

    Only `Host` is read (`USE_X_FORWARDED_HOST` stays off): the reverse proxy sets it. The
    host→office lookup is an in-process map (`tenants.routing`), not a query per request, and a
    persistent connection already on the right schema keeps its search_path: switching is what
    costs a `SET search_path` round trip, so it happens only when the schema changes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.central_hosts = {host.lower() for host in settings.KRUCARE_CENTRAL_HOSTS}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        connection = tenant_connection()
        try:
            hostname = request.get_host().rsplit(":", 1)[0].lower()
        except DisallowedHost:
            return self._page(request, "core/unknown_host.html", status=400)
        request.office = None  # type: ignore[attr-defined]

        if hostname in self.central_hosts:
            if connection.schema_name != PUBLIC_SCHEMA:
                connection.set_schema_to_public()
            request.tenant = connection.tenant  # type: ignore[attr-defined]
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
        else:
            try:
                office = routing.office_for_host(hostname)
            except routing.RoutingUnavailableError:
                return self._page(request, "core/unavailable.html", status=503)
            if office is None:
                return self._page(request, "core/unknown_host.html", status=404)
            if not office.is_active:
                return self._page(
                    request, "core/suspended.html", status=503, context={"office": office}
                )
            if connection.schema_name != office.schema_name:
                connection.set_tenant(office)
            request.tenant = office  # type: ignore[attr-defined]
            request.office = office  # type: ignore[attr-defined]
            request.urlconf = settings.ROOT_URLCONF
        set_urlconf(request.urlconf)
        return self.get_response(request)

    @staticmethod
    def _page(
        request: HttpRequest, template: str, *, status: int, context: dict[str, Any] | None = None
    ) -> HttpResponse:
        body = render_to_string(template, context or {}, request=None)
        response = HttpResponse(body, status=status)
        if status == 503:
            response["Retry-After"] = "3600" if template == "core/suspended.html" else "30"
        return response
