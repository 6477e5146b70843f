from django.urls import path

from api.v1.revolvingfund import views
from api.v1.revolvingfund.loans_urls import urlpatterns as loan_urlpatterns

urlpatterns = [
    path(
        "revolvingfund/approvals/",
        views.ApprovalListView.as_view(),
        name="fund_approval_list",
    ),
    path(
        "revolvingfund/approvals/<int:approval_id>/",
        views.ApprovalDetailView.as_view(),
        name="fund_approval_detail",
    ),
]
urlpatterns += loan_urlpatterns  # issue 18
