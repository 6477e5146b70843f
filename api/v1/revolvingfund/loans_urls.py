"""The loans' API routes (issue 18), added to `api/v1/revolvingfund/urls.py`."""

from django.urls import path

from api.v1.revolvingfund import loans

urlpatterns = [
    path("revolvingfund/loans/", loans.LoanListView.as_view(), name="fund_loan_list"),
    path(
        "revolvingfund/loans/<int:loan_id>/",
        loans.LoanDetailView.as_view(),
        name="fund_loan_detail",
    ),
    path(
        "revolvingfund/repayments/",
        loans.RepaymentListView.as_view(),
        name="fund_repayment_list",
    ),
    path(
        "revolvingfund/repayments/<int:repayment_id>/",
        loans.RepaymentDetailView.as_view(),
        name="fund_repayment_detail",
    ),
]
