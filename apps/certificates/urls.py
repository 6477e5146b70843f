from django.urls import path

from apps.certificates import views

app_name = "certificates"

urlpatterns = [
    path("", views.register, name="register"),
    path("register.pdf", views.register_pdf, name="register_pdf"),
    path("register.xlsx", views.register_xlsx, name="register_xlsx"),
    path("new/", views.request_new, name="request_new"),
    path("<int:certificate_id>/", views.detail, name="detail"),
    path("<int:certificate_id>/letter.pdf", views.letter_pdf, name="letter_pdf"),
    path("<int:certificate_id>/bank-form.pdf", views.bank_form_pdf, name="bank_form_pdf"),
    path("<int:certificate_id>/recheck/", views.certificate_recheck, name="recheck"),
    path("<int:certificate_id>/prepare/", views.certificate_prepare, name="prepare"),
    path("<int:certificate_id>/sign/", views.certificate_sign, name="sign"),
    path("<int:certificate_id>/hand-over/", views.certificate_hand_over, name="hand_over"),
    path("<int:certificate_id>/reject/", views.certificate_reject, name="reject"),
    path("<int:certificate_id>/revoke/", views.certificate_revoke, name="revoke"),
    path("<int:certificate_id>/bank-decision/", views.certificate_decision, name="decision"),
]
