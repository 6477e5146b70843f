"""The claims API of an office host (`urlpatterns`) and the national rate tables, served by
every host (`rate_urlpatterns`: the central site includes them too)."""

from django.urls import path

from api.v1.reimbursements import views

rate_urlpatterns = [
    path(
        "reimbursements/rates/child-education/",
        views.ChildEducationRateListView.as_view(),
        name="reimbursements_rates_child_education",
    ),
    path(
        "reimbursements/rates/medical-limits/",
        views.MedicalLimitsListView.as_view(),
        name="reimbursements_rates_medical_limits",
    ),
]

urlpatterns = [
    path("reimbursements/claims/", views.ClaimListView.as_view(), name="claim_list"),
    path(
        "reimbursements/claims/<int:claim_id>/",
        views.ClaimDetailView.as_view(),
        name="claim_detail",
    ),
    path(
        "reimbursements/claims/<int:claim_id>/check/",
        views.CheckView.as_view(),
        name="claim_check",
    ),
    path(
        "reimbursements/claims/<int:claim_id>/approve/",
        views.ApproveView.as_view(),
        name="claim_approve",
    ),
    path(
        "reimbursements/claims/<int:claim_id>/return/",
        views.ReturnView.as_view(),
        name="claim_return",
    ),
    path(
        "reimbursements/claims/<int:claim_id>/pay/",
        views.PayView.as_view(),
        name="claim_pay",
    ),
    path("reimbursements/payments/", views.PaymentListView.as_view(), name="payment_list"),
    path(
        "reimbursements/payments/<int:payment_id>/",
        views.PaymentDetailView.as_view(),
        name="payment_detail",
    ),
    path(
        "reimbursements/eligibility/<int:person_id>/",
        views.EligibilityView.as_view(),
        name="eligibility",
    ),
    *rate_urlpatterns,
]
