"""The office URLconf plus a view that does no database work (routing benchmark only)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls_office import urlpatterns as office_urlpatterns

NO_DB_PATH = "/bench-no-db"


def no_db(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [*office_urlpatterns, path(NO_DB_PATH.lstrip("/"), no_db)]
