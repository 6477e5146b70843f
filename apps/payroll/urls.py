from django.urls import path

from apps.payroll import views

app_name = "payroll"

urlpatterns = [
    path("", views.home, name="home"),
    path("people/<int:person_id>/", views.person_pay, name="person"),
    path("people/<int:person_id>/payslip/", views.payslip_entry, name="payslip_entry"),
    path(
        "people/<int:person_id>/instructions/new/",
        views.instruction_new,
        name="instruction_new",
    ),
    path(
        "people/<int:person_id>/instructions/<int:instruction_id>/end/",
        views.instruction_end,
        name="instruction_end",
    ),
    path("rules/", views.rules, name="rules"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:batch_id>/", views.import_batch, name="import_batch"),
    path("import/<int:batch_id>/confirm/", views.import_confirm, name="import_confirm"),
]
