"""API tokens of a person's account, and the log of machine clients' calls. The tables are in
every schema, so a token of one office is unknown on every other office and on the central
site. The clients themselves are `clients.models`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clients.models import ApiClient


class ApiToken(models.Model):
    """Only a SHA-256 of the token is kept; the token itself is shown once, when created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"


class ApiCallLog(models.Model):
    """One row per request made with a client credential, written after the response."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="calls")
    credential_prefix = models.CharField(_("credential"), max_length=12)
    method = models.CharField(pgettext_lazy("API request", "method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    status_code = models.PositiveSmallIntegerField(_("status"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client", "-at"], name="api_call_client_at_idx")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status_code}"
