from django.urls import path

from central import bank_views, views

app_name = "central"

urlpatterns = [
    path("", views.home, name="home"),
    path("offices/new/", views.office_new, name="office_new"),
    path("offices/<slug:code>/active/", views.office_toggle, name="office_toggle"),
    path(
        "offices/<slug:code>/invitation/",
        views.office_invitation_send,
        name="office_invitation_send",
    ),
    # Banks, loan programmes and their form templates (central.bank_views).
    path("banks/", bank_views.bank_list, name="bank_list"),
    path("banks/new/", bank_views.bank_new, name="bank_new"),
    path("banks/<slug:code>/", bank_views.bank_edit, name="bank_edit"),
    path("banks/<slug:code>/active/", bank_views.bank_active, name="bank_active"),
    path("banks/<slug:code>/programmes/new/", bank_views.programme_new, name="programme_new"),
    path(
        "banks/<slug:code>/programmes/<slug:programme>/",
        bank_views.programme_edit,
        name="programme_edit",
    ),
    path(
        "banks/<slug:code>/programmes/<slug:programme>/active/",
        bank_views.programme_active,
        name="programme_active",
    ),
    path("banks/<slug:code>/forms/new/", bank_views.form_template_new, name="bank_form_new"),
    path("banks/forms/<int:pk>/", bank_views.form_template_detail, name="bank_form_detail"),
    path(
        "banks/forms/<int:pk>/preview.pdf",
        bank_views.form_template_preview,
        name="bank_form_preview",
    ),
    path(
        "banks/forms/<int:pk>/confirm/",
        bank_views.form_template_confirm_view,
        name="bank_form_confirm",
    ),
    path(
        "banks/forms/<int:pk>/retire/",
        bank_views.form_template_retire_view,
        name="bank_form_retire",
    ),
]
