"""The public verification of a salary certificate on an office host, at /v/ (no sign-in),
reached from the QR code on the letter by the certificate's random token."""

from django.urls import path

from apps.certificates import views

app_name = "certificate_verify"

urlpatterns = [
    path("<str:token>/", views.verify_page, name="page"),
    path("<str:token>/json", views.verify_json, name="json"),
]
