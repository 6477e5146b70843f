from django.urls import path

from api.v1.idcards import views

urlpatterns = [
    path("idcards/applications/", views.ApplicationListView.as_view(), name="card_list"),
    path(
        "idcards/applications/<int:application_id>/",
        views.ApplicationDetailView.as_view(),
        name="card_detail",
    ),
    path(
        "idcards/applications/<int:application_id>/check/",
        views.CheckView.as_view(),
        name="card_check",
    ),
    path(
        "idcards/applications/<int:application_id>/approve/",
        views.ApproveView.as_view(),
        name="card_approve",
    ),
    path(
        "idcards/applications/<int:application_id>/print/",
        views.PrintView.as_view(),
        name="card_print",
    ),
    path(
        "idcards/applications/<int:application_id>/hand-over/",
        views.HandOverView.as_view(),
        name="card_hand_over",
    ),
    path(
        "idcards/applications/<int:application_id>/reject/",
        views.RejectView.as_view(),
        name="card_reject",
    ),
]
