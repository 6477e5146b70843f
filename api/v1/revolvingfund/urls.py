from django.urls import path

from api.v1.revolvingfund import views

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
