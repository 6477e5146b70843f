from django.urls import path

from central import views

app_name = "central"

urlpatterns = [
    path("", views.home, name="home"),
    path("offices/new/", views.office_new, name="office_new"),
    path("offices/<slug:code>/active/", views.office_toggle, name="office_toggle"),
    path(
        "offices/<slug:code>/invitation/",
        views.office_invitation_send,
        name="office_invitation_send",
    ),
]
