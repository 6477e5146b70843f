from django.urls import path

from api.v1.healthchecks import views

urlpatterns = [
    path("healthchecks/schedule/", views.ScheduleView.as_view(), name="healthcheck_schedule"),
    path(
        "healthchecks/campaigns/<int:campaign_id>/",
        views.CampaignDetailView.as_view(),
        name="healthcheck_campaign_detail",
    ),
    path(
        "healthchecks/attendance/",
        views.AttendanceView.as_view(),
        name="healthcheck_attendance",
    ),
]
