from django.urls import path

from apps.idcards import views

app_name = "idcards"

urlpatterns = [
    path("", views.register, name="register"),
    path("register.pdf", views.register_pdf, name="register_pdf"),
    path("register.xlsx", views.register_xlsx, name="register_xlsx"),
    path("new/", views.application_new, name="application_new"),
    path("<int:application_id>/", views.application_detail, name="application_detail"),
    path("<int:application_id>/form.pdf", views.request_form_pdf, name="request_form_pdf"),
    path("<int:application_id>/card.pdf", views.card_pdf, name="card_pdf"),
    path("<int:application_id>/photo/", views.application_photo, name="application_photo"),
    path("<int:application_id>/check/", views.application_check, name="application_check"),
    path("<int:application_id>/approve/", views.application_approve, name="application_approve"),
    path("<int:application_id>/print/", views.application_print, name="application_print"),
    path(
        "<int:application_id>/hand-over/", views.application_hand_over, name="application_hand_over"
    ),
    path("<int:application_id>/reject/", views.application_reject, name="application_reject"),
]
