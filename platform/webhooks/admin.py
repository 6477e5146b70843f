"""Subscriptions and deliveries on an office's admin site; parked deliveries are replayed
from the delivery list ("Replay")."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin_sites import office_admin_site
from webhooks.models import Delivery, Subscription
from webhooks.services import SubscriptionError, delivery_replay, url_check


class SubscriptionForm(forms.ModelForm[Subscription]):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")

    class Meta:
        model = Subscription
        fields = ["url", "event_types", "is_active", "max_attempts"]

    def clean_url(self) -> str:
        """The same rules as a subscription made through the API."""
        try:
            return url_check(self.cleaned_data["url"])
        except SubscriptionError as refused:
            raise forms.ValidationError(refused.message, code=refused.code) from None


@admin.register(Subscription, site=office_admin_site)
class SubscriptionAdmin(admin.ModelAdmin[Subscription]):
    form = SubscriptionForm
    list_display = ["id", "client", "url", "event_types", "is_active", "created_at"]
    list_filter = ["is_active"]
    exclude = ["secret", "previous_secret"]
    readonly_fields = [
        "client",
        "position_txid",
        "position_id",
        "previous_secret_expires_at",
        "created_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # through the API: the secret is shown once, there


@admin.register(Delivery, site=office_admin_site)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    list_display = [
        "id",
        "subscription",
        "resource",
        "event_id",
        "action",
        "status",
        "attempts",
        "next_attempt_at",
        "last_status_code",
        "delivered_at",
    ]
    list_filter = ["status", "resource"]
    actions = ["replay"]
    readonly_fields = [field.name for field in Delivery._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Replay the selected deliveries"))
    def replay(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        deliveries = list(queryset)
        for delivery in deliveries:
            delivery_replay(delivery=delivery)
        self.message_user(
            request,
            _("%(count)d deliveries queued again.") % {"count": len(deliveries)},
            messages.SUCCESS,
        )
