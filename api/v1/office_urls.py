"""`/api/v1/` on an office host: the common endpoints and the office's welfare services."""

from django.urls import include, path

from api.v1.urls import common_urlpatterns, not_found_pattern
from core import modules

app_name = "api-v1"

urlpatterns = [
    *common_urlpatterns,
    # Every module's endpoints (`core.modules`).
    *modules.api_urlpatterns(central=False),
    path("", include("api.v1.feeds.urls")),
    path("", include("api.v1.webhooks.urls")),
    not_found_pattern,
]
