from django.urls import path

from apps.delegations import views

app_name = "delegations"

urlpatterns = [
    path("", views.delegation_list, name="delegation_list"),
    path("new/", views.delegation_new, name="delegation_new"),
    path("<int:delegation_id>/end/", views.delegation_end, name="delegation_end"),
]
