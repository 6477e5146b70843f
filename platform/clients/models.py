"""Machine clients (a national HR system, a province's payroll) and their credentials, in each
schema: an office's clients in its schema, national clients in public. The API authenticates
them (`api.authentication`); webhooks subscribe them. Below both, so neither imports the other."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiClient(models.Model):
    """A machine client (a national HR system) of this schema: an office's clients in its
    schema, national clients in public. Its credentials are `ClientCredential`s."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    # Names from `clients.scopes.all_scopes()`.
    scopes = models.JSONField(_("scopes"), default=list)
    rate_limit_per_minute = models.PositiveIntegerField(_("calls per minute"), default=600)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        # The table kept its name when the model moved here from `api` (issue 12).
        db_table = "api_apiclient"
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClientCredential(models.Model):
    """A client's secret (`kcc_<prefix>_<random>`): only its SHA-256 is kept. Rotation lets the
    old one live until `expires_at`; revocation ends it at once."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="credentials")
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        db_table = "api_clientcredential"
        verbose_name = _("client credential")
        verbose_name_plural = _("client credentials")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.client_id})"
