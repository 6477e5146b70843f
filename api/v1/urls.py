"""`/api/v1/` endpoints every host has: who am I, and the host's OpenAPI schema and docs.
The central host serves these and the national rate tables (`config.urls_central`); an office
host adds its own endpoints (`api.v1.office_urls`, `config.urls_office`), so each host's schema
lists what it serves."""

from typing import Any

from django.urls import path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.request import Request
from rest_framework.response import Response

from api.v1.benchmarks.urls import benchmark_urlpatterns
from api.v1.feeds.urls import national_urlpatterns
from api.v1.oauth import token_urlpatterns
from api.v1.offices.urls import office_list_urlpatterns
from api.v1.views import MeView, api_not_found
from api.v1.webhooks.national import national_webhook_urlpatterns
from core import modules


class HostSchemaView(SpectacularAPIView):
    """The schema of what this host serves: generated from the request's URLconf (the tenant
    middleware sets it), not from ROOT_URLCONF, which is the office one."""

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.urlconf = getattr(request._request, "urlconf", None)
        return super().get(request, *args, **kwargs)


app_name = "api-v1"

common_urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    *token_urlpatterns,
    path("schema/", HostSchemaView.as_view(), name="schema"),
    # The split view serves Swagger UI's set-up as a script of its own (the CSP allows no inline
    # script); our template drops drf-spectacular's inline <style>.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-v1:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
]
# Last on every host: a path the API does not have gets the API's error body, not a page.
not_found_pattern = re_path(r"^(?P<path>.*)$", api_not_found, name="not_found")

# The central site: the common endpoints, the modules' central endpoints, the benchmarks,
# every office's change feed merged, national webhooks (central events).
urlpatterns = [
    *common_urlpatterns,
    *modules.api_urlpatterns(central=True),  # e.g. the national rate tables of claims
    *benchmark_urlpatterns,
    *national_urlpatterns,
    *office_list_urlpatterns,
    *national_webhook_urlpatterns,
    not_found_pattern,
]
