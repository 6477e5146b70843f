"""The central agency's benchmark pages (central host, under /benchmarks/)."""

from django.urls import path

from central import benchmark_views as views

app_name = "benchmarks"

urlpatterns = [
    path("", views.benchmark_table, name="table"),
    # Indicator codes are dotted ("idcards.issued.teacher"): a str, not a slug.
    path("indicators/<str:code>/", views.indicator_detail, name="indicator"),
    path("offices/<slug:office_code>/", views.office_detail, name="office"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("collection/", views.collection_status, name="collection"),
]
