from django.urls import path

from apps.welfareshop import views

app_name = "welfareshop"

urlpatterns = [
    path("", views.home, name="home"),
    path("members/", views.members, name="members"),
    path("members.pdf", views.members_pdf, name="members_pdf"),
    path("members.xlsx", views.members_xlsx, name="members_xlsx"),
    path("members/new/", views.member_new, name="member_new"),
    path("members/<int:shop_member_id>/", views.member, name="member"),
    path("members/<int:shop_member_id>/<slug:step>/", views.member_step, name="member_step"),
    path("committee/", views.committee, name="committee"),
    path("rooms/", views.rooms, name="rooms"),
    path("rooms/new/", views.resource_edit, name="resource_new"),
    path("rooms/<int:resource_id>/", views.room, name="room"),
    path("rooms/<int:resource_id>/edit/", views.resource_edit, name="resource_edit"),
    path("rooms/<int:resource_id>/availability/", views.availability, name="availability"),
    path("day/", views.day, name="day"),
    path("book/", views.booking_new, name="booking_new"),
    path("bookings/<int:booking_id>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("tally/", views.tally, name="tally"),
    path("album/", views.album, name="album"),
    path("album.pdf", views.album_pdf, name="album_pdf"),
    path("album/new/", views.photo_new, name="photo_new"),
    path("album/<int:photo_id>.jpg", views.photo, name="photo"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/statement.pdf", views.statement_pdf, name="statement_pdf"),
    path("settings/", views.shop_settings, name="settings"),
]
