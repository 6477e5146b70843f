"""`/api-clients/` on an office host and on the central host (see api.client_views)."""

from django.urls import path

from api import client_views

app_name = "api-clients"

urlpatterns = [
    path("", client_views.client_list, name="list"),
    path("new/", client_views.client_create, name="create"),
    path("<int:client_id>/rotate/", client_views.client_rotate, name="rotate"),
    path("<int:client_id>/revoke/", client_views.client_revoke, name="revoke"),
    path(
        "<int:client_id>/credentials/<int:credential_id>/revoke/",
        client_views.credential_revoke,
        name="credential_revoke",
    ),
]
