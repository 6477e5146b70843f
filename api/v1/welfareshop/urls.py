from django.urls import path

from api.v1.welfareshop import views

urlpatterns = [
    path("welfareshop/members/", views.MemberListView.as_view(), name="shop_member_list"),
    path(
        "welfareshop/members/<int:member_id>/",
        views.MemberDetailView.as_view(),
        name="shop_member_detail",
    ),
    path("welfareshop/resources/", views.ResourceListView.as_view(), name="shop_resource_list"),
    path("welfareshop/bookings/", views.BookingListView.as_view(), name="shop_booking_list"),
    path(
        "welfareshop/bookings/<int:booking_id>/",
        views.BookingDetailView.as_view(),
        name="shop_booking_detail",
    ),
]
