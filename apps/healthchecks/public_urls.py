"""The health check on an office host's public side, at /h/ (no sign-in): the schedule of the
announced campaigns and sign-up with a one-time code."""

from django.urls import path

from apps.healthchecks import views

app_name = "healthcheck_public"

urlpatterns = [
    path("", views.public_page, name="page"),
]
