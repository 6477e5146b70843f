from django.urls import path

from apps.healthchecks import views

app_name = "healthchecks"

urlpatterns = [
    path("", views.campaigns, name="campaigns"),
    path("schedule.pdf", views.schedule_pdf, name="schedule_pdf"),
    path("schedule.xlsx", views.schedule_xlsx, name="schedule_xlsx"),
    path("new/", views.campaign_new, name="campaign_new"),
    path("<int:campaign_id>/", views.campaign_detail, name="campaign"),
    path("<int:campaign_id>/points/new/", views.checkpoint_new, name="checkpoint_new"),
    path("<int:campaign_id>/announce/", views.campaign_announce, name="announce"),
    path("<int:campaign_id>/close/", views.campaign_close, name="close"),
    path("<int:campaign_id>/circular.pdf", views.circular_pdf, name="circular_pdf"),
    path("<int:campaign_id>/summary/", views.summary, name="summary"),
    path("<int:campaign_id>/summary.pdf", views.summary_pdf, name="summary_pdf"),
    path("<int:campaign_id>/summary.xlsx", views.summary_xlsx, name="summary_xlsx"),
    path("points/<int:checkpoint_id>/", views.checkpoint_detail, name="checkpoint"),
    path("points/<int:checkpoint_id>/roster.pdf", views.roster_pdf, name="roster_pdf"),
    path("points/<int:checkpoint_id>/check-in/<int:signup_id>/", views.checkin, name="checkin"),
    path("points/<int:checkpoint_id>/walk-in/", views.walk_in, name="walk_in"),
    path("signups/<int:signup_id>/cancel/", views.signup_cancel, name="signup_cancel"),
    path("signups/<int:signup_id>/consent/", views.consent, name="consent"),
    path("desk/", views.signup_desk, name="signup_desk"),
    path("coordinators/", views.coordinators, name="coordinators"),
    path(
        "coordinators/<int:coordinator_id>/remove/",
        views.coordinator_remove,
        name="coordinator_remove",
    ),
    path("coordinate/", views.coordinate, name="coordinate"),
]
