from django.urls import path

from apps.committees import views

app_name = "committees"

MEETING = "<int:committee_id>/meetings/<int:meeting_id>/"

urlpatterns = [
    path("", views.committee_list, name="committee_list"),
    path("quorum-rules/", views.quorum_rules, name="quorum_rules"),
    path("<int:committee_id>/", views.committee_detail, name="committee_detail"),
    path("<int:committee_id>/orders/new/", views.order_new, name="order_new"),
    path("<int:committee_id>/orders/<int:order_id>/scan/", views.order_scan, name="order_scan"),
    path("<int:committee_id>/meetings/new/", views.meeting_new, name="meeting_new"),
    path(MEETING, views.meeting_detail, name="meeting_detail"),
    path(MEETING + "attendance/", views.attendance, name="attendance"),
    path(MEETING + "guests/", views.guest_new, name="guest_new"),
    path(MEETING + "hold/", views.meeting_hold, name="meeting_hold"),
    path(MEETING + "close/", views.meeting_close, name="meeting_close"),
    path(MEETING + "cancel/", views.meeting_cancel, name="meeting_cancel"),
    path(MEETING + "agenda/", views.agenda_new, name="agenda_new"),
    path(MEETING + "agenda/<int:item_id>/", views.agenda_edit, name="agenda_edit"),
    path(MEETING + "conflicts/", views.conflict_new, name="conflict_new"),
    path(MEETING + "minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
]
