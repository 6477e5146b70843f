from django.urls import path

from api.v1.offices import views

office_list_urlpatterns = [
    path("offices/", views.OfficeListView.as_view(), name="offices"),
]
