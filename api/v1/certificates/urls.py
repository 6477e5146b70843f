from django.urls import path

from api.v1.certificates import views

urlpatterns = [
    path(
        "certificates/certificates/",
        views.CertificateListView.as_view(),
        name="certificate_list",
    ),
    path(
        "certificates/certificates/<int:certificate_id>/",
        views.CertificateDetailView.as_view(),
        name="certificate_detail",
    ),
    path(
        "certificates/verify/<str:token>/",
        views.VerifyView.as_view(),
        name="certificate_verify",
    ),
]
