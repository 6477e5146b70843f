"""The desk's public pages on an office host, at /t/ (no sign-in): a ticket's status, reached
from the QR code on its slip by the ticket's random token."""

from django.urls import path

from apps.onestop import views

app_name = "public_ticket"

urlpatterns = [
    path("<str:token>/", views.ticket_status, name="status"),
]
