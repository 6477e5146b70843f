from django.urls import path

from api.v1.benchmarks import views

benchmark_urlpatterns = [
    path("benchmarks/indicators/", views.IndicatorListView.as_view(), name="benchmark_indicators"),
    path(
        "benchmarks/indicators/<str:code>/",
        views.ComparisonView.as_view(),
        name="benchmark_comparison",
    ),
    path("benchmarks/values/", views.ValueListView.as_view(), name="benchmark_values"),
    path(
        "benchmarks/offices/<str:office_code>/",
        views.OfficeCardView.as_view(),
        name="benchmark_office",
    ),
]
