"""The office's URLs with the loans' pages under the fund's namespace, as the fund's `urls.py`
includes them ("revolvingfund:loans:..."), for the view tests while that file is being built
on the fund's branch."""

from django.urls import include, path

from config.urls_office import urlpatterns as office_urlpatterns

urlpatterns = [
    path(
        "fund/",
        include(([path("loans/", include("apps.revolvingfund.loan_urls"))], "revolvingfund")),
    ),
    *office_urlpatterns,
]
