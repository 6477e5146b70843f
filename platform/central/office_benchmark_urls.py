"""The office's own benchmark card (office host, under /benchmarks/)."""

from django.urls import path

from central import benchmark_views as views

app_name = "benchmarks"

urlpatterns = [
    path("", views.own_card, name="card"),
]
