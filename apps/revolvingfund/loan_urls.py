"""The loans' pages (issue 18), included by the fund's `urls.py` under "loans/" as the
namespace "revolvingfund:loans"."""

from django.urls import path

from apps.revolvingfund.loans import views

app_name = "loans"

urlpatterns = [
    path("", views.register, name="register"),
    path("register.pdf", views.register_pdf, name="register_pdf"),
    path("register.xlsx", views.register_xlsx, name="register_xlsx"),
    path("prepare/<int:application_id>/", views.prepare, name="prepare"),
    path("<int:loan_id>/", views.detail, name="detail"),
    path("<int:loan_id>/sign/", views.sign, name="sign"),
    path("<int:loan_id>/disburse/", views.disburse, name="disburse"),
    path("<int:loan_id>/settle/", views.settle, name="settle"),
    path("<int:loan_id>/restructure/", views.restructure, name="restructure"),
    path("<int:loan_id>/contract.pdf", views.contract_pdf, name="contract_pdf"),
    path("<int:loan_id>/ledger.pdf", views.ledger_pdf, name="ledger_pdf"),
    path(
        "<int:loan_id>/guarantors/<int:guarantor_id>/guarantee.pdf",
        views.guarantee_pdf,
        name="guarantee_pdf",
    ),
    path(
        "<int:loan_id>/guarantors/<int:guarantor_id>/letter.pdf",
        views.letter_pdf,
        name="letter_pdf",
    ),
    path(
        "<int:loan_id>/guarantors/<int:guarantor_id>/link/",
        views.guarantor_link,
        name="guarantor_link",
    ),
    path(
        "<int:loan_id>/disbursements/<int:disbursement_id>/proof",
        views.proof,
        name="proof",
    ),
    path("<int:loan_id>/transfer/", views.transfer_out, name="transfer_out"),
    path("rules/", views.rules, name="rules"),
    path("receive/", views.transfer_in, name="transfer_in"),
    path("existing/", views.existing_import, name="existing_import"),
    path("existing/<int:batch_id>/", views.existing_batch, name="existing_batch"),
    path("deductions/", views.deductions, name="deductions"),
    path("deductions/file", views.deduction_file, name="deduction_file"),
    path("deductions/import/", views.import_upload, name="import_upload"),
    path("deductions/import/<int:batch_id>/", views.import_batch, name="import"),
]
