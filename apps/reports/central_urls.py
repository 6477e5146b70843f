"""The central host's pages of the annual reports (`config.urls_central`)."""

from django.urls import path

from apps.reports import central_views

app_name = "central_reports"

urlpatterns = [
    path("", central_views.submissions, name="submissions"),
    path("<slug:code>/<int:year>/", central_views.submitted_report, name="submitted_report"),
]
