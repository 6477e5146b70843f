from django.urls import path

from apps.onestop import views

app_name = "onestop"

urlpatterns = [
    path("", views.desk, name="desk"),
    path("queue/", views.desk_queue, name="queue"),
    path("tickets/", views.ticket_open, name="ticket_open"),
    path("call-next/", views.call_next, name="call_next"),
    path("requests/<int:request_id>/start/", views.request_start, name="request_start"),
    path("requests/<int:request_id>/complete/", views.request_complete, name="request_complete"),
    path("requests/<int:request_id>/hand-over/", views.request_hand_over, name="request_hand_over"),
    path("requests/<int:request_id>/cancel/", views.request_cancel, name="request_cancel"),
    path("requests/<int:request_id>/slip/", views.ticket_slip, name="ticket_slip"),
    path("display/", views.display, name="display"),
    path("display/board/", views.display_board, name="display_board"),
    path("statistics/", views.statistics, name="statistics"),
    path("service-types/", views.service_type_list, name="service_type_list"),
    path("service-types/<int:service_type_id>/", views.service_type_edit, name="service_type_edit"),
]
