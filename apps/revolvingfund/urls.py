from django.urls import include, path

from apps.revolvingfund import ranking_views, views

app_name = "revolvingfund"

urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/open/", views.round_open, name="round_open"),
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("rounds/<int:round_id>/call/", views.call_publish, name="call_publish"),
    path("rounds/<int:round_id>/call.pdf", views.call_letter_pdf, name="call_pdf"),
    path("rounds/<int:round_id>/close/", views.round_close, name="round_close"),
    path("rounds/<int:round_id>/meeting/", ranking_views.meeting_set, name="meeting_set"),
    path("rounds/<int:round_id>/rank/", ranking_views.rank, name="rank"),
    path("rounds/<int:round_id>/confirm/", ranking_views.confirm, name="confirm"),
    path("rounds/<int:round_id>/ranking.pdf", views.ranking_pdf, name="ranking_pdf"),
    path("applications/new/", views.application_new, name="application_new"),
    path("applications/<int:fund_application_id>/", views.application_detail, name="application"),
    path(
        "applications/<int:fund_application_id>/documents/", views.document_add, name="document_add"
    ),
    path("applications/<int:fund_application_id>/check/", views.application_check, name="check"),
    path(
        "applications/<int:fund_application_id>/withdraw/",
        views.application_withdraw,
        name="withdraw",
    ),
    path("applications/<int:fund_application_id>/scores/", ranking_views.scores, name="scores"),
    path("register/", views.register, name="register"),
    path("register.pdf", views.register_pdf, name="register_pdf"),
    path("register.xlsx", views.register_xlsx, name="register_xlsx"),
    path("loans/", include("apps.revolvingfund.loan_urls")),  # issue 18
]
