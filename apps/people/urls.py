from django.urls import path

from apps.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("export.xlsx", views.person_export, name="person_export"),
    path("<int:person_id>/", views.person_detail, name="person_detail"),
    path("<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("<int:person_id>/status/", views.person_status, name="person_status"),
    path("<int:person_id>/family/new/", views.family_add, name="family_add"),
    path("<int:person_id>/family/<int:member_id>/", views.family_edit, name="family_edit"),
    path(
        "<int:person_id>/family/<int:member_id>/remove/",
        views.family_remove,
        name="family_remove",
    ),
    path("schools/", views.school_list, name="school_list"),
    path("schools/new/", views.school_create, name="school_create"),
    path("schools/<int:school_id>/", views.school_edit, name="school_edit"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:batch_id>/", views.import_batch, name="import_batch"),
    path("import/<int:batch_id>/confirm/", views.import_confirm, name="import_confirm"),
]
