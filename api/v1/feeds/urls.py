from django.urls import path

from api.v1.feeds import views

urlpatterns = [
    path("feed/", views.FeedView.as_view(), name="feed"),
    path("feed/resources/", views.FeedResourceListView.as_view(), name="feed_resources"),
    path("events/", views.EventCatalogueView.as_view(), name="events"),
]

# On the central host (`api.v1.urls`): every office's feed, merged.
national_urlpatterns = [
    path("national/feed/", views.NationalFeedView.as_view(), name="national_feed"),
    path("events/", views.NationalEventCatalogueView.as_view(), name="events"),
]
