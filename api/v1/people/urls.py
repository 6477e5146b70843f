from django.urls import path

from api.v1.people import bulk, views

urlpatterns = [
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/bulk/", bulk.PeopleBulkImportView.as_view(), name="people_bulk_import"),
    path("people/<int:person_id>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("people/<int:person_id>/family/", views.FamilyListView.as_view(), name="family_list"),
    path(
        "people/<int:person_id>/family/<int:member_id>/",
        views.FamilyMemberView.as_view(),
        name="family_member",
    ),
    path("schools/", views.SchoolListView.as_view(), name="school_list"),
]
