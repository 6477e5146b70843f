from django.urls import path

from apps.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_current, name="report_current"),
    path("<int:year>/", views.report, name="report"),
    path("<int:year>/edit/", views.report_edit, name="report_edit"),
    path("<int:year>/review/", views.report_review, name="report_review"),
    path("<int:year>/submit/", views.report_submit, name="report_submit"),
    path("<int:year>/changes/", views.report_changes_view, name="report_changes"),
    path("<int:year>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<int:year>/report.docx", views.report_docx, name="report_docx"),
    path("<int:year>/evidence.zip", views.evidence_zip, name="evidence_zip"),
    path("<int:year>/evidence.pdf", views.evidence_pdf, name="evidence_pdf"),
]
