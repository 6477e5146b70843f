from django.urls import path

from apps.reimbursements import views

app_name = "reimbursements"

urlpatterns = [
    path("", views.claim_list, name="claim_list"),
    path("medical/new/", views.medical_new, name="medical_new"),
    path("child-education/new/", views.child_education_new, name="child_education_new"),
    path("<int:claim_id>/", views.claim_detail, name="claim_detail"),
    path("<int:claim_id>/check/", views.claim_check, name="claim_check"),
    path("<int:claim_id>/approve/", views.claim_approve, name="claim_approve"),
    path("<int:claim_id>/return/", views.claim_return, name="claim_return"),
    path("<int:claim_id>/pay/", views.claim_pay, name="claim_pay"),
    path("<int:claim_id>/receipt.pdf", views.payment_receipt, name="payment_receipt"),
    path("<int:claim_id>/scans/", views.scan_upload, name="scan_upload"),
    path("<int:claim_id>/scans/<int:scan_id>/", views.scan, name="scan"),
    path("registers/medical/", views.medical_register, name="medical_register"),
    path("registers/medical.pdf", views.medical_register_pdf, name="medical_register_pdf"),
    path("registers/medical.xlsx", views.medical_register_xlsx, name="medical_register_xlsx"),
    path(
        "registers/child-education/",
        views.child_education_register,
        name="child_education_register",
    ),
    path(
        "registers/child-education.pdf",
        views.child_education_register_pdf,
        name="child_education_register_pdf",
    ),
    path(
        "registers/child-education.xlsx",
        views.child_education_register_xlsx,
        name="child_education_register_xlsx",
    ),
    path("settings/", views.settings, name="settings"),
]
