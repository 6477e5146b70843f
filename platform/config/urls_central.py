"""URLs of the central host; every view runs in the public schema."""

from django.urls import include, path

from config import views as config_views
from core import views as core_views
from core.admin_sites import central_admin_site

urlpatterns = [
    path("", include("central.urls")),
    path("benchmarks/", include("central.benchmark_urls")),
    # The offices' submitted annual reports (issue 15), read from the central copy.
    path("reports/", include("apps.reports.central_urls")),
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", central_admin_site.urls),
    path("api-clients/", include("api.client_urls")),
    path("api/v1/", include("api.v1.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    # Readiness and metrics: for probes and Prometheus on the internal network; the proxy
    # refuses both paths to the public (deploy/nginx/krucare.conf).
    path("readyz", config_views.ReadinessView.as_view(), name="readyz"),
    path("metrics", config_views.metrics, name="metrics"),
]
