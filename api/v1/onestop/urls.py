from django.urls import path

from api.v1.onestop import views

urlpatterns = [
    path("service-types/", views.ServiceTypeListView.as_view(), name="service_type_list"),
    path("service-requests/", views.ServiceRequestListView.as_view(), name="service_request_list"),
    path("service-requests/call-next/", views.CallNextView.as_view(), name="service_request_call"),
    path(
        "service-requests/statistics/",
        views.StatisticsView.as_view(),
        name="service_request_statistics",
    ),
    path(
        "service-requests/<int:service_request_id>/",
        views.ServiceRequestDetailView.as_view(),
        name="service_request_detail",
    ),
    path(
        "service-requests/<int:service_request_id>/start/",
        views.StartView.as_view(),
        name="service_request_start",
    ),
    path(
        "service-requests/<int:service_request_id>/complete/",
        views.CompleteView.as_view(),
        name="service_request_complete",
    ),
    path(
        "service-requests/<int:service_request_id>/hand-over/",
        views.HandOverView.as_view(),
        name="service_request_hand_over",
    ),
    path(
        "service-requests/<int:service_request_id>/cancel/",
        views.CancelView.as_view(),
        name="service_request_cancel",
    ),
]
