"""URLs of an office host (`<slug>.<base domain>`); every view runs in the office's schema."""

from django.urls import include, path

from core import views as core_views
from core.admin_sites import office_admin_site

urlpatterns = [
    path("", core_views.office_home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("people/", include("apps.people.urls")),
    path("desk/", include("apps.onestop.urls")),
    path("idcards/", include("apps.idcards.urls")),
    path("claims/", include("apps.reimbursements.urls")),
    path("benchmarks/", include("central.office_benchmark_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", office_admin_site.urls),
    path("api-clients/", include("api.client_urls")),
    path("api/v1/", include("api.v1.office_urls")),
    path("healthz", core_views.healthz, name="healthz"),
]
