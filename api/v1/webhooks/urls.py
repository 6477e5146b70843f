from django.urls import path

from api.v1.webhooks import views

urlpatterns = [
    path(
        "webhooks/subscriptions/",
        views.SubscriptionListView.as_view(),
        name="webhook_subscription_list",
    ),
    path(
        "webhooks/subscriptions/<int:subscription_id>/",
        views.SubscriptionDetailView.as_view(),
        name="webhook_subscription_detail",
    ),
    path(
        "webhooks/subscriptions/<int:subscription_id>/rotate-secret/",
        views.SecretRotationView.as_view(),
        name="webhook_subscription_rotate_secret",
    ),
    path(
        "webhooks/subscriptions/<int:subscription_id>/ping/",
        views.PingView.as_view(),
        name="webhook_subscription_ping",
    ),
    path("webhooks/deliveries/", views.DeliveryListView.as_view(), name="webhook_delivery_list"),
    path(
        "webhooks/deliveries/<int:delivery_id>/replay/",
        views.DeliveryReplayView.as_view(),
        name="webhook_delivery_replay",
    ),
]
