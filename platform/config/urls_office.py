"""URLs of an office host (`<slug>.<base domain>`); every view runs in the office's schema."""

from django.urls import include, path

from core import modules
from core import views as core_views
from core.admin_sites import office_admin_site

urlpatterns = [
    path("", core_views.office_home, name="home"),
    path("accounts/", include("accounts.urls")),
    # A desk ticket's public status page (the slip's QR code), short for phones to open.
    path("t/", include("apps.onestop.public_urls")),
    # A salary certificate's public verification page (the letter's QR code).
    path("v/", include("apps.certificates.public_urls")),
    # The annual health check's public schedule and sign-up with a one-time code.
    path("h/", include("apps.healthchecks.public_urls")),
    path("audit/", include("audit.urls")),
    # Every module's pages (`core.modules`): people/, desk/, idcards/, claims/, benchmarks/ …
    *modules.office_urlpatterns(),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", office_admin_site.urls),
    path("api-clients/", include("api.client_urls")),
    path("api/v1/", include("api.v1.office_urls")),
    path("healthz", core_views.healthz, name="healthz"),
]
